"""programme.schedule.warnings: each kind of warning fires when it should, and only then."""

import datetime as dt

from programme.schedule.warnings import DayData, PaperData, Person, SessionData, compute

T = dt.time
DAY = DayData(id=1, date=dt.date(2026, 9, 1), starts=T(9, 0), ends=T(18, 0))
ANNA = Person("Anna", frozenset({"u:1", "e:anna@example.org"}))
ANNA_BY_EMAIL = Person("Anna K.", frozenset({"e:anna@example.org"}))
BAO = Person("Bao", frozenset({"e:bao@example.org"}))


def session(id, starts=T(9, 0), ends=T(10, 30), room=1, day=1, chair=None, **kwargs):
    return SessionData(
        id=id,
        title=f"S{id}",
        holds_papers=True,
        day_id=day,
        starts=starts,
        ends=ends,
        room_id=room,
        chair=chair,
        **kwargs,
    )


def paper(id, session_id, presenters=(), minutes=20):
    return PaperData(
        id=id, title=f"P{id}", minutes=minutes, session_id=session_id, presenters=presenters
    )


def kinds(warnings):
    return [w.kind for w in warnings]


def test_a_clean_schedule_has_no_warning():
    sessions = [session(1, room=1), session(2, room=2), session(3, T(11, 0), T(12, 0), room=1)]
    papers = [paper(1, 1, (ANNA,)), paper(2, 2, (BAO,)), paper(3, 3, (ANNA,))]
    assert compute(days=[DAY], sessions=sessions, papers=papers) == []


def test_a_presenter_in_two_parallel_sessions_is_found_by_email_too():
    sessions = [session(1, room=1), session(2, T(10, 0), T(11, 0), room=2)]
    papers = [paper(1, 1, (ANNA,)), paper(2, 2, (ANNA_BY_EMAIL,))]
    warnings = compute(days=[DAY], sessions=sessions, papers=papers)
    assert kinds(warnings) == ["presenter_parallel"]
    assert warnings[0].sessions == (1, 2) and warnings[0].papers == (1, 2)
    assert warnings[0].person == "Anna"


def test_sessions_that_only_touch_are_not_parallel():
    sessions = [session(1, T(9, 0), T(10, 0), room=1), session(2, T(10, 0), T(11, 0), room=1)]
    papers = [paper(1, 1, (ANNA,)), paper(2, 2, (ANNA,))]
    assert compute(days=[DAY], sessions=sessions, papers=papers) == []


def test_sessions_on_different_days_are_not_parallel():
    other_day = DayData(id=2, date=dt.date(2026, 9, 2), starts=T(9, 0), ends=T(18, 0))
    sessions = [session(1, room=1), session(2, room=1, day=2)]
    papers = [paper(1, 1, (ANNA,)), paper(2, 2, (ANNA,))]
    assert compute(days=[DAY, other_day], sessions=sessions, papers=papers) == []


def test_a_chair_presenting_in_a_parallel_session():
    sessions = [session(1, room=1, chair=ANNA), session(2, room=2)]
    papers = [paper(1, 1, (BAO,)), paper(2, 2, (ANNA_BY_EMAIL,))]
    warnings = compute(days=[DAY], sessions=sessions, papers=papers)
    assert kinds(warnings) == ["chair_presents"]
    assert warnings[0].sessions == (1, 2) and warnings[0].person == "Anna"


def test_a_chair_presenting_in_their_own_session_is_fine():
    sessions = [session(1, room=1, chair=ANNA)]
    assert compute(days=[DAY], sessions=sessions, papers=[paper(1, 1, (ANNA,))]) == []


def test_papers_that_overrun_their_session():
    sessions = [session(1, T(9, 0), T(10, 0))]
    papers = [paper(i, 1, minutes=20) for i in range(1, 5)]  # 80 minutes in 60
    warnings = compute(days=[DAY], sessions=sessions, papers=papers)
    assert kinds(warnings) == ["overrun"] and warnings[0].minutes == 20


def test_papers_that_fill_their_session_exactly_do_not_overrun():
    papers = [paper(i, 1, minutes=20) for i in range(1, 4)]
    assert compute(days=[DAY], sessions=[session(1, T(9, 0), T(10, 0))], papers=papers) == []


def test_a_poster_session_never_overruns():
    posters = [session(1, T(9, 0), T(10, 0), posters=True)]
    papers = [paper(i, 1, minutes=20) for i in range(1, 10)]
    assert compute(days=[DAY], sessions=posters, papers=papers) == []


def test_a_room_double_booked():
    sessions = [session(1, room=1), session(2, T(10, 0), T(11, 0), room=1), session(3, room=2)]
    warnings = compute(days=[DAY], sessions=sessions, papers=[])
    assert kinds(warnings) == ["room_double_booked"] and warnings[0].sessions == (1, 2)


def test_sessions_without_a_room_are_not_double_booked():
    sessions = [session(1, room=None), session(2, room=None)]
    assert compute(days=[DAY], sessions=sessions, papers=[]) == []


def test_a_session_outside_its_days_hours():
    sessions = [session(1, T(8, 0), T(9, 30)), session(2, T(17, 0), T(18, 30), room=2)]
    warnings = compute(days=[DAY], sessions=sessions, papers=[])
    assert kinds(warnings) == ["outside_day", "outside_day"]
    assert [w.sessions for w in warnings] == [(1,), (2,)]


def test_papers_not_placed_or_in_a_draft_session_are_not_scheduled():
    draft = SessionData(id=2, title="Draft", holds_papers=True)
    sessions = [session(1), draft]
    papers = [paper(1, 1), paper(2, 2), paper(3, None)]
    warnings = compute(days=[DAY], sessions=sessions, papers=papers)
    assert kinds(warnings) == ["paper_unscheduled", "paper_unscheduled"]
    assert [(w.papers, w.sessions) for w in warnings] == [((2,), (2,)), ((3,), ())]
