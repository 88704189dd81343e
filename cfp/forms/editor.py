"""The submission form page as one object: the fields (``SubmissionForm``), the authors
(``AuthorFormSet``) and the files kept with the form.

``SubmissionEditor`` reads a post, keeps its uploads, saves it through ``cfp.domain``
(``create_draft`` / ``save_draft``) and answers with an ``Outcome``: what was saved, or what
to show again (the one summary of problems, an edit conflict, a message). The views parse,
authorise, call it and render; they never go back and forth with the form.

Drafts validate what is typed only (a malformed address, a title too long); what a
submission still lacks is listed as a checklist, and marked at its fields only when the
author asked to submit ("Save and submit", or ``?check=1`` after a refused Submit).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from cfp import domain
from cfp.models import Conference, PendingUpload, Submission, SubmissionFile
from cfp.uploads import UploadRefused

from .submission import AuthorFormSet, BaseAuthorFormSet, SubmissionForm, author_initial, base_of

FILE_FIELDS = (
    ("paper", SubmissionFile.Kind.PAPER),
    ("supplementary", SubmissionFile.Kind.SUPPLEMENTARY),
)
#: The most empty author rows the page offers at once ("Save and add another author").
MAX_EMPTY_AUTHOR_ROWS = 5
SUBMIT, SAVE, ADD_AUTHOR = "submit", "save", "add_author"


@dataclass
class Outcome:
    """What a post came to.

    ``saved``: the domain's result when the post was saved (the view says so and redirects);
    ``file_errors``: saved, but a file was refused (the page is shown fresh from what was
    saved, with these messages at the file fields). Otherwise nothing was saved and the page
    is shown again (the editor's ``summary``; ``conflict``) with ``status``. ``messages``: (level,
    text) pairs for the next page; ``closed``: refused because the call is closed.
    """

    saved: domain.SaveResult | None = None
    file_errors: dict[str, list[str]] = field(default_factory=dict)
    conflict: domain.EditConflict | None = None
    messages: list[tuple[str, str]] = field(default_factory=list)
    closed: bool = False
    status: int = 200


class SubmissionEditor:
    """The form of a new submission (``submission`` None) or of an existing one."""

    def __init__(
        self,
        *,
        conference: Conference,
        user,
        submission: Submission | None = None,
        data: QueryDict | None = None,
        files=None,
        upload_errors: dict | None = None,
        empty_rows: int = 1,
    ):
        self.conference = conference
        self.user = user
        self.submission = submission
        self.data = data
        self.files = files
        self.upload_errors = upload_errors or {}
        self.warnings = domain.identity_warnings(submission) if submission else []
        self.action = data.get("action", SAVE) if data is not None else SAVE
        #: {file field: PendingUpload} carried by this post (None: not posted).
        self.kept: dict[str, PendingUpload] | None = None
        self.summary: dict | None = None
        self.form = self._form(data, files)
        self.formset = self._formset(data)
        if data is None:
            self.formset.extra = max(1, min(empty_rows, MAX_EMPTY_AUTHOR_ROWS))

    def _form(self, data, files=None, warnings=None) -> SubmissionForm:
        initial = None if self.submission or data is not None else {"token": uuid.uuid4()}
        return SubmissionForm(
            data,
            files,
            conference=self.conference,
            submission=self.submission,
            identity_warnings=self.warnings if warnings is None else warnings,
            initial=initial,
        )

    def _formset(self, data):
        if self.submission is None:
            me = domain.author_from_user(self.user)
            initial = [{**me.__dict__, "id": None}]
        else:
            initial = author_initial(self.submission)
        return AuthorFormSet(data, prefix="authors", initial=initial, submission=self.submission)

    # --- showing the form

    def show_kept_revision(self, kept) -> None:
        """Fill the form with the change the author posted late (``PendingRevision``), based on
        the submission as it is now: saving it applies the author's values over the current
        ones."""
        data = QueryDict(mutable=True)
        for key, values in kept.data.items():
            data.setlist(key, values)
        data["revision"] = str(self.submission.revision)
        data["base"] = base_of(self.submission)
        self.form = self._form(data)
        self.formset = self._formset(data)
        self.form.is_valid()
        self.formset.is_valid()

    def show_checklist(self, *, mark: bool) -> None:
        """List what the stored submission lacks before it can be submitted: a neutral
        checklist, or (``mark``: the author asked to submit) a warning with each field
        marked."""
        problems = domain.check_complete(self.submission)
        if not problems:
            return
        if mark:
            self.summary = self._summary(
                problems, heading=_("Before you can submit"), level="warning", with_errors=False
            )
            mark_problems(self.form, problems)
        else:
            self.summary = self._summary(
                problems,
                heading=_("Still needed before you can submit"),
                level="info",
                with_errors=False,
            )

    # --- a post

    def create(self, *, now) -> Outcome:
        """Create a draft from the post. Side effects: those of ``domain.create_draft``, and
        the uploads kept (``domain.keep_upload``)."""
        if not self._parse(now):
            self._refused()
            return Outcome()
        try:
            result = domain.create_draft(
                conference=self.conference,
                by=self.user,
                data=self.form.to_data(self.formset.authors()),
                token=self.form.cleaned_data.get("token"),
                now=now,
                uploads=self.kept,
            )
        except domain.InvitationLimit as exc:
            return Outcome(messages=[("error", exc.message)])
        except domain.SubmissionClosed as exc:
            return Outcome(messages=[("error", exc.message)], closed=True)
        outcome = Outcome(saved=result, file_errors=self._file_errors(result))
        for name, errors in outcome.file_errors.items():
            for error in errors:
                label = self.form.fields[name].label
                outcome.messages.append(("error", f"{label}: {error}"))
        return outcome

    def save(self, *, now) -> Outcome:
        """Save the post over the submission. Side effects: those of ``domain.save_draft``,
        and the uploads kept (``domain.keep_upload``)."""
        if not self._parse(now):
            self._refused()
            return Outcome()
        form = self.form
        try:
            result = domain.save_draft(
                submission=self.submission,
                by=self.user,
                data=form.to_data(self.formset.authors()),
                revision=form.cleaned_data.get("revision") or 0,
                base=form.cleaned_data.get("base"),
                now=now,
                uploads=self.kept,
                acknowledge_identity_warnings=bool(form.cleaned_data.get("acknowledge_identity")),
                posted=self.data,
            )
        except domain.EditConflict as exc:
            self._rebase(exc.revision)
            return Outcome(conflict=exc, status=409)
        except domain.SubmissionIncomplete as exc:
            self._incomplete(exc.problems)
            return Outcome()
        except domain.InvitationLimit as exc:
            return Outcome(messages=[("error", exc.message)])
        except domain.SubmissionClosed as exc:
            if exc.kept_late_change:
                message = domain.late_change_kept_message(self.submission)
                return Outcome(messages=[("warning", message)])
            return Outcome(messages=[("error", exc.message)])
        return Outcome(saved=result, file_errors=self._file_errors(result))

    def _file_errors(self, result) -> dict[str, list[str]]:
        """The messages of the files this post brought that were not attached: refused when
        kept (the rest of the post is saved all the same), or when attached."""
        errors = {
            name: list(self.form.errors[name])
            for name, _kind in FILE_FIELDS
            if name in self.form.errors
        }
        for name, messages_ in result.refused.items():
            errors.setdefault(name, []).extend(messages_)
        return errors

    @property
    def acknowledged(self) -> bool:
        return bool(getattr(self.form, "cleaned_data", {}).get("acknowledge_identity"))

    def empty_rows_after(self) -> int:
        """How many empty author rows the page shows after this post: one more than were
        left empty when "Add another author" was pressed (so a row always appears), else one."""
        if self.action != ADD_AUTHOR:
            return 1
        return min(self.formset.blank_rows() + 1, MAX_EMPTY_AUTHOR_ROWS)

    def _parse(self, now) -> bool:
        """Validate the post and keep its files, whatever else is wrong with it. A refused
        file does not stop the rest from being saved (``Outcome.file_errors``)."""
        valid = all([self.form.is_valid(), self.formset.is_valid()])
        self.kept = self._keep_uploads(now)
        return valid

    def _keep_uploads(self, now) -> dict[str, PendingUpload]:
        """Keep each posted file that passes the checks. Per file field: a new upload is
        checked and kept at once (a refused one gets its message on the field); without
        one, the upload an earlier post of this form kept (its token in ``<field>_kept``) is
        looked up among the user's own for this form only."""
        kept: dict[str, PendingUpload] = {}
        cleaned = getattr(self.form, "cleaned_data", {})
        ctype = cleaned.get("contribution_type") or (
            self.submission.contribution_type if self.submission else None
        )
        for name, kind in FILE_FIELDS:
            previous = None
            token = self.data.get(f"{name}_kept")
            if token:
                previous = domain.find_pending_upload(
                    user=self.user,
                    conference=self.conference,
                    submission=self.submission,
                    kind=kind,
                    token=token,
                )
                if previous is None:
                    self.form.add_error(
                        name,
                        _(
                            "The file you uploaded earlier is no longer kept (kept files are "
                            "deleted after %(days)d days). Please choose it again."
                        )
                        % {"days": domain.PENDING_UPLOAD_DAYS},
                    )
            upload = self.files.get(name) if self.files else None
            if name in self.upload_errors:
                self.form.add_error(name, self.upload_errors[name])
            elif upload is not None:
                try:
                    previous = domain.keep_upload(
                        user=self.user,
                        conference=self.conference,
                        submission=self.submission,
                        kind=kind,
                        upload=upload,
                        contribution_type=ctype,
                        now=now,
                    )
                except UploadRefused as exc:
                    self.form.add_error(name, exc.message)
            if previous is not None:
                kept[name] = previous
        return kept

    def _rebase(self, revision: int) -> None:
        """After an edit conflict: the posted values again, based on the current revision, so
        that saving once more is a choice made after seeing what the other person changed."""
        current = Submission.objects.prefetch_related(
            "themes", "guiding_questions", "answers", "authorships"
        ).get(pk=self.submission.pk)
        data = self.data.copy()
        data["revision"] = str(revision)
        data["base"] = base_of(current)
        self.form = self._form(data)
        self.form.is_valid()

    def _incomplete(self, problems: dict[str, list[str]]) -> None:
        """A submitted one must stay complete: nothing was saved."""
        identity = problems.get("paper_identity")
        if identity and "acknowledge_identity" not in self.form.fields:
            # Offer the acknowledgement for the new file's findings.
            self.form = self._form(self.data, self.files, warnings=identity)
            self.form.is_valid()
        if set(problems) == {"paper_identity"}:
            heading = _(
                "Your changes are not saved yet: the new file may tell reviewers who you "
                "are. See what we found beside the file; upload an anonymised version or "
                "confirm there that you checked it, then save again. Everything you typed "
                "is still in the form."
            )
        else:
            heading = _(
                "Your changes are not saved yet: they would leave your submitted paper "
                "incomplete. Correct what is listed here, then save again. Everything you "
                "typed is still in the form."
            )
        self.summary = self._summary(problems, heading=heading)
        mark_problems(self.form, problems)

    def _refused(self) -> None:
        """The summary of a post refused for malformed values (nothing of it was saved).
        Asked to submit, it also lists (and marks) what the posted values lack, so that one
        round of corrections is enough; a draft is checked for what is typed only."""
        problems = {}
        if self.action == SUBMIT:
            problems = posted_problems(
                self.form, self.formset, submission=self.submission, kept=self.kept
            )
        if self.submission is None:
            heading = _("Nothing is saved yet. Correct what is listed here, then save again.")
        else:
            heading = _(
                "Your changes are not saved yet. Correct what is listed here, then save again."
            )
        self.summary = self._summary(problems, heading=heading)
        if self.kept:
            self.summary["kept"] = True
        mark_problems(self.form, problems)

    def _summary(
        self, problems, *, heading: str, level: str = "danger", with_errors: bool = True
    ) -> dict:
        """The one list shown at the top of the form: every error that kept the form from
        being saved (fields, authors) and what the submission lacks before it can be
        submitted, each linked to its field. Built before ``mark_problems`` so that nothing
        is listed twice."""
        form, formset = self.form, self.formset
        errors = []
        if with_errors:
            for name, messages_ in form.errors.items():
                if name in form.fields:
                    label, anchor = form.fields[name].label, _anchor(form[name])
                else:
                    label, anchor = "", ""
                errors.append({"label": label, "anchor": anchor, "messages": messages_})
            if formset.non_form_errors():
                errors.append(
                    {
                        "label": _("Authors"),
                        "anchor": "authors",
                        "messages": formset.non_form_errors(),
                    }
                )
            for index, row in enumerate(formset.forms):
                for name, messages_ in row.errors.items():
                    label = _("Author %(n)d") % {"n": index + 1}
                    anchor = "authors"
                    if name in row.fields:
                        label = f"{label}: {row.fields[name].label}"
                        anchor = _anchor(row[name])
                    errors.append({"label": label, "anchor": anchor, "messages": messages_})
        labelled = []
        for name, messages_ in (problems or {}).items():
            if name == "paper_identity":
                acknowledge = "acknowledge_identity" in form.fields
                anchor = "id_acknowledge_identity" if acknowledge else "id_paper"
                label = domain.field_label(name)
            elif name in form.fields:
                label, anchor = form.fields[name].label, _anchor(form[name])
            else:
                label = domain.field_label(name)
                anchor = "authors" if name == "authors" else "id_paper"
            labelled.append({"label": label, "anchor": anchor, "messages": messages_})
        return {"heading": heading, "level": level, "errors": errors, "problems": labelled}


