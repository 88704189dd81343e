"""Mail to authors: links follow the URLconf, wherever the site is mounted."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import include, path

from cfp.domain.mail import mail_invitation
from tests.cfp.conftest import make_draft
from tests.factories import AuthorshipFactory, verified_user

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


def test_the_invitation_says_which_author_sent_it_not_the_conference(
    call, django_capture_on_commit_callbacks
):
    # A display name is whatever its owner typed; the mail must not let it pass for the
    # conference: it quotes the inviter's verified address and says an author sent it.
    impostor = verified_user(full_name="Conference Chair", email="mallory@example.net")
    submission = make_draft(call, impostor)
    invited = AuthorshipFactory(submission=submission, email="sokha@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        mail_invitation(submission, invited, by=impostor)

    [message] = mail.outbox
    assert message.subject == "[sala] An author, mallory@example.net, named you as a co-author"
    assert call.slug not in message.subject and call.title not in message.subject
    assert message.reply_to == ["mallory@example.net"]
    assert (
        f"Conference Chair (mallory@example.net) named you as an author of submission "
        f"{submission.public_reference} to {call.title}."
    ) in message.body
    assert (
        f"This invitation comes from that author, not from the organisers of {call.title}"
        in " ".join(message.body.split())
    )
    [(html, _mimetype)] = message.alternatives
    assert "Conference Chair (mallory@example.net)" in html


def test_the_invitation_quotes_a_verified_address_not_an_unverified_one(
    call, django_capture_on_commit_callbacks
):
    inviter = verified_user(full_name="Dara", email="dara@example.org")
    EmailAddress.objects.create(user=inviter, email="chair@conference.example", verified=False)
    submission = make_draft(call, inviter)
    invited = AuthorshipFactory(submission=submission, email="sokha@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        mail_invitation(submission, invited, by=inviter)

    [message] = mail.outbox
    assert "dara@example.org" in message.subject
    assert "chair@conference.example" not in message.subject + message.body
