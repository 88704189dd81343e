"""The author's pages: create, edit, submit, withdraw a submission; its history and files.

Thin views: parse the form, authorise, call ``cfp.domain``, redirect. Access:

* a submission is fetched through ``Submission.objects.visible_to(user)``: anyone else gets
  404 (its existence is confidential);
* authors who may not edit it (co-authors not marked as editors, or not yet confirmed) and
  organisers get 403 on the edit and action views;
* organisers opening the author's page are sent to the organiser's page of the submission.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import deadlines, domain
from ..access import organiser_mfa_gate
from ..forms.submission import (
    AuthorFormSet,
    SubmissionForm,
    SubmitForm,
    WithdrawForm,
    author_initial,
    base_of,
    mark_problems,
    posted_problems,
)
from ..models import (
    Conference,
    PendingUpload,
    Submission,
    SubmissionChange,
    SubmissionFile,
    SubmissionState,
)
from ..rules import allowed, is_submission_author, is_submission_editor
from ..uploads import UploadRefused, capped_uploads
from ..wordcount import count_words

FILE_FIELDS = (
    ("paper", SubmissionFile.Kind.PAPER),
    ("supplementary", SubmissionFile.Kind.SUPPLEMENTARY),
)


def _max_upload_bytes(conference: str, **_kwargs) -> int:
    """The conference's upload limit, for ``capped_uploads``: its handler is installed before
    the body is read, so before the view fetches the conference (hence a query of its own).
    An unknown slug gets the model's default limit (the view then answers 404)."""
    found = Conference.objects.filter(slug=conference).only("max_upload_megabytes").first()
    return (found or Conference()).max_upload_bytes


def _conference_for_authors(request, slug: str) -> Conference:
    conference = get_object_or_404(Conference, slug=slug)
    if not allowed(request.user, "cfp.view_conference", conference):
        raise Http404
    return conference


def _submissions():
    return Submission.objects.select_related("conference", "contribution_type", "created_by")


def get_submission(request, conference: str, number: int) -> Submission:
    """The submission if ``request.user`` may see it, else 404 (existence is confidential)."""
    queryset = _submissions().visible_to(request.user)
    return get_object_or_404(queryset, conference__slug=conference, number=number)


def get_editable_submission(request, conference: str, number: int) -> Submission:
    """The submission if the user may edit it: 404 to strangers, 403 to other readers."""
    submission = get_submission(request, conference, number)
    if not is_submission_editor(request.user, submission):
        raise PermissionDenied(_("You may read this submission but not change it."))
    return submission


def _form_context(request, conference, submission, form, formset, *, now, summary=None, kept=None):
    """``kept``: {file field: PendingUpload} carried by this form; None: those on offer.
    ``summary``: the one list of problems shown at the top (see ``_summary``)."""
    deadline = (
        domain.editing_deadline(submission)
        if submission
        else (deadlines.effective_submission_deadline(conference))
    )
    types = {str(t.pk): t for t in conference.contribution_types.all()}
    ctype = types.get(str(form["contribution_type"].value() or ""))
    limits = [t.abstract_word_limit for t in types.values()]
    limit = ctype.abstract_word_limit if ctype else (max(limits) if limits else 0)
    abstract = form["abstract"].value() or ""
    files = list(submission.files.all()) if submission else []
    if kept is None:
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
        "formset": formset,
        "deadline": deadline,
        "time_left": deadlines.time_left(deadline, now),
        "word_count": count_words(abstract),
        "word_limit": limit,
        "paper": domain.latest_file(submission) if submission else None,
        "supplementary": (
            domain.latest_file(submission, SubmissionFile.Kind.SUPPLEMENTARY)
            if submission
            else None
        ),
        "files": files,
        "identity_warnings": domain.identity_warnings(submission) if submission else [],
        "summary": summary,
    }


