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
``SubmissionClosed`` is raised and the view shows the posted form again, untouched; a file
uploaded with it is kept (``cfp.pending_uploads``) until an organiser reopens it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.mail import queue_mail

from . import deadlines
from .models import (
    Authorship,
    Conference,
    ContributionType,
    CustomAnswer,
    DraftReminder,
    FileDownload,
    GuidingQuestion,
    Submission,
    SubmissionChange,
    SubmissionFile,
    SubmissionState,
    Theme,
)
from .uploads import UploadRefused, blind_copy, clean_file_name, inspect_pdf
from .wordcount import count_words

logger = logging.getLogger(__name__)

MIN_KEYWORDS = 3
MAX_KEYWORDS = 6
#: Co-author invitations one person may send per hour (typed addresses are unverified: the
#: cap stops the form being used to mail strangers in bulk).
INVITATIONS_PER_HOUR = 20
#: The same address is invited to the same submission at most once in this many seconds.
INVITATION_RESEND_SECONDS = 24 * 3600

Action = SubmissionChange.Action


class SubmissionError(Exception):
    """A workflow step is not possible; ``message`` says why, for the author."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class SubmissionClosed(SubmissionError):
    """The submission cannot be changed now (deadline passed, withdrawn or decided)."""


class SubmissionIncomplete(SubmissionError):
    """Submit refused: ``problems`` maps a field name to what is missing or wrong."""

    def __init__(self, problems: dict[str, list[str]]):
        super().__init__(_("The submission is not complete yet."))
        self.problems = problems


class InvitationLimit(SubmissionError):
    """Too many co-author invitations from one person within the hour; nothing was saved."""


class EditConflict(SubmissionError):
    """Someone saved the submission since this form was opened, and the two differ.

    ``differences`` lists (field label, saved value, posted value); ``revision`` is the
    current revision, for the form shown again.
    """

    def __init__(self, *, differences: list[tuple[str, str, str]], revision: int, last_change):
        super().__init__(_("Someone else changed this submission while you were editing it."))
        self.differences = differences
        self.revision = revision
        self.last_change = last_change


@dataclass
class AuthorData:
    """One author as entered in the form, in the order shown."""

    full_name: str
    email: str
    affiliation: str = ""
    country: str = ""
    orcid: str = ""
    is_presenter: bool = False
    is_corresponding: bool = False
    is_editor: bool = False
    public_name: bool = True
    id: int | None = None  # an existing Authorship of this submission


@dataclass
class SubmissionData:
    """The fields of a submission as posted. ``authors``/``answers`` None: leave unchanged."""

    contribution_type: ContributionType | None = None
    title: str = ""
    abstract: str = ""
    keywords: list[str] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    guiding_questions: list[GuidingQuestion] = field(default_factory=list)
    ethics_statement: str = ""
    authors: list[AuthorData] | None = None
    answers: dict[int, str] | None = None


@dataclass
class SaveResult:
    submission: Submission
    created: bool = False
    changed: list[str] = field(default_factory=list)
    late: bool = False
    #: File versions attached by this save (``save_draft(uploads=...)``).
    stored: list[SubmissionFile] = field(default_factory=list)


def field_label(name: str) -> str:
    # Translated when called (labels above are evaluated at import in the default language).
    labels = {
        "contribution_type": _("contribution type"),
        "title": _("title"),
        "abstract": _("abstract"),
        "keywords": _("keywords"),
        "themes": _("themes"),
        "guiding_questions": _("guiding questions"),
        "ethics_statement": _("ethics statement"),
        "authors": _("authors"),
        "answers": _("answers to further questions"),
        "paper": _("paper (PDF)"),
        "supplementary": _("supplementary file"),
        "paper_identity": _("names in the files"),
        "state": _("state"),
        "reopened_until": _("reopened until"),
        "withdrawn_at": _("withdrawn at"),
        "submitted_at": _("submitted at"),
    }
    if name.startswith("question_"):
        return _("answer to a further question")
    return labels.get(name, name)


def field_labels(names) -> str:
    """History entries name fields by identifier; this is what people read."""
    return ", ".join(str(field_label(name)) for name in names or ())


# --- Reading -------------------------------------------------------------------------------


def editing_deadline(submission: Submission) -> dt.datetime:
    """Until when the authors may change ``submission``: the deadline, or a later reopening."""
    deadline = deadlines.effective_submission_deadline(submission.conference)
    if submission.reopened_until and submission.reopened_until > deadline:
        return submission.reopened_until
    return deadline


def is_editable(submission: Submission, now: dt.datetime) -> bool:
    """Whether authors may change it at ``now``: a draft or submitted one, before the deadline
    or while an organiser has reopened it."""
    if submission.state not in (SubmissionState.DRAFT, SubmissionState.SUBMITTED):
        return False
    if submission.reopened_until and now < submission.reopened_until:
        return True
    return deadlines.is_submission_open(submission.conference, now)


def latest_file(submission: Submission, kind: str = SubmissionFile.Kind.PAPER):
    """The newest version of the submission's file of ``kind``, or None (uses a prefetch)."""
    versions = [f for f in submission.files.all() if f.kind == kind]
    return max(versions, key=lambda f: f.version) if versions else None


