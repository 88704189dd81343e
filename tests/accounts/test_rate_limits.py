"""Failed logins really get blocked, per client address and per account, behind proxies too."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.accounts.conftest import login
from tests.factories import verified_user

BLOCKED = "Too many failed login attempts"


@pytest.fixture
def owner(db):
    return verified_user(email="owner@example.org")


def fail(client, n, *, email=None, **headers):
    """n failed logins with distinct unknown emails (so only the per-IP bucket fills)."""
    for i in range(n):
        response = login(client, email or f"nobody{i}@example.org", "wrong", **headers)
        assert response.status_code == 200
        assert BLOCKED not in response.content.decode(), f"blocked early, at attempt {i + 1}"


def test_the_test_cache_is_a_real_cache(settings):
    assert "DummyCache" not in settings.CACHES["default"]["BACKEND"]
    caches["default"].set("probe", 1)
    assert caches["default"].get("probe") == 1


def test_ten_failures_from_one_address_block_that_address(client, owner):
    fail(client, 10, REMOTE_ADDR="198.51.100.7")
    # Even the right password is refused now, from that address...
    response = login(client, owner.email, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    assert BLOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    # ...but not from another one.
    response = login(client, owner.email, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302


def test_five_failures_on_one_account_block_it_from_any_address(client, owner):
    for i in range(5):
        login(client, owner.email, "wrong", REMOTE_ADDR=f"203.0.113.{i}")
    response = login(client, owner.email, REMOTE_ADDR="203.0.113.99")
    assert BLOCKED in response.content.decode()
    # A different account from the same address is unaffected.
    other = verified_user()
    assert login(client, other.email, REMOTE_ADDR="203.0.113.99").status_code == 302


def test_a_forged_x_forwarded_for_does_not_reset_the_limit_without_trusted_proxies(
    client, owner, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for i in range(10):
        login(
            client,
            f"nobody{i}@example.org",
            "wrong",
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.9.8.{i}",
        )
    response = login(
        client, owner.email, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="10.9.8.200"
    )
    assert BLOCKED in response.content.decode()


def test_behind_one_proxy_each_client_has_its_own_bucket(client, owner, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail(client, 10, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    blocked = login(client, owner.email, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert BLOCKED in blocked.content.decode()
    # The client can't escape by prepending a forged address: the proxy appends the real one.
    forged = login(client, owner.email, **proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert BLOCKED in forged.content.decode()
    # Another client behind the same proxy logs in.
    response = login(client, owner.email, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert response.status_code == 302


def test_signup_is_rate_limited_per_address(client, db):
    for i in range(20):
        client.post(
            reverse("account_signup"),
            {"email": f"n{i}@example.org", "password1": "x", "password2": "y", "full_name": "N"},
            REMOTE_ADDR="198.51.100.9",
        )
    response = client.post(
        reverse("account_signup"),
        {"email": "late@example.org", "password1": "x", "password2": "y", "full_name": "N"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