def _keep_uploads(request, form, *, conference, submission) -> dict[str, PendingUpload]:
    """Keep each posted file that passes the checks, whatever else is wrong with the form.

    Per file field: a new upload is checked and kept at once (a refused one gets its precise
    message on the field); without one, the upload an earlier post of this form kept (its
    token in ``<field>_kept``) is looked up among the user's own for this form only. Returns
    {field name: kept upload}, to attach once the form is saved or to offer again.
    """
    kept: dict[str, PendingUpload] = {}
    errors = getattr(request, "upload_errors", {})
    cleaned = getattr(form, "cleaned_data", {})
    ctype = cleaned.get("contribution_type") or (
        submission.contribution_type if submission else None
    )
    for name, kind in FILE_FIELDS:
        previous = None
        token = request.POST.get(f"{name}_kept")
        if token:
            previous = domain.find_pending_upload(
                user=request.user,
                conference=conference,
                submission=submission,
                kind=kind,
                token=token,
            )
            if previous is None:
                form.add_error(
                    name,
                    _(
                        "The file you uploaded earlier is no longer kept (kept files are "
                        "deleted after %(days)d days). Please choose it again."
                    )
                    % {"days": domain.PENDING_UPLOAD_DAYS},
                )
        upload = request.FILES.get(name)
        if name in errors:
            form.add_error(name, errors[name])
        elif upload is not None:
            try:
                previous = domain.keep_upload(
                    user=request.user,
                    conference=conference,
                    submission=submission,
                    kind=kind,
                    upload=upload,
                    contribution_type=ctype,
                    now=timezone.now(),
                )
            except UploadRefused as exc:
                form.add_error(name, exc.message)
        if previous is not None:
            kept[name] = previous
    return kept


def _mark_refused(form, refused: dict[str, list[str]]) -> None:
    """Put the messages of the uploads the save refused (``SaveResult.refused``) on their
    fields."""
    for name, messages_ in refused.items():
        for message in messages_:
            form.add_error(name, message)


def _file_errors(form) -> bool:
    return any(name in form.errors for name, _kind in FILE_FIELDS)


MAX_EMPTY_AUTHOR_ROWS = 5


def _empty_rows_after(request) -> int:
    """How many empty author rows the edit page shows after this post: one more than were
    left empty when "Add another author" was pressed (so a row always appears), else one."""
    if request.POST.get("action") != "add_author":
        return 1
    total = _int(request.POST.get("authors-TOTAL_FORMS"))
    blank = 0
    for index in range(total):
        row = f"authors-{index}-"
        if not request.POST.get(f"{row}id") and not any(
            request.POST.get(f"{row}{name}", "").strip() for name in ("full_name", "email")
        ):
            blank += 1
    return min(blank + 1, MAX_EMPTY_AUTHOR_ROWS)


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _submit(
    request,
    submission: Submission,
    *,
    now,
    acknowledge: bool,
    incomplete: Callable[[domain.SubmissionIncomplete], HttpResponse],
) -> HttpResponse:
    """Submit ``submission`` (the form's Submit button and the detail page's), say how it
    went and go to its page; what an incomplete one gets is the caller's ``incomplete``."""
    try:
        done = domain.submit_submission(
            submission=submission,
            by=request.user,
            now=now,
            acknowledge_identity_warnings=acknowledge,
        )
    except domain.SubmissionIncomplete as exc:
        return incomplete(exc)
    except domain.SubmissionClosed as exc:
        messages.error(request, exc.message)
        return redirect(submission)
    if done:
        messages.success(request, _("Submitted. All authors get a confirmation by email."))
    return redirect(submission)


def _after_save(request, submission, *, now, late: bool, stored, form):
    """Submit if asked; then say what happened and where to go next.

    A saved draft goes back to its form with what it still lacks listed at the top and at
    the fields ("Before you can submit"); "Add another author" to its form with one more
    empty author row.
    """
    detail = submission.get_absolute_url()
    edit = reverse(
        "cfp:submission_edit",
        kwargs={"conference": submission.conference.slug, "number": submission.number},
    )
    if late:
        messages.warning(
            request,
            _("The submission deadline passed before your form arrived: it was not submitted.")
            + " "
            + domain.late_draft_message(submission),
        )
        return redirect(detail)
    if stored:
        messages.success(
            request,
            _("Your file was checked and kept as version %(version)d.")
            % {"version": stored[-1].version},
        )
    if request.POST.get("action") == "submit":

        def incomplete(_exc: domain.SubmissionIncomplete) -> HttpResponse:
            messages.warning(
                request,
                _(
                    "Your draft is saved, but it cannot be submitted yet. See what is missing below."
                ),
            )
            return redirect(f"{edit}?check=1#problems")

        return _submit(
            request,
            submission,
            now=now,
            acknowledge=bool(form.cleaned_data.get("acknowledge_identity")),
            incomplete=incomplete,
        )
    draft = submission.state == SubmissionState.DRAFT
    if request.POST.get("action") == "add_author":
        messages.success(request, _("Saved. Add the next author in the empty row."))
        query = f"?rows={_empty_rows_after(request)}" + ("&check=1" if draft else "")
        return redirect(f"{edit}{query}#new-author")
    if not draft:
        messages.success(request, _("Changes saved."))
        return redirect(edit)
    messages.success(request, _("Draft saved."))
    return redirect(f"{edit}?check=1#problems")


