"""Writing a submission's content: create a draft, save a draft or a submitted one (edit
conflicts, late posts, kept uploads attached in the same transaction, a late change to a
submitted paper kept for a reopening).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.text import multi_line, single_line

from .. import deadlines
from ..models import Conference, CustomAnswer, Submission, SubmissionFile, SubmissionState
from ..storage import delete_stored_files
from ..uploads import UploadRefused
from .authors import apply_authors, author_from_user
from .data import (
    Action,
    EditConflict,
    SaveResult,
    SubmissionClosed,
    SubmissionData,
    SubmissionError,
    SubmissionIncomplete,
    field_label,
    record,
)
from .files import refresh_identity_mentions
from .messages import closed_message
from .numbers import allocate_number
from .pending import attach_pending_upload, discard_revision, keep_revision
from .reading import check_complete, file_mentions, is_editable
from .snapshots import (
    changed_fields,
    data_snapshot,
    diff,
    display,
    fingerprint,
    keep_stored,
    snapshot,
)


def _apply_fields(submission: Submission, data: SubmissionData) -> None:
    # The forms clean these already; the domain keeps the rule for every other caller
    # (demo data, commands): single-line texts stay on one line, without control characters.
    submission.contribution_type = data.contribution_type
    submission.title = single_line(data.title)
    submission.abstract = multi_line(data.abstract)
    submission.keywords = [k for k in (single_line(k) for k in data.keywords) if k]
    submission.ethics_statement = multi_line(data.ethics_statement)


def _apply_relations(submission: Submission, data: SubmissionData, *, by, now) -> None:
    submission.themes.set(data.themes)
    submission.guiding_questions.set(data.guiding_questions)
    if data.authors is not None:
        apply_authors(submission, data.authors, by=by, now=now)
    if data.answers is not None:
        _apply_answers(submission, data.answers)


def _apply_answers(submission: Submission, answers: dict[int, str]) -> None:
    questions = {q.pk: q for q in submission.conference.custom_questions.all()}
    current = {a.question_id: a for a in submission.answers.all()}
    for pk, question in questions.items():
        value = (answers.get(pk) or "").strip()
        answer = current.get(pk)
        if not value:
            if answer is not None:
                answer.delete()
        elif answer is None:
            CustomAnswer.objects.create(submission=submission, question=question, value=value)
        elif answer.value != value:
            answer.value = value
            answer.save(update_fields=["value"])


def _attach(submission: Submission, uploads: dict, *, by, now, created_files: list) -> dict:
    """Attach the kept ``uploads`` ({field name: PendingUpload}) to ``submission``, each in a
    savepoint of its own. Returns {field name: [messages]} of the refused ones; the versions
    created are appended to ``created_files``."""
    refused: dict[str, list[str]] = {}
    for name, pending in uploads.items():
        try:
            stored, created = attach_pending_upload(
                pending=pending, submission=submission, by=by, now=now
            )
        except (UploadRefused, SubmissionError) as exc:
            refused.setdefault(name, []).append(exc.message)
            continue
        if created:
            created_files.append(stored)
    return refused


def create_draft(
    *,
    conference: Conference,
    by,
    data: SubmissionData,
    token: uuid.UUID | None,
    now: dt.datetime,
    uploads: dict | None = None,
) -> SaveResult:
    """Create a draft submission from ``data``, whatever is missing.

    ``token`` comes from the form: the same token posted twice (double click, resubmitted
    form) finds the first submission instead of creating a second; ``created`` is then False
    and nothing else is written (kept uploads are still attached to it, once). Posted after
    the deadline, the draft is still created and kept (``late``); before submissions open,
    ``SubmissionClosed`` is raised.

    ``uploads`` ({field name: PendingUpload} kept with the form) are attached in the same
    transaction. A refused one does not stop the draft: it is listed in ``refused`` with
    its messages (the upload stays kept) and the draft is created without it.

    Side effects: the submission (the next number in the conference, taken beforehand in
    a short transaction of its own: ``allocate_number``), its authors (the
    submitter's own row confirmed), themes, answers; a history entry; file versions (and
    their history entries) for the attached uploads; after commit, an invitation mail to
    each co-author.
    """
    uploads = uploads or {}
    stored: list[SubmissionFile] = []
    if now < conference.submission_opens:
        raise SubmissionClosed(_("Submissions are not open yet."))
    late = not deadlines.is_submission_open(conference, now)
    number = None
    if token is None or not Submission.objects.filter(created_by=by, creation_token=token).exists():
        # In a short transaction of its own: no conference-wide lock while files are handled.
        number = allocate_number(conference=conference)
    with transaction.atomic():
        if token is not None:
            existing = Submission.objects.filter(created_by=by, creation_token=token).first()
            if existing is not None:
                refused = _attach(existing, uploads, by=by, now=now, created_files=stored)
                return SaveResult(
                    submission=existing, created=False, stored=stored, refused=refused
                )
        submission = Submission(
            conference=conference,
            number=number or allocate_number(conference=conference),
            created_by=by,
            creation_token=token,
        )
        _apply_fields(submission, data)
        try:
            with transaction.atomic():
                submission.save()
        except IntegrityError:
            existing = Submission.objects.filter(created_by=by, creation_token=token).first()
            if existing is None:
                raise
            refused = _attach(existing, uploads, by=by, now=now, created_files=stored)
            return SaveResult(submission=existing, created=False, stored=stored, refused=refused)
        authors = data.authors
        if not authors:
            authors = [author_from_user(by)]
        data = SubmissionData(**{**data.__dict__, "authors": authors})
        _apply_relations(submission, data, by=by, now=now)
        # The fields the new draft has a value in: an empty one was not "created".
        filled = {name: value for name, value in data_snapshot(data).items() if value}
        record(submission, Action.CREATED, by, fields=diff({}, filled))
        if late:
            record(submission, Action.LATE_POST_SAVED_AS_DRAFT, by)
        refresh_identity_mentions(submission)
        refused = _attach(submission, uploads, by=by, now=now, created_files=stored)
    return SaveResult(
        submission=submission, created=True, changed=[], late=late, stored=stored, refused=refused
    )


def save_draft(
    *,
    submission: Submission,
    by,
    data: SubmissionData,
    revision: int,
    now: dt.datetime,
    base: dict[str, str] | None = None,
    uploads: dict | None = None,
    acknowledge_identity_warnings: bool = False,
    posted=None,
) -> SaveResult:
    """Save ``data`` over ``submission`` (a draft, or a submitted one before the deadline).

    A draft may be incomplete; its state does not change. A submitted one (any state but
    draft) must stay complete: the result must pass ``check_complete`` like Submit (the file
    check is met by the stored version), and a new file version naming an author under
    double-blind review needs ``acknowledge_identity_warnings``. Otherwise
    ``SubmissionIncomplete`` is raised and nothing is written (also not ``uploads``).

    ``uploads`` ({field name: PendingUpload} kept with the form) are attached in the same
    transaction, whatever the state. A submitted one: the check sees them, and a refused one
    is a problem of its field (``SubmissionIncomplete``: nothing written). A draft: the
    fields are saved all the same and a refused upload is listed in ``refused`` with its
    messages (it stays kept for the form).

    Edit conflicts: ``revision`` is the revision the form was opened at and ``base`` the
    ``fingerprint`` of the values it showed. If someone saved since, fields only they changed
    keep their stored value (not reverted), fields only this form changed are applied, and
    fields both changed differently raise ``EditConflict`` (nothing written). Without
    ``base``, any difference from the stored values is a conflict. The same form posted
    twice is no conflict. A draft posted after the deadline is saved anyway (``late``); a
    submitted one raises ``SubmissionClosed`` and nothing of it is applied. A late change to
    a *submitted* paper is kept instead (``posted``, the form as posted, becomes the author's
    ``PendingRevision``, naming the fields it would change and the uploads it carried) and the
    exception says so (``kept_late_change``); an organiser's reopening lets the author apply
    it. A successful save forgets the author's kept late change.

    Side effects: the submission row (revision + 1) and its relations; a history entry naming
    the changed fields; file versions; invitation mails to new co-authors (``InvitationLimit``
    past the hourly cap); the double-blind check of the latest files is redone when the
    authors changed; the author's PendingRevision deleted (saved) or, for a late change to a
    submitted paper, written in a transaction of its own after the save was refused.
    """
    created_files: list[SubmissionFile] = []
    try:
        with transaction.atomic():
            result = _save(
                submission=submission,
                by=by,
                data=data,
                revision=revision,
                now=now,
                base=base,
                uploads=uploads or {},
                acknowledge=acknowledge_identity_warnings,
                created_files=created_files,
            )
            discard_revision(user=by, submission=submission)
    except SubmissionClosed as exc:
        if exc.late_change and posted is not None:
            with transaction.atomic():
                keep_revision(
                    user=by,
                    submission=submission,
                    data=posted,
                    fields=changed_fields(submission, data) + list(uploads or {}),
                    now=now,
                )
            exc.kept_late_change = True
        raise
    except SubmissionError:
        # Rolled back: the files stored for new versions belong to no row any more.
        # Deleted now, not on commit: no committed row names them, whatever an enclosing
        # transaction does next.
        delete_stored_files(f for stored in created_files for f in (stored.file, stored.blind_file))
        raise
    return result


def _save(*, submission, by, data, revision, now, base, uploads, acknowledge, created_files):
    submission = (
        # Lock only the submission row: PostgreSQL refuses FOR UPDATE on the nullable
        # side of the outer join to contribution_type.
        Submission.objects.select_for_update(of=("self",))
        .select_related("conference", "contribution_type")
        .get(pk=submission.pk)
    )
    late = False
    if not is_editable(submission, now):
        if submission.state != SubmissionState.DRAFT:
            raise SubmissionClosed(
                closed_message(submission),
                late_change=submission.state == SubmissionState.SUBMITTED,
            )
        late = True
    before = snapshot(submission)
    changed = diff(before, data_snapshot(data))
    if revision != submission.revision and changed:
        if base is None:
            conflicts = changed
        else:
            current, posted = fingerprint(before), fingerprint(data_snapshot(data))
            mine = {name for name in posted if posted[name] != base.get(name)}
            theirs = {name for name in current if current[name] != base.get(name)}
            conflicts = [name for name in changed if name in mine and name in theirs]
            # Fields changed only by the other editor: keep theirs, do not revert them.
            data = keep_stored(submission, data, [n for n in changed if n not in mine])
        if conflicts:
            after = data_snapshot(data)
            last = submission.changes.select_related("by").first()
            raise EditConflict(
                differences=[
                    (
                        field_label(name),
                        display(submission, name, before.get(name)),
                        display(submission, name, after[name]),
                    )
                    for name in conflicts
                ],
                revision=submission.revision,
                last_change=last,
            )
        changed = diff(before, data_snapshot(data))
    if not changed and not late and not uploads:
        return SaveResult(submission=submission, changed=[])
    if changed or late:
        _apply_fields(submission, data)
        submission.revision += 1
        submission.save()
        _apply_relations(submission, data, by=by, now=now)
        record(
            submission,
            Action.LATE_POST_SAVED_AS_DRAFT if late else Action.SAVED,
            by,
            fields=changed,
        )
    refused = _attach(submission, uploads, by=by, now=now, created_files=created_files)
    new_mentions = [mention for stored in created_files for mention in file_mentions(stored)]
    if "authors" in changed:
        refresh_identity_mentions(submission, skip=created_files)
    if submission.state == SubmissionState.DRAFT:
        # A draft is saved whatever its uploads: a refused one is reported, not fatal.
        return SaveResult(
            submission=submission,
            changed=changed,
            late=late,
            stored=created_files,
            refused=refused,
        )
    problems = refused
    for name, messages in check_complete(submission).items():
        problems.setdefault(name, []).extend(messages)
    if new_mentions and not acknowledge:
        problems["paper_identity"] = new_mentions
    if problems:
        raise SubmissionIncomplete(problems)
    return SaveResult(submission=submission, changed=changed, late=late, stored=created_files)
