"""allauth's pages render in the site's layout, with Bootstrap forms, and obey the CSP."""

import re

import pytest
from django.urls import reverse

from tests.accounts.conftest import add_totp, login, login_with_totp
from tests.factories import verified_user

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)


def assert_in_site_layout(response):
    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="#main"' in content  # the site's skip link: base.html is in use
    assert "/static/vendor/bootstrap/bootstrap.min.css" in content
    assert "Menu:" not in content  # allauth's bare layout is not
    assert not INLINE_SCRIPT.search(content), INLINE_SCRIPT.search(content).group(0)
    assert not INLINE_STYLE.search(content)
    assert "<p><label" not in content  # allauth's as_p rendering is replaced by crispy
    return content


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"],
)
def test_entrance_pages(client, db, url_name):
    content = assert_in_site_layout(client.get(reverse(url_name)))
    assert "sala-narrow" in content


def test_login_form_uses_bootstrap_controls(client, db):
    content = assert_in_site_layout(client.get(reverse("account_login")))
    assert 'class="emailinput form-control' in content or "form-control" in content
    assert 'class="btn btn-primary"' in content


def test_signup_page_asks_for_names(client, db):
    content = assert_in_site_layout(client.get(reverse("account_signup")))
    assert 'name="full_name"' in content
    assert 'name="sort_name"' in content
    assert "We never split it into first and last name" in content


@pytest.mark.parametrize(
    "url_name",
    [
        "account_email",
        "account_change_password",
        "mfa_index",
        "account_logout",
        "account_reauthenticate",
    ],
)
def test_manage_pages(client, db, url_name):
    client.force_login(verified_user())
    content = assert_in_site_layout(client.get(reverse(url_name)))
    if url_name not in {"account_logout", "account_reauthenticate"}:
        assert 'aria-label="Account settings"' in content


def test_totp_activation_page_after_reauthentication(client, db):
    user = verified_user()
    login(client, user.email)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302  # allauth asks for the password first
    response = client.post(response["Location"], {"password": "correct horse battery staple"})
    response = client.get(reverse("mfa_activate_totp"))
    content = assert_in_site_layout(response)
    assert 'src="data:image/svg+xml' in content  # the QR code, allowed by img-src data:
    assert 'id="authenticator_secret"' in content


def test_recovery_codes_page(client, db):
    user = verified_user()
    secret = add_totp(user)
    login_with_totp(client, user, secret)
    client.get(reverse("mfa_view_recovery_codes"))
    response = client.post(
        reverse("account_reauthenticate") + "?next=" + reverse("mfa_view_recovery_codes"),
        {"password": "correct horse battery staple"},
    )
    response = client.get(reverse("mfa_view_recovery_codes"))
    assert_in_site_layout(response)


def test_rate_limit_page_is_in_the_site_layout(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    login(client, "a@example.org", "x")
    response = login(client, "a@example.org", "x")
    assert response.status_code == 429
    assert 'href="#main"' in response.content.decode()
