import pytest

from tests.factories import REFERENCE_NOW, organiser_with_mfa

# --- organiser pages (organiser submissions / custom questions)


@pytest.fixture
def frozen_now(monkeypatch):
    """django.utils.timezone.now() answers REFERENCE_NOW for the whole test."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return REFERENCE_NOW


@pytest.fixture
def organiser(conference):
    """An organiser of ``conference`` with MFA set up, as organiser pages require."""
    return organiser_with_mfa(conference, full_name="Chair Person")


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client
