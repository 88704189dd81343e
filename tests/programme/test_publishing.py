"""The organisers' publishing page: preview, changelog, publish, versions."""

import datetime as dt

import pytest
from django.urls import reverse

from programme.domain.publishing import NothingToPublish, publish
from programme.models import ProgrammeVersion
from tests.factories import REFERENCE_NOW, SessionFactory

from .conftest import WITHHELD_NAME
from .test_access import LOGIN, PEOPLE, _get

pytestmark = pytest.mark.django_db


def _url(world, name="programme:publish", **kwargs):
    return reverse(name, kwargs={"conference": world["conference"].slug, **kwargs})


EXPECTED_PAGE = dict(zip(PEOPLE, [LOGIN, 403, 403, 403, 403, 200, 403, 403], strict=True))
EXPECTED_POST = dict(zip(PEOPLE, [LOGIN, 403, 403, 403, 403, 200, 403, 403], strict=True))


@pytest.mark.parametrize("who", PEOPLE)
def test_publishing_page(client, programme_world, who):
    assert _get(client, programme_world, who, _url(programme_world)) == EXPECTED_PAGE[who]


@pytest.mark.parametrize("who", PEOPLE)
def test_version_page(client, programme_world, who):
    url = _url(programme_world, "programme:version_changes", version_number=1)
    assert _get(client, programme_world, who, url) == EXPECTED_PAGE[who]


@pytest.mark.parametrize("who", PEOPLE)
def test_only_organisers_publish(client, programme_world, who):
    SessionFactory(conference=programme_world["conference"], title="Late addition")
    status = _get(client, programme_world, who, _url(programme_world), method="post")
    assert status == (302 if who == "organiser" else EXPECTED_POST[who])
    count = ProgrammeVersion.objects.filter(conference=programme_world["conference"]).count()
    assert count == (2 if who == "organiser" else 1)


def test_an_unpublished_conference_of_another_organiser_is_not_found(client, programme_world):
    programme_world["conference"].is_public = False
    programme_world["conference"].save()
    client.force_login(programme_world["foreign_organiser"])
    assert client.get(_url(programme_world)).status_code == 404


def test_publishing_makes_the_next_version_with_its_note_and_publisher(client, programme_world):
    SessionFactory(conference=programme_world["conference"], title="Late addition")
    client.force_login(programme_world["organiser"])

    response = client.post(_url(programme_world), {"note": "  A session added.  "}, follow=True)

    version = ProgrammeVersion.objects.get(conference=programme_world["conference"], number=2)
    assert version.note == "A session added."
    assert version.published_by == programme_world["organiser"]
    assert "Late addition" in [s["title"] for s in version.snapshot["sessions"]]
    assert "Version 2 of the programme is published." in response.content.decode()


