"""What changed between two published programmes, in words a reader understands.

Pure: it compares two snapshots (programme.snapshot) and touches no database. Sessions and
presentations are matched by their ``guid``, so a retitled session or a paper moved to
another session is one change, not a removal and an addition.

``diff(old, new)`` gives the changes as data; ``describe(change, names=...)`` words one.
Speakers' names are only worded for the organisers (``names=True``): the public changelog
covers old versions, and a name printed then may have been withheld since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .snapshot import author_display_name

SESSION_ADDED = "session_added"
SESSION_REMOVED = "session_removed"
SESSION_MOVED = "session_moved"  # another day or time
SESSION_ROOM = "session_room"
SESSION_RETITLED = "session_retitled"
SESSION_CHAIR = "session_chair"
PAPER_ADDED = "paper_added"
PAPER_REMOVED = "paper_removed"
PAPER_SESSION = "paper_session"  # moved to another session
PAPER_TIME = "paper_time"  # another time within its session
PAPER_RETITLED = "paper_retitled"
PAPER_SPEAKERS = "paper_speakers"


@dataclass(frozen=True)
class Change:
    kind: str
    title: str  # the session's or presentation's title (the new one when both exist)
    details: dict[str, Any] = field(default_factory=dict)


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Change]:
    """The changes from ``old`` (None: nothing published before) to ``new``, sessions in the
    new programme's order, then what was removed."""
    old = old or {"sessions": [], "rooms": []}
    old_rooms = {r["id"]: r["name"] for r in old.get("rooms", [])}
    new_rooms = {r["id"]: r["name"] for r in new.get("rooms", [])}
    old_sessions = {s["guid"]: s for s in old["sessions"]}
    new_sessions = {s["guid"]: s for s in new["sessions"]}
    old_papers = {p["guid"]: (p, s) for s in old["sessions"] for p in s["presentations"]}
    new_papers = {p["guid"]: (p, s) for s in new["sessions"] for p in s["presentations"]}

    changes: list[Change] = []
    for guid, session in new_sessions.items():
        before = old_sessions.get(guid)
        if before is None:
            changes.append(
                Change(
                    SESSION_ADDED,
                    session["title"],
                    {"when": _when(session), "room": new_rooms.get(session["room"], "")},
                )
            )
            continue
        if before["title"] != session["title"]:
            changes.append(Change(SESSION_RETITLED, session["title"], {"old": before["title"]}))
        if (before["date"], before["starts"], before["ends"]) != (
            session["date"],
            session["starts"],
            session["ends"],
        ):
            changes.append(
                Change(
                    SESSION_MOVED, session["title"], {"old": _when(before), "new": _when(session)}
                )
            )
        old_room = old_rooms.get(before["room"], "")
        new_room = new_rooms.get(session["room"], "")
        if old_room != new_room:
            changes.append(
                Change(SESSION_ROOM, session["title"], {"old": old_room, "new": new_room})
            )
        if before.get("chair", "") != session.get("chair", ""):
            changes.append(Change(SESSION_CHAIR, session["title"], {"new": session["chair"]}))
    for guid, session in old_sessions.items():
        if guid not in new_sessions:
            changes.append(Change(SESSION_REMOVED, session["title"], {"when": _when(session)}))

    for guid, (paper, session) in new_papers.items():
        if guid not in old_papers:
            changes.append(
                Change(
                    PAPER_ADDED,
                    paper["title"],
                    {"session": session["title"], "when": _when(session, paper)},
                )
            )
            continue
        before, old_session = old_papers[guid]
        if before["title"] != paper["title"]:
            changes.append(Change(PAPER_RETITLED, paper["title"], {"old": before["title"]}))
        if old_session["guid"] != session["guid"]:
            changes.append(
                Change(
                    PAPER_SESSION,
                    paper["title"],
                    {
                        "old": old_session["title"],
                        "new": session["title"],
                        "when": _when(session, paper),
                    },
                )
            )
        elif (before["starts"], before["ends"]) != (paper["starts"], paper["ends"]):
            changes.append(
                Change(
                    PAPER_TIME,
                    paper["title"],
                    {"old": _when(old_session, before), "new": _when(session, paper)},
                )
            )
        if _speakers(before) != _speakers(paper):
            changes.append(
                Change(PAPER_SPEAKERS, paper["title"], {"new": ", ".join(_speakers(paper))})
            )
    for guid, (paper, session) in old_papers.items():
        if guid not in new_papers:
            changes.append(Change(PAPER_REMOVED, paper["title"], {"session": session["title"]}))
    return changes


def describe(change: Change, *, names: bool = False) -> str:
    """One change as a sentence. ``names``: say who the speakers and chair now are."""
    d = {"title": change.title, **change.details}
    match change.kind:
        case "session_added":
            if d["room"]:
                return _("New session “%(title)s”, %(when)s in %(room)s.") % d
            return _("New session “%(title)s”, %(when)s.") % d
        case "session_removed":
            return _("Session “%(title)s” (%(when)s) was cancelled.") % d
        case "session_moved":
            return _("Session “%(title)s” moved from %(old)s to %(new)s.") % d
        case "session_room":
            return _("Session “%(title)s” moved from room “%(old)s” to room “%(new)s”.") % {
                "title": d["title"],
                "old": d["old"] or _("no room"),
                "new": d["new"] or _("no room"),
            }
        case "session_retitled":
            return _("Session “%(old)s” is now called “%(title)s”.") % d
        case "session_chair":
            if names and d["new"]:
                return _("Session “%(title)s” is now chaired by %(new)s.") % d
            return _("Session “%(title)s” has a new chair.") % d
        case "paper_added":
            return _("“%(title)s” was added to session “%(session)s”, %(when)s.") % d
        case "paper_removed":
            return _("“%(title)s” was removed from session “%(session)s”.") % d
        case "paper_session":
            return _("“%(title)s” moved from session “%(old)s” to “%(new)s”, %(when)s.") % d
        case "paper_time":
            return _("“%(title)s” moved from %(old)s to %(new)s.") % d
        case "paper_retitled":
            return _("“%(old)s” is now titled “%(title)s”.") % d
        case "paper_speakers":
            if names:
                return _("The authors of “%(title)s” changed; now: %(new)s.") % d
            return _("The authors of “%(title)s” changed.") % d
    raise ValueError(change.kind)


def describe_all(changes: list[Change], *, names: bool = False) -> list[str]:
    return [describe(change, names=names) for change in changes]


def _speakers(paper: dict[str, Any]) -> list[str]:
    return [author_display_name(a) for a in paper["authors"]]


def _when(session: dict[str, Any], paper: dict[str, Any] | None = None) -> str:
    item = paper or session
    day = date_format(dt.date.fromisoformat(session["date"]), "D j M")
    return f"{day} {item['starts']}–{item['ends']}"
