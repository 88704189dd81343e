"""The organisers' review form: criteria, their limits, order, the suggested set."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.domain import reviewing as domain
from reviews.models import ReviewCriterion, ReviewScore
from tests.factories import (
    ConferenceFactory,
    ContributionTypeFactory,
    ReviewCriterionFactory,
    ReviewFactory,
    SubmissionFactory,
    organiser_with_mfa,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return ConferenceFactory()


@pytest.fixture
def organiser_client(client, conference):
    client.force_login(organiser_with_mfa(conference))
    return client


def _url(conference, name, **kwargs):
    return reverse(f"reviews:{name}", kwargs={"conference": conference.slug, **kwargs})


def _form(**overrides):
    data = {
        "name": "Originality",
        "guidance": "What is new?",
        "scale": "Poor\nFair\nGood\nVery good\nExcellent",
        "required": "on",
        "weight": "1.5",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_add_a_criterion_for_some_types(organiser_client, conference):
    reflection = ContributionTypeFactory(conference=conference, name="Reflection")
    response = organiser_client.post(
        _url(conference, "criterion_add"), _form(contribution_types=[reflection.pk])
    )
    assert response.status_code == 302
    criterion = ReviewCriterion.objects.get()
    assert (criterion.name, criterion.guidance, criterion.required, criterion.weight) == (
        "Originality",
        "What is new?",
        True,
        1.5,
    )
    assert criterion.scale == [
        {"value": 1, "label": "Poor"},
        {"value": 2, "label": "Fair"},
        {"value": 3, "label": "Good"},
        {"value": 4, "label": "Very good"},
        {"value": 5, "label": "Excellent"},
    ]
    assert list(criterion.contribution_types.all()) == [reflection]


@pytest.mark.parametrize(
    ("scale", "error"),
    [
        ("Only one", "Give from 2 to 10 labels, one a line (you gave 1)."),
        (
            "\n".join(f"L{i}" for i in range(11)),
            "Give from 2 to 10 labels, one a line (you gave 11).",
        ),
        ("Low\n" + "x" * 101, "A label has at most 100 characters: “" + "x" * 30 + "…” is longer."),
    ],
)
def test_scale_limits(organiser_client, conference, scale, error):
    response = organiser_client.post(_url(conference, "criterion_add"), _form(scale=scale))
    assert response.status_code == 200
    assert response.context["form"].errors == {"scale": [error]}
    assert not ReviewCriterion.objects.exists()


def test_text_limits(organiser_client, conference):
    response = organiser_client.post(
        _url(conference, "criterion_add"), _form(name="n" * 201, guidance="g" * 2001, weight="11")
    )
    assert sorted(response.context["form"].errors) == ["guidance", "name", "weight"]
    # What was typed is kept.
    assert "g" * 2001 in response.content.decode()


def test_ten_points_of_100_characters_are_accepted(organiser_client, conference):
    scale = "\n".join(f"{i}" + "y" * 99 for i in range(10))
    assert (
        organiser_client.post(_url(conference, "criterion_add"), _form(scale=scale)).status_code
        == 302
    )
    assert len(ReviewCriterion.objects.get().scale) == 10


def test_a_type_of_another_conference_is_refused(conference):
    other = ContributionTypeFactory()
    with pytest.raises(domain.ReviewingError):
        domain.save_criterion(
            conference=conference,
            name="X",
            scale=domain.scale_from_labels(["a", "b"]),
            contribution_types=[other],
        )


def test_edit_reorder_delete(organiser_client, conference):
    first = ReviewCriterionFactory(conference=conference, name="First", order=0)
    second = ReviewCriterionFactory(conference=conference, name="Second", order=1)
    assert (
        organiser_client.post(
            _url(conference, "criterion_edit", pk=first.pk),
            _form(name="First, renamed", required=None),
        ).status_code
        == 302
    )
    first.refresh_from_db()
    assert (first.name, first.required) == ("First, renamed", False)
    organiser_client.post(_url(conference, "criterion_move", pk=second.pk), {"direction": "up"})
    assert list(ReviewCriterion.objects.values_list("name", flat=True)) == [
        "Second",
        "First, renamed",
    ]
    organiser_client.post(_url(conference, "criterion_delete", pk=first.pk))
    assert list(ReviewCriterion.objects.values_list("name", flat=True)) == ["Second"]


def test_a_scored_criterion_cannot_be_deleted(organiser_client, conference):
    criterion = ReviewCriterionFactory(conference=conference)
    review = ReviewFactory(submission=SubmissionFactory(conference=conference))
    ReviewScore.objects.create(review=review, criterion=criterion, value=3)
    response = organiser_client.post(
        _url(conference, "criterion_delete", pk=criterion.pk), follow=True
    )
    assert ReviewCriterion.objects.filter(pk=criterion.pk).exists()
    assert "cannot be deleted" in response.content.decode()


def test_another_conferences_criterion_is_404(organiser_client, conference):
    other = ReviewCriterionFactory()
    assert organiser_client.get(_url(conference, "criterion_edit", pk=other.pk)).status_code == 404


def test_load_suggested_criteria_without_a_reflection_type(organiser_client, conference):
    ContributionTypeFactory(conference=conference, name="Research paper")
    organiser_client.post(_url(conference, "criteria_suggested"))
    rows = [
        (c.name, c.weight, [t.name for t in c.contribution_types.all()], len(c.scale))
        for c in ReviewCriterion.objects.all()
    ]
    assert rows == [
        ("Relevance to the call", 1.0, [], 5),
        ("Originality", 1.0, [], 5),
        ("Methodological rigour and research ethics", 1.5, [], 5),
        ("Clarity", 0.5, [], 5),
        ("Contribution to policy or practice", 1.0, [], 5),
    ]
    # A second load adds nothing.
    organiser_client.post(_url(conference, "criteria_suggested"))
    assert ReviewCriterion.objects.count() == 5


def test_suggested_criteria_differ_for_practitioners_reflections(conference):
    research = ContributionTypeFactory(conference=conference, name="Research paper")
    reflection = ContributionTypeFactory(conference=conference, name="Practitioner's reflection")
    domain.load_suggested_criteria(conference=conference)
    research_paper = SubmissionFactory(conference=conference, contribution_type=research)
    reflection_paper = SubmissionFactory(conference=conference, contribution_type=reflection)
    assert [c.name for c in domain.criteria_for(research_paper)] == [
        "Relevance to the call",
        "Originality",
        "Methodological rigour and research ethics",
        "Clarity",
        "Contribution to policy or practice",
    ]
    assert [c.name for c in domain.criteria_for(reflection_paper)] == [
        "Relevance to the call",
        "Clarity",
        "Contribution to policy or practice",
        "Depth of reflection on practice",
    ]


def test_criteria_list_queries_do_not_grow(organiser_client, conference):
    types = [ContributionTypeFactory(conference=conference) for _ in range(3)]
    ReviewCriterionFactory(conference=conference).contribution_types.set(types[:1])
    url = _url(conference, "criteria")
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert organiser_client.get(url).status_code == 200
    for _ in range(6):
        ReviewCriterionFactory(conference=conference).contribution_types.set(types)
    with CaptureQueriesContext(connection) as many:
        response = organiser_client.get(url)
    assert len(response.context["items"]) == 7
    assert len(many) == len(one)


def test_suggested_criteria_on_the_mahidol_types(conference):
    """The 2017 call's types: conceptual studies, reports on empirical research, reflection
    papers by practitioners."""
    conceptual = ContributionTypeFactory(conference=conference, name="Conceptual studies")
    empirical = ContributionTypeFactory(conference=conference, name="Reports on empirical research")
    reflection = ContributionTypeFactory(
        conference=conference, name="Reflection papers by practitioners"
    )
    domain.load_suggested_criteria(conference=conference)
    forms = {
        t.name: [
            c.name
            for c in domain.criteria_for(
                SubmissionFactory(conference=conference, contribution_type=t)
            )
        ]
        for t in (conceptual, empirical, reflection)
    }
    assert forms == {
        "Conceptual studies": [
            "Relevance to the call",
            "Originality",
            "Clarity",
            "Contribution to policy or practice",
        ],
        "Reports on empirical research": [
            "Relevance to the call",
            "Originality",
            "Methodological rigour and research ethics",
            "Clarity",
            "Contribution to policy or practice",
        ],
        "Reflection papers by practitioners": [
            "Relevance to the call",
            "Clarity",
            "Contribution to policy or practice",
            "Depth of reflection on practice",
        ],
    }
