"""The password hasher chosen on purpose (old hashes upgraded at login), and sessions that
last through a deadline without a write on every request."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.hashers import SalaArgon2PasswordHasher
from accounts.middleware import SessionRenewalMiddleware
from config.settings import base
from tests.accounts.conftest import PASSWORD, login
from tests.factories import verified_user

PRODUCTION_HASHERS = base.PASSWORD_HASHERS


def test_production_hashes_with_argon2id_and_still_reads_pbkdf2():
    assert PRODUCTION_HASHERS[0] == "accounts.hashers.SalaArgon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PRODUCTION_HASHERS
    hasher = SalaArgon2PasswordHasher()
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (2, 19_456, 1)
    assert hasher.algorithm == "argon2"  # hashes made with other costs still verify


def test_tests_keep_the_fast_hasher():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_an_old_pbkdf2_hash_is_rehashed_with_argon2id_at_login(db):
    user = verified_user()
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert login(Client(), user.email).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_login_lasts_fourteen_days_without_asking_to_be_remembered(db):
    client = Client()
    user = verified_user()
    assert login(client, user.email).status_code == 302
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 60 * 60
    assert client.session.get_expiry_age() == 14 * 24 * 60 * 60
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 14 * 24 * 60 * 60
    assert "remember" not in client.get(reverse("account_login")).content.decode()


@pytest.fixture
def signed_in(db):
    client = Client()
    user = verified_user()
    assert login(client, user.email).status_code == 302
    return client


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_used_session_is_renewed_once_a_day(signed_in, django_assert_max_num_queries):
    before = expiry(signed_in)
    # Within the day: pages read the session, never write it.
    with django_assert_max_num_queries(50) as captured:
        signed_in.get(reverse("accounts:profile"))
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in captured)
    assert expiry(signed_in) == before
    # A day after the last renewal, the next request moves the expiry 14 days ahead.
    session = signed_in.session
    session[SessionRenewalMiddleware.KEY] = int(time.time()) - 24 * 60 * 60 - 1
    session.save()
    soon = timezone.now() + dt.timedelta(hours=1)  # as if the 14 days were nearly over
    Session.objects.filter(session_key=session.session_key).update(expire_date=soon)
    signed_in.get(reverse("accounts:profile"))
    assert expiry(signed_in) > soon + dt.timedelta(days=13)
