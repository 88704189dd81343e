"""Notification mails: safe placeholders, defaults, preview, and sending that neither skips
nor repeats anyone when the mail server fails mid-batch."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from reviews import notifications
from reviews.domain import decisions as domain
from reviews.models import (
    MetaReview,
    NotificationMessage,
    NotificationTemplate,
    Outcome,
    ReviewingSettings,
)
from reviews.tasks_notifications import send_decision_notifications
from tests.factories import (
    AuthorshipFactory,
    DecisionFactory,
    ReviewFactory,
    SubmissionFactory,
    verified_user,
)
from tests.reviews.test_decisions import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


class FlakyBackend(EmailBackend):
    """The locmem backend, refusing the messages whose 1-based rank is in ``fail_at``."""

    fail_at: set[int] = set()
    calls = 0

    def send_messages(self, messages):
        for message in messages:
            type(self).calls += 1
            if type(self).calls in self.fail_at:
                raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


def _papers(world, count, authors_each=2):
    papers = []
    for n in range(count):
        paper = SubmissionFactory(conference=world.conference, title=f"Paper {n}")
        for k in range(authors_each):
            AuthorshipFactory(submission=paper, user=verified_user(email=f"p{n}a{k}@example.org"))
        domain.decide(submission=paper, outcome="reject", by=world.organiser)
        papers.append(paper)
    return papers


def test_failing_mail_server_mid_batch_then_a_rerun_sends_only_the_rest(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.reviews.test_notifications.FlakyBackend"
    FlakyBackend.calls, FlakyBackend.fail_at = 0, {3, 4}
    papers = _papers(world, 3)
    with django_capture_on_commit_callbacks(execute=True):
        released = domain.release_decisions(submissions=papers, by=world.organiser)
    states = dict(NotificationMessage.objects.values_list("email", "state"))
    assert sorted(states.values()) == ["failed", "failed", "sent", "sent", "sent", "sent"]
    assert len(mail.outbox) == 4
    sent_first = {m.to[0] for m in mail.outbox}

    # A rerun of the task (a worker restarted) sends nothing: the failed ones wait for a retry.
    send_decision_notifications(decision_ids=[d.pk for d in released])
    assert len(mail.outbox) == 4

    with django_capture_on_commit_callbacks(execute=True):
        assert domain.retry_failed(conference=world.conference, by=world.organiser) == 2
    assert len(mail.outbox) == 6
    later = [m.to[0] for m in mail.outbox[4:]]
    assert not set(later) & sent_first
    assert sorted(sent_first | set(later)) == sorted(states)
    assert set(NotificationMessage.objects.values_list("state", flat=True)) == {"sent"}
    assert sorted(NotificationMessage.objects.values_list("attempts", flat=True)) == [
        1,
        1,
        1,
        1,
        2,
        2,
    ]


def test_messages_page_shows_each_state_and_retries(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.reviews.test_notifications.FlakyBackend"
    FlakyBackend.calls, FlakyBackend.fail_at = 0, {1}
    paper = _papers(world, 1, authors_each=1)[0]
    client.force_login(world.organiser)
    url = reverse("reviews:notification_messages", kwargs={"conference": world.conference.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:decisions_release", kwargs={"conference": world.conference.slug}),
            {"submission": [paper.pk]},
        )
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "Sent: 0 · queued: 0 · failed: 1" in page
    assert "ConnectionRefusedError: mail server down" in page
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(
            reverse("reviews:notification_retry", kwargs={"conference": world.conference.slug})
        )
    assert retried["Location"] == url
    page = client.get(url).content.decode()
    assert "Sent: 1 · queued: 0 · failed: 0" in page
    assert [m.to for m in mail.outbox] == [["p0a0@example.org"]]


def test_unknown_placeholders_are_refused_on_save(client, world):
    client.force_login(world.organiser)
    url = reverse(
        "reviews:notification_template",
        kwargs={"conference": world.conference.slug, "outcome": "reject"},
    )
    response = client.post(
        url, {"subject": "{title}", "body": "Dear {authors}, {reviewer} {title.__class__}"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown placeholders: {reviewer}, {title.__class__}." in page
    assert not NotificationTemplate.objects.exists()


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("{title} {conference}", []),
        ("{{literal}} {title}", []),
        ("{0}", ["{0}"]),
        ("{}", ["{}"]),
        ("{title!r}", ["{title!r}"]),
        ("{title:>10}", ["{title:>10}"]),
        ("{title[0]}", ["{title[0]}"]),
        ("unbalanced {", ["Single '{' encountered in format string"]),
    ],
)
def test_placeholder_check(text, unknown):
    assert notifications.unknown_placeholders(text) == unknown


def test_defaults_use_only_allowed_placeholders():
    for subject, body in notifications.DEFAULTS.values():
        assert notifications.unknown_placeholders(str(subject)) == []
        assert notifications.unknown_placeholders(str(body)) == []
    assert set(notifications.DEFAULTS) == set(Outcome)


def test_saved_template_is_used_and_previewed_against_a_real_submission(client, world):
    client.force_login(world.organiser)
    url = reverse(
        "reviews:notification_template",
        kwargs={"conference": world.conference.slug, "outcome": "reject"},
    )
    response = client.post(
        url,
        {
            "subject": "About {title}",
            "body": "Dear {authors}: {decision}. Ref {reference}. {{braces}}",
            "preview": str(world.submission.number),
        },
    )
    assert response["Location"] == f"{url}?preview={world.submission.number}"
    page = client.get(response["Location"]).content.decode()
    assert "About Border stories" in page
    assert (
        "Dear Wanwisa Distinctauthor, Khamla Coauthorname: Reject. "
        f"Ref {world.submission.public_reference}. {{braces}}"
    ) in page


def test_mail_names_no_reviewer_and_never_confidential_comments(
    world, django_capture_on_commit_callbacks
):
    world.conference.blind_review = "double"
    world.conference.save()
    ReviewingSettings.objects.create(conference=world.conference, reviews_released_to_authors=True)
    ReviewFactory(submission=world.submission, comments_to_authors="Second view.")
    MetaReview.objects.create(submission=world.submission, author=world.chair_a, text="In sum.")
    domain.decide(
        submission=world.submission,
        outcome="accept_revisions",
        required_revisions="Add the consent form.",
        by=world.organiser,
    )
    with django_capture_on_commit_callbacks(execute=True):
        domain.release_decisions(submissions=[world.submission], by=world.organiser)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        whole = message.message().as_string()
        assert "Reviewername" not in whole
        assert world.reviewer.email not in whole
        assert "SECRET-NOTE" not in whole
        assert "Confidential remark" not in whole
        assert "Review 1\nThe fieldwork is careful." in message.body
        assert "Review 2\nSecond view." in message.body
        assert "Summary of the committee\nIn sum." in message.body
        assert "Add the consent form." in message.body
        assert message.body.rstrip().endswith(world.submission.get_absolute_url())


def test_reviews_stay_out_of_the_mail_unless_released(world):
    decision = DecisionFactory(submission=world.submission, outcome="reject")
    _subject, body = notifications.render(decision)
    assert "The fieldwork is careful." not in body
    assert "Review 1" not in body
