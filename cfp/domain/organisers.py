"""Who runs a conference: appointing and removing organisers, and creating a conference.

Not re-exported by ``cfp.domain`` (which is about submissions). Every change is recorded as
an ``OrganiserChange`` (who, by whom, when; the organisers page shows them). Every function
runs in ``transaction.atomic()`` and locks the conference row, so that two removals at once
(or a removal and an account deletion, see ``cfp.privacy.erase_organiser_roles``) can never
leave a conference with no organiser.

A site administrator is not an organiser (``cfp.rules.allowed``): one who must step in calls
:func:`step_in` (the staff page ``cfp:organiser_step_in``, or ``manage.py
appoint_organiser``), which needs a reason, is recorded and mails the organisers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mail import queue_mail, render_mail
from accounts.models import User

from ..models import Conference, OrganiserChange


class OrganiserChangeRefused(Exception):
    """The change would break a rule (e.g. remove the last organiser); ``str(exc)`` says why."""


def find_account_with_verified_email(email: str) -> User | None:
    """The account one of whose *verified* addresses is ``email`` (any case), or None."""
    return (
        User.objects.filter(emailaddress__email__iexact=email.strip(), emailaddress__verified=True)
        .distinct()
        .first()
    )


#: The longest reason a site administrator may give for stepping in.
REASON_MAX_LENGTH = 1000


def _name(user: User) -> str:
    return user.full_name or user.email


def _record(*, conference: Conference, action: str, person: User, by: User, reason: str = ""):
    OrganiserChange.objects.create(
        conference=conference,
        action=action,
        person=person,
        person_name=_name(person),
        by=by,
        by_name=_name(by),
        reason=reason,
    )


def add_organiser(*, conference: Conference, user: User, by: User) -> bool:
    """Make ``user`` an organiser of ``conference``. Returns False if they already were.

    Side effects: one row in the organisers table and an ``OrganiserChange``; after commit,
    one mail to the new organiser saying who appointed them and that organiser pages need
    two-factor authentication.
    """
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        if conference.organisers.filter(pk=user.pk).exists():
            return False
        conference.organisers.add(user)
        _record(conference=conference, action=OrganiserChange.Action.APPOINTED, person=user, by=by)
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
    Side effects: one row deleted from the organisers table, an ``OrganiserChange``. No mail.
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
        _record(conference=conference, action=OrganiserChange.Action.REMOVED, person=user, by=by)


def set_organisers(*, conference: Conference, users, by: User) -> None:
    """Make ``users`` exactly the organisers of ``conference`` (the Django admin's list):
    appoints the new ones first, then removes the others, each through :func:`add_organiser`
    and :func:`remove_organiser` (recorded, mailed). Raises ``OrganiserChangeRefused`` (and
    changes nothing) when ``users`` is empty.
    """
    wanted = {user.pk: user for user in users}
    if not wanted:
        raise OrganiserChangeRefused(
            _("%(conference)s needs at least one organiser.") % {"conference": conference.title}
        )
    with transaction.atomic():
        current = {user.pk: user for user in conference.organisers.all()}
        for pk, user in wanted.items():
            if pk not in current:
                add_organiser(conference=conference, user=user, by=by)
        for pk, user in current.items():
            if pk not in wanted:
                remove_organiser(conference=conference, user=user, by=by)


def step_in(*, conference: Conference, by: User, reason: str) -> bool:
    """A site administrator (active staff) appoints themself organiser of ``conference``.

    Returns False when they already were. Raises ``OrganiserChangeRefused`` when ``by`` is
    not active staff or gives no reason. Side effects: one row in the organisers table, an
    ``OrganiserChange`` with the reason (shown on the organisers page); after commit, one mail
    to each other organiser saying who stepped in and why.
    """
    reason = " ".join(reason.split())
    if not (by.is_active and by.is_staff):
        raise OrganiserChangeRefused(_("Only a site administrator may step in."))
    if not reason:
        raise OrganiserChangeRefused(_("Say why you step in: the organisers will read it."))
    if len(reason) > REASON_MAX_LENGTH:
        raise OrganiserChangeRefused(
            _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX_LENGTH}
        )
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        others = list(conference.organisers.exclude(pk=by.pk))
        if conference.organisers.filter(pk=by.pk).exists():
            return False
        conference.organisers.add(by)
        _record(
            conference=conference,
            action=OrganiserChange.Action.STEPPED_IN,
            person=by,
            by=by,
            reason=reason,
        )
        organisers_url = settings.SALA_BASE_URL + reverse(
            "cfp:organiser_organisers", kwargs={"conference": conference.slug}
        )
        for organiser in others:
            context = {
                "conference": conference,
                "recipient": organiser,
                "by": by,
                "reason": reason,
                "organisers_url": organisers_url,
            }
            subject, body = render_mail("cfp/email/organiser_stepped_in", context)
            queue_mail(to=[organiser.email], subject=subject, body=body)
    return True


def create_conference(*, data: dict[str, Any], by: User) -> Conference:
    """Create a conference from validated ``data`` (model field values) with ``by`` as its
    first organiser.

    Side effects: one Conference row, one organisers row, an ``OrganiserChange``. No mail.
    """
    with transaction.atomic():
        conference = Conference(**data)
        conference.full_clean()
        conference.save()
        conference.organisers.add(by)
        _record(conference=conference, action=OrganiserChange.Action.CREATED, person=by, by=by)
    return conference