def test_publishing_again_without_a_change_makes_no_version_and_says_so(client, programme_world):
    client.force_login(programme_world["organiser"])

    response = client.post(_url(programme_world), {"note": "again"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing changed since version 1: no new version was published." in page
    assert "there is nothing new to publish" in page
    assert ProgrammeVersion.objects.filter(conference=programme_world["conference"]).count() == 1


def test_the_domain_refuses_an_identical_version(programme_world):
    with pytest.raises(NothingToPublish):
        publish(
            conference=programme_world["conference"],
            by=programme_world["organiser"],
            note="",
            now=REFERENCE_NOW,
        )


def test_the_page_previews_the_draft_and_lists_its_changes(client, programme_world):
    session = programme_world["session"]
    session.starts, session.ends = dt.time(14, 0), dt.time(15, 30)
    session.save()
    SessionFactory(
        conference=programme_world["conference"],
        title="Posters on return",
        kind="posters",
        day=programme_world["day"],
        room=programme_world["rooms"][0],
        starts=dt.time(16, 0),
        ends=dt.time(17, 0),
    )
    client.force_login(programme_world["organiser"])

    page = client.get(_url(programme_world)).content.decode()

    assert "What would change since version 1" in page
    assert "Session “Brokers and borders” moved from Tue 1 Sep 09:00–10:30 to Tue 1 Sep " in page
    assert "New session “Posters on return”, Tue 1 Sep 16:00–17:00 in Main hall." in page
    assert "Preview of the draft" in page and "Posters on return" in page
    assert "Publish as version 2" in page
    assert "First programme" in page  # the versions table
    assert WITHHELD_NAME not in page


def test_a_version_page_shows_its_changes_with_names(client, programme_world):
    session = programme_world["session"]
    session.chair_name = "Prof. Vannak Chea"
    session.save()
    publish(
        conference=programme_world["conference"],
        by=programme_world["organiser"],
        note="New chair",
        now=REFERENCE_NOW + dt.timedelta(days=1),
    )
    client.force_login(programme_world["organiser"])

    page = client.get(_url(programme_world, "programme:version_changes", version_number=2))

    text = page.content.decode()
    assert "Changes since version 1" in text
    assert "Session “Brokers and borders” is now chaired by Prof. Vannak Chea." in text
    assert "New chair" in text
    missing = _url(programme_world, "programme:version_changes", version_number=3)
    assert client.get(missing).status_code == 404


def test_an_overlong_note_is_refused_and_kept(client, programme_world):
    SessionFactory(conference=programme_world["conference"], title="Late addition")
    client.force_login(programme_world["organiser"])
    note = "word " * 500

    response = client.post(_url(programme_world), {"note": note})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value has at most 2000 characters" in page
    assert note.strip() in page
    assert ProgrammeVersion.objects.filter(conference=programme_world["conference"]).count() == 1


def test_the_publishing_page_takes_the_same_queries_for_more_versions(client, programme_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(programme_world["organiser"])
    url = _url(programme_world)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        SessionFactory(conference=programme_world["conference"], title=f"More {n}")
        publish(
            conference=programme_world["conference"],
            by=programme_world["organiser"],
            note="",
            now=REFERENCE_NOW + dt.timedelta(days=n + 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_the_call_page_links_the_programme_once_published_even_when_cached(client, world):
    conference = world["conference"]
    conference.is_public = True
    conference.save()
    programme_url = reverse("programme:public_programme", kwargs={"conference": conference.slug})
    assert programme_url not in client.get(conference.get_absolute_url()).content.decode()

    SessionFactory(conference=conference)
    publish(conference=conference, by=world["organiser"], note="", now=REFERENCE_NOW)

    # The anonymous rendering was cached before publishing: publishing touched it.
    assert programme_url in client.get(conference.get_absolute_url()).content.decode()


def test_the_organiser_area_has_the_programme_tabs(client, programme_world):
    client.force_login(programme_world["organiser"])
    slug = {"conference": programme_world["conference"].slug}

    html = client.get(reverse("cfp:organiser_home", kwargs=slug)).content.decode()

    for name in ("organiser_camera_ready", "organiser_visa_letters", "schedule", "publish"):
        assert reverse(f"programme:{name}", kwargs=slug) in html


def test_publishing_queues_the_printed_book_in_both_sizes(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    built = []
    monkeypatch.setattr(
        "programme.tasks.build_programme_pdf.delay", lambda *args: built.append(args[-1])
    )
    SessionFactory(conference=world["conference"])

    with django_capture_on_commit_callbacks(execute=True):
        publish(conference=world["conference"], by=world["organiser"], note="", now=REFERENCE_NOW)

    assert built == ["a4", "letter"]


def test_the_public_programme_links_its_pdf_and_the_publishing_page_the_draft(
    client, programme_world
):
    slug = {"conference": programme_world["conference"].slug}
    public = client.get(reverse("programme:public_programme", kwargs=slug)).content.decode()
    assert reverse("programme:public_programme_pdf", kwargs=slug) in public

    client.force_login(programme_world["organiser"])
    organiser = client.get(reverse("programme:publish", kwargs=slug)).content.decode()
    assert reverse("programme:draft_programme_pdf", kwargs=slug) in organiser
