"""The one reviewer queue (reviews:queue): each assigned paper with its review's state, time
left, the download (the blind copy only under double-blind), write/edit and decline links;
declined papers below; constant queries. The former "Your reviews" page redirects to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Review
from tests.factories import (
    REFERENCE_NOW,
    AssignmentFactory,
    DeclinedAssignmentFactory,
    ReviewFactory,
    ReviewScoreFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    reviewing_scene,
)

pytestmark = pytest.mark.django_db

QUEUE_QUERIES = {"double": 12, "single": 13}


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return REFERENCE_NOW


def _url(scene):
    return reverse("reviews:queue", kwargs={"conference": scene.conference.slug})


def _paper(scene, title, *, blind=True, reviewer=None):
    submission = SubmissionFactory(
        conference=scene.conference, contribution_type=scene.ctype, title=title
    )
    stored = SubmissionFileFactory(submission=submission)
    if blind:
        stored.blind_file.save("blind.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    AssignmentFactory(submission=submission, reviewer=reviewer or scene.reviewer_before)
    return submission


def _rows(response):
    return {row.submission.title: row for row in response.context["rows"]}


def test_each_paper_shows_its_state_links_and_time_left(client, now):
    scene = reviewing_scene()
    fresh = _paper(scene, "Fresh paper")
    drafted = _paper(scene, "Drafted paper")
    done = _paper(scene, "Done paper")
    empty_draft = _paper(scene, "Empty draft paper", blind=False)
    ReviewFactory(
        submission=drafted,
        reviewer=scene.reviewer_before,
        state="draft",
        submitted_at=None,
        recommendation=None,
        confidence=None,
        comments_to_authors="",
        confidential_comments="",
    )
    ReviewScoreFactory(
        review=Review.objects.get(submission=drafted), criterion=scene.criteria[0], value=2
    )
    ReviewFactory(submission=done, reviewer=scene.reviewer_before)
    ReviewFactory(
        submission=empty_draft,
        reviewer=scene.reviewer_before,
        state="draft",
        submitted_at=None,
        recommendation=None,
        confidence=None,
        comments_to_authors="",
        confidential_comments="",
    )
    declined = SubmissionFactory(conference=scene.conference, title="Declined paper")
    DeclinedAssignmentFactory(submission=declined, reviewer=scene.reviewer_before)
    client.force_login(scene.reviewer_before)

    response = client.get(_url(scene))

    assert response.status_code == 200
    rows = _rows(response)
    assert {title: row.state for title, row in rows.items()} == {
        "Counting the uncounted": None,
        "Fresh paper": None,
        "Drafted paper": "draft",
        "Done paper": "submitted",
        "Empty draft paper": "draft",
    }
    # The deadline is the end of 15 June in Bangkok (17:00 UTC); now is 1 June 12:00 UTC.
    assert rows["Fresh paper"].time_left == "14 days and 5 hours left"
    assert rows["Fresh paper"].editable_until == dt.datetime(2026, 6, 15, 17, 0, tzinfo=dt.UTC)
    # Declining only before anything is written; a download only where a blind copy exists.
    assert {t for t, row in rows.items() if row.can_decline} == {
        "Counting the uncounted",
        "Fresh paper",
        "Empty draft paper",
    }
    assert {t for t, row in rows.items() if row.downloadable} == {
        "Fresh paper",
        "Drafted paper",
        "Done paper",
    }
    page = response.content.decode()
    for submission in (fresh, drafted, done):
        assert (
            reverse(
                "reviews:review",
                kwargs={"conference": scene.conference.slug, "reference": submission.reference},
            )
            in page
        )
        assert (
            reverse(
                "reviews:queue_download",
                kwargs={"conference": scene.conference.slug, "number": submission.number},
            )
            in page
        )
    assert (
        reverse(
            "reviews:decline",
            kwargs={"conference": scene.conference.slug, "reference": fresh.reference},
        )
        in page
    )
    assert (
        reverse(
            "reviews:decline",
            kwargs={"conference": scene.conference.slug, "reference": drafted.reference},
        )
        not in page
    )
    assert (
        reverse(
            "reviews:queue_download",
            kwargs={"conference": scene.conference.slug, "number": empty_draft.number},
        )
        not in page
    )  # double-blind and no blind copy: nothing to offer
    assert "Write your review" in page and "Edit your review" in page
    assert "Not started" in page and "Draft" in page and "Submitted" in page
    assert "14 days and 5 hours left" in page
    assert [d.submission.title for d in response.context["declined"]] == ["Declined paper"]
    assert page.count('class="list-group-item queue-declined"') == 1


def test_after_the_deadline_rows_are_read_only_unless_reopened(client, monkeypatch):
    after = REFERENCE_NOW + dt.timedelta(days=20)
    monkeypatch.setattr("django.utils.timezone.now", lambda: after)
    scene = reviewing_scene()
    scene.review.editable_until = after + dt.timedelta(days=2)
    scene.review.save()
    client.force_login(scene.reviewer_after)
    rows = _rows(client.get(_url(scene)))
    row = rows["Counting the uncounted"]
    assert row.editable and row.time_left == "2 days left"

    client.force_login(scene.reviewer_before)
    response = client.get(_url(scene))
    row = _rows(response)["Counting the uncounted"]
    assert not row.editable and not row.can_decline
    page = response.content.decode()
    assert "Read your review" in page
    assert "read-only: the review deadline has passed" in page


def test_conflicted_and_declined_reassigned_papers_are_not_listed(client, now):
    scene = reviewing_scene()
    client.force_login(scene.conflicted)
    response = client.get(_url(scene))
    assert response.context["rows"] == []
    assert "Counting the uncounted" not in response.content.decode()
    # A conflicted paper the person once declined stays hidden too.
    DeclinedAssignmentFactory(submission=scene.submission, reviewer=scene.conflicted)
    response = client.get(_url(scene))
    assert response.context["declined"] == []


@pytest.mark.parametrize("blind", ["double", "single"])
def test_queue_queries_do_not_grow_with_papers_in_every_state(client, now, blind):
    scene = reviewing_scene(blind_review=blind)
    client.force_login(scene.reviewer_after)
    with CaptureQueriesContext(connection) as one:
        assert client.get(_url(scene)).status_code == 200
    for n in range(4):
        submission = _paper(scene, f"More {n}", reviewer=scene.reviewer_after)
        ReviewFactory(submission=submission, reviewer=scene.reviewer_after)
        drafted = _paper(scene, f"Drafted {n}", reviewer=scene.reviewer_after)
        review = ReviewFactory(
            submission=drafted, reviewer=scene.reviewer_after, state="draft", submitted_at=None
        )
        ReviewScoreFactory(review=review, criterion=scene.criteria[0])
        _paper(scene, f"Fresh {n}", reviewer=scene.reviewer_after)
        DeclinedAssignmentFactory(
            submission=SubmissionFactory(conference=scene.conference),
            reviewer=scene.reviewer_after,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(scene))
    assert response.content.decode().count('class="queue-item') == 13
    assert len(response.context["declined"]) == 4
    # Session, user, conference, organiser and committee checks, papers, themes, files,
    # (authors unless double-blind), reviews, their scores, declined papers, header areas.
    assert len(one) == QUEUE_QUERIES[blind]
    assert len(many) == len(one)
