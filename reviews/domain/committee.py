"""The committee: invitations by email, accepting and declining them, roles, removal, and
each member's committee profile.

Every write goes through a function here (views, the demo and tests call them). Mail goes
out through ``accounts.mail.queue_mail``, after commit. An invitation's token is shown once,
in the mail; only its SHA-256 hash is stored (``Invitation.token_hash``), so a copy of the
database opens no invitation. "Expired" is derived from ``expires_at``, never stored.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import queue_mail, render_mail, site_url
from cfp.models import Conference, Theme

from ..models import CommitteeMember, Invitation

#: Days an invitation link stays valid, unless the setting says otherwise.
DEFAULT_INVITATION_DAYS = 14


class CommitteeChangeRefused(Exception):
    """The change breaks a rule (already a member, already answered...); ``str`` says why."""


class InvitationUnusable(Exception):
    """The token opens no invitation that can be answered; ``reason`` says why."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason  # unknown, expired, revoked, accepted, declined
        self.invitation = invitation


def invitation_days() -> int:
    return int(getattr(settings, "SALA_COMMITTEE_INVITATION_DAYS", DEFAULT_INVITATION_DAYS))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def is_expired(invitation: Invitation, now=None) -> bool:
    return (now or timezone.now()) >= invitation.expires_at


def display_state(invitation: Invitation, now=None) -> str:
    """``pending``, ``expired``, ``accepted``, ``declined`` or ``revoked``."""
    if invitation.state == Invitation.State.PENDING and is_expired(invitation, now):
        return "expired"
    return invitation.state


def invitation_url(invitation: Invitation, token: str) -> str:
    return site_url(
        reverse(
            "reviews:committee_invitation",
            kwargs={"conference": invitation.conference.slug, "token": token},
        )
    )


def _mail_invitation(invitation: Invitation, token: str, *, by) -> None:
    conference = invitation.conference
    context = {
        "conference": conference,
        "invitation": invitation,
        "themes": list(invitation.themes.order_by("order", "pk")),
        "inviter": (by.full_name or by.email) if by else "",
        "url": invitation_url(invitation, token),
        "expires_at": invitation.expires_at,
        "tz": conference.tz,
        "call_url": site_url(conference.get_absolute_url()) if conference.is_public else "",
    }
    subject, body = render_mail("reviews/email/committee_invitation", context)
    queue_mail(to=[invitation.email], subject=subject, body=body)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def invite(
    *,
    conference: Conference,
    name: str,
    email: str,
    role: str,
    themes=(),
    by,
    now=None,
    send_mail: bool = True,
) -> Invitation:
    """Invite ``email`` to ``role`` on the committee of ``conference``.

    ``themes``: the themes a theme chair will chair; for a reviewer, the themes they are
    invited for (offered as their themes of expertise). Raises ``CommitteeChangeRefused`` if
    the address already has a pending invitation here, or is a member's verified address.
    Side effects: one Invitation (with its theme links); after commit, one mail to ``email``
    with the token link (not with ``send_mail=False``: the demo's invitations, whose links
    nobody needs).
    """
    now = now or timezone.now()
    email = normalise_email(email)
    with transaction.atomic():
        Conference.objects.select_for_update().get(pk=conference.pk)
        pending = Invitation.objects.filter(
            conference=conference,
            email__iexact=email,
            state=Invitation.State.PENDING,
            expires_at__gt=now,
        )
        if pending.exists():
            raise CommitteeChangeRefused(
                _("%(email)s already has an invitation waiting for an answer: resend it.")
                % {"email": email}
            )
        if CommitteeMember.objects.filter(
            conference=conference,
            user__emailaddress__email__iexact=email,
            user__emailaddress__verified=True,
        ).exists():
            raise CommitteeChangeRefused(
                _("%(email)s is already on the committee.") % {"email": email}
            )
        token, digest = _new_token()
        invitation = Invitation.objects.create(
            conference=conference,
            name=name.strip(),
            email=email,
            role=role,
            token_hash=digest,
            invited_by=by,
            sent_at=now,
            send_count=1,
            expires_at=now + timedelta(days=invitation_days()),
        )
        invitation.themes.set(themes)
        if send_mail:
            _mail_invitation(invitation, token, by=by)
    return invitation


@dataclass(frozen=True)
class InvitationRow:
    """One person of a pasted list, parsed and checked (see ``reviews.forms.committee``)."""

    name: str
    email: str
    role: str
    themes: tuple[Theme, ...]


def invite_many(*, conference: Conference, rows: list[InvitationRow], by) -> list[Invitation]:
    """Invite every row, all or none: if one is refused, nothing is created or mailed.

    Side effects: as :func:`invite` for each row, in one transaction."""
    with transaction.atomic():
        return [
            invite(
                conference=conference,
                name=row.name,
                email=row.email,
                role=row.role,
                themes=row.themes,
                by=by,
            )
            for row in rows
        ]


