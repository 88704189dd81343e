"""Declining an assignment before starting, and the chair's list of declines."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews import queries
from reviews.domain import reviewing as domain
from reviews.models import Assignment, AssignmentVersion, DeclinedAssignment, Review
from tests.factories import REFERENCE_NOW, reviewing_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return reviewing_scene()


def _url(scene, name="decline"):
    return reverse(
        f"reviews:{name}",
        kwargs={"conference": scene.conference.slug, "reference": scene.submission.reference},
    )


def test_decline_removes_the_assignment_and_records_why(client, scene):
    client.force_login(scene.reviewer_before)
    # An empty draft does not count as started.
    client.post(_url(scene, "review"), {"action": "draft"})
    response = client.post(_url(scene), {"reason": "I supervised the first author."})
    assert response.status_code == 302
    assert not Assignment.objects.filter(reviewer=scene.reviewer_before).exists()
    assert not Review.objects.filter(reviewer=scene.reviewer_before).exists()
    declined = DeclinedAssignment.objects.get()
    assert (declined.reviewer, declined.submission, declined.reason, declined.handled_at) == (
        scene.reviewer_before,
        scene.submission,
        "I supervised the first author.",
        None,
    )
    assert AssignmentVersion.objects.get(conference=scene.conference).version == 1
    # The page is gone for them now.
    assert client.get(_url(scene, "review")).status_code == 404


def test_a_reason_is_required(client, scene):
    client.force_login(scene.reviewer_before)
    response = client.post(_url(scene), {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Assignment.objects.filter(reviewer=scene.reviewer_before).exists()


def test_a_started_review_cannot_be_declined(client, scene):
    client.force_login(scene.reviewer_before)
    client.post(_url(scene, "review"), {"action": "draft", "comments_to_authors": "Begun"})
    response = client.post(_url(scene), {"reason": "Changed my mind"})
    assert response.status_code == 302
    assert Assignment.objects.filter(reviewer=scene.reviewer_before).exists()
    assert not DeclinedAssignment.objects.exists()
    with pytest.raises(domain.CannotDecline):
        domain.decline_assignment(
            assignment=Assignment.objects.get(reviewer=scene.reviewer_after), reason="x"
        )


def test_the_chair_sees_declines_and_marks_them_handled(client, scene):
    assignment = Assignment.objects.get(reviewer=scene.reviewer_before)
    declined = domain.decline_assignment(assignment=assignment, reason="No time")
    client.force_login(scene.chair_this)
    page = client.get(reverse("reviews:declines", kwargs={"conference": scene.conference.slug}))
    assert [(d.reviewer.full_name, d.reason) for d in page.context["rows"]] == [
        ("Reviewer Before", "No time")
    ]
    client.post(
        reverse(
            "reviews:decline_handled",
            kwargs={"conference": scene.conference.slug, "pk": declined.pk},
        )
    )
    declined.refresh_from_db()
    assert declined.handled_at == REFERENCE_NOW
    # The chair of another theme and a conflicted organiser do not see it.
    assert list(queries.declined_for(scene.conference, scene.chair_other)) == []
    assert list(queries.declined_for(scene.conference, scene.conflicted_organiser)) == []
    assert list(queries.declined_for(scene.conference)) == [declined]


def test_declined_pairs_are_listed_for_the_assignment_engine(scene):
    assignment = Assignment.objects.get(reviewer=scene.reviewer_before)
    domain.decline_assignment(assignment=assignment, reason="No time")
    assert set(
        DeclinedAssignment.objects.filter(submission__conference=scene.conference).values_list(
            "submission_id", "reviewer_id"
        )
    ) == {(scene.submission.pk, scene.reviewer_before.pk)}


def test_declined_pairs_for_the_engine(scene):
    assignment = Assignment.objects.get(reviewer=scene.reviewer_before)
    domain.decline_assignment(assignment=assignment, reason="No time")
    assert domain.declined_pairs(scene.conference) == {
        (scene.reviewer_before.pk, scene.submission.pk)
    }
