import contextlib
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from accounts import personal_data
from accounts.models import User
from tests.accounts.conftest import PASSWORD, add_totp
from tests.factories import EmailAddressFactory, verified_user

EXPORT_URL = reverse("accounts:export_data")
DELETE_URL = reverse("accounts:delete")


@contextlib.contextmanager
def restored_registry():
    """Afterwards the registry is exactly as before: the same functions, in the same order (a
    test may replace an app's real function, e.g. cfp's "submissions", which must come back;
    erasers run in registration order)."""
    exporters, erasers = personal_data.exporters(), personal_data.erasers()
    try:
        yield
    finally:
        for name in {*personal_data.exporters(), *personal_data.erasers()}:
            personal_data.unregister(name)
        for name, fn in exporters.items():
            personal_data.register_exporter(name, fn)
        for name, fn in erasers.items():
            personal_data.register_eraser(name, fn)


@pytest.fixture
def registry():
    """Register test exporters/erasers; the registry is restored exactly afterwards."""

    def register(name, *, exporter=None, eraser=None):
        if exporter:
            personal_data.register_exporter(name, exporter)
        if eraser:
            personal_data.register_eraser(name, eraser)

    with restored_registry():
        yield register


def test_the_registry_fixture_restores_an_apps_functions_it_replaced():
    before = (personal_data.exporters(), personal_data.erasers())
    assert "submissions" in before[0]  # cfp's, registered at start-up

    with restored_registry():
        personal_data.register_exporter("submissions", lambda user: {})
        personal_data.register_eraser("zz-test", lambda user: None)

    assert (personal_data.exporters(), personal_data.erasers()) == before
    assert list(personal_data.erasers()) == list(before[1])


# --- export


def test_export_needs_login(client, db):
    response = client.post(EXPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_export_refuses_get(member_client):
    assert member_client.get(EXPORT_URL).status_code == 405


def test_export_is_a_json_attachment_of_the_users_own_data(member_client, member, registry):
    EmailAddressFactory(user=member, email="second@example.org", primary=False, verified=False)
    secret = add_totp(member)
    other = verified_user(full_name="Somchai Jaidee")
    registry("submissions", exporter=lambda user: {"titles": [f"Paper by {user.pk}"]})

    response = member_client.post(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sala-my-data-')
    data = json.loads(response.content)
    assert data["format"] == "sala-personal-data/1"
    assert data["profile"]["email"] == member.email
    assert data["profile"]["full_name"] == "Nguyễn Thị Minh Khai"
    assert data["profile"]["sort_name"] == "Nguyen Thi Minh Khai"
    assert data["profile"]["country"] == "TH"
    assert data["email_addresses"] == [
        {"email": member.email, "verified": True, "primary": True},
        {"email": "second@example.org", "verified": False, "primary": False},
    ]
    assert data["two_factor_authentication"] == {"types": ["recovery_codes", "totp"]}
    assert data["records"]["submissions"] == {"titles": [f"Paper by {member.pk}"]}
    text = response.content.decode()
    assert secret not in text
    assert other.email not in text
    assert "password" not in text


# --- deletion


def test_delete_needs_login(client, db):
    for method in (client.get, client.post):
        response = method(DELETE_URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_delete_page_asks_for_the_password(member_client):
    response = member_client.get(DELETE_URL)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_delete_with_a_wrong_password_changes_nothing(member_client, member):
    response = member_client.post(DELETE_URL, {"password": "wrong"})
    assert response.status_code == 200
    assert "This is not your password." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_removes_the_user_and_their_addresses_and_logs_out(
    member_client, member, registry, django_capture_on_commit_callbacks
):
    add_totp(member)
    other = verified_user()
    seen = []

    def eraser(user):
        # Called before the user row goes: the eraser can still find the user's rows.
        seen.append((user.pk, User.objects.filter(pk=user.pk).exists()))

    registry("submissions", eraser=eraser)
    member_pk, address = member.pk, member.email

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(DELETE_URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert seen == [(member_pk, True)]
    assert not User.objects.filter(pk=member_pk).exists()
    assert not EmailAddress.objects.filter(user_id=member_pk).exists()
    assert not Authenticator.objects.filter(user_id=member_pk).exists()
    assert "_auth_user_id" not in member_client.session
    assert User.objects.filter(pk=other.pk).exists()
    assert [m.to for m in mail.outbox] == [[address]]
    assert "deleted" in mail.outbox[0].subject


def test_an_eraser_can_refuse_and_nothing_is_deleted(member_client, member, registry):
    def refuse(user):
        EmailAddress.objects.filter(user=user).delete()  # would be rolled back
        raise personal_data.AccountDeletionRefused("You are the only organiser of a conference.")

    registry("conferences", eraser=refuse)
    response = member_client.post(DELETE_URL, {"password": PASSWORD}, follow=True)

    assert "You are the only organiser of a conference." in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()
    assert EmailAddress.objects.filter(user=member).count() == 1
    assert member_client.session["_auth_user_id"] == str(member.pk)
    assert mail.outbox == []


def test_repeated_wrong_passwords_on_deletion_are_rate_limited(member_client, member):
    for _ in range(10):
        assert member_client.post(DELETE_URL, {"password": "wrong"}).status_code == 200
    response = member_client.post(DELETE_URL, {"password": PASSWORD})
    assert response.status_code == 429
    assert User.objects.filter(pk=member.pk).exists()
