"""Writing a review: drafts, submitting, the deadline, reopening, seeing the other reviews,
and nothing of the authors reaching a reviewer under double-blind review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reviews.models import Review, ReviewingSettings, ReviewScore
from tests.factories import (
    REFERENCE_NOW,
    AssignmentFactory,
    CommitteeMemberFactory,
    ReviewFactory,
    reviewing_scene,
    verified_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Set the server's clock: ``clock(instant)``; starts at REFERENCE_NOW."""

    def set_to(instant):
        monkeypatch.setattr("django.utils.timezone.now", lambda: instant)

    set_to(REFERENCE_NOW)
    return set_to


@pytest.fixture
def scene(clock):
    return reviewing_scene()


def _url(scene, name="review"):
    return reverse(
        f"reviews:{name}",
        kwargs={"conference": scene.conference.slug, "reference": scene.submission.reference},
    )


def _complete(scene, **overrides):
    data = {
        f"score_{scene.criteria[0].pk}": "5",
        f"score_{scene.criteria[1].pk}": "2",
        "recommendation": "5",
        "confidence": "4",
        "comments_to_authors": "The fieldwork is careful.",
        "confidential_comments": "Possibly a student paper.",
        "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_draft_keeps_what_is_typed_without_requiring_the_rest(client, scene):
    client.force_login(scene.reviewer_before)
    response = client.post(
        _url(scene), {"action": "draft", "comments_to_authors": "Half a thought"}
    )
    assert response.status_code == 302
    review = Review.objects.get(reviewer=scene.reviewer_before)
    assert (review.state, review.comments_to_authors, review.recommendation) == (
        "draft",
        "Half a thought",
        None,
    )
    assert review.submitted_at is None
    page = client.get(_url(scene)).content.decode()
    assert "Half a thought" in page
    assert "Your review is a draft: not submitted yet." in page


def test_draft_refuses_a_score_off_the_scale_and_keeps_the_text(client, scene):
    client.force_login(scene.reviewer_before)
    response = client.post(
        _url(scene),
        {
            "action": "draft",
            f"score_{scene.criteria[0].pk}": "9",
            "comments_to_authors": "Text I must not lose",
        },
    )
    assert response.status_code == 200
    assert "Text I must not lose" in response.content.decode()
    assert not Review.objects.filter(reviewer=scene.reviewer_before).exists()


def test_submit_requires_scores_recommendation_confidence_and_comments(client, scene):
    client.force_login(scene.reviewer_before)
    response = client.post(
        _url(scene),
        _complete(
            scene,
            **{
                f"score_{scene.criteria[1].pk}": None,
                "confidence": None,
                "comments_to_authors": "   ",
                "confidential_comments": "Kept confidential text",
            },
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form.errors) == sorted(
        [f"score_{scene.criteria[1].pk}", "confidence", "comments_to_authors"]
    )
    assert "Kept confidential text" in response.content.decode()
    assert not Review.objects.filter(reviewer=scene.reviewer_before).exists()


def test_optional_criterion_may_stay_empty_on_submit(client, scene):
    scene.criteria[1].required = False
    scene.criteria[1].save()
    client.force_login(scene.reviewer_before)
    response = client.post(_url(scene), _complete(scene, **{f"score_{scene.criteria[1].pk}": None}))
    assert response.status_code == 302
    review = Review.objects.get(reviewer=scene.reviewer_before)
    assert list(review.scores.values_list("criterion__name", "value")) == [("Relevance", 5)]


def test_submit_after_a_draft(client, scene):
    client.force_login(scene.reviewer_before)
    client.post(_url(scene), {"action": "draft", "comments_to_authors": "First words"})
    response = client.post(_url(scene), _complete(scene))
    assert response.status_code == 302
    review = Review.objects.get(reviewer=scene.reviewer_before)
    assert (review.state, review.submitted_at, review.recommendation, review.confidence) == (
        "submitted",
        REFERENCE_NOW,
        5,
        4,
    )
    assert review.comments_to_authors == "The fieldwork is careful."
    assert sorted(review.scores.values_list("criterion__name", "value")) == [
        ("Clarity", 2),
        ("Relevance", 5),
    ]


def test_a_submitted_review_does_not_go_back_to_draft(client, scene):
    client.force_login(scene.reviewer_after)
    response = client.post(_url(scene), _complete(scene, action="draft", confidence=None))
    assert response.status_code == 200
    assert "confidence" in response.context["form"].errors
    scene.review.refresh_from_db()
    assert (scene.review.state, scene.review.confidence) == ("submitted", 3)


def test_criteria_of_another_type_are_not_on_the_form(client, scene):
    from tests.factories import ContributionTypeFactory, ReviewCriterionFactory

    other_type = ContributionTypeFactory(conference=scene.conference, name="Reflection")
    only_other = ReviewCriterionFactory(conference=scene.conference, name="Depth of reflection")
    only_other.contribution_types.set([other_type])
    client.force_login(scene.reviewer_before)
    response = client.get(_url(scene))
    assert list(response.context["form"].fields)[:2] == [
        f"score_{scene.criteria[0].pk}",
        f"score_{scene.criteria[1].pk}",
    ]
    assert f"score_{only_other.pk}" not in response.context["form"].fields


# --- the deadline (end of 2026-06-15 in Asia/Bangkok = 2026-06-15 17:00 UTC)


def test_review_editable_until_the_end_of_the_deadline_day_in_the_conference_tz(
    client, scene, clock
):
    clock(dt.datetime(2026, 6, 15, 16, 59, 59, tzinfo=dt.UTC))
    client.force_login(scene.reviewer_before)
    assert client.post(_url(scene), _complete(scene)).status_code == 302
    clock(dt.datetime(2026, 6, 15, 17, 0, 0, tzinfo=dt.UTC))
    response = client.post(_url(scene), _complete(scene, comments_to_authors="Too late"))
    assert response.status_code == 409
    assert Review.objects.get(reviewer=scene.reviewer_before).comments_to_authors == (
        "The fieldwork is careful."
    )
    page = response.content.decode()
    assert "Too late" in page  # what was typed is kept, to be copied
    assert "Submit review" not in page and "Save changes" not in page


def test_after_the_deadline_the_page_is_read_only(client, scene, clock):
    clock(dt.datetime(2026, 6, 16, tzinfo=dt.UTC))
    client.force_login(scene.reviewer_after)
    response = client.get(_url(scene))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert "Submit review" not in page and "Save changes" not in page
    assert "The review deadline has passed: it is read-only." in page


def test_an_organiser_reopens_one_review(client, scene, clock):
    clock(dt.datetime(2026, 6, 16, tzinfo=dt.UTC))
    client.force_login(scene.organiser)
    url = reverse(
        "reviews:reopen", kwargs={"conference": scene.conference.slug, "pk": scene.review.pk}
    )
    assert client.post(url, {"until": "2026-06-20"}).status_code == 302
    scene.review.refresh_from_db()
    # End of 2026-06-20 in Bangkok.
    assert scene.review.editable_until == dt.datetime(2026, 6, 20, 17, 0, tzinfo=dt.UTC)
    client.force_login(scene.reviewer_after)
    response = client.post(_url(scene), _complete(scene, comments_to_authors="Reconsidered"))
    assert response.status_code == 302
    scene.review.refresh_from_db()
    assert scene.review.comments_to_authors == "Reconsidered"
    # Reopening one review opens no other.
    client.force_login(scene.reviewer_before)
    assert client.post(_url(scene), _complete(scene)).status_code == 409


def test_reopen_refuses_a_past_day(client, scene, clock):
    clock(dt.datetime(2026, 6, 16, tzinfo=dt.UTC))
    client.force_login(scene.organiser)
    url = reverse(
        "reviews:reopen", kwargs={"conference": scene.conference.slug, "pk": scene.review.pk}
    )
    response = client.post(url, {"until": "2026-06-10"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"until": ["Reopen it until a moment in the future."]}


# --- the other reviews


def _second_review(scene, name="Reviewer Third", **kwargs):
    user = verified_user(full_name=name)
    CommitteeMemberFactory(conference=scene.conference, user=user)
    AssignmentFactory(submission=scene.submission, reviewer=user)
    review = ReviewFactory(
        submission=scene.submission,
        reviewer=user,
        recommendation=1,
        comments_to_authors="I disagree entirely.",
        confidential_comments="Confidential remark from the third.",
        submitted_at=REFERENCE_NOW - dt.timedelta(minutes=10),
        **kwargs,
    )
    ReviewScore.objects.create(review=review, criterion=scene.criteria[0], value=1)
    return user, review


def test_others_hidden_before_submitting_own(client, scene):
    _second_review(scene)
    client.force_login(scene.reviewer_before)
    page = client.get(_url(scene)).content.decode()
    assert "I disagree entirely." not in page
    assert "Clear and useful." not in page  # reviewer_after's comments


def test_others_shown_after_submitting_own_with_stable_anonymous_labels(client, scene):
    third, _review = _second_review(scene)
    client.force_login(scene.reviewer_after)
    response = client.get(_url(scene))
    page = response.content.decode()
    assert [(n, r.reviewer.full_name) for n, r, _s in response.context["others"]] == [
        (2, "Reviewer Third")
    ]
    assert response.context["own_number"] == 1
    assert "I disagree entirely." in page
    assert "Confidential remark from the third." in page
    assert 'Relevance</dt><dd class="col-sm-8">1 · Poor' in page
    assert "Reviewer 2" in page and "Reviewer Third" not in page  # double-blind
    # The third reviewer reads the same numbers.
    client.force_login(third)
    response = client.get(_url(scene))
    assert [n for n, _r, _s in response.context["others"]] == [1]
    assert response.context["own_number"] == 2


def test_reviewer_names_shown_when_not_double_blind(client, clock):
    scene = reviewing_scene(blind_review="single")
    _second_review(scene)
    client.force_login(scene.reviewer_after)
    page = client.get(_url(scene)).content.decode()
    assert "Reviewer 2: Reviewer Third" in page


def test_organisers_switch_off_showing_other_reviews(client, scene):
    _second_review(scene)
    ReviewingSettings.objects.create(conference=scene.conference, others_reviews_after_own=False)
    client.force_login(scene.reviewer_after)
    response = client.get(_url(scene))
    assert response.context["others"] == []
    assert "I disagree entirely." not in response.content.decode()
    assert "The organisers do not show reviewers each other" in response.content.decode()


def test_settings_page_switches_it_off(client, scene):
    client.force_login(scene.organiser)
    url = reverse("reviews:reviewing_settings", kwargs={"conference": scene.conference.slug})
    assert client.post(url, {}).status_code == 302
    assert (
        ReviewingSettings.objects.get(conference=scene.conference).others_reviews_after_own is False
    )


# --- double-blind: nothing of the authors reaches a reviewer


AUTHOR_TRACES = (
    "Zephyrine",
    "Quackenbush",
    "Oyelaran",
    "Xylophonique",
    "Ouagadougou",
    "zephyrine.q",
    "Vantongerloo",
    "Bartholomew",
    "Quokkaversity",
    "quokkaversity.example",
)


def _reviewer_pages(client, scene, user):
    """Every page of this part a reviewer reaches, in each state of their review."""
    client.force_login(user)
    pages = [
        client.get(reverse("reviews:queue", kwargs={"conference": scene.conference.slug})),
        client.get(_url(scene)),
        client.get(_url(scene, "decline")),
        client.post(_url(scene), {"action": "draft", f"score_{scene.criteria[0].pk}": "99"}),
        client.post(_url(scene), {"action": "draft", "comments_to_authors": "Draft"}),
        client.post(_url(scene), _complete(scene, confidence=None)),
        client.post(_url(scene), _complete(scene), follow=True),
        client.get(_url(scene)),
    ]
    return pages


def test_double_blind_no_author_trace_on_any_reviewer_page(client, scene):
    _second_review(scene)
    pages = _reviewer_pages(client, scene, scene.reviewer_before)
    assert [p.status_code for p in pages] == [200, 200, 200, 200, 302, 200, 200, 200]
    assert pages[-1].context["others"]  # the other reviews are on the last page
    for response in pages:
        text = (response.content.decode() + str(dict(response.headers))).lower()
        assert [t for t in AUTHOR_TRACES if t.lower() in text] == []


def test_single_blind_shows_the_authors(client, clock):
    scene = reviewing_scene(blind_review="single")
    client.force_login(scene.reviewer_before)
    page = client.get(_url(scene)).content.decode()
    assert "Zephyrine Quackenbush-Oyelaran (Institut Xylophonique de Ouagadougou)" in page
    assert "zephyrine.q@" not in page  # emails are never shown


# --- query counts


def test_review_page_queries_do_not_grow_with_criteria_or_reviews(
    client, scene, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ReviewCriterionFactory

    client.force_login(scene.reviewer_after)
    client.get(_url(scene))  # the session's first request
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(scene)).status_code == 200
    for i in range(5):
        ReviewCriterionFactory(conference=scene.conference, name=f"Extra {i}")
    for i in range(3):
        _second_review(scene, name=f"Another {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(scene))
    assert len(response.context["others"]) == 3
    assert len(many) == len(few)
