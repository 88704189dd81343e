"""iCal, JSON and frab XML of the published programme: times, ids, names, escaping."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse

from programme.domain.publishing import publish
from tests.factories import REFERENCE_NOW, AuthorshipFactory, PresentationFactory, SessionFactory

from .conftest import WITHHELD_NAME
from .test_access import PEOPLE, _get

pytestmark = pytest.mark.django_db

WITHHELD_TEXT = "Name withheld at the author's request"


def _url(world, name, **kwargs):
    return reverse(f"programme:{name}", kwargs={"conference": world["conference"].slug, **kwargs})


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(
    "name", ["public_programme_ics", "public_programme_json", "public_schedule_xml"]
)
def test_every_actor_downloads_the_exports_of_a_public_conference(
    client, programme_world, who, name
):
    assert _get(client, programme_world, who, _url(programme_world, name)) == 200


def _calendar(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_ical_times_are_right_with_a_time_zone(client, programme_world):
    calendar = _calendar(client, _url(programme_world, "public_programme_ics"))

    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Brokers and borders", "Keynote: categories that travel"}
    session = events["Brokers and borders"]
    start = session.decoded("dtstart")
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)
    assert session["dtstart"].params["TZID"] == "Asia/Bangkok"
    assert session.decoded("dtend").astimezone(dt.UTC) == dt.datetime(
        2026, 9, 1, 3, 30, tzinfo=dt.UTC
    )
    assert str(session["uid"]) == f"{programme_world['session'].guid}@sala.programme"
    assert str(session["location"]) == "Room B"
    assert "Brokers on the Mekong" in str(session["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Bangkok"]


def test_a_session_calendar_has_the_session_and_its_presentations(client, programme_world):
    url = _url(programme_world, "public_session_ics", session_id=programme_world["session"].pk)
    calendar = _calendar(client, url)

    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Brokers and borders", "Brokers on the Mekong"]
    paper = events[1]
    assert str(paper["uid"]) == f"{programme_world['presentation'].guid}@sala.programme"
    assert paper.decoded("dtend").astimezone(dt.UTC).time() == dt.time(2, 20)
    assert WITHHELD_TEXT in str(paper["description"])
    assert "Nguyễn Thị Minh Khai" in str(paper["description"])


def test_json_has_its_schema_version_aware_times_and_the_withheld_text(client, programme_world):
    response = client.get(_url(programme_world, "public_programme_json"))
    data = json.loads(response.content)

    assert (data["schema"], data["schema_version"], data["programme_version"]) == (
        "sala-programme",
        1,
        1,
    )
    session = next(s for s in data["sessions"] if s["title"] == "Brokers and borders")
    assert session["starts_at"] == "2026-09-01T09:00:00+07:00"
    (paper,) = session["presentations"]
    assert paper["ends_at"] == "2026-09-01T09:20:00+07:00"
    assert [a["name"] for a in paper["authors"]] == [
        "Nguyễn Thị Minh Khai",
        "Somchai Jaidee",
        WITHHELD_TEXT,
    ]
    assert data["conference"]["timezone"] == "Asia/Bangkok"
    assert WITHHELD_NAME.encode() not in response.content


def test_frab_xml_parses_with_the_right_counts_and_fields(client, programme_world):
    response = client.get(_url(programme_world, "public_schedule_xml"))
    root = ET.fromstring(response.content)

    assert root.tag == "schedule" and root.findtext("version") == "1"
    conference = root.find("conference")
    assert conference.findtext("acronym") == programme_world["conference"].slug
    assert conference.findtext("time_zone_name") == "Asia/Bangkok"
    assert conference.findtext("days") == "1"
    (day,) = root.findall("day")
    assert day.attrib["index"] == "1" and day.attrib["start"] == "2026-09-01T08:30:00+07:00"
    assert [r.attrib["name"] for r in day.findall("room")] == ["Main hall", "Room B"]
    events = root.findall(".//event")
    assert len(events) == 2
    paper = next(e for e in events if e.attrib["guid"] == str(programme_world["presentation"].guid))
    assert paper.findtext("date") == "2026-09-01T09:00:00+07:00"
    assert (paper.findtext("start"), paper.findtext("duration")) == ("09:00", "00:20")
    assert paper.findtext("room") == "Room B"
    assert paper.findtext("subtitle") == "Brokers and borders"
    assert paper.findtext("track") == "Trafficking and labour"
    assert [p.text for p in paper.find("persons")] == [
        "Nguyễn Thị Minh Khai",
        "Somchai Jaidee",
        WITHHELD_TEXT,
    ]
    for child in ("title", "abstract", "description", "links", "attachments", "language", "slug"):
        assert paper.find(child) is not None, child
    assert WITHHELD_NAME.encode() not in response.content


def test_frab_xml_escapes_titles_and_gives_withheld_authors_separate_ids(client, programme_world):
    conference = programme_world["conference"]
    session = SessionFactory(
        conference=conference,
        day=programme_world["day"],
        room=programme_world["rooms"][0],
        title='Borders & <"states">',
        starts=dt.time(14, 0),
        ends=dt.time(15, 0),
    )
    for order in range(2):
        placed = PresentationFactory(session=session, order=order)
        AuthorshipFactory(submission=placed.submission, public_name=False)
    publish(conference=conference, by=programme_world["organiser"], note="", now=REFERENCE_NOW)

    root = ET.fromstring(client.get(_url(programme_world, "public_schedule_xml")).content)

    new = [e for e in root.findall(".//event") if e.findtext("subtitle") == 'Borders & <"states">']
    assert len(new) == 2
    ids = [p.attrib["id"] for e in new for p in e.find("persons")]
    assert len(set(ids)) == 2


def test_a_poster_session_is_one_event_listing_its_posters(client, programme_world):
    conference = programme_world["conference"]
    session = SessionFactory(
        conference=conference,
        day=programme_world["day"],
        room=programme_world["rooms"][0],
        kind="posters",
        title="Posters",
        starts=dt.time(16, 0),
        ends=dt.time(17, 0),
    )
    for order in range(3):
        PresentationFactory(session=session, order=order, submission__title=f"Poster {order}")
    publish(conference=conference, by=programme_world["organiser"], note="", now=REFERENCE_NOW)

    root = ET.fromstring(client.get(_url(programme_world, "public_schedule_xml")).content)

    (event,) = [e for e in root.findall(".//event") if e.findtext("title") == "Posters"]
    assert event.findtext("duration") == "01:00"
    assert event.findtext("description").count("Poster ") == 3
