"""Who may open each conflicts page: every actor, each page (reviews/views/conflicts.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.reviews import conflicts_world
from tests.reviews.conflicts_world import ACTORS, client_for

now = conflicts_world.now
world = conflicts_world.world

pytestmark = pytest.mark.django_db

LOGIN = "login"


def _status(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


AUTHOR_PAGE = {
    "anonymous": LOGIN,
    "author": 200,
    "coauthor": 403,  # may read the submission, is not an editor
    "reviewer": 404,
    "conflicted_reviewer": 404,
    "chair_a": 404,
    "chair_b": 404,
    "organiser": 403,  # sees the submission as organiser, is not its author
    "conflicted_organiser": 404,
    "superuser": 404,
}

CHAIR_SUBMISSION_PAGE = {
    "anonymous": LOGIN,
    "author": 403,
    "coauthor": 403,
    "reviewer": 403,
    "conflicted_reviewer": 403,
    "chair_a": 200,
    "chair_b": 404,
    "organiser": 200,
    "conflicted_organiser": 404,
    "superuser": 403,
}

CONFERENCE_LIST = {
    "anonymous": LOGIN,
    "author": 403,
    "coauthor": 403,
    "reviewer": 403,
    "conflicted_reviewer": 403,
    "chair_a": 200,
    "chair_b": 200,
    "organiser": 200,
    "conflicted_organiser": 200,
    "superuser": 403,
}

ORGANISERS_ONLY = {
    "anonymous": LOGIN,
    "author": 403,
    "coauthor": 403,
    "reviewer": 403,
    "conflicted_reviewer": 403,
    "chair_a": 403,
    "chair_b": 403,
    "organiser": 200,
    "conflicted_organiser": 200,
    "superuser": 403,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_author_declaration_page(client, world, actor):
    url = reverse("reviews:author_conflicts", args=[world.conference.slug, world.paper.reference])
    assert _status(client_for(client, world, actor).get(url)) == AUTHOR_PAGE[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_author_declaration_post(client, world, actor):
    url = reverse("reviews:author_conflicts", args=[world.conference.slug, world.paper.reference])
    expected = 302 if AUTHOR_PAGE[actor] == 200 else AUTHOR_PAGE[actor]
    assert _status(client_for(client, world, actor).post(url, {})) == expected


@pytest.mark.parametrize("actor", ACTORS)
def test_chair_conflicts_page_of_a_submission(client, world, actor):
    url = reverse("reviews:submission_conflicts", args=[world.conference.slug, world.paper.number])
    response = client_for(client, world, actor).get(url)
    assert _status(response) == CHAIR_SUBMISSION_PAGE[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_why_this_score_page(client, world, actor):
    reviewer = world.users["reviewer"]
    url = reverse(
        "reviews:why_score", args=[world.conference.slug, world.paper.number, reviewer.pk]
    )
    response = client_for(client, world, actor).get(url)
    assert _status(response) == CHAIR_SUBMISSION_PAGE[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_conference_conflicts_list(client, world, actor):
    url = reverse("reviews:conflicts", args=[world.conference.slug])
    response = client_for(client, world, actor).get(url)
    assert _status(response) == CONFERENCE_LIST[actor]
    if response.status_code == 200:
        listed = "Paper in theme A" in response.text
        assert listed == (actor in ("chair_a", "organiser"))


@pytest.mark.parametrize("actor", ACTORS)
def test_affinity_settings_page(client, world, actor):
    url = reverse("reviews:affinity_settings", args=[world.conference.slug])
    assert _status(client_for(client, world, actor).get(url)) == ORGANISERS_ONLY[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_refresh_button(client, world, actor):
    url = reverse("reviews:conflicts_refresh", args=[world.conference.slug])
    expected = 302 if ORGANISERS_ONLY[actor] == 200 else ORGANISERS_ONLY[actor]
    assert _status(client_for(client, world, actor).post(url)) == expected


def test_an_unpublished_conference_s_chair_pages_are_not_found(client, world):
    world.conference.is_public = False
    world.conference.save()
    client.force_login(world.users["reviewer"])
    for name in ("reviews:conflicts", "reviews:affinity_settings", "reviews:bid_overview"):
        assert client.get(reverse(name, args=[world.conference.slug])).status_code == 404
