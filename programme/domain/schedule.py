"""Writes of the schedule: days, rooms, sessions, papers placed in them, suggested drafts;
and ``load``, the one read of the whole schedule the editor and its warnings use.

Every write is keyword-only and atomic. None sends mail. Times are wall-clock times in the
conference's time zone. Nothing here refuses a clash (a double-booked room, a session
outside its day): the organiser may be mid-rearrangement; ``programme.schedule.warnings``
shows them instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from cfp.models import Authorship, Conference, Submission, SubmissionState

from ..models import (
    KINDS_WITH_PAPERS,
    Presentation,
    ProgrammeDay,
    Room,
    Session,
    SessionKind,
)
from ..schedule import suggest as suggest_module
from ..schedule import warnings as warnings_module
from ..snapshot import poster_submission_ids

#: A paper whose contribution type gives no length (no type) lasts this long.
DEFAULT_MINUTES = 20
#: A session moved onto the grid without times of its own lasts this long.
DEFAULT_SESSION_MINUTES = 90


class ScheduleRefused(Exception):
    """The change is not possible (e.g. a paper into a break); ``str(exc)`` says why."""


def paper_minutes(submission: Submission, presentation: Presentation | None = None) -> int:
    if presentation is not None and presentation.minutes:
        return presentation.minutes
    kind = submission.contribution_type
    return (kind.presentation_minutes if kind else None) or DEFAULT_MINUTES


# --- Days and rooms -------------------------------------------------------------------------


@transaction.atomic
def save_day(
    *,
    conference: Conference,
    date: dt.date,
    starts: dt.time,
    ends: dt.time,
    day: ProgrammeDay | None = None,
) -> ProgrammeDay:
    """Add a conference day, or change one (its sessions move with it)."""
    day = day or ProgrammeDay(conference=conference)
    day.date, day.starts, day.ends = date, starts, ends
    day.save()
    return day


@transaction.atomic
def delete_day(*, day: ProgrammeDay) -> int:
    """Delete a day. Its sessions are kept, unscheduled (no day, no times), with their
    papers. Returns how many sessions were taken off the grid."""
    moved = Session.objects.filter(day=day).update(day=None, starts=None, ends=None)
    day.delete()
    return moved


@transaction.atomic
def save_room(
    *,
    conference: Conference,
    name: str,
    capacity: int | None,
    order: int,
    room: Room | None = None,
) -> Room:
    room = room or Room(conference=conference)
    room.name, room.capacity, room.order = name, capacity, order
    room.save()
    return room


@transaction.atomic
def delete_room(*, room: Room) -> None:
    """Delete a room; its sessions keep their day and times, without a room."""
    room.delete()


# --- Sessions -------------------------------------------------------------------------------

SESSION_FIELDS = (
    "kind",
    "title",
    "description",
    "theme",
    "room",
    "day",
    "starts",
    "ends",
    "chair",
    "chair_name",
)


@transaction.atomic
def save_session(*, conference: Conference, session: Session | None = None, **values) -> Session:
    """Create or change a session (``values``: any of SESSION_FIELDS). A session changed to
    a kind that holds no papers lets its papers go (they are listed as not placed)."""
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    session = session or Session(conference=conference)
    for name, value in values.items():
        setattr(session, name, value)
    session.save()
    if session.kind not in KINDS_WITH_PAPERS:
        session.presentations.all().delete()
    return session


@transaction.atomic
def delete_session(*, session: Session) -> int:
    """Delete a session; its papers are no longer placed. Returns how many were in it."""
    count = session.presentations.count()
    session.delete()
    return count


@transaction.atomic
def move_session(
    *,
    session: Session,
    day: ProgrammeDay | None,
    room: Room | None,
    starts: dt.time | None,
) -> Session:
    """Put a session on the grid at ``day``/``room``/``starts``, keeping its length (or
    DEFAULT_SESSION_MINUTES when it had none); ``day=None`` takes it off the grid (times
    cleared, room and papers kept)."""
    if day is None:
        session.day, session.starts, session.ends = None, None, None
        session.room = room
        session.save()
        return session
    if starts is None:
        raise ScheduleRefused(_("Give the time the session starts."))
    length = DEFAULT_SESSION_MINUTES
    if session.starts is not None and session.ends is not None:
        length = _minutes(session.ends) - _minutes(session.starts)
    end = _minutes(starts) + length
    if end >= 24 * 60:
        raise ScheduleRefused(_("The session would end after midnight."))
    session.day, session.room, session.starts = day, room, starts
    session.ends = dt.time(end // 60, end % 60)
    session.save()
    return session


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


# --- Papers in sessions ---------------------------------------------------------------------


@transaction.atomic
def place_paper(
    *, submission: Submission, session: Session, position: int | None = None
) -> Presentation:
    """Place an accepted paper in ``session`` at ``position`` (1-based; None: at the end),
    taking it out of the session it was in. Orders in both sessions are renumbered 0…n-1."""
    if submission.state != SubmissionState.ACCEPTED:
        raise ScheduleRefused(_("Only accepted papers can be placed in the programme."))
    if submission.conference_id != session.conference_id:
        raise ScheduleRefused(_("This paper belongs to another conference."))
    if not session.holds_papers:
        raise ScheduleRefused(
            _("A %(kind)s holds no papers: choose a paper or poster session.")
            % {"kind": session.get_kind_display().lower()}
        )
    # Lock the target session's row: two organisers dropping papers at once renumber in turn.
    # order_by("pk"): the model's ordering joins days and rooms (nullable), and PostgreSQL
    # cannot lock the nullable side of an outer join.
    Session.objects.select_for_update().filter(pk=session.pk).order_by("pk").first()
    presentation = Presentation.objects.filter(submission=submission).first()
    old_session_id = presentation.session_id if presentation else None
    others = list(
        Presentation.objects.filter(session=session)
        .exclude(submission=submission)
        .order_by("order", "pk")
    )
    if presentation is None:
        presentation = Presentation(submission=submission, session=session)
    presentation.session = session
    index = len(others) if position is None else max(0, min(position - 1, len(others)))
    ordered = others[:index] + [presentation] + others[index:]
    presentation.order = index
    presentation.save()
    _renumber(ordered)
    if old_session_id is not None and old_session_id != session.pk:
        _renumber(list(Presentation.objects.filter(session_id=old_session_id)))
    return presentation


@transaction.atomic
def move_paper(*, presentation: Presentation, direction: str) -> Presentation:
    """Move a paper one place ``"up"`` (earlier) or ``"down"`` (later) in its session."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    ordered = list(Presentation.objects.filter(session_id=presentation.session_id))
    index = next(i for i, p in enumerate(ordered) if p.pk == presentation.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(ordered)
    return presentation


@transaction.atomic
def remove_paper(*, presentation: Presentation) -> None:
    """Take a paper out of its session (it is listed as not placed again)."""
    session_id = presentation.session_id
    presentation.delete()
    _renumber(list(Presentation.objects.filter(session_id=session_id)))


def _renumber(ordered: list[Presentation]) -> None:
    for order, presentation in enumerate(ordered):
        if presentation.order != order:
            presentation.order = order
            presentation.save(update_fields=["order"])


# --- Suggested sessions ---------------------------------------------------------------------


@transaction.atomic
def create_suggested_sessions(
    *, conference: Conference, session_minutes: int, posters_per_theme: bool = True
) -> list[Session]:
    """Group the accepted papers not yet placed into draft (unscheduled) sessions, per theme
    and by similarity (``programme.schedule.suggest``), and place them in order. Papers
    already placed are left where they are. Returns the sessions created."""
    placed = Presentation.objects.filter(session__conference=conference).values("submission_id")
    submissions = list(
        Submission.objects.filter(conference=conference, state=SubmissionState.ACCEPTED)
        .exclude(pk__in=placed)
        .select_related("contribution_type")
        .prefetch_related("themes")
        .order_by("number")
    )
    posters = poster_submission_ids(conference)
    papers = [
        suggest_module.Paper(
            id=s.pk,
            theme_id=min((t.pk for t in s.themes.all()), default=None),
            minutes=paper_minutes(s),
            title=s.title,
            abstract=s.abstract,
            keywords=tuple(str(k) for k in (s.keywords or [])),
            poster=s.pk in posters,
        )
        for s in submissions
    ]
    themes = {t.pk: t for t in conference.themes.all()}
    by_id = {s.pk: s for s in submissions}
    created = []
    counters: dict[tuple, int] = {}
    for suggestion in suggest_module.suggest(
        papers, session_minutes=session_minutes, posters_per_theme=posters_per_theme
    ):
        theme = themes.get(suggestion.theme_id)
        key = (suggestion.theme_id, suggestion.posters)
        counters[key] = counters.get(key, 0) + 1
        session = Session.objects.create(
            conference=conference,
            kind=SessionKind.POSTERS if suggestion.posters else SessionKind.PAPERS,
            title=_suggested_title(theme, suggestion, counters[key]),
            theme=theme,
        )
        Presentation.objects.bulk_create(
            Presentation(session=session, submission=by_id[pk], order=order)
            for order, pk in enumerate(suggestion.paper_ids)
        )
        created.append(session)
    return created


def _suggested_title(theme, suggestion, number: int) -> str:
    name = theme.title if theme else _("Other papers")
    if suggestion.posters:
        return _("Posters: %(theme)s") % {"theme": name} if theme else _("Posters")
    if suggestion.keywords:
        return f"{name} — {', '.join(suggestion.keywords)}"
    return f"{name} {number}"


# --- The whole schedule, read once ----------------------------------------------------------


@dataclass
class Placed:
    presentation: Presentation
    submission: Submission
    minutes: int
    starts: dt.time | None = None
    ends: dt.time | None = None


@dataclass
class SessionView:
    session: Session
    papers: list[Placed] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.papers)


