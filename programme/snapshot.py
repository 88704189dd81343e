"""The programme as the public sees it: one plain, JSON-ready structure.

Every public page, every export (iCal, JSON, frab XML) and the printed programme read this
structure and nothing else, so that what an author asked to keep private is decided here,
once: an author whose name may not be printed is in it as ``{"withheld": true}`` with no
name, affiliation or email — the name never reaches a public template to be forgotten there.

``build(conference)`` makes it from the live schedule (the organisers' draft); publishing
stores it in a ``ProgrammeVersion``, and the public reads the latest stored one.

Shape (dates ``YYYY-MM-DD``, times ``HH:MM``, wall-clock in ``conference.timezone``)::

    {"version": 1,
     "conference": {slug, title, subtitle, venue, city, timezone, start_date, end_date,
                    contact_email, about, organisations: [{name, role, url}]},
     "days": [{date, starts, ends}],
     "rooms": [{id, name, capacity}],
     "themes": [{id, slug, title}],
     "sessions": [{id, guid, kind, title, description, theme (id|None), room (id|None),
                   date, starts, ends, chair (str), presentations: [...]}]}

    presentation: {id, guid, code, title, abstract, type, type_slug, theme (id|None),
                   keywords: [str], form ("paper"|"poster"), starts, ends, minutes,
                   authors: [{name, affiliation, presenter, withheld}]}

Only scheduled sessions (a day, a start and an end) are in it, in time then room order.
Queries: a fixed number, whatever the size of the programme.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from cfp.models import Authorship, Conference, Submission, SubmissionState

from .models import CameraReadyAuthor, Presentation, ProgrammeDay, Room, Session, SessionKind

SNAPSHOT_VERSION = 1

#: What the public reads in place of the name of an author who asked not to be named.
WITHHELD = _("Name withheld at the author's request")


def build(conference: Conference) -> dict[str, Any]:
    """The public programme of ``conference`` from its live schedule."""
    sessions = (
        Session.objects.filter(
            conference=conference, day__isnull=False, starts__isnull=False, ends__isnull=False
        )
        .select_related("day", "room", "chair")
        .prefetch_related(
            Prefetch(
                "presentations",
                queryset=Presentation.objects.filter(submission__state=SubmissionState.ACCEPTED)
                .select_related("submission__contribution_type", "submission__camera_ready")
                .prefetch_related(
                    Prefetch(
                        "submission__authorships",
                        queryset=Authorship.objects.order_by("order", "pk"),
                    ),
                    Prefetch(
                        "submission__camera_ready__authors",
                        queryset=CameraReadyAuthor.objects.only(
                            "camera_ready_id", "authorship_id", "public"
                        ),
                    ),
                    "submission__themes",
                ),
            )
        )
        .order_by("day__date", "starts", "room__order", "room__name", "pk")
    )
    posters = poster_submission_ids(conference)
    return {
        "version": SNAPSHOT_VERSION,
        "conference": _conference(conference),
        "days": [
            {"date": d.date.isoformat(), "starts": _hm(d.starts), "ends": _hm(d.ends)}
            for d in ProgrammeDay.objects.filter(conference=conference)
        ],
        "rooms": [
            {"id": r.pk, "name": r.name, "capacity": r.capacity}
            for r in Room.objects.filter(conference=conference)
        ],
        "themes": [{"id": t.pk, "slug": t.slug, "title": t.title} for t in conference.themes.all()],
        "sessions": [_session(s, posters) for s in sessions],
    }


def poster_submission_ids(conference: Conference) -> set[int]:
    """Accepted submissions whose latest decision is "accept as a poster"."""
    from django.db.models import OuterRef, Subquery

    from reviews.reviewing_models import Decision, Outcome

    latest = Decision.objects.filter(submission=OuterRef("pk")).order_by("-decided_at", "-pk")
    return set(
        Submission.objects.filter(conference=conference, state=SubmissionState.ACCEPTED)
        .annotate(outcome=Subquery(latest.values("outcome")[:1]))
        .filter(outcome=Outcome.ACCEPT_POSTER)
        .values_list("pk", flat=True)
    )


def public_authors(submission: Submission) -> list[dict[str, Any]]:
    """The submission's authors as the public may read them, in order.

    Whether a name may be printed: as confirmed with the camera-ready version when there is a
    confirmed one, else as chosen on the submission form. Expects the authorships (and the
    camera-ready authors) prefetched."""
    camera = getattr(submission, "camera_ready", None) if _has_camera(submission) else None
    confirmed = {}
    presenter_id = None
    if camera is not None and camera.confirmed_at is not None:
        confirmed = {a.authorship_id: a.public for a in camera.authors.all()}
        presenter_id = camera.presenter_id
    authors = []
    for authorship in submission.authorships.all():
        public = confirmed.get(authorship.pk, authorship.public_name)
        presenter = (
            authorship.pk == presenter_id if presenter_id is not None else authorship.is_presenter
        )
        if public:
            authors.append(
                {
                    "name": authorship.full_name,
                    "affiliation": authorship.affiliation,
                    "presenter": presenter,
                    "withheld": False,
                }
            )
        else:
            authors.append(
                {"name": "", "affiliation": "", "presenter": presenter, "withheld": True}
            )
    return authors


def author_display_name(author: dict[str, Any]) -> str:
    """The name to print for an author of the snapshot (withheld ones included)."""
    return str(WITHHELD) if author["withheld"] else author["name"]


def aware(date: str, time: str, timezone: str) -> dt.datetime:
    """A snapshot date and wall-clock time as an aware datetime in the conference's zone."""
    return dt.datetime.combine(
        dt.date.fromisoformat(date),
        dt.time.fromisoformat(time),
        tzinfo=zoneinfo.ZoneInfo(timezone),
    )


