"""Every state-changing request is refused without a CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import PASSWORD
from tests.factories import verified_user


@pytest.fixture
def csrf_client(db):
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def logged_in_csrf_client(csrf_client):
    user = verified_user()
    csrf_client.force_login(user)
    csrf_client.user = user
    return csrf_client


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_login", {"login": "x@example.org", "password": PASSWORD}),
        (
            "account_signup",
            {
                "email": "n@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "full_name": "N",
            },
        ),
        ("account_reset_password", {"email": "x@example.org"}),
    ],
)
def test_anonymous_forms_refuse_a_post_without_a_token(csrf_client, url_name, data):
    assert csrf_client.post(reverse(url_name), data).status_code == 403


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_logout", {}),
        (
            "account_change_password",
            {
                "oldpassword": PASSWORD,
                "password1": "a new passphrase!",
                "password2": "a new passphrase!",
            },
        ),
        ("account_email", {"action_add": "", "email": "new@example.org"}),
        ("accounts:profile", {"full_name": "Changed"}),
        ("accounts:export_data", {}),
        ("accounts:delete", {"password": PASSWORD}),
        ("mfa_activate_totp", {"code": "123456"}),
    ],
)
def test_logged_in_forms_refuse_a_post_without_a_token(logged_in_csrf_client, url_name, data):
    user = logged_in_csrf_client.user
    response = logged_in_csrf_client.post(reverse(url_name), data)
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.full_name != "Changed"
    assert user.check_password(PASSWORD)
    assert logged_in_csrf_client.session["_auth_user_id"] == str(user.pk)


def test_the_same_post_with_the_token_is_accepted(logged_in_csrf_client):
    client = logged_in_csrf_client
    client.get(reverse("accounts:profile"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Changed", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
