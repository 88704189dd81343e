"""The MFA policy: who has a second factor, and whether this session used it."""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings


def has_mfa(user) -> bool:
    """True when the user has an authenticator app (TOTP) set up."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_types(user) -> list[str]:
    """The kinds of second factor the user has set up (``totp``, ``recovery_codes``).

    Only the kinds: never a secret, a seed or a code.
    """
    if not user.is_authenticated:
        return []
    types = Authenticator.objects.filter(user=user).values_list("type", flat=True)
    return sorted(set(types))


def session_passed_mfa(request) -> bool:
    """True when this session's user proved a second factor since logging in.

    allauth records every authentication step in the session ("password", then "mfa" after the
    TOTP or recovery-code step, or after a re-authentication with MFA). The records are bound
    to the user and dropped at logout, so another user's records never count.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    return any(record.get("method") == "mfa" for record in records)


def mfa_required() -> bool:
    """Whether the MFA policy is on (off only in development settings, with a banner)."""
    return settings.SALA_ORGANISER_REQUIRES_MFA
