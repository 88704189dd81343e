"""Organiser pages for submissions: the list (filters, search, counts, exports), one
submission's page (files, history, downloads, reopening) and the questions organisers add to
the submission form.

Every view is behind ``organiser_required`` (login, organiser of this conference, MFA). What
an organiser sees of the submissions is decided once, in
``Submission.objects.for_organisers_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cfp import deadlines, domain
from cfp.access import organiser_required
from cfp.domain.call import move_in_order
from cfp.exports import export_csv, export_xlsx
from cfp.forms.organiser_submissions import (
    LATE_DRAFTS,
    CustomQuestionForm,
    ReopenForm,
    SubmissionFilterForm,
)
from cfp.models import (
    Authorship,
    ContributionType,
    CustomAnswer,
    CustomQuestion,
    FileDownload,
    GuidingQuestion,
    PendingRevision,
    Submission,
    SubmissionChange,
    SubmissionFile,
    SubmissionState,
    Theme,
)
from cfp.rules import can_organiser_see_submission
from cfp.stats import submission_counts
from cfp.templatetags.cfp_dates import when_in

PER_PAGE = 50


def _visible(request, conference):
    return Submission.objects.for_organisers_of(conference, request.user)


def _organiser_submission(request, conference, number: int) -> Submission:
    # 404, not 403: a draft's existence is its authors' business.
    return get_object_or_404(_visible(request, conference), number=number)


AFFILIATION = ' <span class="text-body-secondary">({})</span>'
# One row of the list's table (cfp/organiser/submissions.html). Printed here, every value
# escaped, because fifty rows of template variables were a fifth of the page's time.
ROW_HTML = (
    "<tr><td>{number}</td>"
    '<td><a href="{url}">{title}</a></td>'
    "<td>{authors}</td>"
    "<td>{contribution_type}</td>"
    "<td>{themes}</td>"
    '<td><span class="badge state-{state}">{state_label}</span></td>'
    '<td class="deadline">{submitted}</td></tr>\n'
)


@dataclass(frozen=True)
class ListRow:
    """One row of the organiser's list, ready to print: built in Python from three queries'
    plain values, so that the template does no per-row lookups, reversing or formatting."""

    number: int
    title: str
    url: str
    authors: SafeString  # "name (affiliation); name" with the affiliations marked up
    contribution_type: str
    themes: str
    state: str
    state_label: str
    submitted: str

    @property
    def html(self) -> SafeString:
        """The table row, every value escaped (the authors are escaped already)."""
        return mark_safe(  # noqa: S308
            ROW_HTML.format(
                number=self.number,
                url=escape(self.url),
                title=escape(self.title),
                authors=self.authors,
                contribution_type=escape(self.contribution_type),
                themes=escape(self.themes),
                state=escape(self.state),
                state_label=escape(self.state_label),
                submitted=escape(self.submitted),
            )
        )


@dataclass(frozen=True)
class FilterControl:
    """One control of the filter form, for ``submissions_filters.html``: the form parses and
    validates; the page prints the controls from lists the view has loaded anyway (crispy's
    template-per-option rendering was a fifth of the page's time)."""

    name: str
    label: str
    help_text: str
    value: str
    # The <option>s, escaped and joined once here (a template loop cost 4 nodes an option);
    # None for the text box.
    options: SafeString | None = None


@organiser_required
def submission_list(request, conference):
    # The conference's types, themes and questions: one query each, for the filter controls,
    # the counts' labels and the rows.
    types = list(ContributionType.objects.filter(conference=conference))
    themes = list(Theme.objects.filter(conference=conference))
    questions = list(GuidingQuestion.objects.filter(conference=conference))
    form = SubmissionFilterForm(request.GET, conference=conference, user=request.user)
    visible = _visible(request, conference)  # built once: the list and the drafts use it
    filtered = form.filter(visible)
    if not filtered.query.order_by:
        # Not ranked by a search: by number. (Submission's default ordering starts with the
        # conference's, which costs a join for nothing here.)
        filtered = filtered.order_by("number")
    counts = submission_counts(
        filtered, conference, types=types, themes=themes, questions=questions
    )
    paginator = Paginator(
        filtered.values_list(
            "pk", "number", "title", "state", "submitted_at", "contribution_type_id"
        ),
        PER_PAGE,
    )
    paginator.count = counts.total  # the same rows: no second COUNT query
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _list_rows(list(page.object_list), conference, types, themes)
    # One query for both: all drafts in progress, and those of them shown here (late drafts,
    # decided by the same ``for_organisers_of`` as the list).
    drafts = (
        Submission.objects.for_conference(conference)
        .drafts()
        .aggregate(
            total=Count("pk"),
            late=Count("pk", filter=Q(pk__in=visible.values("pk"))),
        )
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "cfp/organiser/submissions.html",
        {
            "conference": conference,
            "filters": _filter_controls(form, types, themes, questions),
            "page": page,
            "counts": counts,
            "count_tables": _count_tables(counts),
            "drafts_in_progress": drafts["total"],
            "late_drafts": drafts["late"],
            "late_drafts_state": LATE_DRAFTS,
            "querystring": params.urlencode(),
        },
    )


def _list_rows(values: list[tuple], conference, types, themes) -> list[ListRow]:
    """The page's rows from (pk, number, title, state, submitted_at, type id) tuples: two
    queries (authors, themes), whatever the number of rows. Everything a row shows is
    computed here once per page (translations, the address pattern, the zone) and the
    authors' names are escaped here, so the template only prints."""
    pks = [row[0] for row in values]
    authors: dict[int, list[str]] = {pk: [] for pk in pks}
    for submission_id, name, affiliation in (
        Authorship.objects.filter(submission_id__in=pks)
        .order_by("submission_id", "order", "pk")
        .values_list("submission_id", "full_name", "affiliation")
    ):
        authors[submission_id].append(
            escape(name) + (AFFILIATION.format(escape(affiliation)) if affiliation else "")
        )
    position = {theme.pk: index for index, theme in enumerate(themes)}
    theme_ids: dict[int, list[int]] = {pk: [] for pk in pks}
    for submission_id, theme_id in Submission.themes.through.objects.filter(
        submission_id__in=pks
    ).values_list("submission_id", "theme_id"):
        theme_ids[submission_id].append(theme_id)
    type_names = {kind.pk: kind.name for kind in types}
    theme_titles = {theme.pk: theme.title for theme in themes}
    state_labels = {value: str(label) for value, label in SubmissionState.choices}
    state_labels[SubmissionState.DRAFT] = _("Late draft")
    untitled, nothing = _("(untitled)"), "—"
    # reverse() once: the rows' addresses differ only by their number.
    marker = 999_999_999
    url_pattern = reverse(
        "cfp:organiser_submission_detail",
        kwargs={"conference": conference.slug, "number": marker},
    ).replace(str(marker), "{}")
    submitted = when_in(conference.timezone)
    return [
        ListRow(
            number=number,
            title=title or untitled,
            url=url_pattern.format(number),
            authors=mark_safe("; ".join(authors[pk])),  # noqa: S308 (escaped above)
            contribution_type=type_names.get(type_id) or nothing,
            themes="; ".join(
                theme_titles[theme_id]
                for theme_id in sorted(theme_ids[pk], key=lambda t: position.get(t, 0))
                if theme_id in theme_titles
            )
            or nothing,
            state=state,
            state_label=state_labels.get(state, state),
            submitted=submitted(submitted_at) or nothing,
        )
        for pk, number, title, state, submitted_at, type_id in values
    ]


def _filter_controls(form, types, themes, questions) -> list[FilterControl]:
    fields = form.fields

    def chosen(name: str) -> str:
        return str(form.data.get(name, ""))

    def select(name: str, choices) -> FilterControl:
        value = chosen(name)
        return FilterControl(
            name=name,
            label=str(fields[name].label),
            help_text=str(fields[name].help_text),
            value=value,
            options=mark_safe(  # noqa: S308 (escaped here)
                "".join(
                    f'<option value="{escape(str(v))}"'
                    f"{' selected' if str(v) == value else ''}>{escape(str(label))}</option>"
                    for v, label in choices
                )
            ),
        )

    def models(name: str, items) -> FilterControl:
        field = fields[name]
        return select(
            name,
            [
                ("", field.empty_label),
                *((item.pk, field.label_from_instance(item)) for item in items),
            ],
        )

    return [
        FilterControl(
            name="q",
            label=str(fields["q"].label),
            help_text=str(fields["q"].help_text),
            value=chosen("q"),
        ),
        select("state", fields["state"].choices),
        models("contribution_type", types),
        models("theme", themes),
        select("country", fields["country"].choices),
        models("guiding_question", questions),
    ]


@dataclass(frozen=True)
class CountTable:
    """One table of the counts panel: its caption and note, its rows printed (escaped) as
    table rows, and for guiding questions (shown as Q1, Q2, … in the table) the legend."""

    caption: str
    rows_html: SafeString
    note: str = ""
    legend: list[tuple[int, str]] | None = None


def _count_tables(counts) -> list[CountTable]:
    """The four tables of the counts panel. A row links to the list filtered by it when it
    has a filter value and a count; a row counting nothing is muted."""

    def rows(count_rows, param: str, numbered: bool = False) -> SafeString:
        printed = []
        for number, row in enumerate(count_rows, start=1):
            label = _("Q%(n)s") % {"n": number} if numbered and row.filter_value else row.label
            label = escape(label)
            if row.filter_value and row.count:
                link = escape(f"?{urlencode({param: row.filter_value})}")
                label = f'<a href="{link}">{label}</a>'
            muted = "" if row.count else ' class="text-body-secondary"'
            printed.append(f'<tr{muted}><td>{label}</td><td class="text-end">{row.count}</td></tr>')
        if not printed:
            printed.append(f'<tr><td colspan="2">{escape(_("None yet."))}</td></tr>')
        return mark_safe("\n".join(printed))  # noqa: S308 (escaped above)

    questions = counts.by_guiding_question
    return [
        CountTable(_("By contribution type"), rows(counts.by_type, "contribution_type")),
        CountTable(_("By theme"), rows(counts.by_theme, "theme")),
        CountTable(
            _("By authors' country"),
            rows(counts.by_country, "country"),
            note=_("A submission counts once for each of its authors' countries."),
        ),
        CountTable(
            _("By guiding question"),
            rows(questions, "guiding_question", numbered=True),
            note=_("A question no submission addresses counts 0."),
            legend=[
                (number, _("Q%(n)s:") % {"n": number} + " " + row.label)
                for number, row in enumerate(questions, start=1)
                if row.filter_value
            ],
        ),
    ]


def _export(request, conference, *, render_export, extension: str, content_type: str):
    form = SubmissionFilterForm(request.GET, conference=conference, user=request.user)
    content = render_export(form.filter(_visible(request, conference)), conference)
    response = HttpResponse(content, content_type=content_type)
    # The slug is [-a-zA-Z0-9_]: nothing an author typed reaches the header.
    stamp = timezone.now().astimezone(conference.tz).strftime("%Y%m%d-%H%M")
    filename = f"{conference.slug}-submissions-{stamp}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@organiser_required
def export_submissions_csv(request, conference):
    return _export(
        request,
        conference,
        render_export=export_csv,
        extension="csv",
        content_type="text/csv; charset=utf-8",
    )


@organiser_required
def export_submissions_xlsx(request, conference):
    return _export(
        request,
        conference,
        render_export=export_xlsx,
        extension="xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@organiser_required
def submission_detail(request, conference, number: int):
    submission = _organiser_submission(request, conference, number)
    submission = (
        Submission.objects.filter(pk=submission.pk)
        .select_related("contribution_type", "created_by")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.order_by("order", "pk")),
            "themes",
            "guiding_questions",
            Prefetch(
                "answers",
                queryset=CustomAnswer.objects.select_related("question").order_by(
                    "question__order", "question__pk"
                ),
            ),
            Prefetch(
                "files",
                queryset=SubmissionFile.objects.select_related("uploaded_by")
                .annotate(download_count=Count("downloads"))
                .order_by("kind", "-version"),
                to_attr="all_files",
            ),
            Prefetch(
                "changes",
                queryset=SubmissionChange.objects.select_related("by", "file"),
                to_attr="history",
            ),
        )
        .get()
    )
    downloads = FileDownload.objects.filter(file__submission=submission).select_related(
        "user", "file"
    )
    # Late changes its authors posted to the submitted version, kept until a reopening.
    waiting_changes = PendingRevision.objects.filter(submission=submission).select_related("user")
    now = timezone.now()
    deadline = deadlines.effective_submission_deadline(conference)
    return render(
        request,
        "cfp/organiser/submissions_detail.html",
        {
            "conference": conference,
            "submission": submission,
            "downloads": downloads,
            "waiting_changes": waiting_changes,
            "deadline": deadline,
            "before_deadline": now < deadline,
            "is_decided": submission.state in SubmissionState.DECIDED,
            "is_late_draft": submission.state == SubmissionState.DRAFT,
            "reopen_form": ReopenForm(conference=conference, now=now),
        },
    )


