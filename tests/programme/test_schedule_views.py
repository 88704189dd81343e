"""The schedule editor's pages and plain forms (what works without JavaScript)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from programme.models import Presentation, ProgrammeDay, Room, Session
from tests.factories import (
    AuthorshipFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    PresentationFactory,
    ProgrammeDayFactory,
    RoomFactory,
    SessionFactory,
    SubmissionFactory,
    ThemeFactory,
    organiser_with_mfa,
)

pytestmark = pytest.mark.django_db
T = dt.time


@pytest.fixture
def conference():
    return ConferenceFactory(slug="mekong")


@pytest.fixture
def organiser(client, conference):
    person = organiser_with_mfa(conference, full_name="Chair Person")
    client.force_login(person)
    return person


def url(name, **kwargs):
    return reverse(f"programme:{name}", kwargs={"conference": "mekong", **kwargs})


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_add_a_day_and_a_room(client, conference, organiser):
    response = client.post(
        url("schedule_days"), {"date": "2026-09-01", "starts": "08:30", "ends": "18:00"}
    )
    assert response.status_code == 302
    day = ProgrammeDay.objects.get(conference=conference)
    assert (day.date, day.starts, day.ends) == (dt.date(2026, 9, 1), T(8, 30), T(18, 0))
    client.post(url("schedule_rooms"), {"name": "ห้องประชุม 1", "capacity": "120", "order": "1"})
    assert Room.objects.get(conference=conference).name == "ห้องประชุม 1"
    page = client.get(url("schedule_rooms")).content.decode()
    assert "ห้องประชุม 1" in page


def test_a_day_ending_before_it_starts_is_refused_keeping_what_was_typed(
    client, conference, organiser
):
    response = client.post(
        url("schedule_days"), {"date": "2026-09-02", "starts": "17:00", "ends": "09:00"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The day must end after it starts." in page
    assert 'value="2026-09-02"' in page and 'value="17:00"' in page
    assert not ProgrammeDay.objects.exists()


def test_a_day_twice_and_a_room_name_twice_are_refused(client, conference, organiser):
    ProgrammeDayFactory(conference=conference, date=dt.date(2026, 9, 1))
    RoomFactory(conference=conference, name="Hall A")
    response = client.post(
        url("schedule_days"), {"date": "2026-09-01", "starts": "09:00", "ends": "17:00"}
    )
    assert "This day is already in the programme." in response.content.decode()
    response = client.post(url("schedule_rooms"), {"name": "hall a", "order": "0"})
    assert "There is already a room of this name." in response.content.decode()


def test_edit_and_delete_a_day_and_a_room(client, conference, organiser):
    session = SessionFactory(conference=conference)
    client.post(
        url("schedule_day_edit", pk=session.day.pk),
        {"date": "2026-09-01", "starts": "08:00", "ends": "19:00"},
    )
    session.day.refresh_from_db()
    assert session.day.ends == T(19, 0)
    client.post(url("schedule_room_edit", pk=session.room.pk), {"name": "Main hall", "order": "0"})
    assert Room.objects.get().name == "Main hall"
    client.post(url("schedule_room_delete", pk=session.room.pk))
    response = client.post(url("schedule_day_delete", pk=session.day.pk))
    assert "Day deleted; 1 session is now a draft off the grid." in texts(response)
    session.refresh_from_db()
    assert (session.day, session.room, session.starts) == (None, None, None)


def test_create_a_session_with_a_chair_from_the_committee(client, conference, organiser):
    day = ProgrammeDayFactory(conference=conference)
    room = RoomFactory(conference=conference)
    theme = ThemeFactory(conference=conference)
    response = client.post(
        url("schedule_session_add"),
        {
            "kind": "papers",
            "title": "Who counts as a victim?",
            "theme": theme.pk,
            "room": room.pk,
            "day": day.pk,
            "starts": "09:00",
            "ends": "10:30",
            "chair": organiser.pk,
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#session-{session.pk}")
    assert (session.chair, session.theme, session.starts) == (organiser, theme, T(9, 0))


def test_a_session_ending_before_it_starts_is_refused_keeping_what_was_typed(
    client, conference, organiser
):
    day = ProgrammeDayFactory(conference=conference)
    data = {"kind": "panel", "title": "Voices", "day": day.pk, "starts": "11:00", "ends": "10:00"}
    response = client.post(url("schedule_session_add"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The session must end after it starts." in page
    assert 'value="Voices"' in page and 'value="11:00"' in page
    response = client.post(url("schedule_session_add"), {**data, "ends": ""})
    assert "Give both the start and the end, or neither." in response.content.decode()
    assert not Session.objects.exists()


def test_a_clash_is_saved_with_a_warning_not_refused(client, conference, organiser):
    existing = SessionFactory(conference=conference, title="Morning", starts=T(9, 0))
    response = client.post(
        url("schedule_session_add"),
        {
            "kind": "papers",
            "title": "Early bird",
            "room": existing.room.pk,
            "day": existing.day.pk,
            "starts": "07:00",
            "ends": "09:30",
        },
    )
    assert Session.objects.count() == 2
    assert texts(response) == [
        "Session saved.",
        "Hall is double-booked: “Morning” and “Early bird” overlap.".replace(
            "Hall", existing.room.name
        ),
        "“Early bird” is outside the hours of its day.",
    ]


def test_place_move_and_take_out_papers_with_plain_forms(client, conference, organiser):
    talk = ContributionTypeFactory(conference=conference, presentation_minutes=20)
    session = SessionFactory(conference=conference, starts=T(9, 0), ends=T(10, 30))
    other = SessionFactory(conference=conference, starts=T(11, 0), ends=T(12, 30))
    a, b = (
        SubmissionFactory(conference=conference, state="accepted", contribution_type=talk)
        for _ in range(2)
    )
    for paper in (a, b):
        response = client.post(
            url("schedule_paper_place"),
            {"place-submission": paper.pk, "place-session": session.pk},
        )
        assert response.status_code == 302
    assert response["Location"].endswith(f"#session-{session.pk}")
    first = Presentation.objects.get(submission=a)
    second = Presentation.objects.get(submission=b)
    client.post(url("schedule_presentation_move", pk=second.pk), {"direction": "up"})
    assert list(session.presentations.values_list("submission", flat=True)) == [b.pk, a.pk]
    page = client.get(url("schedule")).content.decode()
    assert f"#{b.number} " in page and "09:00–09:20" in page and "09:20–09:40" in page
    client.post(
        url("schedule_paper_place"),
        {"place-submission": a.pk, "place-session": other.pk, "place-position": "1"},
    )
    assert Presentation.objects.get(submission=a).session == other
    client.post(url("schedule_presentation_remove", pk=second.pk))
    assert not Presentation.objects.filter(submission=b).exists()
    assert first.pk == Presentation.objects.get(submission=a).pk


def test_placing_refused_with_a_clear_message(client, conference, organiser):
    coffee = SessionFactory(conference=conference, kind="break", title="Coffee")
    paper = SubmissionFactory(conference=conference, state="accepted")
    response = client.post(
        url("schedule_paper_place"), {"place-submission": paper.pk, "place-session": coffee.pk}
    )
    assert texts(response) == ["A break holds no papers: choose a paper or poster session."]
    draft = SubmissionFactory(conference=conference, state="submitted")
    response = client.post(
        url("schedule_paper_place"), {"place-submission": draft.pk, "place-session": coffee.pk}
    )
    assert texts(response)[-1] == "Choose an accepted paper and a session of this conference."
    response = client.post(url("schedule_paper_place"), {"place-submission": "x"})
    assert texts(response)[-2:] == [
        "Paper: Enter a whole number.",
        "Into session: This field is required.",
    ]
    assert not Presentation.objects.exists()


def test_move_a_session_on_the_grid_and_off_it(client, conference, organiser):
    session = SessionFactory(conference=conference, starts=T(9, 0), ends=T(10, 0))
    day2 = ProgrammeDayFactory(conference=conference, date=dt.date(2026, 9, 2))
    hall = RoomFactory(conference=conference)
    client.post(
        url("schedule_session_move"),
        {
            "move-session": session.pk,
            "move-day": day2.pk,
            "move-room": hall.pk,
            "move-starts": "14:00",
        },
    )
    session.refresh_from_db()
    assert (session.day, session.room, session.starts, session.ends) == (
        day2,
        hall,
        T(14, 0),
        T(15, 0),
    )
    response = client.post(
        url("schedule_session_move"), {"move-session": session.pk, "move-day": day2.pk}
    )
    assert "Starts at: Give the time the session starts on that day." in texts(response)
    client.post(url("schedule_session_move"), {"move-session": session.pk, "move-day": ""})
    session.refresh_from_db()
    assert not session.is_scheduled


def test_the_editor_shows_the_grid_drafts_unplaced_papers_and_linked_warnings(
    client, conference, organiser
):
    hall = RoomFactory(conference=conference, name="Hall A", order=0)
    RoomFactory(conference=conference, name="Hall B", order=1)
    morning = SessionFactory(conference=conference, title="Borders", room=hall)
    SessionFactory(conference=conference, title="Clash", room=hall, starts=T(10, 0), ends=T(11, 0))
    SessionFactory(
        conference=conference,
        title="Lunch",
        kind="break",
        room=None,
        starts=T(12, 0),
        ends=T(13, 0),
    )
    draft = SessionFactory(
        conference=conference, title="Draft one", day=None, starts=None, ends=None
    )
    waiting = SubmissionFactory(conference=conference, state="accepted", title="Not yet placed")
    AuthorshipFactory(submission=waiting)
    page = client.get(url("schedule")).content.decode()
    assert '<th scope="col"><bdi>Hall A</bdi>' in page and "No room" in page
    assert 'rowspan="4"' in page  # Borders 09:00–10:30 and Clash 10:00–11:00 share a cell
    assert f'id="session-{morning.pk}"' in page and f'id="session-{draft.pk}"' in page
    assert f'id="paper-{waiting.pk}"' in page
    assert "Hall A is double-booked: “Borders” and “Clash” overlap." in page
    edit = url("schedule_session_edit", pk=morning.pk)
    assert f'<a href="{edit}">Hall A is double-booked' in page
    assert f'href="#paper-{waiting.pk}"' in page
    assert "js/schedule-editor.js" in page


def test_the_editor_queries_do_not_grow_with_the_programme(client, conference, organiser):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def build(count):
        for i in range(count):
            session = SessionFactory(
                conference=conference,
                room=RoomFactory(conference=conference),
                chair=organiser,
                theme=ThemeFactory(conference=conference),
            )
            for _ in range(3):
                presentation = PresentationFactory(session=session)
                AuthorshipFactory(submission=presentation.submission, is_presenter=True)
            SubmissionFactory(conference=conference, state="accepted")

    build(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("schedule")).status_code == 200
    build(6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url("schedule")).status_code == 200
    assert len(large) == len(small) == 13


def test_suggest_sessions_then_see_them_as_drafts(client, conference, organiser):
    theme = ThemeFactory(conference=conference, title="Borders")
    for _ in range(4):
        SubmissionFactory(conference=conference, state="accepted", themes=[theme])
    assert (
        "4 accepted papers are not placed" in client.get(url("schedule_suggest")).content.decode()
    )
    response = client.post(url("schedule_suggest"), {"session_minutes": "40", "posters": "theme"})
    assert texts(response) == ["2 draft sessions suggested: edit them and put them on the grid."]
    assert Session.objects.filter(day=None, theme=theme).count() == 2
    response = client.post(url("schedule_suggest"), {"session_minutes": "5", "posters": "x"})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="5"' in page
    assert "Ensure this value is greater than or equal to 15." in page


def test_the_committee_home_links_the_editor_with_its_warning_count(client, conference, organiser):
    SubmissionFactory(conference=conference, state="accepted")
    page = client.get(reverse("reviews:committee_home", kwargs={"conference": "mekong"}))
    content = page.content.decode()
    assert f'href="{url("schedule")}"' in content
    assert "1 warning in the schedule" in content


QUERIES = {"schedule_days": 7, "schedule_rooms": 7, "schedule_suggest": 7}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_lists_queries_do_not_grow(client, conference, organiser, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow(count):
        for i in range(count):
            ProgrammeDayFactory(conference=conference, date=dt.date(2026, 8, 1 + i))
            RoomFactory(conference=conference)
            SubmissionFactory(conference=conference, state="accepted")

    grow(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(name)).status_code == 200
    grow(5)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(name)).status_code == 200
    assert len(large) == len(small) == QUERIES[name], [q["sql"][:80] for q in large]
