"""Reading a submission: until when it may be changed, its latest files, what it still lacks.

Reads only; nothing here writes.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import deadlines
from ..models import (
    Conference,
    ContributionType,
    Submission,
    SubmissionChange,
    SubmissionFile,
    SubmissionState,
)
from ..uploads import describe_mention
from ..wordcount import count_words
from .data import MAX_KEYWORDS, MIN_KEYWORDS, SubmissionData


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


def is_late_draft(submission: Submission) -> bool:
    """A draft posted after the deadline and kept (its history has LATE_POST_SAVED_AS_DRAFT):
    the one kind of draft organisers see. Uses a prefetch of ``changes`` when there is one.

    The rule for one submission; ``SubmissionQuerySet.shown_to_organisers`` is its SQL mirror.
    """
    if submission.state != SubmissionState.DRAFT:
        return False
    late = SubmissionChange.Action.LATE_POST_SAVED_AS_DRAFT
    if "changes" in getattr(submission, "_prefetched_objects_cache", {}):
        return any(change.action == late for change in submission.changes.all())
    return submission.changes.filter(action=late).exists()


def needs_authorship_confirmation(submission: Submission, user) -> bool:
    """Whether ``user`` (who can see ``submission``) has yet to confirm being one of its
    authors: neither its creator nor linked to an author row. Uses the ``authorships``
    prefetch."""
    mine = any(a.user_id == user.pk for a in submission.authorships.all())
    return not mine and submission.created_by_id != user.pk


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

    Returns {field name: [problem, ...]}; empty when it may be submitted. Reads only (uses
    the prefetches of themes, authorships, files and answers when there are some).
    """
    paper = latest_file(submission)
    data = SubmissionData(
        contribution_type=submission.contribution_type,
        title=submission.title,
        abstract=submission.abstract,
        keywords=list(submission.keywords or []),
        themes=list(submission.themes.all()),
        ethics_statement=submission.ethics_statement,
        authors=list(submission.authorships.all()),
        answers={a.question_id: a.value for a in submission.answers.all()},
    )
    return check_data(submission.conference, data, paper_pages=paper.page_count if paper else None)


def check_data(
    conference: Conference, data: SubmissionData, *, paper_pages: int | None
) -> dict[str, list[str]]:
    """The rules of ``check_complete`` over values not (yet) stored: a form as posted, with
    ``paper_pages`` the page count of the paper it would have (None: no paper). ``data``'s
    authors need ``is_presenter`` and ``is_corresponding`` (``AuthorData`` or authorships)."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    ctype = data.contribution_type
    if ctype is None:
        add("contribution_type", _("Choose a contribution type."))
    if not data.title.strip():
        add("title", _("Give your submission a title."))
    words = count_words(data.abstract)
    if words == 0:
        add("abstract", _("Write an abstract."))
    elif ctype is not None and words > ctype.abstract_word_limit:
        add(
            "abstract",
            _("%(type)s: the abstract may have at most %(limit)d words (yours has %(count)d).")
            % {"count": words, "type": ctype.name, "limit": ctype.abstract_word_limit},
        )
    keywords = len(data.keywords or [])
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
    if not data.themes:
        add("themes", _("Choose at least one theme."))
    needs_ethics = ctype is not None and ctype.requires_ethics_statement
    if needs_ethics and not data.ethics_statement.strip():
        add(
            "ethics_statement",
            _(
                "%(type)s: an ethics statement is needed — how participants' safety, "
                "consent and anonymity were protected."
            )
            % {"type": ctype.name},
        )
    authors = list(data.authors or [])
    if not authors:
        add("authors", _("Add at least one author."))
    else:
        if not any(a.is_presenter for a in authors):
            add("authors", _("Say who will present the paper."))
        corresponding = sum(1 for a in authors if a.is_corresponding)
        if corresponding != 1:
            add("authors", _("Mark exactly one author as the corresponding author."))
    if paper_pages is None:
        add("paper", _("Upload your paper as a PDF."))
    elif ctype is not None and paper_pages > ctype.page_limit:
        add(
            "paper",
            _("%(type)s: the paper may have at most %(limit)d pages (yours has %(count)d).")
            % {"count": paper_pages, "type": ctype.name, "limit": ctype.page_limit},
        )
    answers = data.answers or {}
    for question in applicable_questions(conference, ctype):
        if question.required and not (answers.get(question.pk) or "").strip():
            add(
                f"question_{question.pk}",
                _("Answer the question “%(question)s”.") % {"question": question.text},
            )
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
            warnings += file_mentions(latest)
    return warnings


def file_mentions(file: SubmissionFile) -> list[str]:
    """Where ``file`` names an author, in words (``cfp.uploads.describe_mention``)."""
    supplementary = file.kind == SubmissionFile.Kind.SUPPLEMENTARY
    return [
        describe_mention(mention, supplementary=supplementary) for mention in file.identity_mentions
    ]