def _anchor(bound_field) -> str:
    """The id a summary links to: the control, or for a group of boxes its crispy wrapper."""
    return bound_field.id_for_label or f"div_{bound_field.auto_id}"


# --- what the posted form still lacks, and showing problems at their fields


def posted_problems(
    form: SubmissionForm,
    formset: BaseAuthorFormSet,
    *,
    submission: Submission | None,
    kept: dict | None = None,
) -> dict[str, list[str]]:
    """What would stand between the *posted* values and a complete submission.

    The rules of ``cfp.domain.check_complete``, applied by ``cfp.domain.check_data`` to the
    posted values (nothing is written), so that a Submit refused for a malformed value also
    lists what it lacks — one round of corrections, not two. A field whose value is
    malformed is left to its own error.
    """
    data = form.to_data(formset.posted_authors())
    if "contribution_type" in form.errors and submission is not None:
        data.contribution_type = submission.contribution_type
    paper = (kept or {}).get("paper") or (domain.latest_file(submission) if submission else None)
    problems = domain.check_data(
        form.conference, data, paper_pages=paper.page_count if paper is not None else None
    )
    return {name: messages for name, messages in problems.items() if name not in form.errors}


def mark_problems(form: SubmissionForm, problems: dict[str, list[str]]) -> None:
    """Show each completeness problem at its field too (``is-invalid`` + its message).

    Works on an unbound form (the edit page opened to show what is missing) as well.
    """
    if not hasattr(form, "cleaned_data"):
        form.errors  # noqa: B018 - an unbound form gets its (empty) error dict here
        form.cleaned_data = {}
    for name, messages in problems.items():
        if name == "paper_identity":
            name = "acknowledge_identity" if "acknowledge_identity" in form.fields else "paper"
        if name in form.fields and not any(m in form.errors.get(name, []) for m in messages):
            form.add_error(name, list(messages))