@dataclass
class Schedule:
    conference: Conference
    days: list[ProgrammeDay]
    rooms: list[Room]
    sessions: list[SessionView]
    unplaced: list[Submission]
    accepted: list[Submission]
    posters: set[int]
    warnings: list[warnings_module.Warning]

    @property
    def sessions_by_id(self) -> dict[int, SessionView]:
        return {v.session.pk: v for v in self.sessions}

    @property
    def submissions_by_id(self) -> dict[int, Submission]:
        return {s.pk: s for s in self.accepted}


def load(conference: Conference) -> Schedule:
    """Days, rooms, sessions with their papers in order (with computed times), the accepted
    papers not placed, and the warnings. A fixed number of queries, whatever the size."""
    days = list(ProgrammeDay.objects.filter(conference=conference))
    rooms = list(Room.objects.filter(conference=conference))
    accepted = list(
        Submission.objects.filter(conference=conference, state=SubmissionState.ACCEPTED)
        .select_related("contribution_type", "camera_ready", "presentation")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.order_by("order", "pk")),
            "themes",
        )
        .order_by("number")
    )
    sessions = list(
        Session.objects.filter(conference=conference).select_related(
            "day", "room", "theme", "chair"
        )
    )
    posters = poster_submission_ids(conference)
    views = {s.pk: SessionView(session=s) for s in sessions}
    unplaced = []
    for submission in accepted:
        presentation = _presentation(submission)
        if presentation is None or presentation.session_id not in views:
            unplaced.append(submission)
            continue
        views[presentation.session_id].papers.append(
            Placed(presentation, submission, paper_minutes(submission, presentation))
        )
    for view in views.values():
        view.papers.sort(key=lambda p: (p.presentation.order, p.presentation.pk))
        _times(view)
    ordered = [views[s.pk] for s in sessions]
    schedule = Schedule(
        conference=conference,
        days=days,
        rooms=rooms,
        sessions=ordered,
        unplaced=unplaced,
        accepted=accepted,
        posters=posters,
        warnings=[],
    )
    schedule.warnings = warnings_module.compute(**warning_data(schedule))
    return schedule


