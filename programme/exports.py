"""The published programme as files: iCalendar, JSON, and the frab/Pentabarf schedule XML
that conference apps (Giggity, ConfClerk, EventFahrplan, c3nav) read.

Each takes a stored snapshot (never the live schedule), so a name withheld at an author's
request is absent; such an author is written as the withheld text. Times are wall-clock in
the conference's zone: iCal gives them with a TZID and its VTIMEZONE, JSON and XML as ISO
8601 with the offset.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET

import icalendar

from .published import Programme
from .snapshot import author_display_name, aware

JSON_SCHEMA = "sala-programme"
JSON_SCHEMA_VERSION = 1
#: frab event ids: sessions keep their id, presentations are offset past them.
PRESENTATION_EVENT_ID_BASE = 1_000_000
UID_DOMAIN = "sala.programme"


def _starts(programme: Programme, session: dict, item: dict) -> dt.datetime:
    return aware(session["date"], item["starts"], programme.timezone)


def _ends(programme: Programme, session: dict, item: dict) -> dt.datetime:
    return aware(session["date"], item["ends"], programme.timezone)


def _authors(paper: dict) -> str:
    return ", ".join(author_display_name(a) for a in paper["authors"])


# --- iCalendar ------------------------------------------------------------------------------


def ical(
    programme: Programme, *, stamp: dt.datetime, session_id: int | None = None, url=None
) -> bytes:
    """The programme's sessions as events; for one session (``session_id``), that session
    and each of its timed presentations. ``url(kind, id)`` gives each event's address."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//sala//programme//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", programme.conference["title"])
    calendar.add("x-wr-timezone", programme.timezone)
    sessions = (
        [programme.sessions[session_id]] if session_id is not None else programme.sessions.values()
    )
    for session in sessions:
        lines = [session["description"]] if session["description"] else []
        if session["chair"]:
            lines.append(f"{session['chair']}")
        for paper in session["presentations"]:
            lines.append(f"{paper['starts']}–{paper['ends']} {paper['title']} — {_authors(paper)}")
        calendar.add_component(
            _event(
                programme,
                session,
                session,
                "\n".join(lines),
                stamp,
                url and url("session", session["id"]),
            )
        )
        if session_id is not None and session["kind"] != "posters":
            for paper in session["presentations"]:
                text = "\n\n".join(x for x in (_authors(paper), paper["abstract"]) if x)
                calendar.add_component(
                    _event(
                        programme,
                        session,
                        paper,
                        text,
                        stamp,
                        url and url("presentation", paper["id"]),
                    )
                )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(programme, session, item, description, stamp, url) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{item['guid']}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", _starts(programme, session, item))
    event.add("dtend", _ends(programme, session, item))
    event.add("summary", item["title"])
    if session["room_name"]:
        event.add("location", session["room_name"])
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


# --- JSON -----------------------------------------------------------------------------------


def as_json(programme: Programme, *, number: int, published_at: dt.datetime) -> bytes:
    """The snapshot with withheld authors written as the withheld text, aware times added."""
    data = programme.data
    sessions = []
    for session in data["sessions"]:
        papers = []
        for paper in session["presentations"]:
            papers.append(
                {
                    **paper,
                    "starts_at": _starts(programme, session, paper).isoformat(),
                    "ends_at": _ends(programme, session, paper).isoformat(),
                    "authors": [{**a, "name": author_display_name(a)} for a in paper["authors"]],
                }
            )
        sessions.append(
            {
                **session,
                "starts_at": _starts(programme, session, session).isoformat(),
                "ends_at": _ends(programme, session, session).isoformat(),
                "presentations": papers,
            }
        )
    out = {
        "schema": JSON_SCHEMA,
        "schema_version": JSON_SCHEMA_VERSION,
        "programme_version": number,
        "published_at": published_at.isoformat(),
        **{k: v for k, v in data.items() if k not in {"sessions", "version"}},
        "snapshot_version": data.get("version"),
        "sessions": sessions,
    }
    return json.dumps(out, ensure_ascii=False, indent=1).encode()


# --- frab / Pentabarf schedule XML ------------------------------------------------------------