@login_required
@capped_uploads(_max_upload_bytes)
@require_http_methods(["GET", "POST"])
def submission_create(request, conference):
    """GET: the empty form (the call page's "Submit a paper"). POST: create a draft."""
    conference = _conference_for_authors(request, conference)
    now = timezone.now()
    if request.method == "GET" and not deadlines.is_submission_open(conference, now):
        return render(request, "cfp/submission_closed.html", {"conference": conference, "now": now})
    author = domain.author_from_user(request.user)
    initial_authors = [{**author.__dict__, "id": None}]
    kept = None
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, conference=conference)
        formset = AuthorFormSet(request.POST, prefix="authors", initial=initial_authors)
        valid = all([form.is_valid(), formset.is_valid()])
        kept = _keep_uploads(request, form, conference=conference, submission=None)
        if valid:
            try:
                result = domain.create_draft(
                    conference=conference,
                    by=request.user,
                    data=form.to_data(formset.authors()),
                    token=form.cleaned_data.get("token"),
                    now=now,
                    uploads=kept,
                )
            except domain.InvitationLimit as exc:
                # Nothing was created; the form is shown again as typed.
                messages.error(request, exc.message)
                context = _form_context(
                    request, conference, None, form, formset, now=now, kept=kept
                )
                return render(request, "cfp/submission_form.html", context)
            except domain.SubmissionClosed as exc:
                messages.error(request, exc.message)
                return redirect(conference)
            submission = result.submission
            _mark_refused(form, result.refused)
            if form.errors:
                # The draft exists; show the file's problem on its edit page.
                for field, errors in form.errors.items():
                    for error in errors:
                        messages.error(request, f"{form.fields[field].label}: {error}")
                return redirect(
                    "cfp:submission_edit", conference=conference.slug, number=submission.number
                )
            return _after_save(
                request, submission, now=now, late=result.late, stored=result.stored, form=form
            )
        summary = _refused(form, formset, submission=None, kept=kept)
    else:
        form = SubmissionForm(conference=conference, initial={"token": uuid.uuid4()})
        formset = AuthorFormSet(prefix="authors", initial=initial_authors)
        summary = None
    context = _form_context(
        request, conference, None, form, formset, now=now, kept=kept, summary=summary
    )
    return render(request, "cfp/submission_form.html", context)


def _edit_queryset():
    return Submission.objects.select_related("conference", "contribution_type").prefetch_related(
        "themes", "guiding_questions", "answers", "authorships", "files"
    )


def _kept_revision_data(kept, submission) -> QueryDict:
    """The form as the author posted it late, based on the submission as it is now: saving it
    applies the author's values (reviewed) over the current ones."""
    data = QueryDict(mutable=True)
    for key, values in kept.data.items():
        data.setlist(key, values)
    data["revision"] = str(submission.revision)
    data["base"] = base_of(submission)
    return data


