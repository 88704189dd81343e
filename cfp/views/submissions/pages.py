"""A submission's page for its authors, and the one-shot actions on it: submit, withdraw,
confirm authorship, download a file."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ... import deadlines, domain, submission_links
from ...access import organiser_mfa_gate
from ...forms.submission import SubmitForm, WithdrawForm
from ...models import Submission, SubmissionChange, SubmissionFile, SubmissionState
from ...rules import is_submission_author, is_submission_editor
from ...wordcount import count_words
from .access import get_editable_submission, get_submission


def _detail_queryset():
    return Submission.objects.prefetch_related(
        "themes",
        "guiding_questions",
        Prefetch("authorships"),
        Prefetch("files", queryset=SubmissionFile.objects.select_related("uploaded_by")),
        Prefetch("changes", queryset=SubmissionChange.objects.select_related("by", "file")),
        "answers__question",
    )


@login_required
def submission_detail(request, conference, reference):
    submission = get_submission(request, conference, reference, _detail_queryset())
    if not is_submission_author(request.user, submission):
        # An organiser who is not an author: the organiser's page of the submission.
        return redirect(
            "cfp:organiser_submission_detail", conference=conference, number=submission.number
        )
    return _render_detail(request, submission, SubmitForm())


def _render_detail(request, submission: Submission, submit_form: SubmitForm) -> HttpResponse:
    user, now = request.user, timezone.now()
    editor = is_submission_editor(user, submission)
    editable = domain.is_editable(submission, now)
    problems = None
    if submission.state in (SubmissionState.DRAFT, SubmissionState.SUBMITTED):
        # A submitted one too: an organiser may have added a required question since.
        problems = domain.check_complete(submission)
    deadline = domain.editing_deadline(submission)
    late_draft = not editable and domain.is_late_draft(submission)
    kept_revision = domain.kept_revision(user=user, submission=submission)
    context = {
        "late_draft_message": domain.late_draft_message(submission) if late_draft else "",
        "conference": submission.conference,
        "submission": submission,
        "editor": editor,
        "editable": editable,
        "needs_confirmation": domain.needs_authorship_confirmation(submission, user),
        "problems": problems,
        "problem_labels": {name: domain.field_label(name) for name in (problems or {})},
        "identity_warnings": domain.identity_warnings(submission),
        "paper": domain.latest_file(submission),
        "supplementary": domain.latest_file(submission, SubmissionFile.Kind.SUPPLEMENTARY),
        "deadline": deadline,
        "time_left": deadlines.time_left(deadline, now),
        "submit_form": submit_form,
        "can_withdraw": editor
        and submission.state in (SubmissionState.DRAFT, SubmissionState.SUBMITTED),
        "word_count": count_words(submission.abstract),
        "kept_revision": kept_revision,
        "kept_fields": domain.field_labels(kept_revision.fields) if kept_revision else "",
        "submission_links": submission_links.links_for(submission, user),
    }
    return render(request, "cfp/submission_detail.html", context)


def submit_and_redirect(
    request,
    submission: Submission,
    *,
    now,
    acknowledge: bool,
    from_form: bool = False,
    identity_only: Callable[[], HttpResponse] | None = None,
) -> HttpResponse:
    """Submit ``submission`` (the form's "Save and submit", or the page's Submit), say how it
    went and go on: to its page, or to its form with what is missing marked; or, when only
    the double-blind acknowledgement is missing, ``identity_only()``."""
    try:
        done = domain.submit_submission(
            submission=submission,
            by=request.user,
            now=now,
            acknowledge_identity_warnings=acknowledge,
        )
    except domain.SubmissionIncomplete as exc:
        if identity_only is not None and set(exc.problems) == {"paper_identity"}:
            return identity_only()
        if from_form:
            message = _(
                "Your draft is saved, but it cannot be submitted yet. See what is missing below."
            )
        else:
            message = _("The submission is not complete yet. See what is missing.")
        messages.warning(request, message)
        if not domain.is_editable(submission, now):
            return redirect(submission)
        return redirect(submission.author_url("cfp:submission_edit") + "?check=1#problems")
    except domain.SubmissionClosed as exc:
        messages.error(request, exc.message)
        return redirect(submission)
    if done:
        messages.success(request, _("Submitted. All authors get a confirmation by email."))
    return redirect(submission)


@login_required
@require_POST
def submission_submit(request, conference, reference):
    submission = get_editable_submission(request, conference, reference)
    form = SubmitForm(request.POST)
    form.is_valid()

    def identity_only() -> HttpResponse:
        # Only the double-blind acknowledgement is missing: stay here, say so at the box.
        form.add_error(
            "acknowledge_identity",
            _("Tick this to submit with your name visible, or upload an anonymised PDF first."),
        )
        fresh = _detail_queryset().select_related("conference", "contribution_type", "created_by")
        return _render_detail(request, fresh.get(pk=submission.pk), form)

    return submit_and_redirect(
        request,
        submission,
        now=timezone.now(),
        acknowledge=bool(form.cleaned_data.get("acknowledge_identity")),
        identity_only=identity_only,
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_withdraw(request, conference, reference):
    submission = get_editable_submission(request, conference, reference)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.withdraw_submission(submission=submission, by=request.user, now=timezone.now())
        except domain.SubmissionClosed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The submission is withdrawn. All authors are told by email.")
            )
        return redirect(submission)
    context = {"conference": submission.conference, "submission": submission, "form": form}
    return render(request, "cfp/submission_withdraw.html", context)


@login_required
@require_POST
def submission_confirm_authorship(request, conference, reference):
    submission = get_submission(request, conference, reference)
    if not is_submission_author(request.user, submission):
        raise PermissionDenied
    try:
        domain.confirm_authorship(submission=submission, user=request.user, now=timezone.now())
    except domain.SubmissionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: you are confirmed as an author."))
    return redirect(submission)


@login_required
def submission_file_download(request, conference, reference, kind, version):
    """Stream one file version, looked up through its submission by kind and version (never
    by a global id, which would reveal how many files the portal holds); log others'
    downloads. The file name carries the reference, not the organisers' number."""
    submission = get_submission(request, conference, reference)
    stored = get_object_or_404(submission.files.all(), kind=kind, version=version)
    author = is_submission_author(request.user, submission)
    if not author and (response := organiser_mfa_gate(request)) is not None:
        return response
    domain.record_download(file=stored, user=request.user, by_author=author)
    kind = "paper" if stored.kind == SubmissionFile.Kind.PAPER else "supplement"
    filename = f"{submission.conference.slug}-{submission.reference}-{kind}-v{stored.version}.pdf"
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
