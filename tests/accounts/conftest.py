import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import verified_user

PASSWORD = "correct horse battery staple"


def login(client, email: str, password: str = PASSWORD, **extra):
    """POST allauth's login form; returns the response."""
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def add_totp(user) -> str:
    """Set up an authenticator app (and recovery codes) for ``user``; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def login_with_totp(client, user, secret: str) -> None:
    """The full login: password, then the authenticator code."""
    response = login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content


@pytest.fixture
def member(db):
    """A verified user who can log in with PASSWORD."""
    return verified_user(full_name="Nguyễn Thị Minh Khai", sort_name="Nguyen Thi Minh Khai")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
