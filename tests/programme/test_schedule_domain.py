"""programme.domain.schedule: moves, ordering, days and sessions, and the loaded schedule."""

import datetime as dt

import pytest

from programme.domain import schedule as domain
from programme.models import Presentation, Session
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    CameraReadyFactory,
    ConferenceFactory,
    ContributionTypeFactory,
    PresentationFactory,
    ProgrammeDayFactory,
    RoomFactory,
    SessionFactory,
    SubmissionFactory,
    verified_user,
)

pytestmark = pytest.mark.django_db
T = dt.time


@pytest.fixture
def conference():
    return ConferenceFactory()


def accepted(conference, **kwargs):
    return SubmissionFactory(conference=conference, state="accepted", **kwargs)


def order_of(session):
    return list(
        Presentation.objects.filter(session=session)
        .order_by("order")
        .values_list("submission__number", "order")
    )


def test_place_appends_then_inserts_at_a_position(conference):
    session = SessionFactory(conference=conference)
    a, b, c = (accepted(conference) for _ in range(3))
    domain.place_paper(submission=a, session=session)
    domain.place_paper(submission=b, session=session)
    domain.place_paper(submission=c, session=session, position=1)
    assert order_of(session) == [(c.number, 0), (a.number, 1), (b.number, 2)]


def test_moving_a_paper_to_another_session_renumbers_both(conference):
    first, second = SessionFactory(conference=conference), SessionFactory(conference=conference)
    a, b, c = (accepted(conference) for _ in range(3))
    for paper in (a, b, c):
        domain.place_paper(submission=paper, session=first)
    domain.place_paper(submission=a, session=second, position=5)
    assert order_of(first) == [(b.number, 0), (c.number, 1)]
    assert order_of(second) == [(a.number, 0)]
    assert Presentation.objects.filter(submission=a).count() == 1


def test_moving_within_a_session_to_a_position(conference):
    session = SessionFactory(conference=conference)
    a, b, c = (accepted(conference) for _ in range(3))
    for paper in (a, b, c):
        domain.place_paper(submission=paper, session=session)
    domain.place_paper(submission=c, session=session, position=2)
    assert order_of(session) == [(a.number, 0), (c.number, 1), (b.number, 2)]


def test_up_down_and_take_out(conference):
    session = SessionFactory(conference=conference)
    a, b, c = (accepted(conference) for _ in range(3))
    placed = [domain.place_paper(submission=p, session=session) for p in (a, b, c)]
    domain.move_paper(presentation=placed[2], direction="up")
    assert order_of(session) == [(a.number, 0), (c.number, 1), (b.number, 2)]
    domain.move_paper(presentation=placed[0], direction="up")  # already first: no change
    domain.move_paper(presentation=placed[0], direction="down")
    assert order_of(session) == [(c.number, 0), (a.number, 1), (b.number, 2)]
    domain.remove_paper(presentation=placed[0])
    assert order_of(session) == [(c.number, 0), (b.number, 1)]


def test_only_accepted_papers_of_the_conference_go_into_paper_sessions(conference):
    session = SessionFactory(conference=conference)
    with pytest.raises(domain.ScheduleRefused):
        domain.place_paper(
            submission=SubmissionFactory(conference=conference, state="submitted"),
            session=session,
        )
    with pytest.raises(domain.ScheduleRefused):
        domain.place_paper(submission=accepted(ConferenceFactory()), session=session)
    coffee = SessionFactory(conference=conference, kind="break", title="Coffee")
    with pytest.raises(domain.ScheduleRefused):
        domain.place_paper(submission=accepted(conference), session=coffee)
    assert Presentation.objects.count() == 0


def test_moving_a_session_keeps_its_length(conference):
    day = ProgrammeDayFactory(conference=conference, date=dt.date(2026, 9, 2))
    room = RoomFactory(conference=conference)
    session = SessionFactory(conference=conference, starts=T(9, 0), ends=T(10, 30))
    domain.move_session(session=session, day=day, room=room, starts=T(14, 0))
    session.refresh_from_db()
    assert (session.day, session.room, session.starts, session.ends) == (
        day,
        room,
        T(14, 0),
        T(15, 30),
    )


