"""accounts.mfa.require_mfa: the one MFA gate (organiser pages, the file download, staff pages
and the admin), None when satisfied, else where to go."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore

from accounts.mfa import MFA_RETURN_SESSION_KEY, require_mfa
from tests.accounts.conftest import add_totp
from tests.factories import verified_user


@pytest.fixture
def request_for(rf):
    def build(user, path="/c/mekong/organise/?tab=dates", method="get"):
        request = getattr(rf, method)(path)
        request.user = user
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        return request

    return build


def test_without_an_authenticator_the_user_is_sent_to_set_one_up(db, request_for):
    request = request_for(verified_user())

    response = require_mfa(request, this_session=False, setup_message="Set it up.")

    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert request.session[MFA_RETURN_SESSION_KEY] == "/c/mekong/organise/?tab=dates"
    assert [str(m) for m in get_messages(request)] == ["Set it up."]


def test_an_authenticator_is_enough_unless_this_session_must_have_used_it(db, request_for):
    user = verified_user()
    add_totp(user)
    request = request_for(user)
    request.session[MFA_RETURN_SESSION_KEY] = "/earlier/"

    assert require_mfa(request, this_session=False) is None
    assert MFA_RETURN_SESSION_KEY not in request.session
    response = require_mfa(request, this_session=True, next_url="/admin/")
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"
    assert [str(m) for m in get_messages(request)] == [
        "Please confirm with your authenticator app to go on."
    ]


def test_with_the_policy_off_nothing_is_required(db, request_for, settings):
    settings.SALA_ORGANISER_REQUIRES_MFA = False

    assert require_mfa(request_for(verified_user()), this_session=True) is None
