"""What the domain functions take and give: limits, exceptions, the posted data, field labels.

Also ``record``, the one way a history entry (``SubmissionChange``) is written. Imports no
other module of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import (
    ContributionType,
    GuidingQuestion,
    Submission,
    SubmissionChange,
    SubmissionFile,
    Theme,
)

MIN_KEYWORDS = 3
MAX_KEYWORDS = 6


Action = SubmissionChange.Action


class SubmissionError(Exception):
    """A workflow step is not possible; ``message`` says why, for the author."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class SubmissionClosed(SubmissionError):
    """The submission cannot be changed now (deadline passed, withdrawn or decided).

    ``kept_late_change``: ``save_draft`` kept the posted form of a submitted paper for when an
    organiser reopens it (a ``PendingRevision``); the author is told so instead of ``message``.
    """

    def __init__(self, message: str = "", *, late_change: bool = False):
        super().__init__(message)
        #: A change to a submitted paper posted after the deadline (it may be kept).
        self.late_change = late_change
        self.kept_late_change = False


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
    #: File versions attached by this save (``uploads=``).
    stored: list[SubmissionFile] = field(default_factory=list)
    #: Uploads of a draft that were refused ({field name: [messages]}): the rest was saved,
    #: the file is not attached (it stays kept for the form).
    refused: dict[str, list[str]] = field(default_factory=dict)


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


def record(submission, action, by, fields=(), file=None) -> SubmissionChange:
    return SubmissionChange.objects.create(
        submission=submission, action=action, by=by, fields=list(fields), file=file
    )