def frab_xml(programme: Programme, *, number: int, url=None) -> bytes:
    """The frab schedule: a paper session's presentations are events of their own (the
    session is their subtitle); any other session is one event."""
    conf = programme.conference
    root = ET.Element("schedule")
    _text(root, "version", str(number))
    conference = ET.SubElement(root, "conference")
    days = programme.days()
    _text(conference, "acronym", conf["slug"])
    _text(conference, "title", conf["title"])
    _text(conference, "start", conf["start_date"])
    _text(conference, "end", conf["end_date"])
    _text(conference, "days", str(len(days)))
    _text(conference, "timeslot_duration", "00:05")
    _text(conference, "time_zone_name", programme.timezone)
    if url:
        _text(conference, "base_url", url("base", None))
    people: dict[str, int] = {}
    bounds = {d["date"]: d for d in programme.data["days"]}
    for index, day in enumerate(days, start=1):
        hours = bounds.get(day["iso"]) or {
            "starts": min(s["starts"] for s in day["sessions"]),
            "ends": max(s["ends"] for s in day["sessions"]),
        }
        element = ET.SubElement(
            root,
            "day",
            index=str(index),
            date=day["iso"],
            start=aware(day["iso"], hours["starts"], programme.timezone).isoformat(),
            end=aware(day["iso"], hours["ends"], programme.timezone).isoformat(),
        )
        by_room: dict[str, list[dict]] = {}
        for session in day["sessions"]:
            by_room.setdefault(session["room_name"], []).append(session)
        order = [r["name"] for r in day["rooms"]]
        rooms = sorted(by_room.items(), key=lambda i: order.index(i[0]) if i[0] else len(order))
        for name, sessions in rooms:
            room = ET.SubElement(
                element,
                "room",
                name=name or conf["venue"] or conf["title"],
                guid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{UID_DOMAIN}/{conf['slug']}/{name}")),
            )
            for session in sessions:
                if session["kind"] == "papers" and session["presentations"]:
                    for paper in session["presentations"]:
                        _frab_event(room, programme, session, paper, people, url)
                else:
                    _frab_event(room, programme, session, None, people, url)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _frab_event(room, programme, session, paper, people, url) -> None:
    item = paper or session
    starts = _starts(programme, session, item)
    minutes = int((_ends(programme, session, item) - starts).total_seconds() // 60)
    event_id = PRESENTATION_EVENT_ID_BASE + paper["id"] if paper is not None else session["id"]
    event = ET.SubElement(room, "event", guid=item["guid"], id=str(event_id))
    _text(event, "date", starts.isoformat())
    _text(event, "start", item["starts"])
    _text(event, "duration", f"{minutes // 60:02d}:{minutes % 60:02d}")
    _text(event, "room", room.get("name"))
    _text(event, "slug", f"{programme.conference['slug']}-{event_id}")
    _text(event, "url", url("presentation" if paper else "session", item["id"]) if url else "")
    _text(event, "title", item["title"])
    _text(event, "subtitle", session["title"] if paper else "")
    theme = paper["theme_title"] if paper else session["theme_title"]
    _text(event, "track", theme)
    _text(event, "type", paper["type"] if paper else session["kind"])
    _text(event, "language", "")
    _text(event, "abstract", paper["abstract"] if paper else session["description"])
    if paper is None and session["presentations"]:
        lines = [f"{p['title']} — {_authors(p)}" for p in session["presentations"]]
        _text(event, "description", "\n".join(lines))
    else:
        _text(event, "description", "")
    persons = ET.SubElement(event, "persons")
    authors = (
        paper["authors"] if paper else [a for p in session["presentations"] for a in p["authors"]]
    )
    if paper is None and session["chair"]:
        authors = [{"name": session["chair"], "withheld": False}, *authors]
    for author in authors:
        if author["withheld"]:
            # Every withheld author is someone else: never one id that ties their talks.
            person_id = len(people) + 1
            people[f"\0withheld{person_id}"] = person_id
        else:
            person_id = people.setdefault(author["name"], len(people) + 1)
        _text(persons, "person", author_display_name(author), id=str(person_id))
    ET.SubElement(event, "links")
    ET.SubElement(event, "attachments")


def _text(parent, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, **attributes)
    element.text = text
    return element