@organiser_required
@require_POST
def submission_reopen(request, conference, number: int):
    submission = _organiser_submission(request, conference, number)
    form = ReopenForm(request.POST, conference=conference, now=timezone.now())
    if form.is_valid():
        try:
            submission = domain.reopen_submission(
                submission=submission, by=request.user, until=form.cleaned_data["until"]
            )
        except domain.SubmissionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Submission #%(number)s is open for editing again.") % {"number": number}
            )
            if not can_organiser_see_submission(request.user, submission):
                # A withdrawn submission reopens as a draft: its authors' private work again,
                # hidden from organisers until they submit it.
                messages.info(
                    request,
                    _("It was withdrawn, so it is a draft again until its authors submit it."),
                )
                return redirect("cfp:organiser_submissions", conference=conference.slug)
    else:
        messages.error(request, " ".join(form.errors.get("until", [_("Check the date.")])))
    return redirect("cfp:organiser_submission_detail", conference=conference.slug, number=number)


@organiser_required
@require_POST
def submission_close(request, conference, number: int):
    submission = _organiser_submission(request, conference, number)
    try:
        domain.close_reopened_submission(submission=submission, by=request.user)
    except domain.SubmissionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Submission #%(number)s is read-only again.") % {"number": number}
        )
    return redirect("cfp:organiser_submission_detail", conference=conference.slug, number=number)


