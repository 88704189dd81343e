"""The public programme: who sees it, that it shows only the published version, that a
withheld name never appears, search, times, and a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme.domain.publishing import publish
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    ConferenceFactory,
    PresentationFactory,
    SessionFactory,
)

from .conftest import WITHHELD_AFFILIATION, WITHHELD_NAME
from .test_access import PEOPLE, _get

pytestmark = pytest.mark.django_db

PAGES = ["public_programme", "public_themes", "public_search", "public_changes"]
EXPORTS = ["public_programme_ics", "public_programme_json", "public_schedule_xml"]
SESSION_URLS = ["public_session", "public_session_ics"]


def all_urls(world) -> list[str]:
    """Every public page and export of ``world``'s published programme."""
    slug = world["conference"].slug
    urls = [reverse(f"programme:{n}", kwargs={"conference": slug}) for n in PAGES + EXPORTS]
    for session in (world["session"], world["keynote"]):
        urls += [
            reverse(f"programme:{n}", kwargs={"conference": slug, "session_id": session.pk})
            for n in SESSION_URLS
        ]
    urls.append(
        reverse(
            "programme:public_presentation",
            kwargs={"conference": slug, "presentation_id": world["presentation"].pk},
        )
    )
    return urls


def _url(world, name, **kwargs):
    return reverse(f"programme:{name}", kwargs={"conference": world["conference"].slug, **kwargs})


@pytest.mark.parametrize("who", PEOPLE)
def test_everyone_reads_the_published_programme_of_a_public_conference(
    client, programme_world, who
):
    for url in all_urls(programme_world):
        client.logout()
        assert _get(client, programme_world, who, url) == 200, url


@pytest.mark.parametrize("who", PEOPLE)
def test_a_conference_not_public_shows_its_programme_to_its_organisers_only(
    client, programme_world, who
):
    programme_world["conference"].is_public = False
    programme_world["conference"].save()
    for url in all_urls(programme_world):
        client.logout()
        expected = 200 if who == "organiser" else 404
        assert _get(client, programme_world, who, url) == expected, url


@pytest.mark.parametrize("who", PEOPLE)
def test_nothing_is_public_before_the_first_version(client, world, who):
    session = SessionFactory(conference=world["conference"])
    paper = PresentationFactory(session=session, submission=world["submission"])
    slug = world["conference"].slug
    urls = [reverse(f"programme:{n}", kwargs={"conference": slug}) for n in PAGES + EXPORTS]
    urls += [
        reverse(f"programme:{n}", kwargs={"conference": slug, "session_id": session.pk})
        for n in SESSION_URLS
    ]
    urls.append(
        reverse(
            "programme:public_presentation",
            kwargs={"conference": slug, "presentation_id": paper.pk},
        )
    )
    for url in urls:
        client.logout()
        assert _get(client, world, who, url) == 404, url


def test_an_unknown_conference_session_or_presentation_is_not_found(client, programme_world):
    assert client.get("/c/nowhere/programme/").status_code == 404
    assert client.get(_url(programme_world, "public_session", session_id=999999)).status_code == 404
    missing = _url(programme_world, "public_presentation", presentation_id=999999)
    assert client.get(missing).status_code == 404


def test_the_withheld_name_appears_nowhere_byte_for_byte(client, programme_world):
    for url in all_urls(programme_world):
        body = client.get(url).content
        assert WITHHELD_NAME.encode() not in body, url
        assert b"Hiddenname" not in body and b"zawadi" not in body, url
        assert WITHHELD_AFFILIATION.encode() not in body, url
    presentation = client.get(
        _url(
            programme_world,
            "public_presentation",
            presentation_id=programme_world["presentation"].pk,
        )
    )
    assert "Name withheld at the author&#x27;s request" in presentation.content.decode()


def test_searching_for_a_withheld_name_or_affiliation_finds_nothing(client, programme_world):
    for query in (WITHHELD_NAME, "Hiddenname", "Secret Shelter"):
        response = client.get(_url(programme_world, "public_search"), {"q": query})
        assert response.context["papers"] == [] and response.context["sessions"] == []
        assert "0 presentations found." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["brokers mekong", "NGUYEN THI", "nguyễn", "somchai", "lao pdr", "savannakhet", "research"],
)
def test_search_finds_titles_authors_keywords_abstracts_and_types(client, programme_world, query):
    response = client.get(_url(programme_world, "public_search"), {"q": query})
    assert [p["id"] for p in response.context["papers"]] == [programme_world["presentation"].pk]


def test_search_finds_sessions_and_keeps_the_query(client, programme_world):
    response = client.get(_url(programme_world, "public_search"), {"q": "keynote"})
    assert [s["id"] for s in response.context["sessions"]] == [programme_world["keynote"].pk]
    assert 'value="keynote"' in response.content.decode()


def test_an_empty_search_lists_nothing(client, programme_world):
    response = client.get(_url(programme_world, "public_search"), {"q": "   "})
    assert response.context["papers"] == [] and "found" not in response.content.decode()


