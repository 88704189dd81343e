"""cfp.deadlines: phases and deadline arithmetic, at the boundaries, without a database."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest

from cfp import deadlines
from cfp.deadlines import AOE, Phase

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
UTC = dt.UTC
SECOND = dt.timedelta(seconds=1)


def make(**overrides):
    """A conference look-alike: the functions read attributes only."""
    values = {
        "timezone": "Asia/Bangkok",
        "submission_opens": dt.datetime(2026, 1, 5, 9, 0, tzinfo=BANGKOK),
        "submission_closes": dt.datetime(2026, 3, 31, 23, 59, tzinfo=BANGKOK),
        "deadlines_anywhere_on_earth": False,
        "reviewing_opens": dt.date(2026, 4, 6),
        "review_deadline": dt.date(2026, 4, 30),
        "notification_date": dt.date(2026, 5, 10),
        "camera_ready_deadline": dt.date(2026, 6, 1),
        "start_date": dt.date(2026, 6, 25),
        "end_date": dt.date(2026, 6, 26),
    }
    values.update(overrides)
    return SimpleNamespace(**values)


# --- the submission deadline in Asia/Bangkok


def test_deadline_without_aoe_is_the_stored_instant():
    conference = make()
    assert deadlines.effective_submission_deadline(conference) == dt.datetime(
        2026, 3, 31, 16, 59, tzinfo=UTC
    )


def test_bangkok_a_second_before_the_deadline_is_open():
    conference = make()
    now = dt.datetime(2026, 3, 31, 23, 58, 59, tzinfo=BANGKOK)
    assert deadlines.is_submission_open(conference, now) is True
    assert deadlines.phase(conference, now) == Phase.CALL_OPEN


def test_bangkok_at_the_deadline_is_closed():
    conference = make()
    now = dt.datetime(2026, 3, 31, 23, 59, tzinfo=BANGKOK)
    assert deadlines.is_submission_open(conference, now) is False
    assert deadlines.phase(conference, now) == Phase.SUBMISSIONS_CLOSED


def test_bangkok_a_second_after_the_deadline_is_closed():
    conference = make()
    now = dt.datetime(2026, 3, 31, 23, 59, 1, tzinfo=BANGKOK)
    assert deadlines.is_submission_open(conference, now) is False


def test_the_same_instant_in_another_zone_gives_the_same_answer():
    conference = make()
    # 16:58:59 UTC is 23:58:59 in Bangkok.
    assert deadlines.is_submission_open(
        conference, dt.datetime(2026, 3, 31, 16, 58, 59, tzinfo=UTC)
    )
    assert not deadlines.is_submission_open(
        conference, dt.datetime(2026, 3, 31, 16, 59, tzinfo=UTC)
    )


def test_opening_boundary():
    conference = make()
    opens = conference.submission_opens
    assert deadlines.is_submission_open(conference, opens - SECOND) is False
    assert deadlines.phase(conference, opens - SECOND) == Phase.UPCOMING
    assert deadlines.is_submission_open(conference, opens) is True


# --- Anywhere on Earth


def test_aoe_deadline_is_the_end_of_the_bangkok_date_at_utc_minus_12():
    conference = make(deadlines_anywhere_on_earth=True)
    # 31 March ends at UTC−12 at 1 April 12:00 UTC = 1 April 19:00 in Bangkok.
    expected = dt.datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    assert deadlines.effective_submission_deadline(conference) == expected
    assert expected.astimezone(BANGKOK) == dt.datetime(2026, 4, 1, 19, 0, tzinfo=BANGKOK)


def test_aoe_a_second_before_the_end_of_the_day_is_open():
    conference = make(deadlines_anywhere_on_earth=True)
    now = dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=AOE)
    assert deadlines.is_submission_open(conference, now) is True
    # Well after the Bangkok deadline would have passed:
    assert now > conference.submission_closes


def test_aoe_at_midnight_utc_minus_12_is_closed():
    conference = make(deadlines_anywhere_on_earth=True)
    now = dt.datetime(2026, 4, 1, 0, 0, 0, tzinfo=AOE)
    assert deadlines.is_submission_open(conference, now) is False
    assert deadlines.is_submission_open(conference, now + SECOND) is False
    assert deadlines.phase(conference, now) == Phase.SUBMISSIONS_CLOSED


def test_aoe_uses_the_date_in_the_conference_zone_not_in_utc():
    # 00:30 on 1 April in Bangkok is still 31 March in UTC; the Bangkok date (1 April) counts.
    conference = make(
        deadlines_anywhere_on_earth=True,
        submission_closes=dt.datetime(2026, 4, 1, 0, 30, tzinfo=BANGKOK),
    )
    assert deadlines.effective_submission_deadline(conference) == dt.datetime(
        2026, 4, 2, 12, 0, tzinfo=UTC
    )


def test_aoe_applies_to_date_deadlines_too():
    plain = make()
    aoe = make(deadlines_anywhere_on_earth=True)
    day = dt.date(2026, 6, 1)
    assert deadlines.date_deadline(day, plain) == dt.datetime(2026, 6, 1, 17, 0, tzinfo=UTC)
    assert deadlines.date_deadline(day, aoe) == dt.datetime(2026, 6, 2, 12, 0, tzinfo=UTC)


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        deadlines.is_submission_open(make(), dt.datetime(2026, 3, 1, 12, 0))


# --- phases


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 1, 5, 8, 59, 59, tzinfo=BANGKOK), Phase.UPCOMING),
        (dt.datetime(2026, 2, 1, 12, 0, tzinfo=BANGKOK), Phase.CALL_OPEN),
        (dt.datetime(2026, 4, 5, 23, 59, 59, tzinfo=BANGKOK), Phase.SUBMISSIONS_CLOSED),
        (dt.datetime(2026, 4, 6, 0, 0, tzinfo=BANGKOK), Phase.REVIEWING),
        (dt.datetime(2026, 5, 9, 23, 59, 59, tzinfo=BANGKOK), Phase.REVIEWING),
        (dt.datetime(2026, 5, 10, 0, 0, tzinfo=BANGKOK), Phase.DECISIONS),
        (dt.datetime(2026, 6, 1, 23, 59, 59, tzinfo=BANGKOK), Phase.DECISIONS),
        (dt.datetime(2026, 6, 2, 0, 0, tzinfo=BANGKOK), Phase.CAMERA_READY),
        (dt.datetime(2026, 6, 25, 0, 0, tzinfo=BANGKOK), Phase.RUNNING),
        (dt.datetime(2026, 6, 26, 23, 59, 59, tzinfo=BANGKOK), Phase.RUNNING),
        (dt.datetime(2026, 6, 27, 0, 0, tzinfo=BANGKOK), Phase.OVER),
    ],
)
def test_phase_boundaries(now, expected):
    assert deadlines.phase(make(), now) == expected


def test_without_optional_dates_reviewing_starts_at_the_deadline_and_lasts():
    conference = make(
        reviewing_opens=None,
        review_deadline=None,
        notification_date=None,
        camera_ready_deadline=None,
    )
    deadline = conference.submission_closes
    assert deadlines.phase(conference, deadline - SECOND) == Phase.CALL_OPEN
    assert deadlines.phase(conference, deadline) == Phase.REVIEWING
    assert (
        deadlines.phase(conference, dt.datetime(2026, 6, 24, 12, tzinfo=BANGKOK)) == Phase.REVIEWING
    )


def test_camera_ready_window():
    conference = make()
    assert not deadlines.is_camera_ready_open(
        conference, dt.datetime(2026, 5, 9, 23, 59, 59, tzinfo=BANGKOK)
    )
    assert deadlines.is_camera_ready_open(conference, dt.datetime(2026, 5, 10, tzinfo=BANGKOK))
    assert deadlines.is_camera_ready_open(
        conference, dt.datetime(2026, 6, 1, 23, 59, 59, tzinfo=BANGKOK)
    )
    assert not deadlines.is_camera_ready_open(conference, dt.datetime(2026, 6, 2, tzinfo=BANGKOK))


# --- time left


NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (dt.timedelta(days=3, hours=4, minutes=59), "3 days and 4 hours left"),
        (dt.timedelta(days=1), "1 day left"),
        (dt.timedelta(days=2, hours=1), "2 days and 1 hour left"),
        (dt.timedelta(hours=5, minutes=1), "5 hours and 1 minute left"),
        (dt.timedelta(hours=1), "1 hour left"),
        (dt.timedelta(minutes=12, seconds=59), "12 minutes left"),
        (dt.timedelta(minutes=1), "1 minute left"),
        (dt.timedelta(seconds=59), "less than a minute left"),
        (SECOND, "less than a minute left"),
        (dt.timedelta(0), "the deadline has passed"),
        (-SECOND, "the deadline has passed"),
    ],
)
def test_time_left(delta, expected):
    assert deadlines.time_left(NOW + delta, NOW) == expected


def test_time_left_is_translated():
    from django.utils import translation

    with translation.override("th"):
        # No Thai catalogue yet: the call must still work and return text.
        assert deadlines.time_left(NOW + dt.timedelta(days=2), NOW)


# --- reminders


def test_reminder_due_picks_the_most_urgent_threshold_reached():
    deadline = NOW + dt.timedelta(days=30)
    assert deadlines.reminder_due(deadline=deadline, now=NOW) is None
    assert deadlines.reminder_due(deadline=deadline, now=deadline - dt.timedelta(hours=49)) is None
    assert deadlines.reminder_due(deadline=deadline, now=deadline - dt.timedelta(hours=48)) == 48
    assert deadlines.reminder_due(deadline=deadline, now=deadline - dt.timedelta(hours=20)) == 24
    assert deadlines.reminder_due(deadline=deadline, now=deadline - SECOND) == 24
    assert deadlines.reminder_due(deadline=deadline, now=deadline) is None
    three_tiers = (168, 48, 24, 3)
    assert (
        deadlines.reminder_due(deadline=deadline, now=deadline - SECOND, thresholds=three_tiers)
        == 3
    )


# --- important dates


def test_important_dates_in_order_with_aoe_applied():
    conference = make(deadlines_anywhere_on_earth=True)
    rows = deadlines.important_dates(conference)
    assert [r.key for r in rows] == [
        "submission_opens",
        "submission_closes",
        "notification_date",
        "camera_ready_deadline",
        "conference",
    ]
    assert rows[1].when == dt.datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    assert rows[1].is_instant and not rows[2].is_instant
    assert rows[-1].until == dt.date(2026, 6, 26)


def test_important_dates_leave_out_empty_dates():
    rows = deadlines.important_dates(make(notification_date=None, camera_ready_deadline=None))
    assert [r.key for r in rows] == ["submission_opens", "submission_closes", "conference"]


def test_aoe_deadline_day():
    assert deadlines.aoe_deadline_day(make()) is None
    assert deadlines.aoe_deadline_day(make(deadlines_anywhere_on_earth=True)) == dt.date(
        2026, 3, 31
    )


def test_important_dates_for_organisers_include_the_review_dates():
    rows = deadlines.important_dates(make(), with_review=True)
    assert [r.key for r in rows] == [
        "submission_opens",
        "submission_closes",
        "reviewing_opens",
        "review_deadline",
        "notification_date",
        "camera_ready_deadline",
        "conference",
    ]
