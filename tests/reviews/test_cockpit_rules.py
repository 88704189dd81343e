"""The cockpit's predicates (reviews/rules.py) and querysets (reviews/queries.py) agree."""

from __future__ import annotations

import pytest
import rules

from cfp.models import Conference
from reviews import queries
from tests.factories import cockpit_world

pytestmark = pytest.mark.django_db

ACTORS = [
    "author",
    "coauthor",
    "reviewer_before",
    "reviewer_after",
    "unassigned",
    "conflicted_reviewer",
    "chair_a",
    "chair_b",
    "organiser",
    "conflicted_organiser",
    "superuser",
]


@pytest.fixture
def world():
    return cockpit_world()


def _names(world, qs):
    return {name for name in ("paper", "other") if qs.filter(pk=world[name].pk).exists()}


def _by_rule(world, perm, user):
    return {name for name in ("paper", "other") if rules.has_perm(perm, user, world[name])}


@pytest.mark.parametrize("actor", ACTORS)
def test_discuss_mirrors(world, actor):
    user = world["actors"][actor]
    by_query = _names(world, queries.discussable_submissions(user, world["conference"]))
    assert _by_rule(world, "reviews.discuss_submission", user) == by_query
    expected = {
        "reviewer_after": {"paper"},
        "chair_a": {"paper"},
        "chair_b": {"other"},
        "organiser": {"paper", "other"},
        "conflicted_organiser": {"other"},
    }
    assert by_query == expected.get(actor, set())


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("perm", ["reviews.write_meta_review", "reviews.view_submission_scores"])
def test_meta_review_and_scores_mirror(world, actor, perm):
    user = world["actors"][actor]
    by_query = _names(world, queries.cockpit_submissions(user, world["conference"]))
    assert _by_rule(world, perm, user) == by_query


@pytest.mark.parametrize("actor", ACTORS)
def test_view_cockpit_mirrors(world, actor):
    user = world["actors"][actor]
    conference = world["conference"]
    by_rule = rules.has_perm("reviews.view_cockpit", user, conference)
    by_query = (
        Conference.objects.filter(queries.cockpit_conference_q(user), pk=conference.pk)
        .distinct()
        .exists()
    )
    assert (
        by_rule
        == by_query
        == (actor in {"chair_a", "chair_b", "organiser", "conflicted_organiser"})
    )
