"""Writes and workflows on accounts: profile edits, the personal-data export, deletion."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from . import personal_data
from .mail import mail_context, queue_mail, render_mail
from .mfa import mfa_types
from .models import User

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "sala-personal-data/1"

PROFILE_FIELDS = (
    "full_name",
    "sort_name",
    "affiliation",
    "country",
    "biography",
    "orcid",
    "pronouns",
    "timezone",
)


def update_profile(*, user: User, data: dict[str, Any]) -> User:
    """Set the profile fields in ``data`` (only those in PROFILE_FIELDS) and save them.

    Side effects: one UPDATE of the user row. No mail.
    """
    changed = [name for name in PROFILE_FIELDS if name in data]
    for name in changed:
        setattr(user, name, data[name])
    if changed:
        user.save(update_fields=changed)
    return user


def export_personal_data(*, user: User) -> dict[str, Any]:
    """Everything sala holds about ``user``, as JSON-able data. Reads only.

    The profile, the email addresses, the kinds of second factor in use (never a secret or a
    code) and, under ``records``, what each app registered in ``accounts.personal_data``
    returns for this user.
    """
    profile = {
        "email": user.email,
        **{name: str(getattr(user, name)) for name in PROFILE_FIELDS},
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }
    addresses = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("email")
    ]
    records = {name: exporter(user) for name, exporter in personal_data.exporters().items()}
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "profile": profile,
        "email_addresses": addresses,
        "two_factor_authentication": {"types": mfa_types(user)},
        "records": records,
    }


def preview_account_deletion(*, user: User) -> personal_data.DeletionPreview:
    """What deleting ``user``'s account would do and why it would be refused, as reported by
    every app's registered preview (in registration order). Reads only."""
    sections: list[personal_data.PreviewSection] = []
    refusals: list[str] = []
    for preview in personal_data.deletion_previews().values():
        result = preview(user)
        sections += [section for section in result.sections if section.items]
        refusals += result.refusals
    return personal_data.DeletionPreview(sections=sections, refusals=refusals)


def delete_account(*, user: User) -> None:
    """Delete ``user`` for good, keeping what others still need in anonymised form.

    In one transaction: every registered eraser detaches and anonymises its app's rows (a
    submission co-authored with others stays, without this person), then the email
    addresses, second factors and the user row are deleted. An eraser may raise
    ``personal_data.AccountDeletionRefused``; nothing is then changed.

    Side effects: after commit, one mail to the former primary address confirming the
    deletion. The caller logs the session out.
    """
    with transaction.atomic():
        # Lock the row: two deletion requests at once must not run the erasers twice.
        user = User.objects.select_for_update().get(pk=user.pk)
        address = EmailAddress.objects.get_primary_email(user) or user.email
        context = {**mail_context(), "full_name": user.full_name or user.email}
        subject, body = render_mail("accounts/email/account_deleted", context)
        for name, eraser in personal_data.erasers().items():
            logger.info("Erasing %s for user %s", name, user.pk)
            eraser(user)
        EmailAddress.objects.filter(user=user).delete()
        user.delete()
        queue_mail(to=[address], subject=subject, body=body)