@login_required
@capped_uploads(_max_upload_bytes)
@require_http_methods(["GET", "POST"])
def submission_edit(request, conference, number):
    submission = get_editable_submission(request, conference, number)
    conference = submission.conference
    now = timezone.now()
    submission = _edit_queryset().get(pk=submission.pk)
    warnings = domain.identity_warnings(submission)
    if request.method == "GET":
        if not domain.is_editable(submission, now):
            # Read-only after the deadline (drafts too) unless reopened: no form is offered.
            messages.info(request, domain.closed_message(submission, opened=True))
            return redirect(submission)
        kept_revision = domain.kept_revision(user=request.user, submission=submission)
        if kept_revision is not None:
            data = _kept_revision_data(kept_revision, submission)
            form = SubmissionForm(
                data, conference=conference, submission=submission, identity_warnings=warnings
            )
            formset = AuthorFormSet(
                data, prefix="authors", initial=author_initial(submission), submission=submission
            )
            form.is_valid()
            formset.is_valid()
            messages.info(
                request,
                _(
                    "The changes you posted after the deadline (%(fields)s) are filled in "
                    "below. Review them and save to apply them."
                )
                % {"fields": domain.field_labels(kept_revision.fields)},
            )
        else:
            form = SubmissionForm(
                conference=conference, submission=submission, identity_warnings=warnings
            )
            formset = AuthorFormSet(
                prefix="authors", initial=author_initial(submission), submission=submission
            )
            formset.extra = max(1, min(_int(request.GET.get("rows"), 1), MAX_EMPTY_AUTHOR_ROWS))
        summary = None
        if request.GET.get("check"):
            problems = domain.check_complete(submission)
            if problems:
                summary = _summary(
                    form,
                    formset,
                    problems,
                    level="warning",
                    heading=_("Before you can submit"),
                    with_errors=False,
                )
                mark_problems(form, problems)
        context = _form_context(
            request, conference, submission, form, formset, now=now, summary=summary
        )
        return render(request, "cfp/submission_form.html", context)

    form = SubmissionForm(
        request.POST,
        request.FILES,
        conference=conference,
        submission=submission,
        identity_warnings=warnings,
    )
    formset = AuthorFormSet(
        request.POST, prefix="authors", initial=author_initial(submission), submission=submission
    )
    conflict = None
    summary = None
    valid = all([form.is_valid(), formset.is_valid()])
    kept = _keep_uploads(request, form, conference=conference, submission=submission)
    if valid:
        data = form.to_data(formset.authors())
        try:
            result = domain.save_draft(
                submission=submission,
                by=request.user,
                data=data,
                revision=form.cleaned_data.get("revision") or 0,
                base=form.cleaned_data.get("base"),
                now=now,
                uploads=kept,
                acknowledge_identity_warnings=bool(form.cleaned_data.get("acknowledge_identity")),
                posted=request.POST,
            )
        except domain.EditConflict as exc:
            conflict = exc
        except domain.SubmissionIncomplete as exc:
            identity = exc.problems.get("paper_identity")
            if identity and "acknowledge_identity" not in form.fields:
                # Offer the acknowledgement for the new file's findings.
                form = SubmissionForm(
                    request.POST,
                    request.FILES,
                    conference=conference,
                    submission=submission,
                    identity_warnings=identity,
                )
                form.is_valid()
            if set(exc.problems) == {"paper_identity"}:
                heading = _(
                    "Your changes are not saved yet: the new file may tell reviewers who you "
                    "are. See what we found beside the file; upload an anonymised version or "
                    "confirm there that you checked it, then save again. Everything you typed "
                    "is still in the form."
                )
            else:
                heading = _(
                    "Your changes are not saved yet: this paper has been submitted, so it must "
                    "keep everything a submission needs. Correct what is listed here, then save "
                    "again; everything you typed is still in the form."
                )
            summary = _summary(form, formset, exc.problems, heading=heading)
            mark_problems(form, exc.problems)
        except domain.InvitationLimit as exc:
            messages.error(request, exc.message)
        except domain.SubmissionClosed as exc:
            if exc.kept_late_change:
                messages.warning(request, domain.late_change_kept_message(submission))
            else:
                messages.error(request, exc.message)
        else:
            _mark_refused(form, result.refused)
            if not _file_errors(form):
                return _after_save(
                    request,
                    result.submission,
                    now=now,
                    late=result.late,
                    stored=result.stored,
                    form=form,
                )
            messages.warning(
                request,
                _("Your other changes are saved; the file was not accepted (see below)."),
            )
            return _rerender_saved(request, result.submission, form, now=now)
    else:
        summary = _refused(form, formset, submission=submission, kept=kept)
    if conflict is not None:
        # Show the posted values again, now based on the current revision: saving once more
        # is a deliberate choice made after seeing what the other person changed.
        current = _edit_queryset().get(pk=submission.pk)
        data = request.POST.copy()
        data["revision"] = str(conflict.revision)
        data["base"] = base_of(current)
        form = SubmissionForm(
            data, conference=conference, submission=submission, identity_warnings=warnings
        )
        form.is_valid()
    context = _form_context(
        request, conference, submission, form, formset, now=now, kept=kept, summary=summary
    )
    context["conflict"] = conflict
    return render(request, "cfp/submission_form.html", context, status=409 if conflict else 200)


