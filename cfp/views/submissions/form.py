"""The submission form: a new submission, and editing one. The form and the domain do the
work (``cfp.forms.editor.SubmissionEditor``); these views parse, authorise, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ... import deadlines, domain
from ...forms.editor import ADD_AUTHOR, FILE_FIELDS, SUBMIT, Outcome, SubmissionEditor
from ...models import Submission, SubmissionFile, SubmissionState
from ...uploads import capped_uploads
from ...wordcount import count_words
from .access import conference_for_authors, get_editable_submission, max_upload_bytes
from .pages import submit_and_redirect


def _edit_queryset():
    return Submission.objects.prefetch_related(
        "themes", "guiding_questions", "answers", "authorships", "files"
    )


def _editor(request, conference, submission=None, **kwargs) -> SubmissionEditor:
    if request.method == "POST":
        kwargs.update(
            data=request.POST,
            files=request.FILES,
            upload_errors=getattr(request, "upload_errors", {}),
        )
    return SubmissionEditor(
        conference=conference, user=request.user, submission=submission, **kwargs
    )


@login_required
@capped_uploads(max_upload_bytes)
@require_http_methods(["GET", "POST"])
def submission_create(request, conference):
    """GET: the empty form (the call page's "Submit a paper"). POST: create a draft."""
    conference = conference_for_authors(request, conference)
    now = timezone.now()
    if request.method == "GET" and not deadlines.is_submission_open(conference, now):
        return render(request, "cfp/submission_closed.html", {"conference": conference, "now": now})
    editor = _editor(request, conference)
    if request.method == "GET":
        return _render(request, editor, now=now)
    outcome = editor.create(now=now)
    _flash(request, outcome)
    if outcome.closed:
        return redirect(conference)
    if outcome.saved is None:
        return _render(request, editor, now=now, outcome=outcome)
    if outcome.file_errors:  # the draft exists; its edit page shows the file's problem
        return redirect(outcome.saved.submission.author_url("cfp:submission_edit"))
    return _after_save(request, editor, outcome.saved, now=now)


@login_required
@capped_uploads(max_upload_bytes)
@require_http_methods(["GET", "POST"])
def submission_edit(request, conference, reference):
    submission = get_editable_submission(request, conference, reference, _edit_queryset())
    now = timezone.now()
    if request.method == "GET" and not domain.is_editable(submission, now):
        # Read-only after the deadline (drafts too) unless reopened: no form is offered.
        messages.info(request, domain.closed_message(submission, opened=True))
        return redirect(submission)
    if request.method == "GET":
        return _render(request, _edit_form(request, submission), now=now)
    editor = _editor(request, submission.conference, submission)
    outcome = editor.save(now=now)
    _flash(request, outcome)
    if outcome.saved is None:
        return _render(request, editor, now=now, outcome=outcome)
    if outcome.file_errors:
        messages.warning(
            request, _("Your other changes are saved; the file was not accepted (see below).")
        )
        fresh = SubmissionEditor(
            conference=submission.conference, user=request.user, submission=_reload(submission)
        )
        return _render(request, fresh, now=now, file_errors=outcome.file_errors)
    return _after_save(request, editor, outcome.saved, now=now)


def _edit_form(request, submission) -> SubmissionEditor:
    """The edit form as opened: filled in with a late change kept for this author, if any;
    listing what the draft still lacks (marked at the fields after a refused Submit)."""
    rows = _int(request.GET.get("rows"), 1)
    editor = _editor(request, submission.conference, submission, empty_rows=rows)
    kept = domain.kept_revision(user=request.user, submission=submission)
    if kept is not None:
        editor.show_kept_revision(kept)
        messages.info(
            request,
            _(
                "The changes you posted after the deadline (%(fields)s) are filled in below. "
                "Review them and save to apply them."
            )
            % {"fields": domain.field_labels(kept.fields)},
        )
    elif submission.state == SubmissionState.DRAFT or request.GET.get("check"):
        editor.show_checklist(mark=bool(request.GET.get("check")))
    return editor


def _after_save(request, editor: SubmissionEditor, result, *, now) -> HttpResponse:
    """Submit if asked; then say what happened and go on: a draft back to its form (with its
    checklist), "Add another author" to its form with one more empty author row."""
    submission = result.submission
    edit = submission.author_url("cfp:submission_edit")
    if result.late:
        messages.warning(
            request,
            _("The submission deadline passed before your form arrived: it was not submitted.")
            + " "
            + domain.late_draft_message(submission),
        )
        return redirect(submission)
    if result.stored:
        messages.success(
            request,
            _("Your file was checked and kept as version %(version)d.")
            % {"version": result.stored[-1].version},
        )
    if editor.action == SUBMIT:
        return submit_and_redirect(
            request, submission, now=now, acknowledge=editor.acknowledged, from_form=True
        )
    if editor.action == ADD_AUTHOR:
        messages.success(request, _("Saved. Add the next author in the empty row."))
        return redirect(f"{edit}?rows={editor.empty_rows_after()}#new-author")
    if submission.state != SubmissionState.DRAFT:
        messages.success(request, _("Changes saved."))
        return redirect(edit)
    messages.success(request, _("Draft saved."))
    return redirect(f"{edit}#problems")


def _render(request, editor: SubmissionEditor, *, now, outcome=None, file_errors=None):
    context = _form_context(request, editor, now=now)
    context["file_errors"] = file_errors or {}
    context["conflict"] = outcome.conflict if outcome else None
    status = outcome.status if outcome else 200
    return render(request, "cfp/submission_form.html", context, status=status)


def _form_context(request, editor: SubmissionEditor, *, now) -> dict:
    conference, submission, form = editor.conference, editor.submission, editor.form
    if submission is not None:
        deadline = domain.editing_deadline(submission)
    else:
        deadline = deadlines.effective_submission_deadline(conference)
    types = {str(t.pk): t for t in conference.contribution_types.all()}
    ctype = types.get(str(form["contribution_type"].value() or ""))
    limits = [t.abstract_word_limit for t in types.values()]
    limit = ctype.abstract_word_limit if ctype else (max(limits) if limits else 0)
    kept = editor.kept
    if kept is None:  # not posted: the uploads kept for this form earlier are on offer
        offered = domain.offered_uploads(
            user=request.user, conference=conference, submission=submission
        )
        kept = {name: offered[kind] for name, kind in FILE_FIELDS if kind in offered}
    return {
        "kept_uploads": kept,
        # A submitted paper after the deadline: a kept file waits for a reopening.
        "kept_waits_for_reopening": submission is not None
        and submission.state != SubmissionState.DRAFT
        and not domain.is_editable(submission, now),
        "kept_days": domain.PENDING_UPLOAD_DAYS,
        "conference": conference,
        "submission": submission,
        "form": form,
        "formset": editor.formset,
        "deadline": deadline,
        "time_left": deadlines.time_left(deadline, now),
        "word_count": count_words(form["abstract"].value() or ""),
        "word_limit": limit,
        "paper": domain.latest_file(submission) if submission else None,
        "supplementary": (
            domain.latest_file(submission, SubmissionFile.Kind.SUPPLEMENTARY)
            if submission
            else None
        ),
        "files": list(submission.files.all()) if submission else [],
        "identity_warnings": editor.warnings,
        "summary": editor.summary,
    }


def _flash(request, outcome: Outcome) -> None:
    for level, text in outcome.messages:
        getattr(messages, level)(request, text)


def _reload(submission: Submission) -> Submission:
    return _edit_queryset().select_related("conference", "contribution_type").get(pk=submission.pk)


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
