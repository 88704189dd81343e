"""Reading a programme snapshot for the public pages: days as time × room grids, themes,
sessions and presentations by id, search. Pure (no database): it takes the snapshot a
ProgrammeVersion stored (or the organisers' draft), so every public page shows only what was
published, and a withheld name — never in a snapshot — cannot appear.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo
from dataclasses import dataclass
from typing import Any

from .snapshot import author_display_name, aware

MAX_QUERY = 200


@dataclass
class Row:
    starts: str
    ends: str
    cells: list[list[dict[str, Any]]]  # one list of sessions per room
    spanning: list[dict[str, Any]]  # sessions without a room: for everyone


class Programme:
    """A snapshot with indexes. Sessions and presentations gain ``room_name``,
    ``theme_title``, ``session`` (for a presentation) and authors gain ``display``."""

    def __init__(self, snapshot: dict[str, Any]):
        self.data = snapshot
        self.conference = snapshot["conference"]
        self.timezone = self.conference["timezone"]
        self.rooms = {r["id"]: r for r in snapshot["rooms"]}
        self.themes = {t["id"]: t for t in snapshot["themes"]}
        self.sessions: dict[int, dict[str, Any]] = {}
        self.presentations: dict[int, dict[str, Any]] = {}
        for session in snapshot["sessions"]:
            session = dict(session)
            session["room_name"] = self.rooms.get(session["room"], {}).get("name", "")
            session["theme_title"] = self.themes.get(session["theme"], {}).get("title", "")
            session["day"] = dt.date.fromisoformat(session["date"])
            session["kind_label"] = _kind_label(session["kind"])
            papers = []
            for paper in session["presentations"]:
                paper = dict(paper)
                paper["session"] = session
                paper["theme_title"] = self.themes.get(paper["theme"], {}).get("title", "")
                paper["authors"] = [
                    {**a, "display": author_display_name(a)} for a in paper["authors"]
                ]
                papers.append(paper)
                self.presentations[paper["id"]] = paper
            session["presentations"] = papers
            self.sessions[session["id"]] = session

    @property
    def utc_offset(self) -> str:
        """The zone's offset on the first day, e.g. "UTC+07:00"."""
        day = self.data["days"][0]["date"] if self.data["days"] else self.conference["start_date"]
        offset = aware(day, "12:00", self.timezone).utcoffset() or dt.timedelta()
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def days(self) -> list[dict[str, Any]]:
        """Each day with sessions: its date, the rooms used that day and its grid rows."""
        by_date: dict[str, list[dict[str, Any]]] = {}
        for session in self.sessions.values():
            by_date.setdefault(session["date"], []).append(session)
        order = {r["id"]: i for i, r in enumerate(self.data["rooms"])}
        days = []
        for date in sorted(by_date):
            sessions = by_date[date]
            room_ids = sorted({s["room"] for s in sessions if s["room"]}, key=order.__getitem__)
            rooms = [self.rooms[r] for r in room_ids]
            rows: dict[tuple[str, str, bool], Row] = {}
            for s in sessions:
                key = (s["starts"], s["ends"] if not s["room"] else "", not s["room"])
                row = rows.setdefault(key, Row(s["starts"], s["ends"], [[] for _ in rooms], []))
                if s["room"]:
                    row.cells[room_ids.index(s["room"])].append(s)
                    row.ends = max(row.ends, s["ends"])
                else:
                    row.spanning.append(s)
            days.append(
                {
                    "date": dt.date.fromisoformat(date),
                    "iso": date,
                    "rooms": rooms,
                    "rows": [rows[k] for k in sorted(rows)],
                    "sessions": sessions,
                }
            )
        return days

    def by_theme(self) -> list[dict[str, Any]]:
        """Themes in the call's order with their sessions and the papers of that theme placed
        elsewhere; then sessions of no theme that hold papers."""
        out = []
        for theme in self.data["themes"]:
            sessions = [s for s in self.sessions.values() if s["theme"] == theme["id"]]
            elsewhere = [
                p
                for p in self.presentations.values()
                if p["theme"] == theme["id"] and p["session"]["theme"] != theme["id"]
            ]
            if sessions or elsewhere:
                out.append({"theme": theme, "sessions": sessions, "papers": elsewhere})
        return out

    def search(self, query: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Sessions and presentations matching every word of ``query`` (case and accents
        ignored) in titles, public names, affiliations, keywords and abstracts."""
        words = fold(query[:MAX_QUERY]).split()
        if not words:
            return [], []
        sessions = [
            s
            for s in self.sessions.values()
            if _matches(words, [s["title"], s["description"], s["chair"], s["theme_title"]])
        ]
        papers = [
            p
            for p in self.presentations.values()
            if _matches(
                words,
                [
                    p["title"],
                    p["abstract"],
                    p["code"],
                    p["type"],
                    *p["keywords"],
                    *(a["name"] for a in p["authors"] if not a["withheld"]),
                    *(a["affiliation"] for a in p["authors"] if not a["withheld"]),
                ],
            )
        ]
        return sessions, papers


def _kind_label(kind: str) -> str:
    from .models import SessionKind

    try:
        return str(SessionKind(kind).label)
    except ValueError:
        return kind


def fold(text: str) -> str:
    """Lower case without accents (Vietnamese "Nguyễn" finds "nguyen"), for matching."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _matches(words: list[str], fields: list[str]) -> bool:
    haystack = fold(" ".join(f for f in fields if f))
    return all(word in haystack for word in words)
