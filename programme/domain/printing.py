"""Writes of the printed programme: the PDFs kept in storage, one per version and paper.

A published version never changes, so its book is made once per paper size and kept under
``programme-pdf/<conference>/v<number>-<paper>.pdf``; the draft changes, so its book is kept
under the hash of its snapshot (``draft-<hash>-<paper>.pdf``, the previous ones deleted).
Small books are made in the request; large ones (more presentations than
``SALA_PROGRAMME_PDF_INLINE_MAX``) by a background task while the view asks to come back.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cfp.models import Conference

from .. import snapshot as snapshots
from ..models import ProgrammeVersion

log = logging.getLogger(__name__)

FOLDER = "programme-pdf"
#: How long a background build is trusted to be under way before it is asked for again.
PENDING_SECONDS = 600


def inline_max() -> int:
    return getattr(settings, "SALA_PROGRAMME_PDF_INLINE_MAX", 150)


def presentation_count(data: dict[str, Any]) -> int:
    return sum(len(s["presentations"]) for s in data.get("sessions", []))


def render_snapshot(data: dict[str, Any], out, *, paper: str = "a4"):
    """Lay out the book of a snapshot (the settings' fonts); returns ``printing.Rendered``."""
    from ..printing import render

    return render(
        data, out, paper=paper, font_overrides=getattr(settings, "SALA_PROGRAMME_FONTS", {})
    )


def latest_version(conference: Conference) -> ProgrammeVersion | None:
    return ProgrammeVersion.objects.filter(conference=conference).order_by("-number").first()


def draft_key(data: dict[str, Any]) -> str:
    digest = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    return f"draft-{digest[:20]}"


def version_key(version: ProgrammeVersion) -> str:
    """The version's number and when it was published (a version deleted and published
    again under the same number is not mistaken for the old one)."""
    return f"v{version.number}-{version.published_at:%Y%m%d%H%M%S%f}"


def storage_name(conference: Conference, key: str, paper: str) -> str:
    return f"{FOLDER}/{conference.slug}/{key}-{paper}.pdf"


def cached(conference: Conference, key: str, paper: str) -> str | None:
    """The storage name of the kept book, or None when it is not made yet."""
    name = storage_name(conference, key, paper)
    return name if default_storage.exists(name) else None


def make_book(*, conference: Conference, key: str, data: dict[str, Any], paper: str) -> str:
    """Lay out the book and keep it (replacing any copy under the same name); drafts of
    the conference under other keys are deleted. Returns the storage name."""
    buffer = io.BytesIO()
    render_snapshot(data, buffer, paper=paper)
    name = storage_name(conference, key, paper)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(buffer.getvalue()))
    if key.startswith("draft-"):
        _delete_old_drafts(conference, keep=name)
    cache.delete(_pending_key(name))
    return name


def _delete_old_drafts(conference: Conference, *, keep: str) -> None:
    folder = f"{FOLDER}/{conference.slug}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        name = f"{folder}/{file}"
        if file.startswith("draft-") and name != keep:
            default_storage.delete(name)


def _pending_key(name: str) -> str:
    return f"programme-pdf-pending:{name}"


def book_for(*, conference: Conference, key: str, data: dict[str, Any], paper: str) -> str | None:
    """The storage name of the book, made now when it is small; for a large one not made
    yet, a background build is asked for (once per ``PENDING_SECONDS``) and None returned."""
    if name := cached(conference, key, paper):
        return name
    if presentation_count(data) <= inline_max():
        return make_book(conference=conference, key=key, data=data, paper=paper)
    name = storage_name(conference, key, paper)
    if cache.add(_pending_key(name), True, PENDING_SECONDS):
        from django.db import transaction

        from ..tasks import build_programme_pdf

        transaction.on_commit(lambda: build_programme_pdf.delay(conference.pk, key, paper))
    return cached(conference, key, paper)


def version_published(*, version: ProgrammeVersion) -> None:
    """Make the book of a newly published version in the background (A4, then Letter) so
    that the first visitor finds it ready. Side effect: tasks queued after commit."""
    from django.db import transaction

    from ..tasks import build_programme_pdf

    for paper in ("a4", "letter"):
        transaction.on_commit(
            lambda paper=paper: build_programme_pdf.delay(
                version.conference_id, version_key(version), paper
            )
        )


def build_in_background(*, conference_id: int, key: str, paper: str) -> str | None:
    """What the task runs: make the book of ``key`` (``v<n>`` or the current draft's key);
    nothing when that version is gone or the draft has changed since."""
    conference = Conference.objects.filter(pk=conference_id).first()
    if conference is None:
        return None
    if key.startswith("v"):
        number = key[1:].split("-")[0]
        version = ProgrammeVersion.objects.filter(conference=conference, number=number).first()
        if version is None or version_key(version) != key:
            return None
        data = version.snapshot
    else:
        data = snapshots.build(conference)
        if draft_key(data) != key:
            return None
    if name := cached(conference, key, paper):
        return name
    return make_book(conference=conference, key=key, data=data, paper=paper)