def applicable_questions(conference: Conference, contribution_type: ContributionType | None):
    """The organisers' questions that apply to a submission of ``contribution_type``."""
    questions = list(conference.custom_questions.prefetch_related("contribution_types"))
    result = []
    for question in questions:
        types = list(question.contribution_types.all())
        if not types or (contribution_type is not None and contribution_type in types):
            result.append(question)
    return result


def check_complete(submission: Submission) -> dict[str, list[str]]:
    """What stands between ``submission`` as stored and a complete submission.

    Returns {field name: [problem, ...]}; empty when it may be submitted. Reads only.
    """
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    ctype = submission.contribution_type
    if ctype is None:
        add("contribution_type", _("Choose a contribution type."))
    if not submission.title.strip():
        add("title", _("Give your submission a title."))
    words = count_words(submission.abstract)
    if words == 0:
        add("abstract", _("Write an abstract."))
    elif ctype is not None and words > ctype.abstract_word_limit:
        add(
            "abstract",
            _("The abstract has %(count)d words; a %(type)s allows at most %(limit)d.")
            % {"count": words, "type": ctype.name, "limit": ctype.abstract_word_limit},
        )
    keywords = len(submission.keywords or [])
    if not MIN_KEYWORDS <= keywords <= MAX_KEYWORDS:
        add(
            "keywords",
            ngettext(
                "Give %(min)d to %(max)d keywords (you gave %(count)d).",
                "Give %(min)d to %(max)d keywords (you gave %(count)d).",
                keywords,
            )
            % {"min": MIN_KEYWORDS, "max": MAX_KEYWORDS, "count": keywords},
        )
    if not submission.themes.exists():
        add("themes", _("Choose at least one theme."))
    needs_ethics = ctype is not None and ctype.requires_ethics_statement
    if needs_ethics and not submission.ethics_statement.strip():
        add(
            "ethics_statement",
            _(
                "A %(type)s needs an ethics statement: how participants' safety, consent "
                "and anonymity were protected."
            )
            % {"type": ctype.name},
        )
    authors = list(submission.authorships.all())
    if not authors:
        add("authors", _("Add at least one author."))
    else:
        if not any(a.is_presenter for a in authors):
            add("authors", _("Say who will present the paper."))
        corresponding = sum(1 for a in authors if a.is_corresponding)
        if corresponding != 1:
            add("authors", _("Mark exactly one author as the corresponding author."))
    paper = submission.files.filter(kind=SubmissionFile.Kind.PAPER).order_by("-version").first()
    if paper is None:
        add("paper", _("Upload your paper as a PDF."))
    elif ctype is not None and paper.page_count > ctype.page_limit:
        add(
            "paper",
            _("The paper has %(count)d pages; a %(type)s may have at most %(limit)d.")
            % {"count": paper.page_count, "type": ctype.name, "limit": ctype.page_limit},
        )
    answers = {a.question_id: a.value for a in submission.answers.all()}
    for question in applicable_questions(submission.conference, ctype):
        if question.required and not answers.get(question.pk, "").strip():
            add(f"question_{question.pk}", _("This question needs an answer."))
    return problems


def identity_warnings(submission: Submission) -> list[str]:
    """Under double-blind review: where the latest paper or supplementary file names an author
    (stored findings)."""
    if not submission.conference.is_double_blind:
        return []
    warnings: list[str] = []
    for kind in SubmissionFile.Kind:
        latest = latest_file(submission, kind)
        if latest is not None:
            warnings += _file_mentions(latest)
    return warnings


def _file_mentions(file: SubmissionFile) -> list[str]:
    if file.kind == SubmissionFile.Kind.PAPER:
        return list(file.identity_mentions)
    return [
        _("Supplementary file: %(mention)s") % {"mention": mention}
        for mention in file.identity_mentions
    ]


# --- Snapshots: what changed, for history and for edit conflicts ---------------------------


