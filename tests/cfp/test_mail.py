"""Mail to authors: links follow the URLconf, wherever the site is mounted."""

import pytest
from django.core import mail
from django.urls import include, path

from cfp.domain.mail import mail_invitation
from tests.cfp.conftest import make_draft
from tests.factories import AuthorshipFactory

# The whole site mounted under /portal/ (pytest.mark.urls below uses this module).
urlpatterns = [path("portal/", include("config.urls"))]


@pytest.mark.urls(__name__)
def test_invitation_links_are_reversed_not_hard_coded(
    call, author, django_capture_on_commit_callbacks
):
    submission = make_draft(call, author)
    invited = AuthorshipFactory(submission=submission, email="sokha@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        mail_invitation(submission, invited, by=author)

    [message] = mail.outbox
    assert message.to == ["sokha@example.org"]
    assert "\nhttp://localhost:8000/portal/accounts/signup/\n" in message.body
    assert "\nhttp://localhost:8000/portal/dashboard/\n" in message.body
