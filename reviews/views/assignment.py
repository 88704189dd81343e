"""The assignment in the chair's hands: settings, runs and their preview, confirmation, and
assignment by hand. Organisers run and confirm; theme chairs read the settings and previews
(rows of their themes only) and assign by hand for their themes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cfp.access import conference_permission_required
from cfp.models import ContributionType, Submission
from cfp.rules import allowed

from ..domain import assignment as domain
from ..models import Assignment, AssignmentRun, AssignmentSettings, CommitteeMember, ReviewQuota
from ..queries import managed_submissions

PER_PAGE = 50


#: Organisers and theme chairs of the conference; others 403 (404 for an unpublished
#: conference); MFA as on organiser pages.
chair_required = conference_permission_required("reviews.view_assignment")


def _require_organiser(request, conference):
    if not allowed(request.user, "reviews.run_assignment", conference):
        raise PermissionDenied


class SettingsForm(forms.Form):
    reviews_per_submission = forms.IntegerField(
        label=gettext_lazy("Reviews per submission (default)"), min_value=1, max_value=20
    )
    reviewer_load = forms.IntegerField(
        label=gettext_lazy("Maximum reviews per reviewer (default)"), min_value=1, max_value=200
    )
    min_load = forms.IntegerField(
        label=gettext_lazy("Minimum reviews per reviewer"), min_value=0, max_value=200
    )
    require_theme_reviewer = forms.BooleanField(
        label=gettext_lazy("At least one reviewer from the submission's theme"), required=False
    )
    objective = forms.ChoiceField(
        label=gettext_lazy("Objective"), choices=AssignmentSettings.Objective.choices
    )
    balance_loads = forms.BooleanField(
        label=gettext_lazy("Balance reviewers' loads"), required=False
    )
    allow_not_willing = forms.BooleanField(
        label=gettext_lazy("Use “not willing” pairs as a last resort"), required=False
    )
    last_resort_penalty = forms.FloatField(
        label=gettext_lazy("Penalty of a “not willing” pair"), min_value=0, max_value=100
    )
    time_limit_seconds = forms.IntegerField(
        label=gettext_lazy("Time limit of a run (seconds)"), min_value=5, max_value=600
    )

    def __init__(self, *args, types=(), read_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = list(types)
        for contribution_type in self.types:
            self.fields[f"type_{contribution_type.pk}"] = forms.IntegerField(
                label=_("Reviews per submission: %(type)s") % {"type": contribution_type.name},
                min_value=1,
                max_value=20,
                required=False,
                help_text=_("Empty: the default above."),
            )
        if read_only:
            for field in self.fields.values():
                field.disabled = True


def _settings_initial(conference, row, types):
    initial = {
        "reviews_per_submission": conference.reviews_per_submission,
        "reviewer_load": conference.reviewer_load,
        **{
            name: getattr(row, name)
            for name in (
                "min_load",
                "require_theme_reviewer",
                "objective",
                "balance_loads",
                "allow_not_willing",
                "last_resort_penalty",
                "time_limit_seconds",
            )
        },
    }
    for contribution_type in types:
        initial[f"type_{contribution_type.pk}"] = (row.reviews_per_type or {}).get(
            str(contribution_type.pk)
        )
    return initial


@chair_required
def assignment_home(request, conference):
    """Settings (organisers edit; theme chairs read), the runs, the way to assign by hand."""
    row = domain.settings_of(conference)
    types = list(ContributionType.objects.filter(conference=conference).order_by("pk"))
    may_run = allowed(request.user, "reviews.run_assignment", conference)
    if request.method == "POST":
        _require_organiser(request, conference)
        form = SettingsForm(request.POST, types=types)
        if form.is_valid():
            data = dict(form.cleaned_data)
            per_type = {
                str(t.pk): data.pop(f"type_{t.pk}")
                for t in types
                if data.get(f"type_{t.pk}") is not None
            }
            for t in types:
                data.pop(f"type_{t.pk}", None)
            domain.save_settings(conference=conference, data=data, reviews_per_type=per_type)
            messages.success(request, _("Assignment settings saved."))
            return redirect("reviews:assignment_home", conference=conference.slug)
    else:
        form = SettingsForm(
            initial=_settings_initial(conference, row, types), types=types, read_only=not may_run
        )
    runs = list(AssignmentRun.objects.filter(conference=conference).order_by("-pk")[:10])
    return render(
        request,
        "reviews/assignment/home.html",
        {
            "conference": conference,
            "form": form,
            "may_run": may_run,
            "runs": runs,
            "assigned": Assignment.objects.filter(submission__conference=conference).count()
            if may_run
            else None,
        },
    )


@chair_required
@require_POST
def assignment_start(request, conference):
    _require_organiser(request, conference)
    run = domain.start_run(conference=conference, by=request.user)
    return redirect("reviews:assignment_run", conference=conference.slug, run=run.pk)


def _names_of_users(ids):
    return {
        pk: (full_name or email)
        for pk, full_name, email in get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "full_name", "email")
    }


@chair_required
def assignment_run(request, conference, run):
    """A run: progress while it runs (the page refreshes itself), then the preview or the
    reasons no assignment exists. Rows are those of submissions the viewer manages."""
    run = get_object_or_404(AssignmentRun, conference=conference, pk=run)
    result = run.result or {}
    visible = dict(managed_submissions(request.user, conference).values_list("pk", "number"))
    context = {
        "conference": conference,
        "run": run,
        "running": run.state in (AssignmentRun.State.QUEUED, AssignmentRun.State.RUNNING),
        "may_confirm": allowed(request.user, "reviews.run_assignment", conference)
        and run.state == AssignmentRun.State.READY,
        "result": result,
        "outdated": run.state == AssignmentRun.State.READY
        and run.base_version != domain.current_version(conference),
    }
    conflicted_existing = [
        pair for pair in result.get("conflicted_existing", []) if pair[0] in visible
    ]
    if conflicted_existing:
        names = _names_of_users({uid for _sid, uid in conflicted_existing})
        context["conflicted_existing"] = [
            {"number": visible[sid], "name": names.get(uid, "")} for sid, uid in conflicted_existing
        ]
    if result.get("explanations"):
        ids_s = {i for e in result["explanations"] for i in e.get("submissions", [])}
        ids_r = {i for e in result["explanations"] for i in e.get("reviewers", [])}
        titles = dict(
            Submission.objects.filter(pk__in=ids_s & set(visible)).values_list("pk", "title")
        )
        submission_names = {pk: f"#{visible[pk]} {titles[pk]}" for pk in titles}
        context["sentences"] = domain.explain(
            result["explanations"],
            submission_names=submission_names,
            reviewer_names=_names_of_users(ids_r),
        )
    if result.get("feasible"):
        by_submission: dict[int, list] = {}
        for sid, uid, affinity, locked, last in result["pairs"]:
            if sid in visible:
                by_submission.setdefault(sid, []).append((uid, affinity, locked, last))
        order = sorted(by_submission, key=lambda sid: visible[sid])
        page = Paginator(order, PER_PAGE).get_page(request.GET.get("page"))
        weakest = [sid for sid in result.get("weakest", []) if sid in visible]
        last_resort = [pair for pair in result.get("last_resort", []) if pair[0] in visible]
        shown_sids = set(page.object_list) | set(weakest) | {p[0] for p in last_resort}
        titles = dict(Submission.objects.filter(pk__in=shown_sids).values_list("pk", "title"))
        user_ids = {uid for sid in shown_sids for uid, *_rest in by_submission.get(sid, [])}
        user_ids |= {p[1] for p in last_resort}
        loads = result.get("loads", {})
        max_loads = result.get("max_loads", {})
        all_reviewers = sorted(loads, key=lambda uid: (-loads[uid], int(uid)))
        reviewer_page = Paginator(all_reviewers, PER_PAGE).get_page(request.GET.get("rpage"))
        user_ids |= {int(uid) for uid in reviewer_page.object_list}
        names = _names_of_users(user_ids)
        totals = result.get("submission_totals", {})

        def row(sid):
            return {
                "number": visible[sid],
                "title": titles.get(sid, ""),
                "total": totals.get(str(sid)),
                "reviewers": [
                    {
                        "name": names.get(uid, ""),
                        "affinity": affinity,
                        "kept": locked,
                        "last_resort": last,
                    }
                    for uid, affinity, locked, last in by_submission.get(sid, [])
                ],
            }

        context.update(
            {
                "page": page,
                "rows": [row(sid) for sid in page.object_list],
                "weakest": [row(sid) for sid in weakest],
                "last_resort": [
                    {
                        "number": visible[sid],
                        "title": titles.get(sid, ""),
                        "name": names.get(uid, ""),
                    }
                    for sid, uid in last_resort
                ],
                "reviewer_page": reviewer_page,
                "reviewer_rows": [
                    {
                        "name": names.get(int(uid), ""),
                        "load": loads[uid],
                        "max_load": max_loads.get(uid),
                    }
                    for uid in reviewer_page.object_list
                ],
                "totals": result.get("totals", {}),
                "bound": result.get("bound", {}),
                "gap_percent": _gap_percent(result.get("bound", {})),
                "current": result.get("current"),
            }
        )
    return render(request, "reviews/assignment/run.html", context)


def _gap_percent(bound):
    gap = bound.get("gap")
    if gap is None:
        return None
    return round(max(gap, 0) * 100, 1)


@chair_required
@require_POST
def assignment_confirm(request, conference, run):
    _require_organiser(request, conference)
    run = get_object_or_404(AssignmentRun, conference=conference, pk=run)
    try:
        created = domain.confirm_run(run=run, by=request.user)
    except domain.AssignmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Assignment confirmed: %(n)d new assignments; reviewers are being notified.")
            % {"n": created},
        )
    return redirect("reviews:assignment_run", conference=conference.slug, run=run.pk)


@chair_required
def assignment_submissions(request, conference):
    """The submissions the viewer manages, with their reviewers: where to assign by hand."""
    qs = managed_submissions(request.user, conference).order_by("number")
    page = Paginator(qs.only("pk", "number", "title"), PER_PAGE).get_page(request.GET.get("page"))
    ids = [s.pk for s in page.object_list]
    reviewers: dict[int, list[str]] = {}
    for sid, full_name, email in Assignment.objects.filter(submission_id__in=ids).values_list(
        "submission_id", "reviewer__full_name", "reviewer__email"
    ):
        reviewers.setdefault(sid, []).append(full_name or email)
    rows = [(s, reviewers.get(s.pk, [])) for s in page.object_list]
    return render(
        request,
        "reviews/assignment/submissions.html",
        {"conference": conference, "page": page, "rows": rows},
    )


def _managed_submission(request, conference, number):
    submission = get_object_or_404(Submission, conference=conference, number=number)
    if not allowed(request.user, "reviews.manage_submission", submission):
        raise Http404
    return submission


class QuotaForm(forms.Form):
    reviews = forms.IntegerField(
        label=gettext_lazy("Reviews wanted for this submission"),
        min_value=0,
        max_value=20,
        required=False,
        help_text=gettext_lazy("Empty: the default for its type."),
    )


@chair_required
def assignment_submission(request, conference, number):
    """One submission's reviewers: add (a conflict is refused, an overload asks first),
    remove, and its number of reviews."""
    submission = _managed_submission(request, conference, number)
    User = get_user_model()
    overload = None
    if request.method == "POST":
        action = request.POST.get("action")
        reviewer = User.objects.filter(pk=request.POST.get("reviewer") or 0).first()
        if action == "quota":
            form = QuotaForm(request.POST)
            if form.is_valid():
                domain.set_quota(submission=submission, reviews=form.cleaned_data["reviews"])
                messages.success(request, _("Number of reviews saved."))
                return redirect(request.path)
        elif reviewer is None:
            messages.error(request, _("Choose a reviewer."))
        elif action == "remove":
            if domain.remove_assignment(submission=submission, reviewer=reviewer, by=request.user):
                messages.success(request, _("Reviewer removed."))
            return redirect(request.path)
        elif action == "add":
            try:
                domain.add_assignment(
                    submission=submission,
                    reviewer=reviewer,
                    by=request.user,
                    allow_overload=request.POST.get("confirm_overload") == "1",
                )
            except domain.OverloadWarning as exc:
                overload = {"message": exc.message, "reviewer": reviewer}
            except domain.AssignmentError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Reviewer assigned; they will be notified."))
                return redirect(request.path)
    assigned = list(
        Assignment.objects.filter(submission=submission)
        .select_related("reviewer")
        .order_by("reviewer__full_name", "pk")
    )
    assigned_ids = {a.reviewer_id for a in assigned}
    conflicted = {uid for uid, _sid in domain._conflicts_of_submission(submission)}
    loads = domain.loads_of(conference)
    candidates = [
        {
            "user": m.user,
            "load": loads.get(m.user_id, 0),
            "max_load": m.max_load if m.max_load is not None else conference.reviewer_load,
            "conflicted": m.user_id in conflicted,
        }
        for m in CommitteeMember.objects.filter(conference=conference)
        .select_related("user")
        .order_by("user__full_name", "pk")
        if m.user_id not in assigned_ids
    ]
    quota = ReviewQuota.objects.filter(submission=submission).first()
    return render(
        request,
        "reviews/assignment/submission.html",
        {
            "conference": conference,
            "submission": submission,
            "assigned": assigned,
            "candidates": candidates,
            "overload": overload,
            "quota_form": QuotaForm(initial={"reviews": quota.reviews if quota else None}),
            "back": reverse(
                "reviews:assignment_submissions", kwargs={"conference": conference.slug}
            ),
        },
    )


__all__ = [
    "assignment_confirm",
    "assignment_home",
    "assignment_run",
    "assignment_start",
    "assignment_submission",
    "assignment_submissions",
]