def _author_key(a) -> tuple:
    return (
        a.full_name.strip(),
        a.email.strip().lower(),
        a.affiliation.strip(),
        str(a.country or ""),
        a.orcid.strip(),
        bool(a.is_presenter),
        bool(a.is_corresponding),
        bool(a.is_editor),
        bool(a.public_name),
    )


def _author_line(key: tuple) -> str:
    name, email, affiliation, country, *_rest = key
    return ", ".join(part for part in (f"{name} <{email}>", affiliation, country) if part)


def snapshot(submission: Submission) -> dict[str, object]:
    """The stored values of the editable fields, comparable with ``data_snapshot``."""
    return {
        "contribution_type": submission.contribution_type_id,
        "title": submission.title,
        "abstract": submission.abstract,
        "keywords": list(submission.keywords or []),
        "themes": sorted(t.pk for t in submission.themes.all()),
        "guiding_questions": sorted(q.pk for q in submission.guiding_questions.all()),
        "ethics_statement": submission.ethics_statement,
        "authors": [_author_key(a) for a in submission.authorships.all()],
        "answers": {a.question_id: a.value for a in submission.answers.all() if a.value},
    }


def data_snapshot(data: SubmissionData) -> dict[str, object]:
    snap: dict[str, object] = {
        "contribution_type": data.contribution_type.pk if data.contribution_type else None,
        "title": data.title,
        "abstract": data.abstract,
        "keywords": list(data.keywords),
        "themes": sorted(t.pk for t in data.themes),
        "guiding_questions": sorted(q.pk for q in data.guiding_questions),
        "ethics_statement": data.ethics_statement,
    }
    if data.authors is not None:
        snap["authors"] = [_author_key(a) for a in data.authors]
    if data.answers is not None:
        snap["answers"] = {k: v for k, v in data.answers.items() if v}
    return snap


def _diff(old: dict, new: dict) -> list[str]:
    return [name for name in new if old.get(name) != new[name]]


def changed_fields(submission: Submission, data: SubmissionData) -> list[str]:
    """The names of the fields ``data`` would change in ``submission`` as stored. Reads only."""
    return _diff(snapshot(submission), data_snapshot(data))


def fingerprint(snap: dict[str, object]) -> dict[str, str]:
    """A short hash of each field of a snapshot: what an edit form carries as its base, so that
    a save can tell which fields the author changed and which someone else changed since."""
    return {
        name: hashlib.sha256(
            json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()
        ).hexdigest()[:16]
        for name, value in snap.items()
    }


def _keep_stored(submission: Submission, data: SubmissionData, names) -> SubmissionData:
    """``data`` with the stored value for each of ``names`` (fields only someone else changed)."""
    values = dict(data.__dict__)
    for name in names:
        if name in ("authors", "answers"):
            values[name] = None  # None: leave as stored
        elif name == "contribution_type":
            values[name] = submission.contribution_type
        elif name in ("themes", "guiding_questions"):
            values[name] = list(getattr(submission, name).all())
        elif name == "keywords":
            values[name] = list(submission.keywords or [])
        else:
            values[name] = getattr(submission, name)
    return SubmissionData(**values)


def _display(submission: Submission, name: str, value) -> str:
    conference = submission.conference
    if name == "contribution_type":
        ctype = conference.contribution_types.filter(pk=value).first() if value else None
        return ctype.name if ctype else "—"
    if name == "themes":
        return ", ".join(conference.themes.filter(pk__in=value).values_list("title", flat=True))
    if name == "guiding_questions":
        return "; ".join(
            conference.guiding_questions.filter(pk__in=value).values_list("text", flat=True)
        )
    if name == "keywords":
        return ", ".join(value)
    if name == "authors":
        return "\n".join(_author_line(key) for key in value)
    if name == "answers":
        questions = dict(conference.custom_questions.values_list("pk", "text"))
        return "\n".join(f"{questions.get(k, k)}: {v}" for k, v in sorted(value.items()))
    return str(value or "")


# --- Writing -------------------------------------------------------------------------------


def _record(submission, action, by, fields=(), file=None) -> SubmissionChange:
    return SubmissionChange.objects.create(
        submission=submission, action=action, by=by, fields=list(fields), file=file
    )