def test_a_draft_put_on_the_grid_gets_the_default_length_and_can_go_back(conference):
    day = ProgrammeDayFactory(conference=conference)
    draft = SessionFactory(conference=conference, day=None, starts=None, ends=None)
    domain.move_session(session=draft, day=day, room=None, starts=T(11, 0))
    assert (draft.starts, draft.ends) == (T(11, 0), T(12, 30))
    domain.move_session(session=draft, day=None, room=None, starts=None)
    draft.refresh_from_db()
    assert not draft.is_scheduled and draft.starts is None


def test_a_session_may_not_end_after_midnight(conference):
    day = ProgrammeDayFactory(conference=conference)
    session = SessionFactory(conference=conference, starts=T(9, 0), ends=T(11, 0))
    with pytest.raises(domain.ScheduleRefused):
        domain.move_session(session=session, day=day, room=None, starts=T(23, 0))


def test_deleting_a_day_keeps_its_sessions_as_drafts(conference):
    session = SessionFactory(conference=conference)
    PresentationFactory(session=session)
    assert domain.delete_day(day=session.day) == 1
    session.refresh_from_db()
    assert (session.day, session.starts, session.ends) == (None, None, None)
    assert session.presentations.count() == 1


def test_a_session_changed_to_a_break_lets_its_papers_go(conference):
    session = SessionFactory(conference=conference)
    PresentationFactory(session=session)
    domain.save_session(conference=conference, session=session, kind="break", title="Lunch")
    assert Presentation.objects.count() == 0


def test_deleting_a_session_unplaces_its_papers(conference):
    session = SessionFactory(conference=conference)
    presentation = PresentationFactory(session=session)
    assert domain.delete_session(session=session) == 1
    assert Presentation.objects.count() == 0
    assert presentation.submission.__class__.objects.filter(pk=presentation.submission_id)


def test_load_computes_times_presenters_and_warnings(conference):
    talk = ContributionTypeFactory(conference=conference, presentation_minutes=25)
    session = SessionFactory(conference=conference, starts=T(9, 0), ends=T(10, 0))
    first = PresentationFactory(
        session=session, submission=accepted(conference, contribution_type=talk), order=0
    )
    second = PresentationFactory(
        session=session, submission=accepted(conference, contribution_type=talk), order=1
    )
    third = PresentationFactory(session=session, order=2, minutes=15)
    waiting = accepted(conference)
    schedule = domain.load(conference)
    view = schedule.sessions[0]
    assert [(p.starts, p.ends) for p in view.papers] == [
        (T(9, 0), T(9, 25)),
        (T(9, 25), T(9, 50)),
        (T(9, 50), T(10, 5)),
    ]
    assert [p.presentation.pk for p in view.papers] == [first.pk, second.pk, third.pk]
    assert schedule.unplaced == [waiting]
    assert [(w.kind, w.minutes) for w in schedule.warnings] == [
        ("overrun", 5),
        ("paper_unscheduled", 0),
    ]


def test_the_confirmed_camera_ready_presenter_replaces_the_submission_form(conference):
    submission = accepted(conference)
    first = AuthorshipFactory(submission=submission, is_presenter=True, order=0)
    second = AuthorshipFactory(submission=submission, user=verified_user(), order=1)
    assert domain.presenters(submission) == [first]
    CameraReadyFactory(submission=submission, presenter=second, confirmed_at=REFERENCE_NOW)
    submission = type(submission).objects.select_related("camera_ready").get(pk=submission.pk)
    assert domain.presenters(submission) == [second]


def test_a_chair_presenting_in_a_parallel_session_is_found_from_the_database(conference):
    chair = verified_user(email="Chair@Example.org")
    SessionFactory(conference=conference, chair=chair, room=RoomFactory(conference=conference))
    parallel = SessionFactory(conference=conference, room=RoomFactory(conference=conference))
    submission = accepted(conference)
    AuthorshipFactory(submission=submission, email="chair@example.org", is_presenter=True)
    PresentationFactory(session=parallel, submission=submission)
    assert [w.kind for w in domain.load(conference).warnings] == ["chair_presents"]
    assert Session.objects.count() == 2
