"""reviews.demo_reviews: criteria and reviews, some in disagreement, for the demo."""

from __future__ import annotations

import pytest

from reviews.demo_reviews import add_demo_reviews
from reviews.models import Assignment, Review, ReviewCriterion
from tests.factories import (
    CommitteeMemberFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    ReviewCriterionFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def test_demo_reviews_make_assignments_and_reviews_with_disagreement():
    conference = ConferenceFactory()
    ctype = ContributionTypeFactory(conference=conference)
    for _ in range(4):
        CommitteeMemberFactory(conference=conference)
    papers = [SubmissionFactory(conference=conference, contribution_type=ctype) for _ in range(6)]
    counts = add_demo_reviews(conference)
    assert ReviewCriterion.objects.filter(conference=conference).count() == 5
    assert Assignment.objects.count() == 18
    assert counts == {"submitted": 15, "draft": 2, "not_started": 1}
    second = sorted(
        Review.objects.filter(submission=papers[1], state="submitted").values_list(
            "recommendation", flat=True
        )
    )
    assert second == [1, 3, 6]  # strong disagreement
    for review in Review.objects.filter(state="submitted"):
        assert review.scores.count() == 5
        assert review.comments_to_authors
    # Idempotent.
    assert add_demo_reviews(conference) == {"submitted": 0, "draft": 0, "not_started": 1}
    assert Review.objects.count() == 17


def test_demo_reviews_use_existing_assignments_only():
    conference = ConferenceFactory()
    ReviewCriterionFactory(conference=conference, name="Own criterion")
    member = CommitteeMemberFactory(conference=conference)
    paper = SubmissionFactory(conference=conference)
    SubmissionFactory(conference=conference)
    Assignment.objects.create(submission=paper, reviewer=member.user, origin="manual")
    add_demo_reviews(conference)
    assert Assignment.objects.count() == 1
    assert list(Review.objects.values_list("submission_id", "state")) == [(paper.pk, "submitted")]


def test_demo_reviews_on_the_demo_conference(monkeypatch):
    """On ``manage.py demo``'s conference (with or without the assignment part's demo
    assignments): reviews exist, and at least one paper's reviewers disagree strongly."""
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command

    from cfp.models import Conference

    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: dt.datetime(2026, 6, 1, 5, tzinfo=dt.UTC)
    )
    call_command("demo", today="2026-06-01", stdout=StringIO())  # adds the demo reviews
    conference = Conference.objects.get()
    assert Review.objects.filter(state="submitted").count() >= 3
    add_demo_reviews(conference)  # a second time: nothing more
    assert Review.objects.filter(state="submitted").count() >= 3
    spreads = {}
    for review in Review.objects.filter(state="submitted"):
        spreads.setdefault(review.submission_id, []).append(review.recommendation)
    assert max(max(r) - min(r) for r in spreads.values()) >= 4
    # Never a review by an author of the paper.
    for review in Review.objects.select_related("submission"):
        assert review.reviewer_id != review.submission.created_by_id