def resend_invitation(*, invitation: Invitation, by, now=None) -> Invitation:
    """A new token and a new expiry for a pending, declined-not, or expired invitation; the
    old link stops working. Raises ``CommitteeChangeRefused`` once it was answered or revoked.

    Side effects: the invitation's token_hash, expires_at, sent_at, send_count; after commit,
    one mail with the new link."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != Invitation.State.PENDING:
            raise CommitteeChangeRefused(
                _("This invitation was already %(state)s: invite the person again.")
                % {"state": invitation.get_state_display().lower()}
            )
        token, digest = _new_token()
        invitation.token_hash = digest
        invitation.expires_at = now + timedelta(days=invitation_days())
        invitation.sent_at = now
        invitation.send_count += 1
        invitation.save(update_fields=["token_hash", "expires_at", "sent_at", "send_count"])
        _mail_invitation(invitation, token, by=by)
    return invitation


def revoke_invitation(*, invitation: Invitation, by, now=None) -> None:
    """Withdraw a pending invitation: its link stops working. Refused once answered.

    Side effects: the invitation's state (revoked) and responded_at. No mail."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != Invitation.State.PENDING:
            raise CommitteeChangeRefused(
                _("This invitation was already %(state)s.")
                % {"state": invitation.get_state_display().lower()}
            )
        invitation.state = Invitation.State.REVOKED
        invitation.responded_at = now or timezone.now()
        invitation.save(update_fields=["state", "responded_at"])


def find_invitation(*, conference: Conference, token: str, user=None, now=None) -> Invitation:
    """The invitation ``token`` opens, if it can still be answered; reads only.

    Raises ``InvitationUnusable`` with reason ``unknown`` (no such token here), ``revoked``,
    ``expired``, ``declined`` or ``accepted`` (when answered by someone else than ``user``;
    the one who accepted gets the invitation back, so that following the link twice is
    harmless)."""
    invitation = (
        Invitation.objects.filter(conference=conference, token_hash=hash_token(token))
        .select_related("conference", "invited_by")
        .first()
    )
    if invitation is None:
        raise InvitationUnusable("unknown")
    if invitation.state == Invitation.State.ACCEPTED:
        if user is not None and invitation.accepted_by_id == getattr(user, "pk", None):
            return invitation
        raise InvitationUnusable("accepted", invitation)
    if invitation.state in (Invitation.State.REVOKED, Invitation.State.DECLINED):
        raise InvitationUnusable(invitation.state, invitation)
    if is_expired(invitation, now):
        raise InvitationUnusable("expired", invitation)
    return invitation


def previous_profile(*, member: CommitteeMember) -> CommitteeMember | None:
    """The same person's most recent membership of another conference on the site."""
    return (
        CommitteeMember.objects.filter(user_id=member.user_id)
        .exclude(pk=member.pk)
        .exclude(conference_id=member.conference_id)
        .order_by("-joined_at", "-pk")
        .prefetch_related("expertise_themes")
        .first()
    )


PROFILE_FIELDS = ("expertise", "keywords", "regions", "languages", "unavailable", "max_load")


def profile_is_empty(member: CommitteeMember) -> bool:
    """Nothing of the profile filled in yet (the member never saved it). Reads only."""
    return all(getattr(member, f) in ("", None, []) for f in PROFILE_FIELDS) and (
        not member.expertise_themes.exists()
    )


def suggested_profile(*, member: CommitteeMember) -> dict | None:
    """The previous conference's profile as initial values for ``member``'s empty profile
    form (a member made without :func:`add_member`, whose profile was not prefilled), or
    None. Reads only: nothing is saved until the member saves the form."""
    if not profile_is_empty(member):
        return None
    previous = previous_profile(member=member)
    if previous is None:
        return None
    slugs = [theme.slug for theme in previous.expertise_themes.all()]
    return {
        **{field: getattr(previous, field) for field in PROFILE_FIELDS},
        "expertise_themes": list(
            Theme.objects.filter(conference_id=member.conference_id, slug__in=slugs)
        ),
    }


def prefill_profile(*, member: CommitteeMember) -> bool:
    """Copy the committee profile of the person's previous conference into ``member``'s,
    field by field where ``member``'s is still empty. Themes of expertise are matched to
    this conference's themes by their short name (slug). Returns whether anything was copied.

    Side effects: ``member``'s profile fields and expertise themes."""
    previous = previous_profile(member=member)
    if previous is None:
        return False
    changed = []
    for field in PROFILE_FIELDS:
        if getattr(member, field) in ("", None, []) and getattr(previous, field) not in (
            "",
            None,
            [],
        ):
            setattr(member, field, getattr(previous, field))
            changed.append(field)
    with transaction.atomic():
        if changed:
            member.save(update_fields=changed)
        copied_themes = False
        if not member.expertise_themes.exists():
            slugs = [theme.slug for theme in previous.expertise_themes.all()]
            matching = list(
                Theme.objects.filter(conference_id=member.conference_id, slug__in=slugs)
            )
            if matching:
                member.expertise_themes.set(matching)
                copied_themes = True
    return bool(changed) or copied_themes


