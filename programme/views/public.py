"""The public programme and its exports. Everything here reads the snapshot stored by the
latest ProgrammeVersion (never the live schedule): 404 until a version is published, and
404 while the conference itself is not public (cfp.rules: its organisers may look)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from cfp.models import Conference
from cfp.rules import allowed

from .. import changelog, exports
from ..domain.publishing import latest_version
from ..models import ProgrammeVersion
from ..published import MAX_QUERY, Programme


def _published(request, slug: str) -> tuple[Conference, ProgrammeVersion, Programme]:
    conference = get_object_or_404(Conference, slug=slug)
    if not allowed(request.user, "programme.view_published_programme", conference):
        raise Http404
    version = latest_version(conference)
    if version is None:
        raise Http404
    return conference, version, Programme(version.snapshot)


def _context(conference, version, programme, **extra) -> dict:
    return {"conference": conference, "version": version, "programme": programme, **extra}


def programme_at_a_glance(request, conference):
    conference, version, programme = _published(request, conference)
    return render(
        request,
        "programme/public/glance.html",
        _context(conference, version, programme, days=programme.days()),
    )


def programme_by_theme(request, conference):
    conference, version, programme = _published(request, conference)
    return render(
        request,
        "programme/public/themes.html",
        _context(conference, version, programme, themes=programme.by_theme()),
    )


def programme_session(request, conference, session_id):
    conference, version, programme = _published(request, conference)
    session = programme.sessions.get(session_id)
    if session is None:
        raise Http404
    return render(
        request,
        "programme/public/session.html",
        _context(conference, version, programme, session=session),
    )


def programme_presentation(request, conference, presentation_id):
    conference, version, programme = _published(request, conference)
    paper = programme.presentations.get(presentation_id)
    if paper is None:
        raise Http404
    return render(
        request,
        "programme/public/presentation.html",
        _context(conference, version, programme, paper=paper, session=paper["session"]),
    )


def programme_search(request, conference):
    conference, version, programme = _published(request, conference)
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    sessions, papers = programme.search(query)
    return render(
        request,
        "programme/public/search.html",
        _context(conference, version, programme, query=query, sessions=sessions, papers=papers),
    )


def programme_changes(request, conference):
    """Every published version with what changed from the one before (no names: a name
    printed in an old version may have been withheld since)."""
    conference, version, programme = _published(request, conference)
    versions = list(ProgrammeVersion.objects.filter(conference=conference).order_by("-number"))
    rows = []
    for newer, older in zip(versions, [*versions[1:], None], strict=False):
        changes = changelog.diff(older.snapshot if older else None, newer.snapshot)
        rows.append(
            {
                "version": newer,
                "first": older is None,
                "changes": changelog.describe_all(changes, names=False),
            }
        )
    return render(
        request,
        "programme/public/changes.html",
        _context(conference, version, programme, rows=rows),
    )


# --- exports ------------------------------------------------------------------------------


def _url_maker(request, conference):
    def url(kind, pk):
        if kind == "base":
            return request.build_absolute_uri(
                reverse("programme:public_programme", kwargs={"conference": conference.slug})
            )
        name = {"session": "public_session", "presentation": "public_presentation"}[kind]
        arg = {"session": "session_id", "presentation": "presentation_id"}[kind]
        return request.build_absolute_uri(
            reverse(f"programme:{name}", kwargs={"conference": conference.slug, arg: pk})
        )

    return url


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def programme_ics(request, conference):
    conference, version, programme = _published(request, conference)
    body = exports.ical(programme, stamp=version.published_at, url=_url_maker(request, conference))
    return _download(body, "text/calendar; charset=utf-8", f"{conference.slug}-programme.ics")


def session_ics(request, conference, session_id):
    conference, version, programme = _published(request, conference)
    if session_id not in programme.sessions:
        raise Http404
    body = exports.ical(
        programme,
        stamp=version.published_at,
        session_id=session_id,
        url=_url_maker(request, conference),
    )
    return _download(
        body, "text/calendar; charset=utf-8", f"{conference.slug}-session-{session_id}.ics"
    )


def programme_json(request, conference):
    conference, version, programme = _published(request, conference)
    body = exports.as_json(programme, number=version.number, published_at=version.published_at)
    return _download(body, "application/json", f"{conference.slug}-programme.json")


def schedule_xml(request, conference):
    conference, version, programme = _published(request, conference)
    body = exports.frab_xml(programme, number=version.number, url=_url_maker(request, conference))
    return _download(body, "application/xml; charset=utf-8", f"{conference.slug}-schedule.xml")
