import hypothesis
import pytest

from tests.factories import ConferenceFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit buckets live in the cache; one test's failed logins must not leak into another.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def conference(db):
    return ConferenceFactory()


@pytest.fixture(autouse=True)
def _fixed_totp_clock(monkeypatch):
    # allauth derives TOTP codes from time.time(); a test that computes a code just before a
    # 30-second window turns over would fail at random. Both sides read this fixed instant.
    import types

    from allauth.mfa.totp.internal import auth as totp_auth

    from tests.factories import REFERENCE_NOW

    monkeypatch.setattr(totp_auth, "time", types.SimpleNamespace(time=REFERENCE_NOW.timestamp))


# Property-based tests draw the same examples on every run and machine: a failure found once
# is found again, and no run depends on luck or on the speed of a busy CI machine.
hypothesis.settings.register_profile("sala", derandomize=True, deadline=None, print_blob=True)
hypothesis.settings.load_profile("sala")
