"""The access matrix of every reviewing page, for every role the rules tell apart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import DeclinedAssignment
from tests.factories import (
    REFERENCE_NOW,
    REVIEWING_ROLES,
    DeclinedAssignmentFactory,
    reviewing_scene,
    verified_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def frozen_now(monkeypatch):
    """django.utils.timezone.now() answers REFERENCE_NOW (before the review deadline)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)
    return REFERENCE_NOW


LOGIN = "login"  # a redirect to the login page

# Expected answers per role for each page. Organiser-only pages: 403 to anyone else (the
# conference is public); reviewer pages: 404 to anyone but the paper's reviewer.
ORGANISER_ONLY = {
    "anonymous": LOGIN,
    "organiser": 200,
    "conflicted_organiser": 200,
    **{
        r: 403
        for r in REVIEWING_ROLES
        if r not in ("anonymous", "organiser", "conflicted_organiser")
    },
}
CHAIRS = {
    "anonymous": LOGIN,
    "organiser": 200,
    "conflicted_organiser": 200,
    "chair_this": 200,
    "chair_other": 200,
    **{
        r: 403
        for r in REVIEWING_ROLES
        if r not in ("anonymous", "organiser", "conflicted_organiser", "chair_this", "chair_other")
    },
}
# A chair's action on one submission: theirs only, and never where conflicted.
CHAIR_ON_SUBMISSION = {**CHAIRS, "conflicted_organiser": 404, "chair_other": 404}
REVIEWER_PAGE = {
    "anonymous": LOGIN,
    "reviewer_before": 200,
    "reviewer_after": 200,
    **{
        r: 404
        for r in REVIEWING_ROLES
        if r not in ("anonymous", "reviewer_before", "reviewer_after")
    },
}
COMMITTEE = {
    "anonymous": LOGIN,
    "author": 403,
    "coauthor": 403,
    "superuser": 403,
    **{
        r: 200 for r in REVIEWING_ROLES if r not in ("anonymous", "author", "coauthor", "superuser")
    },
}


def _user(scene, role):
    return None if role == "anonymous" else getattr(scene, role)


def _check(client, scene, method, url, expected, data=None):
    seen = {}
    for role in REVIEWING_ROLES:
        client.logout()
        user = _user(scene, role)
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url, data or {})
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            seen[role] = LOGIN
        else:
            seen[role] = response.status_code
    assert seen == expected


def _slug(scene):
    return {"conference": scene.conference.slug}


@pytest.mark.parametrize(
    "name",
    ["criteria", "criterion_add", "criterion_edit", "criterion_delete", "reviewing_settings"],
)
def test_organiser_pages(client, name):
    scene = reviewing_scene()
    kwargs = _slug(scene)
    if name in ("criterion_edit", "criterion_delete"):
        kwargs["pk"] = scene.criteria[0].pk
    _check(client, scene, "get", reverse(f"reviews:{name}", kwargs=kwargs), ORGANISER_ONLY)


def test_load_suggested_is_for_organisers(client):
    scene = reviewing_scene()
    url = reverse("reviews:criteria_suggested", kwargs=_slug(scene))
    expected = {**ORGANISER_ONLY, "organiser": 302, "conflicted_organiser": 302}
    _check(client, scene, "post", url, expected)


def test_move_criterion_is_for_organisers(client):
    scene = reviewing_scene()
    url = reverse("reviews:criterion_move", kwargs={**_slug(scene), "pk": scene.criteria[0].pk})
    expected = {**ORGANISER_ONLY, "organiser": 302, "conflicted_organiser": 302}
    _check(client, scene, "post", url, expected, {"direction": "down"})


def test_declines_list(client):
    scene = reviewing_scene()
    _check(client, scene, "get", reverse("reviews:declines", kwargs=_slug(scene)), CHAIRS)


def test_mark_decline_handled(client):
    scene = reviewing_scene()
    declined = DeclinedAssignmentFactory(submission=scene.submission, reviewer=verified_user())
    url = reverse("reviews:decline_handled", kwargs={**_slug(scene), "pk": declined.pk})
    expected = {**CHAIR_ON_SUBMISSION, "organiser": 302, "chair_this": 302}
    # The first allowed POST marks it; a second is still allowed (idempotent).
    _check(client, scene, "post", url, expected)
    declined.refresh_from_db()
    assert declined.handled_at is not None


def test_reopen_page(client):
    scene = reviewing_scene()
    url = reverse("reviews:reopen", kwargs={**_slug(scene), "pk": scene.review.pk})
    _check(client, scene, "get", url, CHAIR_ON_SUBMISSION)


def test_reviewer_queue(client):
    scene = reviewing_scene()
    _check(client, scene, "get", reverse("reviews:queue", kwargs=_slug(scene)), COMMITTEE)


@pytest.mark.parametrize("role", REVIEWING_ROLES)
def test_former_my_reviews_page_moved_permanently_to_the_queue(client, role):
    scene = reviewing_scene()
    if (user := _user(scene, role)) is not None:
        client.force_login(user)
    response = client.get(reverse("reviews:mine", kwargs=_slug(scene)))
    assert response.status_code == 301
    assert response["Location"] == reverse("reviews:queue", kwargs=_slug(scene))


def test_review_page(client):
    scene = reviewing_scene()
    url = reverse(
        "reviews:review", kwargs={**_slug(scene), "reference": scene.submission.reference}
    )
    _check(client, scene, "get", url, REVIEWER_PAGE)


def test_review_post_is_refused_to_all_but_the_reviewers(client):
    scene = reviewing_scene()
    url = reverse(
        "reviews:review", kwargs={**_slug(scene), "reference": scene.submission.reference}
    )
    expected = {**REVIEWER_PAGE, "reviewer_before": 302, "reviewer_after": 302}
    data = {
        "action": "draft",
        "comments_to_authors": "Changed.",
        "recommendation": "4",
        "confidence": "3",
        f"score_{scene.criteria[0].pk}": "3",
        f"score_{scene.criteria[1].pk}": "3",
    }
    _check(client, scene, "post", url, expected, data)


def test_decline_page(client):
    scene = reviewing_scene()
    url = reverse(
        "reviews:decline", kwargs={**_slug(scene), "reference": scene.submission.reference}
    )
    # The reviewer who submitted is sent back to the review: started reviews are not declined.
    expected = {**REVIEWER_PAGE, "reviewer_after": 302}
    _check(client, scene, "get", url, expected)


def test_decline_post_only_by_the_assigned_reviewer(client):
    scene = reviewing_scene()
    url = reverse(
        "reviews:decline", kwargs={**_slug(scene), "reference": scene.submission.reference}
    )
    expected = {**REVIEWER_PAGE, "reviewer_before": 302, "reviewer_after": 302}
    _check(client, scene, "post", url, expected, {"reason": "No time."})
    assert list(DeclinedAssignment.objects.values_list("reviewer__full_name", flat=True)) == [
        "Reviewer Before"
    ]


def test_unknown_reference_and_conference_are_404(client):
    scene = reviewing_scene()
    client.force_login(scene.reviewer_before)
    assert (
        client.get(
            reverse("reviews:review", kwargs={**_slug(scene), "reference": "ZZZZZZZZ"})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse(
                "reviews:review",
                kwargs={"conference": "nowhere", "reference": scene.submission.reference},
            )
        ).status_code
        == 404
    )