def _has_camera(submission: Submission) -> bool:
    try:
        return submission.camera_ready is not None
    except Submission.camera_ready.RelatedObjectDoesNotExist:
        return False


def _conference(conference: Conference) -> dict[str, Any]:
    return {
        "slug": conference.slug,
        "title": conference.title,
        "subtitle": conference.subtitle,
        "venue": conference.venue,
        "city": conference.city,
        "timezone": conference.timezone,
        "start_date": conference.start_date.isoformat(),
        "end_date": conference.end_date.isoformat(),
        "contact_email": conference.contact_email,
        "about": conference.call_text,
        "organisations": [
            {"name": o.name, "role": o.role, "url": o.url}
            for o in conference.organisations.order_by("order", "pk")
        ],
    }


def _session(session: Session, posters: set[int]) -> dict[str, Any]:
    from .domain.schedule import paper_minutes  # the editor's lengths (it imports this module)

    presentations = []
    clock = dt.datetime.combine(session.day.date, session.starts)
    end = dt.datetime.combine(session.day.date, session.ends)
    for placed in session.presentations.all():
        submission = placed.submission
        kind = submission.contribution_type
        minutes = paper_minutes(submission, placed)
        if session.kind == SessionKind.POSTERS:
            # Posters stand for the whole session.
            starts, ends = session.starts, session.ends
        else:
            starts = clock.time()
            clock = min(clock + dt.timedelta(minutes=minutes), end) if minutes else clock
            ends = clock.time()
        camera = submission.camera_ready if _has_camera(submission) else None
        final = camera is not None and camera.confirmed_at is not None
        themes = list(submission.themes.all())
        presentations.append(
            {
                "id": placed.pk,
                "guid": str(placed.guid),
                "code": submission.public_reference,
                "title": camera.title if final else submission.title,
                "abstract": camera.abstract if final else submission.abstract,
                "type": kind.name if kind else "",
                "type_slug": kind.slug if kind else "",
                "theme": session.theme_id or (themes[0].pk if themes else None),
                "keywords": list(submission.keywords or []),
                "form": "poster" if submission.pk in posters else "paper",
                "starts": _hm(starts),
                "ends": _hm(ends),
                "minutes": minutes,
                "authors": public_authors(submission),
            }
        )
    return {
        "id": session.pk,
        "guid": str(session.guid),
        "kind": session.kind,
        "title": session.title,
        "description": session.description,
        "theme": session.theme_id,
        "room": session.room_id,
        "date": session.day.date.isoformat(),
        "starts": _hm(session.starts),
        "ends": _hm(session.ends),
        "chair": session.chair_name or (session.chair.full_name if session.chair else ""),
        "presentations": presentations,
    }


def _hm(value: dt.time) -> str:
    return value.strftime("%H:%M")
