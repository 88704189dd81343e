"""Rate limits that fit real networks, and no stranger can lock an owner out of their account.

Per client address the limits are high (a campus behind one NAT logs in at the deadline);
per account, wrong passwords earn a growing wait; the owner still gets in with a login code
or a password reset link mailed to them.
"""

import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from accounts import lockout
from tests.accounts.conftest import PASSWORD, login
from tests.factories import UserFactory, verified_user

NETWORK_BLOCKED = "Too many failed logins came from your network"
ACCOUNT_WAITING = "Too many wrong passwords were typed for this account"
ATTACKER = {"REMOTE_ADDR": "198.51.100.66"}
OWNER = {"REMOTE_ADDR": "203.0.113.10"}


@pytest.fixture
def owner(db):
    return verified_user(email="owner@example.org")


@pytest.fixture
def clock(monkeypatch):
    """The back-off's clock, moved by hand."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(lockout, "_now", lambda: now[0])
    return now


def fail(client, n, *, email=None, **headers):
    """n failed logins with distinct unknown emails (so only the per-IP bucket fills)."""
    for i in range(n):
        response = login(client, email or f"nobody{i}@example.org", "wrong", **headers)
        assert response.status_code == 200
        assert NETWORK_BLOCKED not in response.content.decode(), f"blocked at attempt {i + 1}"


def test_the_test_cache_is_a_real_cache(settings):
    assert "DummyCache" not in settings.CACHES["default"]["BACKEND"]
    caches["default"].set("probe", 1)
    assert caches["default"].get("probe") == 1


# --- per address: high, for networks behind one address ----------------------------------


def test_two_hundred_accounts_behind_one_address_log_in_within_a_minute(db):
    campus = {"REMOTE_ADDR": "192.0.2.1"}
    users = [verified_user(email=f"author{i}@uni.example") for i in range(200)]
    for user in users:
        response = login(Client(), user.email, **campus)
        assert response.status_code == 302, user.email
        assert response["Location"] == reverse("cfp:dashboard")
    # One account that keeps getting its password wrong waits, from the same address...
    unlucky = users[0]
    for _ in range(5):
        assert login(Client(), unlucky.email, "wrong", **campus).status_code == 200
    blocked = login(Client(), unlucky.email, **campus)
    assert blocked.status_code == 200
    assert ACCOUNT_WAITING in blocked.content.decode()
    # ...while the others still log in.
    assert login(Client(), users[1].email, **campus).status_code == 302


def test_a_hundred_wrong_passwords_from_one_address_block_that_address(client, owner):
    fail(client, 100, REMOTE_ADDR="198.51.100.7")
    # Even the right password is refused now, from that address...
    response = login(client, owner.email, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    content = response.content.decode()
    assert NETWORK_BLOCKED in content
    assert 'id="other-ways-in"' in content  # the box with the ways in that still work
    assert reverse("account_request_login_code") in content
    assert reverse("account_reset_password") in content
    assert "_auth_user_id" not in client.session
    # ...but not from another one.
    response = login(client, owner.email, REMOTE_ADDR="198.51.100.8")
    assert response.status_code == 302


def test_a_forged_x_forwarded_for_does_not_reset_the_limit_without_trusted_proxies(
    client, owner, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for i in range(100):
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
    assert NETWORK_BLOCKED in response.content.decode()


def test_behind_one_proxy_each_client_has_its_own_bucket(client, owner, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail(client, 100, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    blocked = login(client, owner.email, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert NETWORK_BLOCKED in blocked.content.decode()
    # The client can't escape by prepending a forged address: the proxy appends the real one.
    forged = login(client, owner.email, **proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert NETWORK_BLOCKED in forged.content.decode()
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


# --- per account: a growing wait, and ways in that a stranger cannot block -----------------


def test_wait_grows_with_each_failure_and_is_capped():
    waits = [lockout.wait_after(n) for n in range(1, 15)]
    assert waits == [0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]
    assert lockout.wait_after(10**9) == 3600


def test_a_strangers_wrong_passwords_make_the_account_wait_longer_each_time(owner, clock):
    for i in range(5):  # from five different addresses
        assert login(Client(), owner.email, "wrong", REMOTE_ADDR=f"198.51.100.{i}").status_code
    response = login(Client(), owner.email, **OWNER)
    content = response.content.decode()
    assert ACCOUNT_WAITING in content
    assert "again in 1 minute," in content
    assert 'id="other-ways-in"' in content
    assert reverse("account_request_login_code") in content
    assert reverse("account_reset_password") in content

    clock[0] += 61  # the wait is over: one more wrong guess doubles it
    login(Client(), owner.email, "wrong", **ATTACKER)
    assert "again in 2 minutes," in login(Client(), owner.email, **OWNER).content.decode()
    clock[0] += 121
    login(Client(), owner.email, "wrong", **ATTACKER)
    assert "again in 4 minutes," in login(Client(), owner.email, **OWNER).content.decode()
    # Refused attempts during the wait check no password and do not lengthen it.
    assert lockout.seconds_left(owner.email) == 240

    clock[0] += 241  # once it is over, the owner's right password works and clears the count
    assert login(Client(), owner.email, **OWNER).status_code == 302
    assert lockout.seconds_left(owner.email) == 0
    assert login(Client(), owner.email, "wrong", **ATTACKER).status_code == 200
    assert login(Client(), owner.email, **OWNER).status_code == 302


def test_the_email_address_is_matched_whatever_its_case(owner, clock):
    for _ in range(5):
        login(Client(), "OWNER@Example.org", "wrong", **ATTACKER)
    assert ACCOUNT_WAITING in login(Client(), owner.email, **OWNER).content.decode()


def lock_out(owner):
    for i in range(12):
        login(Client(), owner.email, "wrong", REMOTE_ADDR=f"198.51.100.{i}")
    assert lockout.seconds_left(owner.email) > 0


def test_the_owner_gets_in_with_a_login_code_while_the_account_waits(
    owner, clock, django_capture_on_commit_callbacks
):
    lock_out(owner)
    client = Client()
    assert ACCOUNT_WAITING in login(client, owner.email, **OWNER).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_request_login_code"), {"email": owner.email}, **OWNER
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [owner.email]
    code = re.search(r"^ {4}(\S+)$", message.body, re.M).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, **OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
    # Getting in cleared the account's failures: the password works again at once.
    assert lockout.seconds_left(owner.email) == 0
    assert login(Client(), owner.email, **OWNER).status_code == 302


def test_the_owner_gets_in_with_a_reset_link_even_after_a_stranger_used_up_the_resets(
    owner, clock, django_capture_on_commit_callbacks
):
    lock_out(owner)
    mail.outbox.clear()
    stranger = Client()
    for _ in range(8):  # the stranger asks for resets too, past the per-address allowance
        with django_capture_on_commit_callbacks(execute=True):
            stranger.post(reverse("account_reset_password"), {"email": owner.email}, **ATTACKER)
    assert len(mail.outbox) == 5  # 5 a minute per mailbox: no flood
    # Every reset mail went to the owner, and each link works for the owner.
    assert mail.outbox
    assert {tuple(m.to) for m in mail.outbox} == {(owner.email,)}
    link = re.search(r"^(http\S+/password/reset/key/\S+)$", mail.outbox[0].body, re.M).group(1)
    client = Client()
    response = client.get(link, **OWNER)
    assert response.status_code == 302  # allauth moves the key into the session
    response = client.post(
        response["Location"],
        {"password1": "a new horse battery staple", "password2": "a new horse battery staple"},
        **OWNER,
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)  # logged in by the reset
    assert lockout.seconds_left(owner.email) == 0


def test_a_signed_in_owner_reauthenticates_while_the_account_waits(owner, clock):
    client = Client()
    assert login(client, owner.email, **OWNER).status_code == 302
    lock_out(owner)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD}, **OWNER)
    assert response.status_code == 302
    assert "Too many" not in client.get(reverse("account_email")).content.decode()


def test_unknown_addresses_wait_like_known_ones(db, clock):
    # The login page must not tell who has an account by refusing only real ones.
    UserFactory(email="someone@example.org")
    for _ in range(5):
        login(Client(), "nobody@example.org", "wrong", **ATTACKER)
    assert ACCOUNT_WAITING in login(Client(), "nobody@example.org", "x", **OWNER).content.decode()


# --- a browser the owner logged in with before is not kept waiting -------------------------


def test_the_owners_own_browser_is_not_kept_waiting_by_a_strangers_failures(owner, clock):
    browser = Client()
    assert login(browser, owner.email, **OWNER).status_code == 302
    assert lockout.DEVICE_COOKIE in browser.cookies
    browser.post(reverse("account_logout"))
    lock_out(owner)

    assert login(browser, owner.email, **OWNER).status_code == 302  # the owner's browser
    stranger = login(Client(), owner.email, **ATTACKER)  # any other: the account waits
    assert ACCOUNT_WAITING in stranger.content.decode()


def test_typos_on_the_owners_browser_wait_on_that_browser_only(owner, clock):
    browser = Client()
    assert login(browser, owner.email, **OWNER).status_code == 302
    browser.post(reverse("account_logout"))
    for _ in range(5):
        login(browser, owner.email, "wrong", **OWNER)
    assert ACCOUNT_WAITING in login(browser, owner.email, **OWNER).content.decode()
    # The account itself is not waiting: another browser of the owner's logs in.
    assert login(Client(), owner.email, **OWNER).status_code == 302


def test_a_device_cookie_counts_only_for_its_own_account(owner, clock):
    other = verified_user(email="mallory@example.net")
    browser = Client()
    assert login(browser, other.email, **ATTACKER).status_code == 302
    browser.post(reverse("account_logout"))
    lock_out(owner)
    # Mallory's own device cookie does not let her guess at the owner's account.
    assert ACCOUNT_WAITING in login(browser, owner.email, **ATTACKER).content.decode()
    forged = Client()
    forged.cookies[lockout.DEVICE_COOKIE] = "forged"
    assert ACCOUNT_WAITING in login(forged, owner.email, **ATTACKER).content.decode()
