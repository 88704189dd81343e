"""What is wrong with a schedule, computed from plain data (no Django, no queries).

The editor loads the schedule once (a fixed number of queries, programme.domain.schedule
``schedule_data``) and passes it here; this module never fails silently and never refuses:
the organiser may be in the middle of a rearrangement, so each problem is a ``Warning`` to
show with a link to the thing to fix.

Kinds:

- ``presenter_parallel``: one person presents in two sessions that overlap in time;
- ``chair_presents``: a session's chair presents in another session overlapping it;
- ``overrun``: the papers of a paper session last longer than the session;
- ``room_double_booked``: two sessions overlap in the same room on the same day;
- ``outside_day``: a session starts before or ends after its day's hours;
- ``paper_unscheduled``: an accepted paper is not placed, or placed in a session without a
  day and times.

People are matched by any of their keys: ``"u:<user id>"`` and ``"e:<lower-cased email>"``,
so an author who has not linked their account is still found by email.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

KINDS = (
    "presenter_parallel",
    "chair_presents",
    "overrun",
    "room_double_booked",
    "outside_day",
    "paper_unscheduled",
)


@dataclass(frozen=True)
class Person:
    name: str
    keys: frozenset[str]


@dataclass(frozen=True)
class DayData:
    id: int
    date: dt.date
    starts: dt.time
    ends: dt.time


@dataclass(frozen=True)
class SessionData:
    id: int
    title: str
    holds_papers: bool
    posters: bool = False
    day_id: int | None = None
    starts: dt.time | None = None
    ends: dt.time | None = None
    room_id: int | None = None
    chair: Person | None = None

    @property
    def scheduled(self) -> bool:
        return self.day_id is not None and self.starts is not None and self.ends is not None

    @property
    def length(self) -> int:
        """Minutes from start to end (0 when not scheduled)."""
        if not self.scheduled:
            return 0
        return _minutes(self.ends) - _minutes(self.starts)


@dataclass(frozen=True)
class PaperData:
    """An accepted paper: where it is placed (``session_id``), how long it lasts, who
    presents it."""

    id: int
    title: str
    minutes: int
    session_id: int | None = None
    presenters: tuple[Person, ...] = ()


@dataclass(frozen=True)
class Warning:
    kind: str
    sessions: tuple[int, ...] = ()
    papers: tuple[int, ...] = ()
    person: str = ""
    minutes: int = 0  # overrun: by how many minutes
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def overlap(a: SessionData, b: SessionData) -> bool:
    """Both scheduled on the same day, and their times overlap (touching is not overlapping)."""
    return (
        a.scheduled
        and b.scheduled
        and a.day_id == b.day_id
        and a.starts < b.ends
        and b.starts < a.ends
    )


def compute(
    *, days: list[DayData], sessions: list[SessionData], papers: list[PaperData]
) -> list[Warning]:
    """Every warning of the schedule, in a stable order (by kind, then as found)."""
    days_by_id = {d.id: d for d in days}
    by_session: dict[int, list[PaperData]] = defaultdict(list)
    for paper in papers:
        if paper.session_id is not None:
            by_session[paper.session_id].append(paper)
    sessions = sorted(sessions, key=lambda s: s.id)
    scheduled = [s for s in sessions if s.scheduled]
    found: dict[str, list[Warning]] = {kind: [] for kind in KINDS}

    by_day: dict[int, list[SessionData]] = defaultdict(list)
    for session in scheduled:
        by_day[session.day_id].append(session)
    for day_sessions in by_day.values():
        for a, b in combinations(day_sessions, 2):
            if not overlap(a, b):
                continue
            if a.room_id is not None and a.room_id == b.room_id:
                found["room_double_booked"].append(
                    Warning("room_double_booked", sessions=(a.id, b.id))
                )
            _people_in_both(found, a, b, by_session)
            for chair_session, other in ((a, b), (b, a)):
                chair = chair_session.chair
                if chair is None:
                    continue
                for paper in by_session.get(other.id, ()):
                    if any(chair.keys & p.keys for p in paper.presenters):
                        found["chair_presents"].append(
                            Warning(
                                "chair_presents",
                                sessions=(chair_session.id, other.id),
                                papers=(paper.id,),
                                person=chair.name,
                            )
                        )

    for session in scheduled:
        day = days_by_id.get(session.day_id)
        if day is not None and (session.starts < day.starts or session.ends > day.ends):
            found["outside_day"].append(Warning("outside_day", sessions=(session.id,)))
        if session.holds_papers and not session.posters:
            total = sum(p.minutes for p in by_session.get(session.id, ()))
            if total > session.length:
                found["overrun"].append(
                    Warning("overrun", sessions=(session.id,), minutes=total - session.length)
                )

    scheduled_ids = {s.id for s in scheduled}
    for paper in sorted(papers, key=lambda p: p.id):
        if paper.session_id is None or paper.session_id not in scheduled_ids:
            found["paper_unscheduled"].append(
                Warning(
                    "paper_unscheduled",
                    sessions=(paper.session_id,) if paper.session_id is not None else (),
                    papers=(paper.id,),
                )
            )
    return [w for kind in KINDS for w in found[kind]]


def _people_in_both(found, a: SessionData, b: SessionData, by_session) -> None:
    """A presenter of a paper in ``a`` who also presents a paper in ``b``: once per person."""
    seen: set[str] = set()
    for paper_a in by_session.get(a.id, ()):
        for person in paper_a.presenters:
            for paper_b in by_session.get(b.id, ()):
                if any(person.keys & other.keys for other in paper_b.presenters):
                    key = min(person.keys)
                    if key in seen:
                        continue
                    seen.add(key)
                    found["presenter_parallel"].append(
                        Warning(
                            "presenter_parallel",
                            sessions=(a.id, b.id),
                            papers=(paper_a.id, paper_b.id),
                            person=person.name,
                        )
                    )