def add_member(
    *, conference: Conference, user, role: str, themes=(), expertise_themes=()
) -> tuple[CommitteeMember, bool]:
    """Put ``user`` on the committee in ``role`` (idempotent). A reviewer invited as a theme
    chair becomes one; a theme chair invited as a reviewer stays a chair. Themes are added,
    never taken away. Returns ``(member, created)``.

    Side effects: a CommitteeMember (its profile prefilled from the person's previous
    conference when created) or its role and themes."""
    with transaction.atomic():
        member = CommitteeMember.objects.filter(conference=conference, user=user).first()
        created = member is None
        if created:
            try:
                with transaction.atomic():
                    member = CommitteeMember.objects.create(
                        conference=conference, user=user, role=role
                    )
            except IntegrityError:  # accepted twice at once: the other request won
                member = CommitteeMember.objects.get(conference=conference, user=user)
                created = False
        if role == CommitteeMember.Role.THEME_CHAIR and member.role != role:
            member.role = role
            member.save(update_fields=["role"])
        if themes and member.role == CommitteeMember.Role.THEME_CHAIR:
            member.themes.add(*themes)
        if expertise_themes:
            member.expertise_themes.add(*expertise_themes)
        if created:
            prefill_profile(member=member)
    return member, created


def accept_invitation(*, invitation: Invitation, user, now=None) -> CommitteeMember:
    """``user`` (logged in, whatever their address) accepts: they join the committee.

    Idempotent: accepting again (by the same person) returns the same membership.
    Side effects: the invitation's state, accepted_by, responded_at; a CommitteeMember
    (see :func:`add_member`). No mail."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state == Invitation.State.ACCEPTED:
            if invitation.accepted_by_id != user.pk:
                raise InvitationUnusable("accepted", invitation)
            return CommitteeMember.objects.get(conference=invitation.conference, user=user)
        if invitation.state != Invitation.State.PENDING:
            raise InvitationUnusable(invitation.state, invitation)
        if is_expired(invitation, now):
            raise InvitationUnusable("expired", invitation)
        themes = list(invitation.themes.all())
        is_chair = invitation.role == CommitteeMember.Role.THEME_CHAIR
        member, _created = add_member(
            conference=invitation.conference,
            user=user,
            role=invitation.role,
            themes=themes if is_chair else (),
            expertise_themes=() if is_chair else themes,
        )
        invitation.state = Invitation.State.ACCEPTED
        invitation.accepted_by = user
        invitation.responded_at = now or timezone.now()
        invitation.save(update_fields=["state", "accepted_by", "responded_at"])
    return member


def decline_invitation(*, invitation: Invitation, reason: str = "", now=None) -> None:
    """The invited person declines, with an optional reason the organisers see.

    Side effects: the invitation's state, decline_reason, responded_at. No mail."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != Invitation.State.PENDING:
            raise InvitationUnusable(invitation.state, invitation)
        if is_expired(invitation, now):
            raise InvitationUnusable("expired", invitation)
        invitation.state = Invitation.State.DECLINED
        invitation.decline_reason = reason.strip()[:500]
        invitation.responded_at = now or timezone.now()
        invitation.save(update_fields=["state", "decline_reason", "responded_at"])


def change_member_role(*, member: CommitteeMember, role: str, themes=(), by=None) -> None:
    """Make ``member`` a reviewer or a theme chair of exactly ``themes`` (which must belong to
    the conference). A reviewer chairs no theme.

    Side effects: the member's role and chaired themes."""
    themes = list(themes)
    if any(theme.conference_id != member.conference_id for theme in themes):
        raise CommitteeChangeRefused(_("A theme of another conference was given."))
    if role == CommitteeMember.Role.THEME_CHAIR and not themes:
        raise CommitteeChangeRefused(_("A theme chair chairs at least one theme."))
    with transaction.atomic():
        member.role = role
        member.save(update_fields=["role"])
        member.themes.set(themes if role == CommitteeMember.Role.THEME_CHAIR else [])


def remove_member(*, member: CommitteeMember, by=None) -> None:
    """Take ``member`` off the committee. Their bids and conflicts stay (conflicts are
    absolute; bids are the bidding part's); their assignments are the assignment part's.

    Side effects: the CommitteeMember row (and its theme links) deleted."""
    with transaction.atomic():
        CommitteeMember.objects.filter(pk=member.pk).delete()


def update_profile(*, member: CommitteeMember, values: dict, expertise_themes) -> None:
    """Save ``member``'s committee profile (the fields of ``PROFILE_FIELDS``).

    Side effects: the member's profile fields and themes of expertise."""
    with transaction.atomic():
        for field in PROFILE_FIELDS:
            if field in values:
                setattr(member, field, values[field])
        member.save(update_fields=[f for f in PROFILE_FIELDS if f in values])
        member.expertise_themes.set(expertise_themes)
