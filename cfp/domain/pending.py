"""Uploads kept while the rest of the form could not be saved ("nothing uploaded is lost").

A PDF that passes the checks of ``cfp.uploads`` is stored at once as a ``PendingUpload`` of
the person who posted it, for that conference and that form (a new submission, or one
existing submission), whatever else is wrong with the form: a malformed co-author address,
seven keywords, an edit conflict, or a late change to a submitted paper. The form shown again
says the file is kept and carries its token; the next successful save of the same form by
the same person attaches it as a file version (``add_file_version``: checked again against
the current contribution type and authors, one version per content); ``create_draft`` and
``save_draft`` attach them within their own transaction.

A token is only ever looked up among the poster's own kept uploads for the same conference
and submission (``PendingUpload.objects.owned_by``), so another person's token finds nothing.
Kept uploads are purged after ``PENDING_UPLOAD_DAYS`` days (``purge_pending_uploads``).

The same holds for what was typed: a change to a submitted paper posted after the deadline
is kept as a ``PendingRevision`` (the posted form, not applied) until an organiser reopens
the submission (``save_draft`` keeps it); the author's edit form is then filled in with it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Conference,
    ContributionType,
    PendingRevision,
    PendingUpload,
    Submission,
    SubmissionFile,
)
from ..storage import delete_files_on_commit
from ..uploads import check_page_limit, clean_file_name, read_pdf
from .data import SubmissionError
from .files import add_file_version
from .pending_quota import check_room

PENDING_UPLOAD_DAYS = 14


def keep_upload(
    *,
    user,
    conference: Conference,
    submission: Submission | None,
    kind: str,
    upload,
    contribution_type: ContributionType | None,
    now: dt.datetime,
) -> PendingUpload:
    """Check ``upload`` and keep it for the user's next save of this form.

    Raises ``UploadRefused`` (what is wrong, or the person's cap reached: see
    ``pending_quota``; nothing stored). The same content kept twice for the same form (a
    double post) returns the first one.

    The returned upload carries the file as parsed here (``parsed``, not stored): attaching
    it in the same request (``attach_pending_upload``) uses that parse instead of reading
    the file again.

    Side effects: a PendingUpload row and its file under a random name in the default storage.
    """
    is_paper = kind == SubmissionFile.Kind.PAPER
    info = read_pdf(upload, max_bytes=conference.max_upload_bytes)
    check_page_limit(
        info,
        page_limit=contribution_type.page_limit if (contribution_type and is_paper) else None,
        type_name=contribution_type.name if contribution_type else "",
    )
    pending = _keep(user, conference, submission, kind, upload, info, now)
    pending.parsed = info
    return pending


def _keep(user, conference, submission, kind, upload, info, now) -> PendingUpload:
    with transaction.atomic():
        same = (
            PendingUpload.objects.owned_by(user, conference, submission)
            .unattached()
            .filter(kind=kind, sha256=info.sha256)
            .first()
        )
        if same is not None:
            return same
        check_room(user=user, size=info.size, now=now, days=PENDING_UPLOAD_DAYS)
        pending = PendingUpload(
            user=user,
            conference=conference,
            submission=submission,
            kind=kind,
            original_name=clean_file_name(getattr(upload, "name", "") or ""),
            sha256=info.sha256,
            size=info.size,
            page_count=info.page_count,
            created=now,
        )
        upload.seek(0)
        pending.file.save("upload.pdf", File(upload), save=False)
        pending.save()
    return pending


def find_pending_upload(
    *, user, conference: Conference, submission: Submission | None, kind: str, token
) -> PendingUpload | None:
    """The user's kept upload named by ``token`` for this form, or None (never anyone else's)."""
    try:
        token = uuid.UUID(str(token))
    except (TypeError, ValueError, AttributeError):
        return None
    return (
        PendingUpload.objects.owned_by(user, conference, submission)
        .filter(kind=kind, token=token)
        .select_related("attached_file")
        .first()
    )


def offered_uploads(
    *, user, conference: Conference, submission: Submission | None
) -> dict[str, PendingUpload]:
    """The newest kept, not yet attached upload of each kind for this form: {kind: upload}."""
    offered: dict[str, PendingUpload] = {}
    for pending in PendingUpload.objects.owned_by(user, conference, submission).unattached():
        offered.setdefault(pending.kind, pending)
    return offered


def attach_pending_upload(
    *, pending: PendingUpload, submission: Submission, by, now: dt.datetime
) -> tuple[SubmissionFile, bool]:
    """Attach a kept upload to ``submission`` as its next file version of the upload's kind.

    Returns (file, created) like ``add_file_version``: attaching the same kept upload twice
    (the same form posted twice) or content equal to the latest version adds nothing. Raises
    ``UploadRefused`` (e.g. over the page limit of the type chosen since) or
    ``SubmissionClosed`` (a submitted paper after the deadline: the upload stays kept).

    A kept upload returned by ``keep_upload`` in this request is not parsed again (its
    ``parsed``); one kept by an earlier request is read from storage and parsed once.

    Side effects: a SubmissionFile and a history entry (see ``add_file_version``); the kept
    upload is marked attached and its own copy of the file deleted after commit.
    """
    given = pending
    with transaction.atomic():
        pending = (
            # Lock only the upload's row: PostgreSQL refuses FOR UPDATE on the nullable side
            # of the outer join to attached_file.
            PendingUpload.objects.select_for_update(of=("self",))
            .select_related("attached_file")
            .get(pk=pending.pk)
        )
        if pending.attached_file is not None:
            if pending.attached_file.submission_id != submission.pk:
                raise SubmissionError(_("This file is already attached to another submission."))
            return pending.attached_file, False
        parsed = getattr(given, "parsed", None)
        if parsed is not None and parsed.sha256 != pending.sha256:
            parsed = None
        with pending.file.open("rb") as handle:
            stored, created = add_file_version(
                submission=submission,
                by=by,
                kind=pending.kind,
                upload=handle,
                now=now,
                original_name=pending.original_name,
                parsed=parsed,
            )
        # What the double-blind check found, for the form to show beside the kept file if
        # the save is then refused (a submitted paper needs the acknowledgement first).
        given.identity_mentions = stored.identity_mentions if created else []
        delete_files_on_commit([pending.file])
        pending.attached_file = stored
        pending.file = ""
        pending.save(update_fields=["attached_file", "file"])
    return stored, created


#: Form fields never kept in a revision (the CSRF token; the button pressed).
NOT_KEPT = ("csrfmiddlewaretoken", "action")


def keep_revision(
    *, user, submission: Submission, data, fields: list[str], now: dt.datetime
) -> PendingRevision:
    """Keep the edit form ``data`` (a QueryDict) posted too late to change ``submission``.

    One per person and submission: a newer late post replaces the older one. Side effects:
    the PendingRevision row.
    """
    values = {key: data.getlist(key) for key in data if key not in NOT_KEPT}
    revision, _created = PendingRevision.objects.update_or_create(
        user=user,
        submission=submission,
        defaults={"data": values, "fields": list(fields), "created": now},
    )
    return revision


def kept_revision(*, user, submission: Submission) -> PendingRevision | None:
    """The user's kept late change of ``submission``, or None (never anyone else's)."""
    if not user.is_authenticated:
        return None
    return PendingRevision.objects.filter(user=user, submission=submission).first()


def discard_revision(*, user, submission: Submission) -> None:
    """Forget the user's kept late change (it was saved). Side effects: the row deleted."""
    PendingRevision.objects.filter(user=user, submission=submission).delete()


def purge_pending_uploads(*, now: dt.datetime, days: int = PENDING_UPLOAD_DAYS) -> int:
    """Delete kept uploads older than ``days`` days, with their files. Safe to repeat.

    Returns how many were deleted. Side effects: PendingUpload rows deleted; their files
    deleted from storage after commit.
    """
    cutoff = now - dt.timedelta(days=days)
    with transaction.atomic():
        return _delete_pending(PendingUpload.objects.select_for_update().filter(created__lt=cutoff))


def delete_user_pending_uploads(user) -> None:
    """Delete everything a person kept (account deletion). Files go after commit."""
    _delete_pending(PendingUpload.objects.filter(user=user))


def _delete_pending(queryset) -> int:
    """Delete the kept uploads of ``queryset`` (evaluated once) and, after commit, their
    files. Returns how many rows were deleted."""
    pending = list(queryset)
    PendingUpload.objects.filter(pk__in=[p.pk for p in pending]).delete()
    delete_files_on_commit(p.file for p in pending)
    return len(pending)
