"""reviews.write_review and reviews.view_other_reviews, and the querysets that mirror them."""

from __future__ import annotations

import pytest

from cfp.models import Submission
from cfp.rules import allowed
from reviews import queries
from reviews.models import Review, ReviewingSettings
from tests.factories import (
    REVIEWING_ROLES,
    AssignmentFactory,
    ReviewFactory,
    SubmissionFactory,
    reviewing_scene,
)

pytestmark = pytest.mark.django_db


def _people(scene):
    from django.contrib.auth.models import AnonymousUser

    return {
        role: AnonymousUser() if role == "anonymous" else getattr(scene, role)
        for role in REVIEWING_ROLES
    }


def _matrix(scene):
    submissions = list(Submission.objects.filter(conference=scene.conference))
    rows = {}
    for role, user in _people(scene).items():
        write = {s.pk for s in submissions if allowed(user, "reviews.write_review", s)}
        view = {s.pk for s in submissions if allowed(user, "reviews.view_other_reviews", s)}
        rows[role] = (write, view)
        assert write == set(
            queries.reviewable_submissions(user, scene.conference).values_list("pk", flat=True)
        ), role
        assert view == set(
            queries.submissions_with_other_reviews_visible(user, scene.conference).values_list(
                "pk", flat=True
            )
        ), role
    return rows


def _scene_with_second_paper():
    scene = reviewing_scene()
    second = SubmissionFactory(conference=scene.conference, title="Second")
    AssignmentFactory(submission=second, reviewer=scene.reviewer_before)
    AssignmentFactory(submission=second, reviewer=scene.conflicted)
    ReviewFactory(submission=second, reviewer=scene.conflicted)
    # A draft does not open the others' reviews.
    AssignmentFactory(submission=second, reviewer=scene.unassigned)
    ReviewFactory(submission=second, reviewer=scene.unassigned, state="draft", submitted_at=None)
    return scene, second


def test_predicates_and_querysets_agree():
    scene, second = _scene_with_second_paper()
    paper = scene.submission.pk
    rows = _matrix(scene)
    assert rows["reviewer_before"] == ({paper, second.pk}, set())
    assert rows["reviewer_after"] == ({paper}, {paper})
    assert rows["conflicted"] == ({second.pk}, {second.pk})  # never the conflicted paper
    assert rows["unassigned"] == ({second.pk}, set())
    for role in ("anonymous", "author", "coauthor", "chair_this", "organiser", "superuser"):
        assert rows[role] == (set(), set()), role


def test_switched_off_the_others_are_never_shown():
    scene, second = _scene_with_second_paper()
    ReviewingSettings.objects.create(conference=scene.conference, others_reviews_after_own=False)
    rows = _matrix(scene)
    assert all(view == set() for _write, view in rows.values())


def test_other_reviews_visible_to_is_only_others_submitted():
    scene, _second = _scene_with_second_paper()
    third = ReviewFactory(
        submission=scene.submission, reviewer=scene.reviewer_before, state="draft"
    )
    assert list(queries.other_reviews_visible_to(scene.reviewer_after, scene.submission)) == []
    third.state = Review.State.SUBMITTED
    third.save()
    assert list(queries.other_reviews_visible_to(scene.reviewer_after, scene.submission)) == [third]
    assert list(queries.other_reviews_visible_to(scene.conflicted, scene.submission)) == []