# --- Questions for authors ------------------------------------------------------------------


def _question(conference, pk: int) -> CustomQuestion:
    return get_object_or_404(CustomQuestion, conference=conference, pk=pk)


@organiser_required
def question_list(request, conference):
    questions = (
        CustomQuestion.objects.filter(conference=conference)
        .prefetch_related("contribution_types")
        .annotate(answer_count=Count("answers"))
        .order_by("order", "pk")  # Meta.ordering does not apply to a GROUP BY query
    )
    return render(
        request,
        "cfp/organiser/custom_questions.html",
        {"conference": conference, "questions": questions},
    )


@organiser_required
def question_edit(request, conference, pk: int | None = None):
    question = _question(conference, pk) if pk is not None else None
    form = CustomQuestionForm(request.POST or None, instance=question, conference=conference)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The question is saved."))
        unanswered = _submitted_without_answer(conference, saved) if saved.required else 0
        if unanswered:
            messages.info(
                request,
                ngettext(
                    "%(count)d submitted paper has no answer to it. It stays submitted; its "
                    "authors are asked for the answer on their page (no email is sent).",
                    "%(count)d submitted papers have no answer to it. They stay submitted; "
                    "their authors are asked for the answer on their page (no email is sent).",
                    unanswered,
                )
                % {"count": unanswered},
            )
        return redirect("cfp:organiser_questions", conference=conference.slug)
    return render(
        request,
        "cfp/organiser/custom_question_form.html",
        {
            "conference": conference,
            "form": form,
            "question": question,
            "unanswered": _submitted_without_answer(conference, question),
        },
    )


