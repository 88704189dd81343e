"""The header and the dashboard show each person the areas their roles open (issue 8, #12)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.context_processors import areas_of
from tests.factories import ConferenceFactory, organiser_with_mfa, verified_user


def header(response) -> str:
    page = response.content.decode()
    return page[page.index("<header>") : page.index("</header>")]


@pytest.mark.django_db
def test_an_organiser_finds_the_organiser_area_in_the_header_and_on_the_dashboard(client):
    conference = ConferenceFactory(slug="mekong", title="Mekong migrations")
    client.force_login(organiser_with_mfa(conference))

    response = client.get(reverse("cfp:dashboard"))

    assert (
        '<li class="nav-item"><a class="nav-link" href="/c/mekong/organise/">Organiser area'
        '<span class="visually-hidden"> — Mekong migrations</span></a></li>'
    ) in header(response)
    assert (
        '<li class="mb-1"><a href="/c/mekong/organise/">Organiser area</a> — '
        "<bdi>Mekong migrations</bdi></li>"
    ) in response.content.decode()


@pytest.mark.django_db
def test_an_author_sees_no_organiser_area(client):
    ConferenceFactory(slug="mekong")
    client.force_login(verified_user())

    response = client.get(reverse("cfp:dashboard"))

    assert "/organise/" not in response.content.decode()
    assert 'id="my-areas"' not in response.content.decode()


@pytest.mark.django_db
def test_a_site_administrator_is_not_shown_organiser_areas(client):
    ConferenceFactory(slug="mekong")
    admin = verified_user(is_staff=True, is_superuser=True)
    client.force_login(admin)

    assert "/organise/" not in header(client.get(reverse("cfp:dashboard")))


@pytest.mark.django_db
def test_an_organiser_of_several_conferences_is_led_to_the_list_of_areas(client):
    first = ConferenceFactory(slug="mekong", title="Mekong migrations")
    user = organiser_with_mfa(first)
    second = ConferenceFactory(slug="andaman", title="Andaman crossings")
    second.organisers.add(user)
    client.force_login(user)

    response = client.get(reverse("cfp:dashboard"))

    assert (
        '<li class="nav-item"><a class="nav-link" href="/dashboard/#my-areas">Your areas</a></li>'
    ) in header(response)
    page = response.content.decode()
    assert '<a href="/c/mekong/organise/">Organiser area</a> — <bdi>Mekong migrations</bdi>' in page
    assert (
        '<a href="/c/andaman/organise/">Organiser area</a> — <bdi>Andaman crossings</bdi>' in page
    )


@pytest.mark.django_db
def test_the_areas_cost_one_query(client):
    user = verified_user()
    for _ in range(3):
        ConferenceFactory().organisers.add(user)
    with CaptureQueriesContext(connection) as queries:
        assert len(areas_of(user)) == 6  # organiser and committee areas of each
    assert len(queries) == 1


def _page_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cfp:dashboard"))  # header and dashboard both list them
    assert response.status_code == 200
    assert sum('"cfp_conference_organisers"' in q["sql"] for q in queries) == 1
    return len(queries)


@pytest.mark.django_db
def test_a_page_asks_for_the_areas_once_whatever_their_number(client):
    one, many = verified_user(), verified_user()
    ConferenceFactory().organisers.add(one)
    for _ in range(5):
        ConferenceFactory().organisers.add(many)

    assert _page_queries(client, one) == _page_queries(client, many)


@pytest.mark.django_db
def test_anonymous_visitors_cost_no_query_for_areas(client):
    ConferenceFactory(slug="mekong", is_public=True)
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("account_login"))
    assert not [q for q in page.captured_queries if "organisers" in q["sql"]]
