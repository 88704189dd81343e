"""Mail to authors: one message per author address, queued after commit, and the minimal
invitation to a newly named co-author.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.mail import queue_mail, render_mail

from ..models import Authorship, Conference, Submission
from .reading import editing_deadline


def absolute_url(path: str) -> str:
    return f"{settings.SALA_BASE_URL}{path}"


def site_conference():
    """The conference that account mail (confirmation, password reset, login code) names:
    the public conference ``/`` shows, or None. Named in ``SALA_MAIL_CONFERENCE``."""
    return Conference.objects.public().current(timezone.now())


def recipients(submission: Submission) -> list[Authorship]:
    """The authors who get mail about the paper: those whose account confirmed authorship.

    An unconfirmed co-author's address was typed by someone else and may be a stranger's
    (or a typo): it gets only the minimal invitation (``mail_invitation``), never the title,
    keywords or the other authors' names, some of whom may not be named in public.
    """
    seen: set[str] = set()
    people = []
    for authorship in submission.authorships.all():
        if authorship.user_id is None or authorship.confirmed_at is None:
            continue
        key = authorship.email.lower()
        if key and key not in seen:
            seen.add(key)
            people.append(authorship)
    return people


def mail_context(submission: Submission, **extra) -> dict:
    conference = submission.conference
    return {
        "submission": submission,
        "conference": conference,
        "authors": list(submission.authorships.all()),
        "themes": list(submission.themes.all()),
        "url": absolute_url(submission.get_absolute_url()),
        "deadline": editing_deadline(submission),
        "tz": conference.tz,
        **extra,
    }


def mail_authors(submission: Submission, template: str, **extra) -> None:
    """One message per author (their own address only), after commit."""
    context = mail_context(submission, **extra)
    for authorship in recipients(submission):
        subject, body = render_mail(f"cfp/email/{template}", {**context, "recipient": authorship})
        queue_mail(to=[authorship.email], subject=subject, body=body)


def inviter_email(user) -> str:
    """The inviter's verified address (their primary one first): what the invitation quotes."""
    from allauth.account.models import EmailAddress

    verified = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk")
    first = verified.values_list("email", flat=True).first()
    return first or ""


def mail_invitation(submission: Submission, authorship: Authorship, *, by) -> None:
    """A minimal invitation: the address was typed by someone else and is not confirmed, so
    it names the conference, who invited them and the link, and nothing of the paper (no
    title, keywords or authors, some of whom may not be named in public).

    The inviter chose their own display name ("Conference Chair" is a name like any other),
    so the mail quotes their verified address beside it, says plainly that an author sent
    it, not the conference, and lets a reply go to that author. The subject names the
    author's address, never the conference, as its sender.
    """
    email = inviter_email(by) if by else ""
    context = {
        "conference": submission.conference,
        "submission": submission,
        "inviter": (by.full_name or email) if by else "",
        "inviter_email": email,
        "recipient_email": authorship.email,
        "url": absolute_url(submission.get_absolute_url()),
        "signup_url": absolute_url(reverse("account_signup")),
        "dashboard_url": absolute_url(reverse("cfp:dashboard")),
    }
    subject, body = render_mail("cfp/email/coauthor_invited", context)
    queue_mail(
        to=[authorship.email],
        subject=subject,
        body=body,
        reply_to=[email] if email else None,
    )