def _submitted_without_answer(conference, question: CustomQuestion | None) -> int:
    """How many submitted papers have no answer to ``question`` (all of them for a new one).
    A required question added later does not unsubmit them: they stay submitted and their
    authors see on their page that it needs an answer. One query."""
    submitted = Submission.objects.filter(conference=conference, state=SubmissionState.SUBMITTED)
    if question is not None and question.pk:
        types = [t.pk for t in question.contribution_types.all()]
        if types:
            submitted = submitted.filter(contribution_type__in=types)
        answered = CustomAnswer.objects.filter(question=question).exclude(value="")
        submitted = submitted.exclude(pk__in=answered.values("submission"))
    return submitted.count()


@organiser_required
def question_delete(request, conference, pk: int):
    question = _question(conference, pk)
    if request.method == "POST":
        domain.delete_question(question=question)
        messages.success(request, _("The question and its answers are deleted."))
        return redirect("cfp:organiser_questions", conference=conference.slug)
    return render(
        request,
        "cfp/organiser/custom_question_delete.html",
        {
            "conference": conference,
            "question": question,
            "answer_count": question.answers.exclude(value="").count(),
        },
    )


@organiser_required
@require_POST
def question_move(request, conference, pk: int):
    question = _question(conference, pk)
    move_in_order(item=question, up=request.POST.get("direction") != "down")
    return redirect(reverse("cfp:organiser_questions", kwargs={"conference": conference.slug}))