def _verified_emails(user) -> set[str]:
    from allauth.account.models import EmailAddress

    emails = {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    return emails


def _apply_fields(submission: Submission, data: SubmissionData) -> None:
    submission.contribution_type = data.contribution_type
    submission.title = data.title
    submission.abstract = data.abstract
    submission.keywords = list(data.keywords)
    submission.ethics_statement = data.ethics_statement


def _apply_relations(submission: Submission, data: SubmissionData, *, by, now) -> None:
    submission.themes.set(data.themes)
    submission.guiding_questions.set(data.guiding_questions)
    if data.authors is not None:
        _apply_authors(submission, data.authors, by=by, now=now)
    if data.answers is not None:
        _apply_answers(submission, data.answers)


def _apply_authors(submission: Submission, authors: list[AuthorData], *, by, now) -> None:
    existing = {a.pk: a for a in submission.authorships.all()}
    keep = {a.id for a in authors if a.id in existing}
    for pk, authorship in existing.items():
        if pk not in keep and authorship.user_id != submission.created_by_id:
            authorship.delete()
    own_emails = _verified_emails(by) | {by.email.lower()}
    invited: list[Authorship] = []
    # Orders are rewritten in one pass; emails may swap between rows, so first move every
    # kept row's email out of the way of the per-submission unique constraint.
    for order, data in enumerate(authors):
        authorship = existing.get(data.id) if data.id else None
        email = data.email.strip()
        if authorship is None:
            authorship = Authorship(submission=submission)
            email_changed = True
        else:
            # A confirmed author's address is theirs; it does not change from this form.
            email_changed = authorship.user_id is None and authorship.email.lower() != email.lower()
            if authorship.user_id is not None:
                email = authorship.email
        authorship.full_name = data.full_name.strip()
        authorship.email = email
        authorship.affiliation = data.affiliation.strip()
        authorship.country = data.country or ""
        authorship.orcid = data.orcid.strip()
        authorship.order = order
        authorship.is_presenter = data.is_presenter
        authorship.is_corresponding = data.is_corresponding
        authorship.is_editor = data.is_editor
        authorship.public_name = data.public_name
        if authorship.user_id is None and email.lower() in own_emails:
            # The person filling in the form entered their own address: they are an author.
            authorship.user = by
            authorship.confirmed_at = now
            if by.pk == submission.created_by_id:
                authorship.is_editor = True
        elif authorship.user_id == submission.created_by_id and authorship.user_id:
            authorship.is_editor = True  # the submitter always may edit
        elif email_changed:
            invited.append(authorship)
        authorship.save()
    _send_invitations(submission, invited, by=by, now=now)


def _invitation_bucket(by) -> str:
    return f"cfp:invitations:{by.pk}"


def _invited_key(submission: Submission, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
    return f"cfp:invited:{submission.pk}:{digest}"


def _send_invitations(submission: Submission, invited: list[Authorship], *, by, now) -> None:
    """Mail each newly named co-author, within the limits.

    An address already invited to this submission within a day is not mailed again (the
    authorship is saved all the same). More than ``INVITATIONS_PER_HOUR`` invitations from
    ``by`` within the hour raise ``InvitationLimit``: the caller's transaction is rolled
    back, so nothing is saved and the form is shown again as typed. The counters (Django's
    cache) are updated after commit.
    """
    fresh = [a for a in invited if cache.get(_invited_key(submission, a.email)) is None]
    if not fresh:
        return
    bucket = _invitation_bucket(by)
    sent = cache.get(bucket, 0)
    if sent + len(fresh) > INVITATIONS_PER_HOUR:
        raise InvitationLimit(
            _(
                "You have invited %(sent)d co-authors in the last hour; at most %(limit)d "
                "invitations an hour are sent. Nothing was saved: your form is shown again as "
                "you typed it. Please try again in an hour."
            )
            % {"sent": sent, "limit": INVITATIONS_PER_HOUR}
        )
    for authorship in fresh:
        authorship.invited_at = now
        authorship.save(update_fields=["invited_at"])
        _mail_invitation(submission, authorship, by=by)
    keys = [_invited_key(submission, a.email) for a in fresh]

    def count():
        cache.add(bucket, 0, timeout=3600)
        try:
            cache.incr(bucket, len(keys))
        except ValueError:  # expired between add and incr
            cache.set(bucket, len(keys), timeout=3600)
        for key in keys:
            cache.set(key, True, timeout=INVITATION_RESEND_SECONDS)

    transaction.on_commit(count)


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


def _next_number(conference: Conference) -> int:
    top = Submission.objects.filter(conference=conference).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def create_draft(
    *,
    conference: Conference,
    by,
    data: SubmissionData,
    token: uuid.UUID | None,
    now: dt.datetime,
) -> SaveResult:
    """Create a draft submission from ``data``, whatever is missing.

    ``token`` comes from the form: the same token posted twice (double click, resubmitted
    form) finds the first submission instead of creating a second; ``created`` is then False
    and nothing is written. Posted after the deadline, the draft is still created and kept
    (``late``); before submissions open, ``SubmissionClosed`` is raised.

    Side effects: the submission (next number in the conference), its authors (the
    submitter's own row confirmed), themes, answers; a history entry; after commit, an
    invitation mail to each co-author.
    """
    if now < conference.submission_opens:
        raise SubmissionClosed(_("Submissions are not open yet."))
    late = not deadlines.is_submission_open(conference, now)
    with transaction.atomic():
        # Serialises numbering (and token checks) per conference.
        Conference.objects.select_for_update().filter(pk=conference.pk).first()
        if token is not None:
            existing = Submission.objects.filter(created_by=by, creation_token=token).first()
            if existing is not None:
                return SaveResult(submission=existing, created=False)
        submission = Submission(
            conference=conference,
            number=_next_number(conference),
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
            return SaveResult(submission=existing, created=False)
        authors = data.authors
        if not authors:
            authors = [author_from_user(by)]
        data = SubmissionData(**{**data.__dict__, "authors": authors})
        _apply_relations(submission, data, by=by, now=now)
        _record(submission, Action.CREATED, by, fields=_diff({}, data_snapshot(data)))
        if late:
            _record(submission, Action.LATE_POST_SAVED_AS_DRAFT, by)
        _refresh_identity_mentions(submission)
    return SaveResult(submission=submission, created=True, changed=[], late=late)


def author_from_user(user, **extra) -> AuthorData:
    """The submitter as the first author, from their profile."""
    values = {
        "full_name": user.full_name or user.email,
        "email": user.email,
        "affiliation": user.affiliation,
        "country": str(user.country or ""),
        "orcid": user.orcid,
        "is_presenter": True,
        "is_corresponding": True,
        "is_editor": True,
    }
    values.update(extra)
    return AuthorData(**values)


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
) -> SaveResult:
    """Save ``data`` over ``submission`` (a draft, or a submitted one before the deadline).

    A draft may be incomplete; its state does not change. A submitted one (any state but
    draft) must stay complete: the result must pass ``check_complete`` like Submit (the file
    check is met by the stored version), and a new file version naming an author under
    double-blind review needs ``acknowledge_identity_warnings``. Otherwise
    ``SubmissionIncomplete`` is raised and nothing is written (also not ``uploads``).

    ``uploads`` ({field name: PendingUpload}) are attached in the same transaction, so that
    the check sees them; a refused one is a problem of its field.

    Edit conflicts: ``revision`` is the revision the form was opened at and ``base`` the
    ``fingerprint`` of the values it showed. If someone saved since, fields only they changed
    keep their stored value (not reverted), fields only this form changed are applied, and
    fields both changed differently raise ``EditConflict`` (nothing written). Without
    ``base``, any difference from the stored values is a conflict. The same form posted
    twice is no conflict. A draft posted after the deadline is saved anyway (``late``); a
    submitted one raises ``SubmissionClosed``.

    Side effects: the submission row (revision + 1) and its relations; a history entry naming
    the changed fields; file versions; invitation mails to new co-authors (``InvitationLimit``
    past the hourly cap); the double-blind check of the latest files is redone when the
    authors changed.
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
    except SubmissionError:
        # Rolled back: the files stored for new versions belong to no row any more.
        for stored in created_files:
            for file in (stored.file, stored.blind_file):
                if file.name:
                    file.storage.delete(file.name)
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
            raise SubmissionClosed(_closed_message(submission))
        late = True
    before = snapshot(submission)
    changed = _diff(before, data_snapshot(data))
    if revision != submission.revision and changed:
        if base is None:
            conflicts = changed
        else:
            current, posted = fingerprint(before), fingerprint(data_snapshot(data))
            mine = {name for name in posted if posted[name] != base.get(name)}
            theirs = {name for name in current if current[name] != base.get(name)}
            conflicts = [name for name in changed if name in mine and name in theirs]
            # Fields changed only by the other editor: keep theirs, do not revert them.
            data = _keep_stored(submission, data, [n for n in changed if n not in mine])
        if conflicts:
            after = data_snapshot(data)
            last = submission.changes.select_related("by").first()
            raise EditConflict(
                differences=[
                    (
                        field_label(name),
                        _display(submission, name, before.get(name)),
                        _display(submission, name, after[name]),
                    )
                    for name in conflicts
                ],
                revision=submission.revision,
                last_change=last,
            )
        changed = _diff(before, data_snapshot(data))
    if not changed and not late and not uploads:
        return SaveResult(submission=submission, changed=[])
    if changed or late:
        _apply_fields(submission, data)
        submission.revision += 1
        submission.save()
        _apply_relations(submission, data, by=by, now=now)
        _record(
            submission,
            Action.LATE_POST_SAVED_AS_DRAFT if late else Action.SAVED,
            by,
            fields=changed,
        )
    problems: dict[str, list[str]] = {}
    new_mentions: list[str] = []
    from .pending_uploads import attach_pending_upload

    for name, pending in uploads.items():
        try:
            stored, created = attach_pending_upload(
                pending=pending, submission=submission, by=by, now=now
            )
        except (UploadRefused, SubmissionError) as exc:
            problems.setdefault(name, []).append(exc.message)
            continue
        if created:
            created_files.append(stored)
            new_mentions += _file_mentions(stored)
    if "authors" in changed:
        _refresh_identity_mentions(submission)
    if submission.state != SubmissionState.DRAFT:
        for name, messages in check_complete(submission).items():
            problems.setdefault(name, []).extend(messages)
        if new_mentions and not acknowledge:
            problems["paper_identity"] = new_mentions
    if problems:
        raise SubmissionIncomplete(problems)
    return SaveResult(submission=submission, changed=changed, late=late, stored=created_files)


def organisers_contact(conference: Conference) -> str:
    """How to reach the organisers, for messages to authors."""
    if conference.contact_email:
        return _("Write to the organisers at %(email)s") % {"email": conference.contact_email}
    return _("Write to the organisers (see the call for papers for how to reach them)")


def late_draft_message(submission: Submission) -> str:
    """What happens to a draft posted after the deadline, and what the author can do."""
    return _(
        "Everything you entered and uploaded is kept as a draft. The organisers now see "
        "it in their list of submissions as a late draft — its title, abstract, authors and "
        "files, and that it arrived after the deadline — but only they can reopen it so that "
        "you can submit it. %(contact)s and mention submission #%(number)d."
    ) % {"contact": organisers_contact(submission.conference), "number": submission.number}


def _closed_message(submission: Submission) -> str:
    if submission.state == SubmissionState.WITHDRAWN:
        return _("This submission was withdrawn; it can no longer be changed.")
    if submission.state in SubmissionState.DECIDED:
        return _("A decision has been taken on this submission; it can no longer be changed.")
    return _(
        "The submission deadline has passed, so the submitted version can no longer be "
        "changed. %(contact)s if you must change the submission: only they can reopen it."
    ) % {"contact": organisers_contact(submission.conference)}


def late_change_kept_message(submission: Submission) -> str:
    """What happens to a change of a submitted paper posted after the deadline."""
    return _(
        "The submission deadline has passed, so your changes were not applied: the submitted "
        "version stays as it was. Your changes are kept, and the organisers see on the "
        "submission's page that a change is waiting. If they reopen the submission, this form "
        "is filled in with your changes for you to review and save. %(contact)s and mention "
        "submission #%(number)d."
    ) % {"contact": organisers_contact(submission.conference), "number": submission.number}


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
            raise SubmissionClosed(_closed_message(submission))
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
        _record(submission, Action.FILE_UPLOADED, by, fields=[kind], file=stored)
    return stored, True


def _refresh_identity_mentions(submission: Submission) -> None:
    """Redo the double-blind check of the latest paper and supplementary file against the
    current authors."""
    if not submission.conference.is_double_blind:
        return
    import pypdf
    from pypdf.errors import PyPdfError

    from .uploads import find_identity_mentions

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


def submit_submission(
    *,
    submission: Submission,
    by,
    now: dt.datetime,
    acknowledge_identity_warnings: bool = False,
) -> bool:
    """Submit a complete draft. Returns False when it was already submitted (double submit).

    Raises ``SubmissionIncomplete`` with the problems (including, under double-blind review,
    an author's name found in the paper unless the author acknowledged the warning), or
    ``SubmissionClosed`` after the deadline (the draft stays as it is, marked as a late draft
    that organisers see) or when withdrawn.

    Side effects: state, submitted_at and revision; a history entry; after commit, a
    confirmation mail to every author. Late: only a LATE_POST_SAVED_AS_DRAFT history entry.
    """
    late = False
    with transaction.atomic():
        submission = (
            # Lock only the submission row: PostgreSQL refuses FOR UPDATE on the nullable
            # side of the outer join to contribution_type.
            Submission.objects.select_for_update(of=("self",))
            .select_related("conference", "contribution_type")
            .get(pk=submission.pk)
        )
        if submission.state == SubmissionState.SUBMITTED:
            return False
        if submission.state != SubmissionState.DRAFT:
            raise SubmissionClosed(_closed_message(submission))
        if not is_editable(submission, now):
            # Recorded and committed before refusing: the marker shows the draft to the
            # organisers as a late draft, so that they can find it and reopen it.
            _record(submission, Action.LATE_POST_SAVED_AS_DRAFT, by, fields=["state"])
            late = True
        else:
            problems = check_complete(submission)
            if not acknowledge_identity_warnings:
                warnings = identity_warnings(submission)
                if warnings:
                    problems.setdefault("paper_identity", []).extend(warnings)
            if problems:
                raise SubmissionIncomplete(problems)
            submission.state = SubmissionState.SUBMITTED
            submission.submitted_at = now
            submission.revision += 1
            submission.save(update_fields=["state", "submitted_at", "revision", "modified"])
            _record(submission, Action.SUBMITTED, by, fields=["state"])
            _mail_authors(submission, "submission_submitted")
    if late:
        raise SubmissionClosed(
            _("The submission deadline has passed, so this draft could not be submitted.")
            + " "
            + late_draft_message(submission)
        )
    return True


def withdraw_submission(*, submission: Submission, by, now: dt.datetime) -> bool:
    """Withdraw a draft or submitted submission before a decision. False if already withdrawn.

    Raises ``SubmissionClosed`` once a decision was taken. Side effects: state, withdrawn_at;
    a history entry; after commit, a mail to every author.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state == SubmissionState.WITHDRAWN:
            return False
        if submission.state in SubmissionState.DECIDED:
            raise SubmissionClosed(_closed_message(submission))
        submission.state = SubmissionState.WITHDRAWN
        submission.withdrawn_at = now
        submission.revision += 1
        submission.save(update_fields=["state", "withdrawn_at", "revision", "modified"])
        _record(submission, Action.WITHDRAWN, by, fields=["state"])
        _mail_authors(submission, "submission_withdrawn")
    return True


def reopen_submission(*, submission: Submission, by, until: dt.datetime) -> Submission:
    """Let the authors change ``submission`` until ``until`` (an organiser's action).

    A withdrawn submission becomes a draft again; decided ones cannot be reopened
    (``SubmissionClosed``). Side effects: reopened_until (and state); a history entry; after
    commit, a mail to every author saying until when they may edit.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.state in SubmissionState.DECIDED:
            raise SubmissionClosed(_closed_message(submission))
        fields = ["reopened_until"]
        if submission.state == SubmissionState.WITHDRAWN:
            submission.state = SubmissionState.DRAFT
            submission.withdrawn_at = None
            fields += ["state", "withdrawn_at"]
        submission.reopened_until = until
        submission.revision += 1
        submission.save(update_fields=[*fields, "revision", "modified"])
        _record(submission, Action.REOPENED, by, fields=fields)
        _mail_authors(submission, "submission_reopened", until=until)
    return submission


def close_reopened_submission(*, submission: Submission, by) -> Submission:
    """End an organiser's reopening now. Side effects: reopened_until cleared; history."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.reopened_until is None:
            return submission
        submission.reopened_until = None
        submission.revision += 1
        submission.save(update_fields=["reopened_until", "revision", "modified"])
        _record(submission, Action.SAVED, by, fields=["reopened_until"])
    return submission


def confirm_authorship(*, submission: Submission, user, now: dt.datetime) -> Authorship:
    """Link ``user`` to the authorship named with one of their verified emails and confirm it.

    Idempotent: an authorship already confirmed by ``user`` is returned unchanged. Raises
    ``SubmissionError`` when no unconfirmed authorship carries a verified email of theirs.
    Side effects: the authorship's user and confirmed_at; a history entry.
    """
    with transaction.atomic():
        own = submission.authorships.select_for_update().filter(user=user).first()
        if own is not None:
            if own.confirmed_at is None:
                own.confirmed_at = now
                own.save(update_fields=["confirmed_at"])
            return own
        emails = _verified_emails(user)
        for authorship in submission.authorships.select_for_update().filter(user__isnull=True):
            if authorship.email.lower() in emails:
                authorship.user = user
                authorship.confirmed_at = now
                authorship.save(update_fields=["user", "confirmed_at"])
                _record(submission, Action.AUTHORSHIP_CONFIRMED, user)
                return authorship
    raise SubmissionError(_("None of your verified email addresses is among this paper's authors."))


def record_download(*, file: SubmissionFile, user) -> FileDownload | None:
    """Log a download by someone other than the file's authors (organisers see the log).

    Side effects: one FileDownload row, unless ``user`` is an author of the submission.
    """
    from .rules import is_submission_author

    if is_submission_author(user, file.submission):
        return None
    return FileDownload.objects.create(file=file, user=user)


# --- Mail ----------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return f"{settings.SALA_BASE_URL}{path}"


def _recipients(submission: Submission) -> list[Authorship]:
    seen: set[str] = set()
    people = []
    for authorship in submission.authorships.all():
        key = authorship.email.lower()
        if key and key not in seen:
            seen.add(key)
            people.append(authorship)
    return people


def _render_mail(template: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"cfp/email/{template}_subject.txt", context)
    body = render_to_string(f"cfp/email/{template}_message.txt", context)
    return " ".join(subject.split()), body


def _mail_context(submission: Submission, **extra) -> dict:
    conference = submission.conference
    return {
        "submission": submission,
        "conference": conference,
        "authors": list(submission.authorships.all()),
        "themes": list(submission.themes.all()),
        "url": absolute_url(submission.get_absolute_url()),
        "deadline": editing_deadline(submission),
        "tz": conference.tz,
        **extra,
    }


def _mail_authors(submission: Submission, template: str, **extra) -> None:
    """One message per author (their own address only), after commit."""
    context = _mail_context(submission, **extra)
    for authorship in _recipients(submission):
        subject, body = _render_mail(template, {**context, "recipient": authorship})
        queue_mail(to=[authorship.email], subject=subject, body=body)


def _mail_invitation(submission: Submission, authorship: Authorship, *, by) -> None:
    """A minimal invitation: the address was typed by someone else and is not confirmed, so
    it names the conference, who invited them and the link, and nothing of the paper (no
    title, keywords or authors, some of whom may not be named in public)."""
    context = {
        "conference": submission.conference,
        "submission": submission,
        "inviter": (by.full_name or by.email) if by else "",
        "recipient_email": authorship.email,
        "url": absolute_url(submission.get_absolute_url()),
        "signup_url": absolute_url("/accounts/signup/"),
        "dashboard_url": absolute_url("/dashboard/"),
    }
    subject, body = _render_mail("coauthor_invited", context)
    queue_mail(to=[authorship.email], subject=subject, body=body)


def send_draft_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the authors of unsubmitted drafts 48 and 24 hours before the deadline.

    Safe to run as often as you like, also twice at once: a ``DraftReminder`` row (unique per
    submission, threshold and address) is written before each mail, so nobody gets the same
    reminder twice; a run that starts within 24 hours sends only the 24-hour reminder.
    Drafts reopened by an organiser are reminded against their own ``reopened_until``.
    Returns the number of mails queued.

    Side effects: DraftReminder rows; after commit, one mail per author and threshold.
    """
    now = now or timezone.now()
    # A wide window on the stored deadline (AoE moves the effective one by up to two days);
    # reminder_due below decides exactly.
    slack = dt.timedelta(days=2)
    horizon = now + dt.timedelta(hours=max(deadlines.REMINDER_HOURS_BEFORE)) + slack
    sent = 0
    drafts = (
        Submission.objects.drafts()
        .filter(
            Q(conference__submission_closes__range=(now - slack, horizon))
            | Q(reopened_until__gt=now)
        )
        .select_related("conference")
        .prefetch_related("authorships", "themes")
    )
    for submission in drafts:
        deadline = editing_deadline(submission)
        due = deadlines.reminder_due(deadline=deadline, now=now)
        if due is None:
            continue
        for authorship in _recipients(submission):
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        DraftReminder.objects.create(
                            submission=submission, hours_before=due, email=authorship.email
                        )
                except IntegrityError:
                    continue
                context = _mail_context(
                    submission,
                    recipient=authorship,
                    hours=due,
                    time_left=deadlines.time_left(deadline, now),
                    deadline=deadline,
                )
                subject, body = _render_mail("draft_reminder", context)
                queue_mail(to=[authorship.email], subject=subject, body=body)
                sent += 1
    return sent


__all__ = [
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
    "changed_fields",
    "check_complete",
    "close_reopened_submission",
    "confirm_authorship",
    "create_draft",
    "field_labels",
    "fingerprint",
    "late_change_kept_message",
    "late_draft_message",
    "organisers_contact",
    "reopen_submission",
    "record_download",
    "save_draft",
    "send_draft_reminders",
    "submit_submission",
    "withdraw_submission",
]
