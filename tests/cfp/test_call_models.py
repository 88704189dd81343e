"""The call's models: validation of dates, limits and time zone; ordering helpers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cfp.domain.call import confirm_dates, move_in_order, next_order
from cfp.models import Conference, Theme
from tests.factories import (
    REFERENCE_NOW,
    ConferenceFactory,
    ContributionTypeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


def test_a_valid_conference_passes():
    ConferenceFactory().full_clean()


def test_closing_must_be_after_opening():
    conference = ConferenceFactory.build(
        submission_opens=REFERENCE_NOW, submission_closes=REFERENCE_NOW - dt.timedelta(seconds=1)
    )
    assert errors_of(conference) == {
        "submission_closes": ["The submission deadline must be after submissions open."]
    }


def test_closing_equal_to_opening_is_refused():
    conference = ConferenceFactory.build(
        submission_opens=REFERENCE_NOW, submission_closes=REFERENCE_NOW
    )
    assert "submission_closes" in errors_of(conference)


def test_database_refuses_closing_before_opening_too():
    conference = ConferenceFactory()
    with pytest.raises(IntegrityError):
        Conference.objects.filter(pk=conference.pk).update(
            submission_closes=conference.submission_opens
        )


def test_last_day_not_before_first_day():
    conference = ConferenceFactory.build(
        start_date=dt.date(2026, 9, 2), end_date=dt.date(2026, 9, 1)
    )
    assert errors_of(conference) == {"end_date": ["The last day cannot be before the first day."]}


def test_unknown_timezone_is_refused():
    conference = ConferenceFactory.build(timezone="Asia/Atlantis")
    assert errors_of(conference) == {"timezone": ["Asia/Atlantis is not a known time zone."]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "reviewing_opens",
            dt.date(2026, 6, 30),
            "Reviewing cannot begin before the submission deadline.",
        ),
        (
            "notification_date",
            dt.date(2026, 6, 30),
            "Authors cannot be notified before the review deadline.",
        ),
    ],
)
def test_life_cycle_dates_follow_the_deadline(field, value, message):
    # The factory's deadline is 1 July 2026 (19:00 in Bangkok).
    conference = ConferenceFactory.build(**{field: value})
    assert errors_of(conference) == {field: [message]}


def test_camera_ready_not_before_notification():
    conference = ConferenceFactory.build(
        notification_date=dt.date(2026, 8, 1), camera_ready_deadline=dt.date(2026, 7, 31)
    )
    assert errors_of(conference) == {
        "camera_ready_deadline": [
            "The camera-ready deadline cannot be before the notification of acceptance."
        ]
    }


def test_deadline_after_the_conference_begins_is_refused():
    conference = ConferenceFactory.build(
        start_date=dt.date(2026, 6, 15), end_date=dt.date(2026, 6, 16)
    )
    assert errors_of(conference) == {
        "submission_closes": ["The submission deadline cannot be after the conference begins."]
    }


@pytest.mark.parametrize("field", ["abstract_word_limit", "page_limit", "presentation_minutes"])
def test_limits_must_be_positive(field):
    item = ContributionTypeFactory.build(conference=ConferenceFactory(), **{field: 0})
    assert field in errors_of(item)


def test_word_limit_zero_is_refused_by_the_database():
    item = ContributionTypeFactory()
    with pytest.raises(IntegrityError):
        type(item).objects.filter(pk=item.pk).update(abstract_word_limit=0)


def test_confirm_dates_clears_the_placeholder_flag():
    conference = ConferenceFactory(dates_are_placeholders=True)
    confirm_dates(conference=conference)
    conference.refresh_from_db()
    assert conference.dates_are_placeholders is False


def test_current_prefers_an_open_call_then_the_latest():
    old = ConferenceFactory(
        submission_opens=REFERENCE_NOW - dt.timedelta(days=400),
        submission_closes=REFERENCE_NOW - dt.timedelta(days=300),
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2025, 9, 2),
    )
    assert Conference.objects.current(REFERENCE_NOW) == old
    open_call = ConferenceFactory()
    ConferenceFactory(
        submission_opens=REFERENCE_NOW + dt.timedelta(days=5),
        submission_closes=REFERENCE_NOW + dt.timedelta(days=60),
    )
    assert Conference.objects.current(REFERENCE_NOW) == open_call


def _titles(conference):
    return list(Theme.objects.filter(conference=conference).values_list("title", flat=True))


def test_move_in_order_swaps_neighbours_and_renumbers():
    conference = ConferenceFactory()
    a = ThemeFactory(conference=conference, title="A", order=5)
    ThemeFactory(conference=conference, title="B", order=5)
    c = ThemeFactory(conference=conference, title="C", order=9)
    assert move_in_order(item=c, up=True) is True
    assert _titles(conference) == ["A", "C", "B"]
    assert list(Theme.objects.filter(conference=conference).values_list("order", flat=True)) == [
        0,
        1,
        2,
    ]
    assert move_in_order(item=a, up=True) is False
    assert move_in_order(item=a, up=False) is True
    assert _titles(conference) == ["C", "A", "B"]


def test_move_does_not_touch_other_conferences():
    theme = ThemeFactory(order=0)
    other = ThemeFactory(order=0)
    assert move_in_order(item=theme, up=False) is False
    other.refresh_from_db()
    assert other.order == 0


def test_next_order():
    conference = ConferenceFactory()
    assert next_order(Theme, conference) == 0
    ThemeFactory(conference=conference, order=7)
    assert next_order(Theme, conference) == 8
