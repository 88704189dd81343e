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
