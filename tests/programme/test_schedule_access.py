"""Every schedule page and action, for every kind of person (the organisers' tools only)."""

import pytest
from django.urls import reverse

from tests.factories import (
    PresentationFactory,
    ProgrammeDayFactory,
    RoomFactory,
    SessionFactory,
    ThemeFactory,
    theme_chair_with_mfa,
)

PEOPLE = [
    "anonymous",
    "editor",
    "coauthor",
    "reviewer",
    "theme_chair",
    "foreign_organiser",
    "organiser",
    "superuser",
]
LOGIN = "login"
PAGE = dict(zip(PEOPLE, [LOGIN, 403, 403, 403, 403, 403, 200, 403], strict=True))
ACTION = dict(zip(PEOPLE, [LOGIN, 403, 403, 403, 403, 403, 302, 403], strict=True))

PAGES = [
    ("schedule", None),
    ("schedule_suggest", None),
    ("schedule_days", None),
    ("schedule_day_edit", "day"),
    ("schedule_day_delete", "day"),
    ("schedule_rooms", None),
    ("schedule_room_edit", "room"),
    ("schedule_room_delete", "room"),
    ("schedule_session_add", None),
    ("schedule_session_edit", "session"),
    ("schedule_session_delete", "session"),
]
ACTIONS = [
    ("schedule_session_move", None, {"move-session": "session", "move-day": ""}),
    ("schedule_paper_place", None, {"place-submission": "paper", "place-session": "session"}),
    ("schedule_presentation_move", "presentation", {"direction": "up"}),
    ("schedule_presentation_remove", "presentation", {}),
    ("schedule_suggest", None, {"session_minutes": "90", "posters": "theme"}),
    ("schedule_days", None, {"date": "2026-09-03", "starts": "09:00", "ends": "17:00"}),
    ("schedule_day_delete", "day", {}),
    ("schedule_rooms", None, {"name": "Hall B", "order": "2"}),
    ("schedule_room_delete", "room", {}),
    ("schedule_session_add", None, {"kind": "papers", "title": "New"}),
    ("schedule_session_delete", "session", {}),
]


@pytest.fixture
def scene(world):
    conference = world["conference"]
    theme = ThemeFactory(conference=conference)
    world["theme_chair"] = theme_chair_with_mfa(conference, [theme])
    session = SessionFactory(conference=conference)
    world["session"] = session
    world["day"] = session.day
    world["room"] = session.room
    world["presentation"] = PresentationFactory(session=session)
    world["paper"] = world["submission"]
    ProgrammeDayFactory(conference=conference, date=conference.end_date)
    RoomFactory(conference=conference)
    return world


def _url(scene, name, obj):
    kwargs = {"conference": "mekong"}
    if obj:
        kwargs["pk"] = scene[obj].pk
    return reverse(f"programme:{name}", kwargs=kwargs)


def _status(client, scene, who, url, data=None):
    if scene[who] is not None:
        client.force_login(scene[who])
    response = client.get(url) if data is None else client.post(url, data)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("name", "obj"), PAGES)
def test_pages(client, scene, who, name, obj):
    assert _status(client, scene, who, _url(scene, name, obj)) == PAGE[who]


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("name", "obj", "data"), ACTIONS)
def test_actions(client, scene, who, name, obj, data):
    data = {k: (str(scene[v].pk) if v in scene else v) for k, v in data.items()}
    assert _status(client, scene, who, _url(scene, name, obj), data) == ACTION[who]


def test_another_conferences_objects_are_not_found(client, scene):
    foreign = SessionFactory()
    presentation = PresentationFactory(session=foreign)
    client.force_login(scene["organiser"])
    for name, pk in [
        ("schedule_session_edit", foreign.pk),
        ("schedule_day_edit", foreign.day.pk),
        ("schedule_room_edit", foreign.room.pk),
    ]:
        url = reverse(f"programme:{name}", kwargs={"conference": "mekong", "pk": pk})
        assert client.get(url).status_code == 404
    url = reverse(
        "programme:schedule_presentation_remove",
        kwargs={"conference": "mekong", "pk": presentation.pk},
    )
    assert client.post(url).status_code == 404
    assert foreign.presentations.count() == 1


def test_an_organiser_without_mfa_is_sent_to_set_it_up(client, scene):
    from cfp.models import Conference
    from tests.factories import verified_user

    person = verified_user()
    Conference.objects.get(slug="mekong").organisers.add(person)
    client.force_login(person)
    response = client.get(reverse("programme:schedule", kwargs={"conference": "mekong"}))
    assert response.status_code == 302 and "/accounts/login/" not in response["Location"]
