"""The conference's phase and its deadline arithmetic: the one place that decides what is late.

Every function takes ``now`` explicitly (an aware datetime) so that tests and benchmarks
never depend on the wall clock; views pass ``django.utils.timezone.now()``.

How deadlines are read
======================

*Submission deadline.* ``Conference.submission_closes`` is an aware instant. Submissions are
accepted while ``now < deadline`` and refused from the deadline on: at 23:59:00 for a
deadline stored as 23:59, a second earlier is still in time.

*Anywhere on Earth.* When ``deadlines_anywhere_on_earth`` is set, only the **calendar date**
of ``submission_closes`` *as seen in the conference's time zone* counts: the deadline is the
end of that day at UTC−12, the last place on Earth where the day ends. Submissions are
accepted up to and including 23:59:59 UTC−12 on that date, and refused from 00:00:00 UTC−12
of the next day (= 12:00 UTC of the next day = 19:00 in Bangkok). Example: stored
``2026-03-31 23:59 Asia/Bangkok`` with AoE → date 31 March → refused from
``2026-04-01 12:00 UTC``.

*Date-only deadlines* (review deadline, camera-ready deadline) end when their day ends in the
conference's time zone, or at UTC−12 under AoE. *Date-only starts* (reviewing begins,
notification, the conference itself) begin at midnight in the conference's time zone.

Phases
======

Derived from the dates, never stored (see :func:`phase`)::

    UPCOMING            before submissions open
    CALL_OPEN           submissions open ≤ now < submission deadline
    SUBMISSIONS_CLOSED  deadline ≤ now < reviewing begins (checking, bidding)
    REVIEWING           reviewing begins ≤ now < notification date
    DECISIONS           notification date ≤ now < end of the camera-ready deadline
                        (decisions released; accepted authors upload final versions)
    CAMERA_READY        camera-ready deadline passed ≤ now < the conference's first day
                        (final versions in; the programme is being prepared)
    RUNNING             first day 00:00 ≤ now < end of the last day
    OVER                after the last day

An empty optional date skips its phase: with no ``reviewing_opens`` reviewing starts at the
deadline; with no notification date reviewing lasts until the conference begins.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

#: "Anywhere on Earth": the fixed UTC−12 offset; no daylight saving.
AOE = dt.timezone(dt.timedelta(hours=-12), "AoE")

#: Hours before a deadline at which authors of unfinished drafts are reminded, most distant
#: first. ``DraftReminder.hours_before`` stores one of these.
REMINDER_HOURS_BEFORE: tuple[int, ...] = (48, 24)


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Call announced: submissions not yet open")
    CALL_OPEN = "call_open", _("Call open")
    SUBMISSIONS_CLOSED = "submissions_closed", _("Submissions closed")
    REVIEWING = "reviewing", _("Reviewing")
    DECISIONS = "decisions", _("Decisions released: final versions due")
    CAMERA_READY = "camera_ready", _("Final versions in: programme in preparation")
    RUNNING = "running", _("Conference under way")
    OVER = "over", _("Conference over")


class ConferenceDates(Protocol):
    """What these functions read from a conference (a ``Conference`` or any look-alike)."""

    timezone: str
    submission_opens: dt.datetime
    submission_closes: dt.datetime
    deadlines_anywhere_on_earth: bool
    reviewing_opens: dt.date | None
    review_deadline: dt.date | None
    notification_date: dt.date | None
    camera_ready_deadline: dt.date | None
    start_date: dt.date
    end_date: dt.date


def _tz(conference: ConferenceDates) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(conference.timezone)


def _require_aware(now: dt.datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")


def start_of_day(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The first instant of ``day`` in ``tz``."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def end_of_day(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The first instant *after* ``day`` in ``tz`` (exclusive end: midnight of the next day)."""
    return start_of_day(day + dt.timedelta(days=1), tz)


def date_deadline(day: dt.date, conference: ConferenceDates) -> dt.datetime:
    """When a date-only deadline (review, camera-ready) has passed: end of the day, or AoE."""
    tz = AOE if conference.deadlines_anywhere_on_earth else _tz(conference)
    return end_of_day(day, tz)


def effective_submission_deadline(conference: ConferenceDates) -> dt.datetime:
    """The first instant at which a submission is late (aware).

    Without AoE it is ``submission_closes`` itself. With AoE it is the end, at UTC−12, of
    the date ``submission_closes`` falls on in the conference's time zone.
    """
    closes = conference.submission_closes
    if not conference.deadlines_anywhere_on_earth:
        return closes
    local_day = closes.astimezone(_tz(conference)).date()
    return end_of_day(local_day, AOE)


def aoe_deadline_day(conference: ConferenceDates) -> dt.date | None:
    """Under AoE, the calendar day whose end is the submission deadline; else None."""
    if not conference.deadlines_anywhere_on_earth:
        return None
    return (
        (effective_submission_deadline(conference) - dt.timedelta(microseconds=1))
        .astimezone(AOE)
        .date()
    )


