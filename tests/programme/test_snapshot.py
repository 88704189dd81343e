"""The public programme structure: times, order, and names withheld at an author's request."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programme import snapshot
from tests.factories import (
    AuthorshipFactory,
    CameraReadyFactory,
    ContributionTypeFactory,
    DecisionFactory,
    PresentationFactory,
    SessionFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def test_presentations_follow_each_other_by_their_type_length():
    session = SessionFactory(starts=dt.time(9, 0), ends=dt.time(10, 0))
    kind = ContributionTypeFactory(conference=session.conference, presentation_minutes=20)
    for order in range(2):
        PresentationFactory(
            session=session,
            order=order,
            submission__contribution_type=kind,
        )
    PresentationFactory(session=session, order=5, minutes=15)

    (built,) = snapshot.build(session.conference)["sessions"]

    times = [(p["starts"], p["ends"]) for p in built["presentations"]]
    assert times == [("09:00", "09:20"), ("09:20", "09:40"), ("09:40", "09:55")]


def test_a_withheld_author_is_in_the_snapshot_without_any_trace_of_their_name():
    presentation = PresentationFactory()
    AuthorshipFactory(
        submission=presentation.submission, full_name="Ngo Thi Lan", affiliation="Hue University"
    )
    AuthorshipFactory(
        submission=presentation.submission,
        full_name="Hidden Person",
        email="hidden@example.org",
        affiliation="Secret Shelter",
        public_name=False,
    )

    data = snapshot.build(presentation.session.conference)

    text = json.dumps(data, ensure_ascii=False)
    assert "Ngo Thi Lan" in text
    assert "Hidden" not in text and "hidden@" not in text and "Secret Shelter" not in text
    authors = data["sessions"][0]["presentations"][0]["authors"]
    assert [a["withheld"] for a in authors] == [False, True]
    assert snapshot.author_display_name(authors[1]) == "Name withheld at the author's request"


def test_the_confirmed_camera_ready_decides_names_title_and_abstract():
    presentation = PresentationFactory(submission__title="Old title")
    author = AuthorshipFactory(submission=presentation.submission, full_name="Dara Sok")
    camera = CameraReadyFactory(submission=presentation.submission, title="Final title")
    camera.authors.create(authorship=author, public=False)

    built = snapshot.build(presentation.session.conference)["sessions"][0]["presentations"][0]

    assert built["title"] == "Final title"
    assert built["authors"][0]["withheld"] is True


def test_only_scheduled_sessions_and_accepted_papers_are_public():
    session = SessionFactory()
    SessionFactory(conference=session.conference, day=None, starts=None, ends=None)
    PresentationFactory(session=session, submission__state="submitted")

    data = snapshot.build(session.conference)

    assert [s["id"] for s in data["sessions"]] == [session.pk]
    assert data["sessions"][0]["presentations"] == []


def test_posters_are_marked_and_stand_for_the_whole_session():
    session = SessionFactory(kind="posters", starts=dt.time(15, 0), ends=dt.time(16, 0))
    presentation = PresentationFactory(session=session)
    DecisionFactory(submission=presentation.submission, outcome="accept_poster")

    (built,) = snapshot.build(session.conference)["sessions"][0]["presentations"]

    assert built["form"] == "poster"
    assert (built["starts"], built["ends"]) == ("15:00", "16:00")


def test_aware_times_are_in_the_conference_time_zone():
    moment = snapshot.aware("2017-11-20", "09:00", "Asia/Bangkok")
    assert moment.utcoffset() == dt.timedelta(hours=7)


def test_building_takes_a_fixed_number_of_queries():
    def count(sessions: int) -> int:
        conference = SubmissionFactory().conference
        for _ in range(sessions):
            session = SessionFactory(conference=conference)
            for order in range(3):
                placed = PresentationFactory(session=session, order=order)
                AuthorshipFactory(submission=placed.submission)
                CameraReadyFactory(submission=placed.submission)
        with CaptureQueriesContext(connection) as queries:
            snapshot.build(conference)
        return len(queries)

    assert count(1) == count(4)