def test_a_session_added_after_publishing_is_public_only_after_the_next_publish(
    client, programme_world
):
    late = SessionFactory(
        conference=programme_world["conference"],
        day=programme_world["day"],
        room=programme_world["rooms"][0],
        title="Late-breaking panel",
        kind="panel",
        starts=dt.time(14, 0),
        ends=dt.time(15, 0),
    )
    programme_world["session"].title = "Renamed in the draft"
    programme_world["session"].save()

    for url in all_urls(programme_world):
        body = client.get(url, {"q": "late-breaking"}).content
        assert b"Late-breaking panel" not in body and b"Renamed in the draft" not in body, url
    assert (
        client.get(_url(programme_world, "public_session", session_id=late.pk)).status_code == 404
    )

    publish(
        conference=programme_world["conference"],
        by=programme_world["organiser"],
        note="",
        now=REFERENCE_NOW + dt.timedelta(hours=1),
    )

    glance = client.get(_url(programme_world, "public_programme")).content.decode()
    assert "Late-breaking panel" in glance and "Renamed in the draft" in glance
    assert "Version 2, published 1 June 2026." in glance
    assert (
        client.get(_url(programme_world, "public_session", session_id=late.pk)).status_code == 200
    )


def test_at_a_glance_is_a_time_by_room_table_in_the_conference_time_zone(client, programme_world):
    page = client.get(_url(programme_world, "public_programme")).content.decode()

    assert '<h2 id="day-2026-09-01">Tuesday 1 September 2026</h2>' in page
    assert '<th scope="col"><bdi>Main hall</bdi></th><th scope="col"><bdi>Room B</bdi></th>' in page
    assert '<th scope="row" class="grid-time">09:00–10:30</th><td></td><td>' in page
    assert "Times in Asia/Bangkok (UTC+07:00)." in page
    assert "Version 1, published 1 June 2026." in page
    assert _url(programme_world, "public_changes") in page
    for name in EXPORTS:
        assert _url(programme_world, name) in page


def test_a_session_page_has_time_room_chair_and_presentations(client, programme_world):
    session = programme_world["session"]
    page = client.get(_url(programme_world, "public_session", session_id=session.pk))
    text = page.content.decode()

    assert "<h1><bdi>Brokers and borders</bdi></h1>" in text
    assert "Tuesday 1 September 2026, 09:00–10:30" in text and "(Asia/Bangkok)" in text
    assert "<bdi>Room B</bdi>" in text and "<bdi>Dr. Chair</bdi>" in text
    assert "09:00–09:20" in text and "Brokers on the Mekong" in text
    assert "Nguyễn Thị Minh Khai" in text


def test_a_presentation_page_has_authors_abstract_type_keywords_and_place(client, programme_world):
    AuthorshipFactory(submission=programme_world["submission"], full_name="Late Author", order=3)
    paper = programme_world["presentation"]
    text = client.get(
        _url(programme_world, "public_presentation", presentation_id=paper.pk)
    ).content.decode()

    assert "<h1><bdi>Brokers on the Mekong</bdi></h1>" in text
    assert "Late Author" not in text  # added after publishing
    assert "How recruitment brokers shape migration from Savannakhet." in text
    assert "Research paper" in text and "<bdi>Lao PDR</bdi>" in text
    assert "Trafficking and labour" in text and "09:00–09:20" in text


def test_the_public_changelog_lists_versions_without_names(client, programme_world):
    programme_world["session"].chair_name = "Prof. Vannak Chea"
    programme_world["session"].save()
    publish(
        conference=programme_world["conference"],
        by=programme_world["organiser"],
        note="A new chair",
        now=REFERENCE_NOW + dt.timedelta(days=1),
    )
    text = client.get(_url(programme_world, "public_changes")).content.decode()
    assert "Version 2, published 2 June 2026, 19:00" in text
    assert "A new chair" in text
    assert "Session “Brokers and borders” has a new chair." in text
    assert "Vannak" not in text  # names only on the organisers' side
    assert "The first published programme." in text


def _grow(world, sessions: int) -> None:
    conference = world["conference"]
    for n in range(sessions):
        session = SessionFactory(
            conference=conference,
            day=world["day"],
            title=f"Extra {n}",
            starts=dt.time(13, n),
            ends=dt.time(14, n),
        )
        for order in range(3):
            placed = PresentationFactory(session=session, order=order)
            AuthorshipFactory(submission=placed.submission)
    publish(conference=conference, by=world["organiser"], note="", now=REFERENCE_NOW)


@pytest.mark.parametrize("name", PAGES + EXPORTS)
def test_public_pages_take_the_same_queries_whatever_the_programme_size(
    client, programme_world, name
):
    url = _url(programme_world, name)
    client.get(url, {"q": "extra"})
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"q": "extra"}).status_code == 200
    _grow(programme_world, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, {"q": "extra"}).status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 3


def test_a_conference_without_a_programme_says_not_found(client):
    conference = ConferenceFactory()
    assert client.get(f"/c/{conference.slug}/programme/").status_code == 404


def test_session_and_presentation_pages_take_the_same_queries_whatever_the_size(
    client, programme_world
):
    urls = [
        _url(programme_world, "public_session", session_id=programme_world["session"].pk),
        _url(programme_world, "public_session_ics", session_id=programme_world["session"].pk),
        _url(
            programme_world,
            "public_presentation",
            presentation_id=programme_world["presentation"].pk,
        ),
    ]

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            out.append(len(queries))
        return out

    small = counts()
    _grow(programme_world, 6)
    assert counts() == small
