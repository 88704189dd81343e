"""Who runs a conference: appointing and removing organisers, and creating a conference.

Not re-exported by ``cfp.domain`` (which is about submissions). Simple writes without a
history: the organiser list itself is the record. Every function runs in ``transaction.atomic()`` and
locks the conference row, so that two removals at once (or a removal and an account
deletion, see ``cfp.privacy.erase_organiser_roles``) can never leave a conference with no
organiser.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import queue_mail, render_mail
from accounts.models import User

from ..models import Conference


class OrganiserChangeRefused(Exception):
    """The change would break a rule (e.g. remove the last organiser); ``str(exc)`` says why."""


def find_account_with_verified_email(email: str) -> User | None:
    """The account one of whose *verified* addresses is ``email`` (any case), or None."""
    return (
        User.objects.filter(emailaddress__email__iexact=email.strip(), emailaddress__verified=True)
        .distinct()
        .first()
    )


def add_organiser(*, conference: Conference, user: User, by: User) -> bool:
    """Make ``user`` an organiser of ``conference``. Returns False if they already were.

    Side effects: one row in the organisers table; after commit, one mail to the new
    organiser saying who appointed them and that organiser pages need two-factor
    authentication.
    """
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        if conference.organisers.filter(pk=user.pk).exists():
            return False
        conference.organisers.add(user)
        context = {
            "conference": conference,
            "recipient": user,
            "by": by,
            "organiser_url": settings.SALA_BASE_URL
            + reverse("cfp:organiser_home", kwargs={"conference": conference.slug}),
            "mfa_url": settings.SALA_BASE_URL + reverse("mfa_index"),
        }
        subject, body = render_mail("cfp/email/organiser_added", context)
        queue_mail(to=[user.email], subject=subject, body=body)
    return True


def remove_organiser(*, conference: Conference, user: User, by: User) -> None:
    """Remove ``user`` from the organisers of ``conference`` (``by`` may be ``user``).

    Raises ``OrganiserChangeRefused`` when ``user`` is not an organiser or is the last one.
    Side effects: one row deleted from the organisers table. No mail.
    """
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        organisers = set(conference.organisers.values_list("pk", flat=True))
        if user.pk not in organisers:
            raise OrganiserChangeRefused(_("This person is not an organiser of the conference."))
        if organisers == {user.pk}:
            raise OrganiserChangeRefused(
                _(
                    "%(name)s is the only organiser of %(conference)s: appoint another "
                    "organiser first."
                )
                % {"name": user.full_name or user.email, "conference": conference.title}
            )
        conference.organisers.remove(user)


def create_conference(*, data: dict[str, Any], by: User) -> Conference:
    """Create a conference from validated ``data`` (model field values) with ``by`` as its
    first organiser.

    Side effects: one Conference row, one organisers row. No mail.
    """
    with transaction.atomic():
        conference = Conference(**data)
        conference.full_clean()
        conference.save()
        conference.organisers.add(by)
    return conference