def _rerender_saved(request, submission, bound_form, *, now):
    """After a save whose file was refused: a fresh form from the saved data, with the errors."""
    submission = (
        Submission.objects.select_related("conference", "contribution_type")
        .prefetch_related("themes", "guiding_questions", "answers", "authorships", "files")
        .get(pk=submission.pk)
    )
    warnings = domain.identity_warnings(submission)
    form = SubmissionForm(
        conference=submission.conference, submission=submission, identity_warnings=warnings
    )
    formset = AuthorFormSet(
        prefix="authors", initial=author_initial(submission), submission=submission
    )
    file_errors = {
        name: bound_form.errors[name] for name, _kind in FILE_FIELDS if name in bound_form.errors
    }
    context = _form_context(request, submission.conference, submission, form, formset, now=now)
    context["file_errors"] = file_errors
    return render(request, "cfp/submission_form.html", context)


def _anchor(bound_field) -> str:
    """The id a summary links to: the control, or for a group of boxes its crispy wrapper."""
    return bound_field.id_for_label or f"div_{bound_field.auto_id}"


def _summary(
    form, formset, problems, *, heading: str, level: str = "danger", with_errors: bool = True
) -> dict:
    """The one list shown at the top of the form: every error that kept the form from being
    saved (fields, authors) and what the submission lacks before it can be submitted, each
    linked to its field. Build it before ``mark_problems`` so nothing is listed twice."""
    errors = []
    if with_errors:
        for name, messages_ in form.errors.items():
            if name in form.fields:
                errors.append(
                    {
                        "label": form.fields[name].label,
                        "anchor": _anchor(form[name]),
                        "messages": messages_,
                    }
                )
            else:
                errors.append({"label": "", "anchor": "", "messages": messages_})
        if formset.non_form_errors():
            errors.append(
                {"label": _("Authors"), "anchor": "authors", "messages": formset.non_form_errors()}
            )
        for index, row in enumerate(formset.forms):
            for name, messages_ in row.errors.items():
                label = _("Author %(n)d") % {"n": index + 1}
                if name in row.fields:
                    label = f"{label}: {row.fields[name].label}"
                    anchor = _anchor(row[name])
                else:
                    anchor = "authors"
                errors.append({"label": label, "anchor": anchor, "messages": messages_})
    labelled = []
    for name, messages_ in (problems or {}).items():
        if name == "paper_identity":
            anchor = (
                "id_acknowledge_identity" if "acknowledge_identity" in form.fields else "id_paper"
            )
            label = domain.field_label(name)
        elif name in form.fields:
            label, anchor = form.fields[name].label, _anchor(form[name])
        else:
            label = domain.field_label(name)
            anchor = "authors" if name == "authors" else "id_paper"
        labelled.append({"label": label, "anchor": anchor, "messages": messages_})
    return {"heading": heading, "level": level, "errors": errors, "problems": labelled}


def _refused(form, formset, *, submission, kept) -> dict:
    """The summary of a form refused for malformed values: nothing of it was saved. Lists,
    besides the errors, what the posted values lack before they can be submitted (one round of
    corrections), and marks those fields too."""
    problems = posted_problems(form, formset, submission=submission, kept=kept)
    if submission is None:
        heading = _("Nothing is saved yet. Correct what is listed here, then save again.")
    else:
        heading = _("Your changes are not saved yet. Correct what is listed here, then save again.")
    summary = _summary(form, formset, problems, heading=heading)
    if kept:
        summary["kept"] = True
    mark_problems(form, problems)
    return summary


def _detail_queryset():
    return _submissions().prefetch_related(
        "themes",
        "guiding_questions",
        Prefetch("authorships"),
        Prefetch("files", queryset=SubmissionFile.objects.select_related("uploaded_by")),
        Prefetch("changes", queryset=SubmissionChange.objects.select_related("by", "file")),
        "answers__question",
    )