def is_submission_open(conference: ConferenceDates, now: dt.datetime) -> bool:
    """True while new submissions and edits to them are accepted."""
    _require_aware(now)
    return conference.submission_opens <= now < effective_submission_deadline(conference)


def is_camera_ready_open(conference: ConferenceDates, now: dt.datetime) -> bool:
    """True from the notification date until the camera-ready deadline has passed."""
    _require_aware(now)
    if conference.notification_date is None or conference.camera_ready_deadline is None:
        return False
    opens = start_of_day(conference.notification_date, _tz(conference))
    return opens <= now < date_deadline(conference.camera_ready_deadline, conference)


def phase(conference: ConferenceDates, now: dt.datetime) -> Phase:
    """The conference's phase at ``now`` (see the module docstring for the boundaries)."""
    _require_aware(now)
    tz = _tz(conference)
    if now >= end_of_day(conference.end_date, tz):
        return Phase.OVER
    if now >= start_of_day(conference.start_date, tz):
        return Phase.RUNNING
    if now < conference.submission_opens:
        return Phase.UPCOMING
    deadline = effective_submission_deadline(conference)
    if now < deadline:
        return Phase.CALL_OPEN
    if conference.camera_ready_deadline and now >= date_deadline(
        conference.camera_ready_deadline, conference
    ):
        return Phase.CAMERA_READY
    if conference.notification_date and now >= start_of_day(conference.notification_date, tz):
        return Phase.DECISIONS
    reviewing_starts = (
        start_of_day(conference.reviewing_opens, tz) if conference.reviewing_opens else deadline
    )
    if now >= reviewing_starts:
        return Phase.REVIEWING
    return Phase.SUBMISSIONS_CLOSED


def time_left(deadline: dt.datetime, now: dt.datetime) -> str:
    """How long until ``deadline``, in words, rounded down (never promises more time).

    "3 days and 4 hours left", "5 hours and 1 minute left", "12 minutes left",
    "less than a minute left", or "the deadline has passed" once ``now >= deadline``.
    """
    _require_aware(now)
    remaining = deadline - now
    if remaining <= dt.timedelta(0):
        return gettext("the deadline has passed")
    total_minutes = int(remaining.total_seconds() // 60)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        big = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
        small = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
        if not hours:
            return pgettext("time left", "%(big)s left") % {"big": big}
    elif hours:
        big = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
        small = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        if not minutes:
            return pgettext("time left", "%(big)s left") % {"big": big}
    elif minutes:
        return ngettext("%(count)d minute left", "%(count)d minutes left", minutes) % {
            "count": minutes
        }
    else:
        return gettext("less than a minute left")
    return pgettext("time left", "%(big)s and %(small)s left") % {"big": big, "small": small}


def reminder_due(
    *,
    deadline: dt.datetime,
    now: dt.datetime,
    thresholds: tuple[int, ...] = REMINDER_HOURS_BEFORE,
) -> int | None:
    """The most urgent reminder threshold (hours before ``deadline``) reached at ``now``.

    None before the first threshold and once the deadline has passed. A periodic task sends
    the returned threshold's reminder unless it was already sent (``DraftReminder``); passing
    a nearer threshold supersedes the farther ones, so a late run sends one mail, not three.
    """
    _require_aware(now)
    if now >= deadline:
        return None
    reached = [h for h in thresholds if now >= deadline - dt.timedelta(hours=h)]
    return min(reached) if reached else None


@dataclass(frozen=True)
class ImportantDate:
    """One row of the call's "important dates".

    ``when`` is an aware instant for the submission rows and a day for the others; ``until``
    is the last day of a span (the conference itself).
    """

    key: str
    label: str
    when: dt.datetime | dt.date
    until: dt.date | None = None

    @property
    def is_instant(self) -> bool:
        return isinstance(self.when, dt.datetime)


def important_dates(
    conference: ConferenceDates, *, with_review: bool = False
) -> list[ImportantDate]:
    """The call's timeline in life-cycle order, leaving out dates that are not set.

    The submission deadline carries its effective instant (AoE already applied).
    ``with_review`` adds the committee's dates (reviewing begins, review deadline), which
    the organiser area shows and the public call does not.
    """
    rows = [
        ImportantDate("submission_opens", gettext("Submissions open"), conference.submission_opens),
        ImportantDate(
            "submission_closes",
            gettext("Submission deadline"),
            effective_submission_deadline(conference),
        ),
    ]
    optional = [
        ("reviewing_opens", gettext("Reviewing begins")),
        ("review_deadline", gettext("Review deadline")),
        ("notification_date", gettext("Notification of acceptance")),
        ("camera_ready_deadline", gettext("Camera-ready deadline")),
    ]
    if not with_review:
        optional = optional[2:]
    for key, label in optional:
        day = getattr(conference, key)
        if day:
            rows.append(ImportantDate(key, label, day))
    until = conference.end_date if conference.end_date != conference.start_date else None
    rows.append(ImportantDate("conference", gettext("Conference"), conference.start_date, until))
    return rows
