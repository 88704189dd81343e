"""Downloads of the printed programme: the organisers' draft and the published version.
Thin: authorise (programme.rules), ask programme.domain.printing for the book, send it."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from cfp.access import conference_permission_required
from cfp.models import Conference
from cfp.rules import allowed

from .. import snapshot
from ..domain import printing
from ..printing import PAPER_SIZES

#: Seconds a visitor is asked to wait while a large book is laid out.
RETRY_AFTER = 60


def _paper(request) -> str:
    paper = request.GET.get("paper", "a4").lower()
    return paper if paper in PAPER_SIZES else "a4"


def _send(request, conference, name: str | None, filename: str, *, public: bool):
    if name is None:
        response = render(
            request,
            "programme/programme_pdf_preparing.html",
            {"conference": conference, "retry_after": RETRY_AFTER},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=False,
        filename=filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@conference_permission_required("programme.download_draft_programme_pdf")
def draft_programme_pdf(request, conference: Conference):
    """The book of the current schedule, for the organisers, at any time."""
    paper = _paper(request)
    data = snapshot.build(conference)
    name = printing.book_for(
        conference=conference, key=printing.draft_key(data), data=data, paper=paper
    )
    return _send(
        request, conference, name, f"{conference.slug}-programme-draft-{paper}.pdf", public=False
    )


def public_programme_pdf(request, conference: str):
    """The book of the latest published version, for whoever may read the conference."""
    conference_obj = get_object_or_404(Conference, slug=conference)
    if not allowed(request.user, "programme.download_programme_pdf", conference_obj):
        raise Http404
    version = printing.latest_version(conference_obj)
    if version is None:
        raise Http404
    paper = _paper(request)
    name = printing.book_for(
        conference=conference_obj,
        key=printing.version_key(version),
        data=version.snapshot,
        paper=paper,
    )
    return _send(
        request,
        conference_obj,
        name,
        f"{conference_obj.slug}-programme-v{version.number}-{paper}.pdf",
        public=conference_obj.is_public,
    )
