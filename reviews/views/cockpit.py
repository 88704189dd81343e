"""The chair's cockpit: progress and reminders, the ranked table and its exports.

For organisers (everything of their conference) and theme chairs (their themes); never a
submission the viewer is conflicted with (``queries.cockpit_submissions``). Reviewers do
not reach these pages. Chairs and organisers see authors here, as in cfp's organiser list.
"""

from __future__ import annotations

import csv
import io
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp.access import organiser_mfa_gate
from cfp.exports import _ILLEGAL_XML, neutralise
from cfp.models import Conference, Theme
from cfp.rules import allowed, is_conference_organiser

from .. import queries
from ..domain import cockpit
from ..forms.cockpit import RankingFilterForm, RemindForm

PER_PAGE = 50


def cockpit_required(view):
    """Login, then organiser or theme chair of the conference (403, or 404 for an unpublished
    conference), then the organisers' MFA policy. The view receives the Conference."""

    @wraps(view)
    def wrapper(request, conference, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        conference_obj = get_object_or_404(Conference, slug=conference)
        if not allowed(request.user, "reviews.view_cockpit", conference_obj):
            if not conference_obj.is_public:
                raise Http404
            raise PermissionDenied
        if (response := organiser_mfa_gate(request)) is not None:
            return response
        return view(request, conference_obj, *args, **kwargs)

    return wrapper


def visible_themes(user, conference):
    if is_conference_organiser(user, conference):
        return Theme.objects.filter(conference=conference)
    return queries.themes_chaired_by(user, conference)


@cockpit_required
def progress(request, conference):
    now = timezone.now()
    data = cockpit.progress(
        conference=conference,
        submissions=queries.cockpit_submissions(request.user, conference),
        themes=visible_themes(request.user, conference),
        now=now,
    )
    return render(
        request,
        "reviews/cockpit/progress.html",
        {
            "conference": conference,
            "progress": data,
            "now": now,
            "interval_hours": int(cockpit.REMINDER_INTERVAL.total_seconds() // 3600),
        },
    )


@cockpit_required
@require_POST
def remind(request, conference):
    form = RemindForm(request.POST)
    if not form.is_valid():
        raise Http404
    submissions = queries.cockpit_submissions(request.user, conference)
    now = timezone.now()
    if form.cleaned_data["everyone"]:
        data = cockpit.progress(
            conference=conference,
            submissions=submissions,
            themes=visible_themes(request.user, conference),
            now=now,
        )
        reviewer_ids = [p.reviewer_id for p in data.reviewers if p.can_be_reminded(now)]
    else:
        reviewer_ids = [form.cleaned_data["reviewer"]]
    users = get_user_model().objects.in_bulk([pk for pk in reviewer_ids if pk is not None])
    sent = 0
    for pk in reviewer_ids:
        reviewer = users.get(pk)
        if reviewer is None:
            raise Http404
        try:
            cockpit.send_review_reminder(
                conference=conference,
                reviewer=reviewer,
                by=request.user,
                submissions=submissions,
                now=now,
            )
            sent += 1
        except cockpit.ReminderRefused as refused:
            if refused.last is not None:
                messages.info(
                    request,
                    _(
                        "%(name)s was already reminded on %(when)s; one reminder a day is "
                        "enough. Nothing was sent."
                    )
                    % {
                        "name": reviewer.full_name,
                        "when": formats.date_format(
                            timezone.localtime(refused.last.sent_at, conference.tz),
                            "DATETIME_FORMAT",
                        ),
                    },
                )
            elif not form.cleaned_data["everyone"]:
                # Not among the viewer's reviewers, or nothing missing: nothing to say more.
                messages.info(
                    request,
                    _("%(name)s has no review missing here.") % {"name": reviewer.full_name},
                )
    if sent:
        messages.success(
            request,
            _("Reminder sent to %(count)d reviewer(s).") % {"count": sent},
        )
    elif form.cleaned_data["everyone"]:
        messages.info(request, _("Nobody needed a reminder: nothing was sent."))
    return redirect("reviews:cockpit_progress", conference=conference.slug)


def _ranking(request, conference):
    themes = visible_themes(request.user, conference)
    form = RankingFilterForm(request.GET or None, conference=conference, themes=themes)
    options = form.options() if form.is_bound else RankingFilterForm.defaults()
    rows, criteria = cockpit.score_rows(
        conference=conference, submissions=queries.cockpit_submissions(request.user, conference)
    )
    sort = options.pop("sort")
    rows = cockpit.sort_rows(cockpit.filter_rows(rows, **options), sort)
    return form, rows, criteria, sort


@cockpit_required
def ranking(request, conference):
    form, rows, criteria, sort = _ranking(request, conference)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    cockpit.attach_authors(list(page.object_list))
    cockpit.attach_criteria_means(list(page.object_list))
    for row in page.object_list:
        row.criteria_values = row.criterion_means(criteria)
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    return render(
        request,
        "reviews/cockpit/ranking.html",
        {
            "conference": conference,
            "form": form,
            "page": page,
            "criteria": criteria,
            "sort": sort,
            "querystring": params.urlencode(),
            "sort_querystring": sort_params.urlencode(),
            "first_rank": page.start_index(),
        },
    )


def _fmt(value, digits=2):
    return "" if value is None else round(value, digits)


def export_rows(rows, criteria):
    yield [
        _("Rank"),
        _("Number"),
        _("Title"),
        _("Contribution type"),
        _("Themes"),
        _("Authors"),
        _("Reviews submitted"),
        _("Reviewers assigned"),
        _("Normalised score (0-100)"),
        _("Mean recommendation (1-6)"),
        _("Confidence-weighted mean (1-6)"),
        _("Spread (max - min)"),
        _("Standard deviation"),
        _("Mean confidence (1-5)"),
        _("Strong disagreement"),
        *[name for _pk, name in criteria],
    ]
    cockpit.attach_authors(rows)
    cockpit.attach_criteria_means(rows)
    for rank, row in enumerate(rows, start=1):
        s = row.scores
        yield [
            rank,
            row.number,
            row.title,
            row.type_name,
            "; ".join(row.theme_names),
            "; ".join(a.full_name for a in row.authors),
            s.reviews,
            row.assigned,
            _fmt(s.normalised * 100 if s.normalised is not None else None, 1),
            _fmt(s.recommendation_mean),
            _fmt(s.recommendation_weighted),
            _fmt(s.spread),
            _fmt(s.stdev),
            _fmt(s.confidence_mean),
            _("yes") if s.flagged else _("no"),
            *[_fmt(s.criteria.get(pk)) for pk, _name in criteria],
        ]


def _download(conference, content: bytes, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.now().astimezone(conference.tz).strftime("%Y%m%d-%H%M")
    # The slug is [-a-zA-Z0-9_]: nothing an author typed reaches the header.
    response["Content-Disposition"] = (
        f'attachment; filename="{conference.slug}-ranking-{stamp}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@cockpit_required
def ranking_csv(request, conference):
    _form, rows, criteria, _sort = _ranking(request, conference)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in export_rows(rows, criteria):
        writer.writerow([neutralise(cell) for cell in row])
    content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return _download(conference, content, "csv", "text/csv; charset=utf-8")


@cockpit_required
def ranking_xlsx(request, conference):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    _form, rows, criteria, _sort = _ranking(request, conference)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Ranking")[:31])
    for row in export_rows(rows, criteria):
        cells = []
        for value in row:
            if isinstance(value, str):
                value = neutralise(_ILLEGAL_XML.sub("", value))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(
        conference,
        buffer.getvalue(),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
