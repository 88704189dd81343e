"""The MFA policy: who has a second factor."""

from allauth.mfa.models import Authenticator


def has_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
