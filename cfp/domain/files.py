"""Files of a submission: a new version of the paper or supplementary file, the double-blind
check of the latest files against the current authors, the download log.
"""

from __future__ import annotations

import datetime as dt
import io
import logging

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models.functions import Lower

from ..models import FileDownload, Submission, SubmissionFile, SubmissionState
from ..pdf.identity import Person
from ..uploads import (
    ParsedPdf,
    UploadRefused,
    check_page_limit,
    clean_file_name,
    read_pdf,
    too_large_message,
)
from .data import Action, SubmissionClosed, record
from .messages import closed_message
from .reading import is_editable

logger = logging.getLogger(__name__)


def identity_people(submission: Submission) -> list[Person]:
    """The authors of ``submission`` as the double-blind check looks for them: each by every
    name they go by (as entered on the submission; once they have an account, their name and
    their "name as sorted in an index" there too) and every address."""
    from accounts.models import User

    authorships = list(submission.authorships.select_related("user"))
    emails = {a.email.casefold() for a in authorships if a.email and a.user is None}
    # Co-authors who have not confirmed yet may already have an account under that address.
    accounts = {}
    if emails:
        for user in User.objects.annotate(lower=Lower("email")).filter(lower__in=emails):
            accounts[user.email.casefold()] = user
    people = []
    for authorship in authorships:
        user = authorship.user or accounts.get((authorship.email or "").casefold())
        names = [authorship.full_name]
        addresses = [authorship.email]
        if user is not None:
            names += [user.full_name, user.sort_name]
            addresses.append(user.email)
        people.append(
            Person(
                label=authorship.full_name or authorship.email,
                names=tuple(dict.fromkeys(n for n in names if n and n.strip())),
                emails=tuple(dict.fromkeys(a for a in addresses if a)),
            )
        )
    return people


def add_file_version(
    *,
    submission: Submission,
    by,
    kind: str,
    upload,
    now: dt.datetime,
    original_name: str | None = None,
    parsed: ParsedPdf | None = None,
) -> tuple[SubmissionFile, bool]:
    """Check ``upload`` and keep it as the next version of the submission's ``kind`` file.

    ``original_name`` is the name the author's file had (default: the upload's name).
    ``parsed``: the same content already read and parsed in this request (``read_pdf``, as
    ``keep_upload`` did): its parse serves the checks, the double-blind check and the blind
    copy, so an upload is parsed once. Without it (or if its checksum differs), ``upload``
    is read and parsed here, once.

    Raises ``UploadRefused`` (what is wrong with the file; nothing stored) or
    ``SubmissionClosed``. The same content uploaded again (double click, two tabs) returns the
    latest version with ``created`` False instead of adding a copy. After the deadline a
    draft still keeps the upload (nothing uploaded is lost); a submitted one does not change.

    Side effects: the file under a random name in the default storage; under double-blind
    review the reviewers' copy (``cfp.pdf.blind``: built from what the pages need, no
    metadata, under a random name) and the places where the PDF names an author; a history
    entry.
    """
    conference = submission.conference
    ctype = submission.contribution_type
    is_paper = kind == SubmissionFile.Kind.PAPER
    if parsed is None or parsed.reader is None:
        parsed = read_pdf(upload, max_bytes=conference.max_upload_bytes)
    elif parsed.size > conference.max_upload_bytes:
        raise UploadRefused(too_large_message(conference.max_upload_bytes))
    check_page_limit(
        parsed,
        page_limit=ctype.page_limit if (ctype and is_paper) else None,
        type_name=ctype.name if ctype else "",
    )
    mentions: list[dict] = []
    blind = None
    if conference.is_double_blind:  # supplementary files can name authors too
        mentions = parsed.find_mentions(identity_people(submission))
        # Built before anything is stored or locked: a file it refuses leaves nothing behind.
        blind = parsed.blind_copy()
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        latest = submission.files.filter(kind=kind).order_by("-version").first()
        if latest is not None and latest.sha256 == parsed.sha256:
            return latest, False
        if not is_editable(submission, now) and submission.state != SubmissionState.DRAFT:
            raise SubmissionClosed(closed_message(submission))
        version = (latest.version + 1) if latest else 1
        stored = SubmissionFile(
            submission=submission,
            kind=kind,
            version=version,
            original_name=clean_file_name(original_name or getattr(upload, "name", "") or ""),
            sha256=parsed.sha256,
            size=parsed.size,
            page_count=parsed.page_count,
            uploaded_by=by,
            identity_mentions=mentions,
        )
        upload.seek(0)
        stored.file.save("paper.pdf", File(upload), save=False)
        if blind is not None:
            stored.blind_file.save("blind.pdf", ContentFile(blind), save=False)
        stored.save()
        record(submission, Action.FILE_UPLOADED, by, fields=[kind], file=stored)
    return stored, True


def blind_download_name(stored: SubmissionFile) -> str:
    """The name reviewers download the blind copy under: ``submission-<opaque>.pdf``.

    Never the author's file name, the submission's number or the conference: the opaque part
    comes from the copy's own random storage name, so it names nothing and stays the same
    for every download of that copy.
    """
    stem = stored.blind_file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"submission-{stem[:12]}.pdf"


def refresh_identity_mentions(submission: Submission, *, skip=()) -> None:
    """Redo the double-blind check of the latest paper and supplementary file against the
    current authors. ``skip``: files just checked against them (new versions of this save),
    not parsed again."""
    if not submission.conference.is_double_blind:
        return
    import pypdf
    from pypdf.errors import PyPdfError

    skipped = {stored.pk for stored in skip}
    people = None
    for kind in SubmissionFile.Kind:
        latest = submission.files.filter(kind=kind).order_by("-version").first()
        if latest is None or latest.pk in skipped:
            continue
        if people is None:
            people = identity_people(submission)
        try:
            with latest.file.open("rb") as handle:
                reader = pypdf.PdfReader(io.BytesIO(handle.read()), strict=False)
                parsed = ParsedPdf(
                    sha256=latest.sha256,
                    size=latest.size,
                    page_count=len(reader.pages),
                    reader=reader,
                )
                mentions = parsed.find_mentions(people)
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
