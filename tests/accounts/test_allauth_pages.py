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


# --- every account page in sala's voice: sentence case, "log in" ----------------------------

HEADINGS = re.compile(r"<(title|h1|h2|button|legend)\b[^>]*>(.*?)</\1>", re.S)


def assert_sentence_case(content: str) -> str:
    """Each title, heading, button and legend: only its first word capitalised (allauth's
    defaults are Title Case); returns the h1."""
    texts = [re.sub(r"<[^>]+>|\s+", " ", t).strip() for _tag, t in HEADINGS.findall(content)]
    for text in texts:
        words = [w for w in text.split()[1:] if w.isalpha() and w not in {"I"}]
        assert not [w for w in words if w[0].isupper()], text
        assert "Sign In" not in text and "Sign Out" not in text, text
    [h1] = re.findall(r"<h1\b[^>]*>(.*?)</h1>", content, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", h1).strip()


ANONYMOUS_PAGES = {
    "account_login": "Log in",
    "account_signup": "Sign up",
    "account_reset_password": "Set a new password",
    "account_reset_password_done": "Set a new password",
    "account_request_login_code": "Send me a login code",
    "account_email_verification_sent": "Confirm your email address",
    "account_inactive": "Account inactive",
    "account_reset_password_from_key_done": "Change your password",
}


@pytest.mark.parametrize(("url_name", "h1"), sorted(ANONYMOUS_PAGES.items()))
def test_entrance_pages_speak_in_sentence_case(client, db, url_name, h1):
    content = assert_in_site_layout(client.get(reverse(url_name)))
    assert assert_sentence_case(content) == h1


def test_key_and_code_pages_speak_in_sentence_case(client, db):
    bad_key = reverse("account_reset_password_from_key", kwargs={"uidb36": "x", "key": "y"})
    content = assert_in_site_layout(client.get(bad_key))
    assert assert_sentence_case(content) == "This link does not work"
    content = assert_in_site_layout(client.get(reverse("account_confirm_email", args=["bad"])))
    assert assert_sentence_case(content) == "Confirm your email address"
    user = verified_user()
    client.post(reverse("account_request_login_code"), {"email": user.email})
    content = assert_in_site_layout(client.get(reverse("account_confirm_login_code")))
    assert assert_sentence_case(content) == "Enter your login code"


MANAGE_PAGES = {
    "account_email": "Email addresses",
    "account_change_password": "Change your password",
    "account_logout": "Log out",
    "account_reauthenticate": "Confirm it is you",
    "mfa_index": "Two-factor authentication",
}


@pytest.mark.parametrize(("url_name", "h1"), sorted(MANAGE_PAGES.items()))
def test_account_pages_speak_in_sentence_case(client, db, url_name, h1):
    client.force_login(verified_user())
    content = assert_in_site_layout(client.get(reverse(url_name)))
    assert assert_sentence_case(content) == h1


def test_password_labels_and_messages_speak_in_sentence_case(client, db):
    user = verified_user()
    client.force_login(user)
    content = client.get(reverse("account_change_password")).content.decode()
    assert "Current password" in content and "New password (again)" in content
    response = client.post(reverse("account_logout"), follow=True)
    assert "You are logged out." in response.content.decode()


def test_mfa_pages_speak_in_sentence_case(client, db):
    user = verified_user()
    login(client, user.email)
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery staple"})
    content = assert_in_site_layout(client.get(reverse("mfa_activate_totp")))
    assert assert_sentence_case(content) == "Set up an authenticator app"
    secret = add_totp(user)
    pages = {
        "mfa_index": "Two-factor authentication",
        "mfa_deactivate_totp": "Remove the authenticator app",
        "mfa_view_recovery_codes": "Recovery codes",
        "mfa_generate_recovery_codes": "Recovery codes",
        "mfa_reauthenticate": "Confirm it is you",
    }
    for url_name, h1 in pages.items():
        content = assert_in_site_layout(client.get(reverse(url_name)))
        assert assert_sentence_case(content) == h1, url_name
    other = type(client)()
    login(other, user.email)
    content = assert_in_site_layout(other.get(reverse("mfa_authenticate")))
    assert assert_sentence_case(content) == "Two-factor authentication"
    del secret


def test_salas_english_catalogue_is_compiled():
    # locale/en rewrites allauth's strings; a .po edited but not compiled would change nothing.
    from pathlib import Path

    from django.utils import translation

    po = (Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po").read_text()
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po, re.M)
    assert len(pairs) > 50
    with translation.override("en"):
        for msgid, msgstr in pairs:
            assert translation.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"')