def _presentation(submission: Submission) -> Presentation | None:
    try:
        return submission.presentation
    except Submission.presentation.RelatedObjectDoesNotExist:
        return None


def _times(view: SessionView) -> None:
    session = view.session
    if session.starts is None or session.day_id is None:
        return
    if session.kind == SessionKind.POSTERS:
        for placed in view.papers:
            placed.starts, placed.ends = session.starts, session.ends
        return
    clock = dt.datetime.combine(dt.date(2000, 1, 1), session.starts)
    for placed in view.papers:
        placed.starts = clock.time()
        clock += dt.timedelta(minutes=placed.minutes)
        placed.ends = clock.time()


def presenters(submission: Submission) -> list[Authorship]:
    """Who presents: the camera-ready's presenter once confirmed, else the authors marked as
    presenting. Expects ``camera_ready`` and ``authorships`` loaded."""
    try:
        camera = submission.camera_ready
    except Submission.camera_ready.RelatedObjectDoesNotExist:
        camera = None
    authorships = list(submission.authorships.all())
    if camera is not None and camera.confirmed_at is not None and camera.presenter_id:
        return [a for a in authorships if a.pk == camera.presenter_id]
    return [a for a in authorships if a.is_presenter]


def person_keys(*, user_id: int | None, email: str) -> frozenset[str]:
    keys = {f"e:{email.strip().lower()}"} if email else set()
    if user_id is not None:
        keys.add(f"u:{user_id}")
    return frozenset(keys)


def warning_data(schedule: Schedule) -> dict:
    """The schedule as the plain data ``programme.schedule.warnings.compute`` takes."""
    days = [warnings_module.DayData(d.pk, d.date, d.starts, d.ends) for d in schedule.days]
    sessions = []
    papers = []
    for view in schedule.sessions:
        s = view.session
        chair = None
        if s.chair is not None:
            chair = warnings_module.Person(
                name=s.chair_name or s.chair.full_name or s.chair.email,
                keys=person_keys(user_id=s.chair_id, email=s.chair.email),
            )
        sessions.append(
            warnings_module.SessionData(
                id=s.pk,
                title=s.title,
                holds_papers=s.holds_papers,
                posters=s.kind == SessionKind.POSTERS,
                day_id=s.day_id,
                starts=s.starts,
                ends=s.ends,
                room_id=s.room_id,
                chair=chair,
            )
        )
        for placed in view.papers:
            papers.append(_paper_data(placed.submission, s.pk, placed.minutes))
    for submission in schedule.unplaced:
        papers.append(_paper_data(submission, None, paper_minutes(submission)))
    return {"days": days, "sessions": sessions, "papers": papers}


def _paper_data(submission: Submission, session_id, minutes) -> warnings_module.PaperData:
    return warnings_module.PaperData(
        id=submission.pk,
        title=submission.title,
        minutes=minutes,
        session_id=session_id,
        presenters=tuple(
            warnings_module.Person(
                name=a.full_name, keys=person_keys(user_id=a.user_id, email=a.email)
            )
            for a in presenters(submission)
        ),
    )
