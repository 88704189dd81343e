"""The organisers' schedule editor: days, rooms, sessions, and papers placed in them.

Thin: parse (programme.forms_schedule), authorise (``programme.edit_schedule`` through
``schedule_required``), call programme.domain.schedule, redirect. Every move is a plain form
that works without JavaScript; static/js/schedule-editor.js only fills and submits the same
forms on drag and drop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cfp.access import conference_permission_required
from cfp.models import Submission, SubmissionState

from ..domain import schedule as domain
from ..forms_schedule import (
    DayForm,
    MoveSessionForm,
    PlacePaperForm,
    RoomForm,
    SessionForm,
    SuggestForm,
)
from ..models import Presentation, ProgrammeDay, Room, Session

#: Organisers of the conference, with MFA (like every organiser page).
schedule_required = conference_permission_required("programme.edit_schedule")

#: Rows of the grid, in minutes.
SLOT_MINUTES = 30


def _editor(conference, anchor: str = ""):
    url = reverse("programme:schedule", kwargs={"conference": conference.slug})
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- The editor -----------------------------------------------------------------------------


@dataclass
class Cell:
    room: Room | None
    time: dt.time
    rowspan: int = 1
    sessions: list = field(default_factory=list)


@dataclass
class DayGrid:
    day: ProgrammeDay
    columns: list  # Room or None (sessions without a room)
    rows: list  # [(time, [Cell, ...])], covered cells left out


def _m(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _t(minutes: int) -> dt.time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return dt.time(minutes // 60, minutes % 60)


def build_grids(schedule: domain.Schedule, slot: int = SLOT_MINUTES) -> list[DayGrid]:
    """One grid per day: rows of ``slot`` minutes, a column per room (and one for sessions
    without a room when there are any). Sessions that overlap in a room share one cell,
    spanning the rows they cover, so that nothing is hidden."""
    grids = []
    for day in schedule.days:
        views = [
            v for v in schedule.sessions if v.session.day_id == day.pk and v.session.is_scheduled
        ]
        columns: list = list(schedule.rooms)
        if any(v.session.room_id is None for v in views):
            columns.append(None)
        first = min([_m(day.starts)] + [_m(v.session.starts) for v in views]) // slot * slot
        last = max([_m(day.ends)] + [_m(v.session.ends) for v in views])
        count = max(1, -(-(last - first) // slot))
        times = [_t(first + i * slot) for i in range(count)]
        placed: dict[tuple[int, int], Cell] = {}
        covered: set[tuple[int, int]] = set()
        for c, room in enumerate(columns):
            room_id = room.pk if room is not None else None
            mine = sorted(
                (v for v in views if v.session.room_id == room_id),
                key=lambda v: (v.session.starts, v.session.pk),
            )
            cluster: Cell | None = None
            cluster_top = cluster_end = -1
            for view in mine:
                top = (_m(view.session.starts) - first) // slot
                bottom = max(top + 1, -(-(_m(view.session.ends) - first) // slot))
                if cluster is not None and top < cluster_end:
                    cluster.sessions.append(view)
                    cluster_end = max(cluster_end, bottom)
                else:
                    if cluster is not None:
                        _close(cluster, c, cluster_top, cluster_end, placed, covered)
                    cluster = Cell(room=room, time=times[top], sessions=[view])
                    cluster_top, cluster_end = top, bottom
            if cluster is not None:
                _close(cluster, c, cluster_top, cluster_end, placed, covered)
        rows = []
        for r, time in enumerate(times):
            cells = []
            for c, room in enumerate(columns):
                if (r, c) in placed:
                    cells.append(placed[(r, c)])
                elif (r, c) not in covered:
                    cells.append(Cell(room=room, time=time))
            rows.append((time, cells))
        grids.append(DayGrid(day=day, columns=columns, rows=rows))
    return grids


def _close(cell: Cell, column: int, top: int, bottom: int, placed, covered) -> None:
    cell.rowspan = bottom - top
    placed[(top, column)] = cell
    for r in range(top + 1, bottom):
        covered.add((r, column))


def describe(warning, schedule: domain.Schedule) -> dict:
    """A warning as the editor shows it: a sentence and the link to what to fix."""
    sessions = schedule.sessions_by_id
    papers = schedule.submissions_by_id
    slug = schedule.conference.slug

    def title(session_id):
        return sessions[session_id].session.title

    first = warning.sessions[0] if warning.sessions else None
    link = (
        reverse("programme:schedule_session_edit", kwargs={"conference": slug, "pk": first})
        if first is not None
        else ""
    )
    kind = warning.kind
    if kind == "presenter_parallel":
        text = _("%(person)s presents in two parallel sessions: “%(a)s” and “%(b)s”.") % {
            "person": warning.person,
            "a": title(warning.sessions[0]),
            "b": title(warning.sessions[1]),
        }
        link = f"#session-{warning.sessions[1]}"
    elif kind == "chair_presents":
        text = _("%(person)s chairs “%(a)s” and presents in the parallel session “%(b)s”.") % {
            "person": warning.person,
            "a": title(warning.sessions[0]),
            "b": title(warning.sessions[1]),
        }
    elif kind == "overrun":
        text = ngettext(
            "The papers of “%(a)s” last %(n)d minute longer than the session.",
            "The papers of “%(a)s” last %(n)d minutes longer than the session.",
            warning.minutes,
        ) % {"a": title(first), "n": warning.minutes}
        link = f"#session-{first}"
    elif kind == "room_double_booked":
        session = sessions[first].session
        text = _("%(room)s is double-booked: “%(a)s” and “%(b)s” overlap.") % {
            "room": session.room.name if session.room else "",
            "a": title(warning.sessions[0]),
            "b": title(warning.sessions[1]),
        }
    elif kind == "outside_day":
        text = _("“%(a)s” is outside the hours of its day.") % {"a": title(first)}
    else:
        paper = papers[warning.papers[0]]
        if first is None:
            text = _("Paper #%(number)d “%(title)s” is not placed in any session.")
        else:
            text = _("Paper #%(number)d “%(title)s” is in a session not yet on the grid.")
        text = text % {"number": paper.number, "title": paper.title}
        link = f"#paper-{paper.pk}" if first is None else f"#session-{first}"
    return {"kind": kind, "text": text, "link": link}


@schedule_required
def editor(request, conference):
    """The day × room grid with its sessions and their papers, the drafts and the papers
    not placed, every warning, and the plain forms that move things."""
    schedule = domain.load(conference)
    grids = build_grids(schedule)
    scheduled_sessions = [v for v in schedule.sessions if v.session.is_scheduled]
    drafts = [v for v in schedule.sessions if not v.session.is_scheduled]
    sessions = [v.session for v in schedule.sessions]
    paper_sessions = [s for s in sessions if s.holds_papers]
    warnings = [describe(w, schedule) for w in schedule.warnings]
    unscheduled = [w for w in warnings if w["kind"] == "paper_unscheduled"]
    return render(
        request,
        "programme/schedule/editor.html",
        {
            "conference": conference,
            "section": "editor",
            "schedule": schedule,
            "grids": grids,
            "scheduled_count": len(scheduled_sessions),
            "drafts": drafts,
            "warnings": [w for w in warnings if w["kind"] != "paper_unscheduled"],
            "unscheduled_warnings": unscheduled,
            "move_form": MoveSessionForm(
                prefix="move",
                conference=conference,
                sessions=sessions,
                days=schedule.days,
                rooms=schedule.rooms,
            ),
            "place_form": PlacePaperForm(
                prefix="place", papers=schedule.accepted, sessions=paper_sessions
            ),
        },
    )


@schedule_required
@require_POST
def session_move(request, conference):
    form = MoveSessionForm(request.POST, prefix="move", conference=conference)
    if not form.is_valid():
        return _form_errors(request, conference, form)
    data = form.cleaned_data
    try:
        domain.move_session(
            session=data["session"], day=data["day"], room=data["room"], starts=data["starts"]
        )
    except domain.ScheduleRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Moved “%(title)s”.") % {"title": data["session"].title})
        _warn_about(request, conference, data["session"].pk)
    return _editor(conference, f"session-{data['session'].pk}")


@schedule_required
@require_POST
def paper_place(request, conference):
    accepted = Submission.objects.filter(conference=conference, state=SubmissionState.ACCEPTED)
    sessions = Session.objects.filter(conference=conference)
    form = PlacePaperForm(request.POST, prefix="place")
    if not form.is_valid():
        return _form_errors(request, conference, form)
    submission = accepted.filter(pk=form.cleaned_data["submission"]).first()
    session = sessions.filter(pk=form.cleaned_data["session"]).first()
    if submission is None or session is None:
        messages.error(request, _("Choose an accepted paper and a session of this conference."))
        return _editor(conference)
    try:
        domain.place_paper(
            submission=submission, session=session, position=form.cleaned_data["position"]
        )
    except domain.ScheduleRefused as exc:
        messages.error(request, str(exc))
        return _editor(conference)
    messages.success(
        request,
        _("Placed #%(number)d in “%(title)s”.")
        % {"number": submission.number, "title": session.title},
    )
    return _editor(conference, f"session-{session.pk}")


def _presentation(conference, pk) -> Presentation:
    return get_object_or_404(
        Presentation.objects.select_related("session"), pk=pk, session__conference=conference
    )


@schedule_required
@require_POST
def presentation_move(request, conference, pk):
    presentation = _presentation(conference, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose up or down."))
    else:
        domain.move_paper(presentation=presentation, direction=direction)
    return _editor(conference, f"session-{presentation.session_id}")


@schedule_required
@require_POST
def presentation_remove(request, conference, pk):
    presentation = _presentation(conference, pk)
    session_id = presentation.session_id
    domain.remove_paper(presentation=presentation)
    messages.success(request, _("The paper is no longer placed."))
    return _editor(conference, f"session-{session_id}")


def _form_errors(request, conference, form):
    for field_name, errors in form.errors.items():
        label = form.fields[field_name].label if field_name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return _editor(conference)


def _warn_about(request, conference, session_id: int) -> None:
    """The warnings that concern one session, as messages (after a save or a move)."""
    schedule = domain.load(conference)
    for warning in schedule.warnings:
        if session_id in warning.sessions and warning.kind != "paper_unscheduled":
            messages.warning(request, describe(warning, schedule)["text"])


# --- Suggest sessions -----------------------------------------------------------------------


@schedule_required
def suggest(request, conference):
    form = SuggestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = domain.create_suggested_sessions(
            conference=conference,
            session_minutes=form.cleaned_data["session_minutes"],
            posters_per_theme=form.cleaned_data["posters"] == "theme",
        )
        messages.success(
            request,
            ngettext(
                "%(n)d draft session suggested: edit it and put it on the grid.",
                "%(n)d draft sessions suggested: edit them and put them on the grid.",
                len(created),
            )
            % {"n": len(created)},
        )
        return _editor(conference, "drafts")
    placed = Presentation.objects.filter(session__conference=conference).values("submission_id")
    waiting = (
        Submission.objects.filter(conference=conference, state=SubmissionState.ACCEPTED)
        .exclude(pk__in=placed)
        .count()
    )
    return render(
        request,
        "programme/schedule/suggest.html",
        {"conference": conference, "form": form, "waiting": waiting, "section": "suggest"},
    )


# --- Days, rooms, sessions ------------------------------------------------------------------


@schedule_required
def days(request, conference):
    return _list_and_add(
        request, conference, ProgrammeDay, DayForm, domain.save_day, added=_("Day added.")
    )


@schedule_required
def day_edit(request, conference, pk):
    day = get_object_or_404(ProgrammeDay, pk=pk, conference=conference)
    return _edit_item(
        request,
        conference,
        day,
        DayForm,
        partial(domain.save_day, day=day),
        saved=_("Day saved."),
        back="programme:schedule_days",
    )


@schedule_required
def day_delete(request, conference, pk):
    day = get_object_or_404(ProgrammeDay, pk=pk, conference=conference)
    if request.method == "POST":
        moved = domain.delete_day(day=day)
        messages.success(
            request,
            ngettext(
                "Day deleted; %(n)d session is now a draft off the grid.",
                "Day deleted; %(n)d sessions are now drafts off the grid.",
                moved,
            )
            % {"n": moved},
        )
        return redirect("programme:schedule_days", conference=conference.slug)
    return _confirm_delete(
        request,
        conference,
        day,
        _("Its sessions are kept, with their papers, as drafts off the grid."),
    )


@schedule_required
def rooms(request, conference):
    return _list_and_add(
        request, conference, Room, RoomForm, domain.save_room, added=_("Room added.")
    )


@schedule_required
def room_edit(request, conference, pk):
    room = get_object_or_404(Room, pk=pk, conference=conference)
    return _edit_item(
        request,
        conference,
        room,
        RoomForm,
        partial(domain.save_room, room=room),
        saved=_("Room saved."),
        back="programme:schedule_rooms",
    )


@schedule_required
def room_delete(request, conference, pk):
    room = get_object_or_404(Room, pk=pk, conference=conference)
    if request.method == "POST":
        domain.delete_room(room=room)
        messages.success(request, _("Room deleted."))
        return redirect("programme:schedule_rooms", conference=conference.slug)
    return _confirm_delete(
        request, conference, room, _("Its sessions keep their day and times, without a room.")
    )


@schedule_required
def session_add(request, conference):
    return _session_form(request, conference, None)


@schedule_required
def session_edit(request, conference, pk):
    session = get_object_or_404(Session, pk=pk, conference=conference)
    return _session_form(request, conference, session)


def _session_form(request, conference, session):
    form = SessionForm(request.POST or None, instance=session, conference=conference)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in domain.SESSION_FIELDS}
        saved = domain.save_session(conference=conference, session=session, **values)
        messages.success(request, _("Session saved."))
        _warn_about(request, conference, saved.pk)
        return _editor(conference, f"session-{saved.pk}")
    return render(
        request,
        "programme/schedule/item_form.html",
        {"conference": conference, "form": form, "item": session, "section": "sessions"},
    )


@schedule_required
def session_delete(request, conference, pk):
    session = get_object_or_404(Session, pk=pk, conference=conference)
    if request.method == "POST":
        count = domain.delete_session(session=session)
        messages.success(
            request,
            ngettext(
                "Session deleted; %(n)d paper is no longer placed.",
                "Session deleted; %(n)d papers are no longer placed.",
                count,
            )
            % {"n": count},
        )
        return _editor(conference)
    return _confirm_delete(
        request,
        conference,
        session,
        _("Its papers are not deleted: they are listed as not placed."),
    )


#: The section of the schedule pages each kind of item is edited in.
_SECTIONS = {ProgrammeDay: "days", Room: "rooms", Session: "sessions"}


def _list_and_add(request, conference, model, form_class, save, *, added: str):
    """The list page of days or rooms, with its form to add one: ``save(conference=…,
    **cleaned_data)`` on a valid POST, then back to the list."""
    section = _SECTIONS[model]  # "days" or "rooms": the tab, the template and the URL name
    form = form_class(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        save(conference=conference, **form.cleaned_data)
        messages.success(request, added)
        return redirect(f"programme:schedule_{section}", conference=conference.slug)
    return render(
        request,
        f"programme/schedule/{section}.html",
        {
            "conference": conference,
            "section": section,
            section: model.objects.filter(conference=conference),
            "form": form,
        },
    )


def _edit_item(request, conference, item, form_class, save, *, saved: str, back: str):
    """The edit page of a day or a room: ``save(conference=…, **cleaned_data)`` on a valid
    POST, then back to its list (URL name ``back``)."""
    section = _SECTIONS[type(item)]
    form = form_class(request.POST or None, instance=item, conference=conference)
    if request.method == "POST" and form.is_valid():
        save(conference=conference, **form.cleaned_data)
        messages.success(request, saved)
        return redirect(back, conference=conference.slug)
    return render(
        request,
        "programme/schedule/item_form.html",
        {"conference": conference, "form": form, "item": item, "section": section},
    )


def _confirm_delete(request, conference, item, consequence):
    return render(
        request,
        "programme/schedule/confirm_delete.html",
        {
            "conference": conference,
            "item": item,
            "section": _SECTIONS[type(item)],
            "consequence": consequence,
        },
    )