def _detail_context(request, submission: Submission, submit_form: SubmitForm) -> dict:
    """The author's page of ``submission`` (fetched with ``_detail_queryset``)."""
    user = request.user
    now = timezone.now()
    editor = is_submission_editor(user, submission)
    needs_confirmation = domain.needs_authorship_confirmation(submission, user)
    editable = domain.is_editable(submission, now)
    problems = None
    if submission.state in (SubmissionState.DRAFT, SubmissionState.SUBMITTED):
        # A submitted one too: an organiser may have added a required question since.
        problems = domain.check_complete(submission)
    deadline = domain.editing_deadline(submission)
    late_draft = not editable and domain.is_late_draft(submission)
    context = {
        "late_draft_message": domain.late_draft_message(submission) if late_draft else "",
        "conference": submission.conference,
        "submission": submission,
        "editor": editor,
        "editable": editable,
        "needs_confirmation": needs_confirmation,
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
        "kept_revision": domain.kept_revision(user=user, submission=submission),
    }
    if context["kept_revision"] is not None:
        context["kept_fields"] = domain.field_labels(context["kept_revision"].fields)
    return context


@login_required
def submission_detail(request, conference, number):
    submission = get_submission(request, conference, number)
    user = request.user
    if not is_submission_author(user, submission):
        # An organiser who is not an author: the organiser's page of the submission.
        return redirect(
            "cfp:organiser_submission_detail", conference=conference, number=submission.number
        )
    context = _detail_context(request, _detail_queryset().get(pk=submission.pk), SubmitForm())
    return render(request, "cfp/submission_detail.html", context)


@login_required
@require_POST
def submission_submit(request, conference, number):
    submission = get_editable_submission(request, conference, number)
    form = SubmitForm(request.POST)
    form.is_valid()
    now = timezone.now()

    def incomplete(exc: domain.SubmissionIncomplete) -> HttpResponse:
        if set(exc.problems) == {"paper_identity"}:
            # Only the double-blind acknowledgement is missing: stay on this page and say so
            # at the checkbox.
            form.add_error(
                "acknowledge_identity",
                _("Tick this to submit with your name visible, or upload an anonymised PDF first."),
            )
            context = _detail_context(request, _detail_queryset().get(pk=submission.pk), form)
            return render(request, "cfp/submission_detail.html", context)
        messages.warning(request, _("The submission is not complete yet. See what is missing."))
        if domain.is_editable(submission, now):
            return redirect(
                reverse(
                    "cfp:submission_edit",
                    kwargs={"conference": conference, "number": submission.number},
                )
                + "?check=1#problems"
            )
        return redirect(submission)

    return _submit(
        request,
        submission,
        now=now,
        acknowledge=bool(form.cleaned_data.get("acknowledge_identity")),
        incomplete=incomplete,
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_withdraw(request, conference, number):
    submission = get_editable_submission(request, conference, number)
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                domain.withdraw_submission(
                    submission=submission, by=request.user, now=timezone.now()
                )
            except domain.SubmissionClosed as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("The submission is withdrawn. All authors are told by email.")
                )
            return redirect(submission)
    else:
        form = WithdrawForm()
    return render(
        request,
        "cfp/submission_withdraw.html",
        {"conference": submission.conference, "submission": submission, "form": form},
    )


@login_required
@require_POST
def submission_confirm_authorship(request, conference, number):
    submission = get_submission(request, conference, number)
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
def submission_file_download(request, conference, number, kind, version):
    """Stream one file version, looked up through its submission by kind and version (never
    by a global id, which would reveal how many files the portal holds); log others'
    downloads."""
    submission = get_submission(request, conference, number)
    stored = get_object_or_404(submission.files.all(), kind=kind, version=version)
    author = is_submission_author(request.user, submission)
    if not author and (response := organiser_mfa_gate(request)) is not None:
        return response
    domain.record_download(file=stored, user=request.user, by_author=author)
    kind = "paper" if stored.kind == SubmissionFile.Kind.PAPER else "supplement"
    filename = f"{submission.conference.slug}-{submission.number}-{kind}-v{stored.version}.pdf"
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
