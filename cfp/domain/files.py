"""Files of a submission: a new version of the paper or supplementary file, the double-blind
check of the latest files against the current authors, the download log.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.files.base import ContentFile, File
from django.db import transaction

from ..models import FileDownload, Submission, SubmissionFile, SubmissionState
from ..uploads import blind_copy, clean_file_name, inspect_pdf
from .data import Action, SubmissionClosed, record
from .messages import closed_message
from .reading import is_editable

logger = logging.getLogger(__name__)


def add_file_version(
    *,
    submission: Submission,
    by,
    kind: str,
    upload,
    now: dt.datetime,
    original_name: str | None = None,
) -> tuple[SubmissionFile, bool]:
    """Check ``upload`` and keep it as the next version of the submission's ``kind`` file.

    ``original_name`` is the name the author's file had (default: the upload's name).

    Raises ``UploadRefused`` (what is wrong with the file; nothing stored) or
    ``SubmissionClosed``. The same content uploaded again (double click, two tabs) returns the
    latest version with ``created`` False instead of adding a copy. After the deadline a
    draft still keeps the upload (nothing uploaded is lost); a submitted one does not change.

    Side effects: the file under a random name in the default storage; under double-blind
    review a copy without author/creator/producer metadata, and the places where the PDF
    names an author; a history entry.
    """
    conference = submission.conference
    ctype = submission.contribution_type
    is_paper = kind == SubmissionFile.Kind.PAPER
    identities: list[str] = []
    if conference.is_double_blind:  # supplementary files can name authors too
        for name, email in submission.authorships.values_list("full_name", "email"):
            identities += [name, email]
    info = inspect_pdf(
        upload,
        max_bytes=conference.max_upload_bytes,
        page_limit=ctype.page_limit if (ctype and is_paper) else None,
        type_name=ctype.name if ctype else "",
        identities=identities,
    )
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        latest = submission.files.filter(kind=kind).order_by("-version").first()
        if latest is not None and latest.sha256 == info.sha256:
            return latest, False
        if not is_editable(submission, now) and submission.state != SubmissionState.DRAFT:
            raise SubmissionClosed(closed_message(submission))
        version = (latest.version + 1) if latest else 1
        stored = SubmissionFile(
            submission=submission,
            kind=kind,
            version=version,
            original_name=clean_file_name(original_name or getattr(upload, "name", "") or ""),
            sha256=info.sha256,
            size=info.size,
            page_count=info.page_count,
            uploaded_by=by,
            identity_mentions=info.identity_mentions,
        )
        upload.seek(0)
        stored.file.save("paper.pdf", File(upload), save=False)
        if conference.is_double_blind:
            stored.blind_file.save("paper.pdf", ContentFile(blind_copy(upload)), save=False)
        stored.save()
        record(submission, Action.FILE_UPLOADED, by, fields=[kind], file=stored)
    return stored, True


def refresh_identity_mentions(submission: Submission) -> None:
    """Redo the double-blind check of the latest paper and supplementary file against the
    current authors."""
    if not submission.conference.is_double_blind:
        return
    import pypdf
    from pypdf.errors import PyPdfError

    from ..uploads import find_identity_mentions

    identities: list[str] = []
    for name, email in submission.authorships.values_list("full_name", "email"):
        identities += [name, email]
    for kind in SubmissionFile.Kind:
        latest = submission.files.filter(kind=kind).order_by("-version").first()
        if latest is None:
            continue
        try:
            with latest.file.open("rb") as handle:
                reader = pypdf.PdfReader(handle, strict=False)
                mentions = find_identity_mentions(reader, identities)
        except (OSError, ValueError, PyPdfError) as exc:  # a missing file must not block a save
            logger.warning("Could not re-check %s: %s", latest, exc)
            continue
        if mentions != latest.identity_mentions:
            latest.identity_mentions = mentions
            latest.save(update_fields=["identity_mentions"])


def record_download(*, file: SubmissionFile, user, by_author: bool) -> FileDownload | None:
    """Log a download by someone other than the file's authors (organisers see the log).

    ``by_author``: whether ``user`` is an author of the submission (the caller has checked it,
    with ``cfp.rules.is_submission_author``); authors' downloads are not logged.

    Side effects: one FileDownload row, unless ``by_author``.
    """
    if by_author:
        return None
    return FileDownload.objects.create(file=file, user=user)
