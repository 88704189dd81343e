"""Every account mail speaks in sala's voice: the site and the conference named, no
"Hello from <host>!", sentence-case subjects, every link on the one configured site URL
(whatever host the request came in on), and an HTML part made from the same text."""

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.internal import flows
from allauth.core import context as allauth_context
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.mail import queue_mail
from tests.accounts.conftest import PASSWORD, login
from tests.factories import ConferenceFactory, verified_user

SITE = "https://cfp.example.org"
# Requests arrive on another host, as behind a proxy or on 127.0.0.1 in development.
ELSEWHERE = {"HTTP_HOST": "127.0.0.1"}
URL = re.compile(r"https?://[^\s<>\"']+")


@pytest.fixture(autouse=True)
def site(settings, db):
    settings.SALA_BASE_URL = SITE
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    return ConferenceFactory(title="Irregular Migrants, Refugees or Victims of Trafficking?")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def assert_in_salas_voice(message, conference):
    body = message.body
    assert "Hello from" not in body
    assert "Thank you for using" not in body
    assert body.startswith("Hello,\n\n")
    assert f"sala, the submission site of {conference.title}\n{SITE}/" in body
    subject = message.subject.removeprefix("[sala] ")
    assert message.subject.startswith("[sala] ")
    words = subject.split()
    assert not any(w[0].isupper() for w in words[1:] if w.isalpha()), subject  # sentence case
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    links = URL.findall(body) + URL.findall(html)
    assert links
    for link in links:
        assert link.startswith(SITE + "/"), link
    # The HTML part says what the text says: each line of text is in it.
    for line in body.splitlines():
        if line.strip() and not line.startswith("--"):
            assert line.strip().replace("&", "&amp;").replace("'", "&#x27;") in html, line


def test_signup_confirmation(site, commit):
    with commit():
        Client().post(
            reverse("account_signup"),
            {
                "email": "lan@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "full_name": "Nguyễn Thị Lan",
            },
            **ELSEWHERE,
        )
    [message] = mail.outbox
    assert message.subject == "[sala] Confirm your email address"
    assert f"\n{SITE}/accounts/confirm-email/" in message.body
    assert_in_salas_voice(message, site)


def test_password_reset_link_and_unknown_account(site, commit):
    user = verified_user(email="lan@example.org")
    with commit():
        Client().post(reverse("account_reset_password"), {"email": user.email}, **ELSEWHERE)
        Client().post(
            reverse("account_reset_password"), {"email": "nobody@example.org"}, **ELSEWHERE
        )
    reset, unknown = mail.outbox
    assert reset.subject == "[sala] Set a new password"
    assert f"\n{SITE}/accounts/password/reset/key/" in reset.body
    assert unknown.subject == "[sala] No account uses this address"
    assert f"\n{SITE}/accounts/signup/\n" in unknown.body
    for message in (reset, unknown):
        assert_in_salas_voice(message, site)


def test_login_code(site, commit):
    user = verified_user(email="lan@example.org")
    with commit():
        Client().post(reverse("account_request_login_code"), {"email": user.email}, **ELSEWHERE)
    [message] = mail.outbox
    assert message.subject == "[sala] Your login code"
    assert re.search(r"^ {4}\S+$", message.body, re.M)
    assert_in_salas_voice(message, site)


def test_signup_with_a_taken_address(site, commit):
    verified_user(email="lan@example.org")
    with commit():
        Client().post(
            reverse("account_signup"),
            {
                "email": "lan@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "full_name": "Lan",
            },
            **ELSEWHERE,
        )
    [message] = mail.outbox
    assert message.subject == "[sala] You already have an account"
    assert f"\n{SITE}/accounts/login/\n" in message.body
    assert_in_salas_voice(message, site)


def test_password_changed(site, commit):
    user = verified_user(email="lan@example.org")
    client = Client()
    login(client, user.email, **ELSEWHERE)
    with commit():
        response = client.post(
            reverse("account_change_password"),
            {
                "oldpassword": PASSWORD,
                "password1": "new horse staple 7",
                "password2": "new horse staple 7",
            },
            **ELSEWHERE,
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "[sala] Your password was changed"
    assert f"\n{SITE}/accounts/password/reset/" in message.body
    assert_in_salas_voice(message, site)


NOTIFICATIONS = {
    "account/email/email_changed": {"from_email": "a@example.org", "to_email": "b@example.org"},
    "account/email/email_confirm": {},
    "account/email/email_deleted": {"deleted_email": "old@example.org"},
    "account/email/password_changed": {},
    "account/email/password_reset": {},
    "account/email/password_set": {},
    "mfa/email/recovery_codes_generated": {},
    "mfa/email/totp_activated": {},
    "mfa/email/totp_deactivated": {},
    "mfa/email/webauthn_added": {},
    "mfa/email/webauthn_removed": {},
}


@pytest.mark.parametrize("template", sorted(NOTIFICATIONS))
def test_every_notification(site, commit, template):
    user = verified_user(email="lan@example.org")
    request = RequestFactory().get("/", **ELSEWHERE)
    request.user = user
    with allauth_context.request_context(request), commit():
        get_adapter(request).send_notification_mail(template, user, NOTIFICATIONS[template])
    [message] = mail.outbox
    assert_in_salas_voice(message, site)


def test_every_link_allauth_builds_is_moved_onto_the_site_url(site, commit):
    # Even a link allauth made from the request's host (here: a signup link).
    request = RequestFactory().get("/", **ELSEWHERE)
    with allauth_context.request_context(request), commit():
        signup_url = flows.signup.get_signup_url(request)
        assert signup_url.startswith("http://127.0.0.1/")
        get_adapter(request).send_mail(
            "account/email/unknown_account", "x@example.org", {"signup_url": signup_url}
        )
    [message] = mail.outbox
    assert f"\n{SITE}/accounts/signup/\n" in message.body


def test_the_html_part_is_the_text_escaped(commit):
    with commit():
        queue_mail(
            to=["a@example.org"],
            subject="Test",
            body="Dear <b>Lan</b> & co,\nsee https://cfp.example.org/x?a=1&b=2.\n\nBye",
        )
    [(html, _)] = mail.outbox[0].alternatives
    assert "Dear &lt;b&gt;Lan&lt;/b&gt; &amp; co,<br>" in html
    assert (
        '<a href="https://cfp.example.org/x?a=1&amp;b=2">https://cfp.example.org/x?a=1&amp;b=2</a>.'
    ) in html
    assert "<p" in html and "Bye" in html
