"""Authors of a submission: the author rows as posted, co-author invitations (and their hourly
limit), confirming an authorship.

Tests that lower the invitation limit patch ``cfp.domain.authors.INVITATIONS_PER_HOUR``
(where it is read), not the package.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.text import single_line

from ..models import Authorship, Submission
from .data import Action, AuthorData, InvitationLimit, SubmissionError, record
from .mail import mail_invitation

#: Co-author invitations one person may send per hour (typed addresses are unverified: the
#: cap stops the form being used to mail strangers in bulk).
INVITATIONS_PER_HOUR = 20
#: The same address is invited to the same submission at most once in this many seconds.
INVITATION_RESEND_SECONDS = 24 * 3600


def _verified_emails(user) -> set[str]:
    from allauth.account.models import EmailAddress

    emails = {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    return emails


def apply_authors(submission: Submission, authors: list[AuthorData], *, by, now) -> None:
    existing = {a.pk: a for a in submission.authorships.all()}
    keep = {a.id for a in authors if a.id in existing}
    for pk, authorship in existing.items():
        if pk not in keep and authorship.user_id != submission.created_by_id:
            authorship.delete()
    own_emails = _verified_emails(by) | {by.email.lower()}
    invited: list[Authorship] = []
    # Orders are rewritten in one pass; emails may swap between rows, so first move every
    # kept row's email out of the way of the per-submission unique constraint.
    for order, data in enumerate(authors):
        authorship = existing.get(data.id) if data.id else None
        email = data.email.strip()
        if authorship is None:
            authorship = Authorship(submission=submission)
            email_changed = True
        else:
            # A confirmed author's address is theirs; it does not change from this form.
            email_changed = authorship.user_id is None and authorship.email.lower() != email.lower()
            if authorship.user_id is not None:
                email = authorship.email
        authorship.full_name = single_line(data.full_name)
        authorship.email = email
        authorship.affiliation = single_line(data.affiliation)
        authorship.country = data.country or ""
        authorship.orcid = data.orcid.strip()
        authorship.order = order
        authorship.is_presenter = data.is_presenter
        authorship.is_corresponding = data.is_corresponding
        authorship.is_editor = data.is_editor
        authorship.public_name = data.public_name
        if authorship.user_id is None and email.lower() in own_emails:
            # The person filling in the form entered their own address: they are an author.
            authorship.user = by
            authorship.confirmed_at = now
            if by.pk == submission.created_by_id:
                authorship.is_editor = True
        elif authorship.user_id == submission.created_by_id and authorship.user_id:
            authorship.is_editor = True  # the submitter always may edit
        elif email_changed:
            invited.append(authorship)
        authorship.save()
    _send_invitations(submission, invited, by=by, now=now)


def _invitation_bucket(by) -> str:
    return f"cfp:invitations:{by.pk}"


def _invited_key(submission: Submission, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
    return f"cfp:invited:{submission.pk}:{digest}"


def _send_invitations(submission: Submission, invited: list[Authorship], *, by, now) -> None:
    """Mail each newly named co-author, within the limits.

    An address already invited to this submission within a day is not mailed again (the
    authorship is saved all the same). More than ``INVITATIONS_PER_HOUR`` invitations from
    ``by`` within the hour raise ``InvitationLimit``: the caller's transaction is rolled
    back, so nothing is saved and the form is shown again as typed. The counters (Django's
    cache) are updated after commit.
    """
    fresh = [a for a in invited if cache.get(_invited_key(submission, a.email)) is None]
    if not fresh:
        return
    bucket = _invitation_bucket(by)
    sent = cache.get(bucket, 0)
    if sent + len(fresh) > INVITATIONS_PER_HOUR:
        raise InvitationLimit(
            _(
                "You have invited %(sent)d co-authors in the last hour; at most %(limit)d "
                "invitations an hour are sent. Nothing was saved: your form is shown again as "
                "you typed it. Please try again in an hour."
            )
            % {"sent": sent, "limit": INVITATIONS_PER_HOUR}
        )
    for authorship in fresh:
        authorship.invited_at = now
        authorship.save(update_fields=["invited_at"])
        mail_invitation(submission, authorship, by=by)
    keys = [_invited_key(submission, a.email) for a in fresh]

    def count():
        cache.add(bucket, 0, timeout=3600)
        try:
            cache.incr(bucket, len(keys))
        except ValueError:  # expired between add and incr
            cache.set(bucket, len(keys), timeout=3600)
        for key in keys:
            cache.set(key, True, timeout=INVITATION_RESEND_SECONDS)

    transaction.on_commit(count)


def author_from_user(user, **extra) -> AuthorData:
    """The submitter as the first author, from their profile."""
    values = {
        "full_name": user.full_name or user.email,
        "email": user.email,
        "affiliation": user.affiliation,
        "country": str(user.country or ""),
        "orcid": user.orcid,
        "is_presenter": True,
        "is_corresponding": True,
        "is_editor": True,
    }
    values.update(extra)
    return AuthorData(**values)


def confirm_authorship(*, submission: Submission, user, now: dt.datetime) -> Authorship:
    """Link ``user`` to the authorship named with one of their verified emails and confirm it.

    Idempotent: an authorship already confirmed by ``user`` is returned unchanged. Raises
    ``SubmissionError`` when no unconfirmed authorship carries a verified email of theirs.
    Side effects: the authorship's user and confirmed_at; a history entry.
    """
    with transaction.atomic():
        own = submission.authorships.select_for_update().filter(user=user).first()
        if own is not None:
            if own.confirmed_at is None:
                own.confirmed_at = now
                own.save(update_fields=["confirmed_at"])
            return own
        emails = _verified_emails(user)
        for authorship in submission.authorships.select_for_update().filter(user__isnull=True):
            if authorship.email.lower() in emails:
                authorship.user = user
                authorship.confirmed_at = now
                authorship.save(update_fields=["user", "confirmed_at"])
                record(submission, Action.AUTHORSHIP_CONFIRMED, user)
                return authorship
    raise SubmissionError(_("None of your verified email addresses is among this paper's authors."))
