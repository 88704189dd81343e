"""Writes and workflows of the author's journey: drafts, authors, files, submit, withdraw.

Every function here takes keyword-only arguments, runs in one transaction and lists its side
effects. Views, the demo command and the organiser pages call these; nothing else writes a
submission. ``now`` is passed in (the server's clock, read once per request by the view) so
that what is late is decided in one place, by ``cfp.deadlines``, and tests need no clock.

Late posts: a form posted after the deadline never loses what the author typed or uploaded.
A *draft* posted late is saved as a draft (it cannot be submitted until an organiser reopens
it) and the history says so (LATE_POST_SAVED_AS_DRAFT): that marker makes it a *late draft*,
which organisers see in their list (``SubmissionQuerySet.for_organisers_of``) so that they
can reopen it; ``SaveResult.late`` tells the view to say so too. A *submitted* submission is
not changed after the deadline (that would be a late change to a submitted paper):
``save_draft`` keeps the posted form as the author's ``PendingRevision`` and raises
``SubmissionClosed`` with ``kept_late_change``; the view shows the posted form again,
untouched; a file uploaded with it is kept (``pending``) until an organiser reopens it.

What lives where (lower modules never import higher ones)::

    data         limits, exceptions, AuthorData / SubmissionData / SaveResult, field labels,
                 ``record`` (a history entry)
    messages     what authors are told when a submission is closed or late; organisers_contact
    reading      editing_deadline, is_editable, latest_file, applicable_questions,
                 check_complete, check_data (the same rules over posted values),
                 identity_warnings (reads only)
    snapshots    snapshot / data_snapshot / fingerprint / changed_fields: what changed, for
                 history and for edit conflicts (reads only)
    mail         absolute_url, recipients, rendering, mailing the authors and invitations
    authors      author rows as posted, co-author invitations and their hourly limit,
                 author_from_user, confirm_authorship
    files        add_file_version, the double-blind check of the latest files, record_download
    pending      uploads kept while a form could not be saved, and late changes kept for a
                 reopening (PendingUpload, PendingRevision); purging them
    submissions  create_draft, save_draft (edit conflicts, late posts, attached uploads)
    lifecycle    submit, withdraw, reopen, close a reopening
    reminders    send_draft_reminders
    questions    delete_question (organisers: a further question and its answers)
    pending_quota  how much one person may keep in uploads not yet attached (check_room)
    call         the call as organisers and the admin change it: save_conference,
                 confirm_dates, save_item, delete_item, move_in_order, delete_conference
    organisers   who runs a conference: add_organiser, remove_organiser, set_organisers,
                 step_in (a site administrator, recorded), create_conference; every change
                 is an OrganiserChange
    (``call`` and ``organisers`` are not re-exported: ``from cfp.domain import call``.)

The public names are re-exported here: use ``from cfp import domain`` / ``domain.X``. To patch
a name in a test, patch it in the module that reads it (``cfp.domain.files.read_pdf``,
``cfp.domain.authors.INVITATIONS_PER_HOUR``): patching the package does not reach it.
"""

from ..uploads import UploadRefused
from .authors import author_from_user, confirm_authorship
from .data import (
    MAX_KEYWORDS,
    MIN_KEYWORDS,
    AuthorData,
    EditConflict,
    InvitationLimit,
    SaveResult,
    SubmissionClosed,
    SubmissionData,
    SubmissionError,
    SubmissionIncomplete,
    field_label,
    field_labels,
)
from .files import add_file_version, blind_download_name, record_download
from .lifecycle import (
    close_reopened_submission,
    reopen_submission,
    submit_submission,
    withdraw_submission,
)
from .messages import (
    closed_message,
    late_change_kept_message,
    late_draft_message,
    organisers_contact,
)
from .pending import (
    PENDING_UPLOAD_DAYS,
    find_pending_upload,
    keep_upload,
    kept_revision,
    offered_uploads,
)
from .questions import delete_question
from .reading import (
    check_complete,
    check_data,
    editing_deadline,
    identity_warnings,
    is_editable,
    is_late_draft,
    latest_file,
    needs_authorship_confirmation,
)
from .reminders import send_draft_reminders
from .snapshots import changed_fields, fingerprint, snapshot
from .submissions import create_draft, save_draft

__all__ = [
    "MAX_KEYWORDS",
    "MIN_KEYWORDS",
    "PENDING_UPLOAD_DAYS",
    "AuthorData",
    "EditConflict",
    "InvitationLimit",
    "SaveResult",
    "SubmissionClosed",
    "SubmissionData",
    "SubmissionError",
    "SubmissionIncomplete",
    "UploadRefused",
    "add_file_version",
    "blind_download_name",
    "author_from_user",
    "changed_fields",
    "check_complete",
    "check_data",
    "close_reopened_submission",
    "closed_message",
    "confirm_authorship",
    "create_draft",
    "delete_question",
    "editing_deadline",
    "field_label",
    "field_labels",
    "find_pending_upload",
    "fingerprint",
    "identity_warnings",
    "is_editable",
    "is_late_draft",
    "keep_upload",
    "kept_revision",
    "late_change_kept_message",
    "late_draft_message",
    "latest_file",
    "needs_authorship_confirmation",
    "offered_uploads",
    "organisers_contact",
    "record_download",
    "reopen_submission",
    "save_draft",
    "send_draft_reminders",
    "snapshot",
    "submit_submission",
    "withdraw_submission",
]
