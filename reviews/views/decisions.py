"""Decisions: the list (filters, checkboxes, bulk decision, release), one submission's
decision page with its history, the notification mails' templates with a preview, and the
state of every notification message (retry the failed ones).

Organisers and theme chairs decide (never where conflicted, each submission checked); only
organisers release decisions and edit the mails.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cfp.access import organiser_mfa_gate
from cfp.models import Conference, Submission
from cfp.rules import allowed

from .. import notifications, queries
from ..domain import decisions as domain
from ..forms.decisions import BulkDecisionForm, DecisionForm, NotificationTemplateForm
from ..models import AuthorResponse, Decision, NotificationMessage, Outcome

VIEW = "reviews.view_decisions"
DECIDE = "reviews.decide_submission"
RELEASE = "reviews.release_decisions"


def _conference(request, slug: str, perm: str):
    """(conference, None) or (None, response). 404 for an unpublished conference, else 403."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    conference = get_object_or_404(Conference, slug=slug)
    if not allowed(request.user, perm, conference):
        if not conference.is_public:
            raise Http404
        raise PermissionDenied
    if (response := organiser_mfa_gate(request)) is not None:
        return None, response
    return conference, None


def _with_latest(queryset):
    latest = Decision.objects.filter(submission=OuterRef("pk")).order_by("-decided_at", "-pk")
    return queryset.annotate(
        latest_outcome=Subquery(latest.values("outcome")[:1]),
        latest_released=Subquery(latest.values("released_at")[:1]),
    )


@login_required
@require_http_methods(["GET"])
def decisions_list(request, conference):
    conference, response = _conference(request, conference, VIEW)
    if response:
        return response
    rows = _with_latest(queries.decidable_submissions(request.user, conference)).prefetch_related(
        "themes"
    )
    outcome = request.GET.get("outcome", "")
    if outcome == "undecided":
        rows = rows.filter(latest_outcome__isnull=True)
    elif outcome in Outcome.values:
        rows = rows.filter(latest_outcome=outcome)
    theme = request.GET.get("theme", "")
    if theme.isdigit():
        rows = rows.filter(themes__pk=int(theme))
    released = request.GET.get("released", "")
    if released == "yes":
        rows = rows.filter(latest_released__isnull=False)
    elif released == "no":
        rows = rows.filter(latest_outcome__isnull=False, latest_released__isnull=True)
    outcomes = domain.allowed_outcomes(conference)
    labels = dict(Outcome.choices)
    return render(
        request,
        "reviews/decisions/list.html",
        {
            "conference": conference,
            "rows": [(s, labels.get(s.latest_outcome, "")) for s in rows.order_by("number")],
            "outcomes": outcomes,
            "themes": conference.themes.all(),
            "filters": {"outcome": outcome, "theme": theme, "released": released},
            "bulk_form": BulkDecisionForm(outcomes=outcomes),
            "can_release": allowed(request.user, RELEASE, conference),
        },
    )


def _decidable(request, conference, number: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related("conference"), conference=conference, number=number
    )
    if not allowed(request.user, DECIDE, submission):
        raise Http404
    return submission


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, conference, number: int):
    conference, response = _conference(request, conference, VIEW)
    if response:
        return response
    submission = _decidable(request, conference, number)
    outcomes = domain.allowed_outcomes(conference)
    history = list(Decision.objects.filter(submission=submission).select_related("decided_by"))
    latest = history[0] if history else None
    form = DecisionForm(
        request.POST or None,
        outcomes=outcomes,
        initial={"outcome": latest.outcome, "required_revisions": latest.required_revisions}
        if latest
        else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.decide(
                submission=submission,
                outcome=form.cleaned_data["outcome"],
                required_revisions=form.cleaned_data["required_revisions"],
                by=request.user,
            )
        except domain.DecisionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Decision recorded. Authors see it once released."))
            return redirect("reviews:decision_detail", conference=conference.slug, number=number)
    return render(
        request,
        "reviews/decisions/detail.html",
        {
            "conference": conference,
            "submission": submission,
            "form": form,
            "history": history,
            "latest": latest,
            "response": AuthorResponse.objects.filter(submission=submission).first(),
            "can_release": allowed(request.user, RELEASE, conference),
        },
    )


def _posted_submissions(request, conference, perm_each: str) -> list[Submission]:
    """The submissions whose ids were posted (``submission``), each checked: any id the user
    may not act on refuses the whole request (404), so nothing is half done."""
    ids = []
    for value in request.POST.getlist("submission"):
        if not value.isdigit():
            raise Http404
        ids.append(int(value))
    found = {
        s.pk: s
        for s in Submission.objects.filter(conference=conference, pk__in=ids).select_related(
            "conference"
        )
    }
    chosen = []
    for pk in dict.fromkeys(ids):
        submission = found.get(pk)
        if submission is None or not allowed(request.user, perm_each, submission):
            raise Http404
        chosen.append(submission)
    return chosen


def _back(request, conference):
    target = request.POST.get("next", "")
    if target.startswith(f"/c/{conference.slug}/committee/") and "//" not in target:
        return redirect(target)
    return redirect("reviews:decisions", conference=conference.slug)


@login_required
@require_POST
def decisions_bulk(request, conference):
    conference, response = _conference(request, conference, VIEW)
    if response:
        return response
    chosen = _posted_submissions(request, conference, DECIDE)
    form = BulkDecisionForm(request.POST, outcomes=domain.allowed_outcomes(conference))
    if not chosen:
        messages.error(request, _("Choose at least one submission."))
        return _back(request, conference)
    if not form.is_valid():
        messages.error(request, _("Choose a decision for the selected submissions."))
        return _back(request, conference)
    try:
        decided = domain.decide_many(
            submissions=chosen, outcome=form.cleaned_data["outcome"], by=request.user
        )
    except domain.DecisionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)d decisions recorded.") % {"count": len(decided)})
    return _back(request, conference)


@login_required
@require_POST
def decisions_release(request, conference):
    conference, response = _conference(request, conference, RELEASE)
    if response:
        return response
    chosen = _posted_submissions(request, conference, DECIDE)
    released = domain.release_decisions(submissions=chosen, by=request.user)
    messages.success(
        request,
        _("%(count)d decisions released; the authors' mails are on their way.")
        % {"count": len(released)},
    )
    return redirect("reviews:notification_messages", conference=conference.slug)


@login_required
@require_http_methods(["GET"])
def notification_templates(request, conference):
    conference, response = _conference(request, conference, RELEASE)
    if response:
        return response
    rows = [
        (value, label, notifications.template_for(conference, value)[0])
        for value, label in domain.allowed_outcomes(conference)
    ]
    return render(
        request,
        "reviews/decisions/templates.html",
        {"conference": conference, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_template(request, conference, outcome: str):
    conference, response = _conference(request, conference, RELEASE)
    if response:
        return response
    if outcome not in dict(domain.allowed_outcomes(conference)):
        raise Http404
    subject, body = notifications.template_for(conference, outcome)
    form = NotificationTemplateForm(
        request.POST or None, initial={"subject": subject, "body": body}
    )
    if request.method == "POST" and form.is_valid():
        domain.save_notification_template(
            conference=conference,
            outcome=outcome,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
        )
        messages.success(request, _("Mail saved."))
        url = reverse(
            "reviews:notification_template",
            kwargs={"conference": conference.slug, "outcome": outcome},
        )
        preview = request.POST.get("preview", "")
        return redirect(f"{url}?preview={preview}" if preview.isdigit() else url)
    candidates = queries.decidable_submissions(request.user, conference).order_by("number")
    preview = None
    chosen = request.GET.get("preview", "")
    if chosen.isdigit():
        submission = candidates.filter(number=int(chosen)).first()
        if submission is not None:
            decision = domain.latest_decision(submission)
            if decision is None or decision.outcome != outcome:
                decision = Decision(submission=submission, outcome=outcome)
            preview = notifications.render(decision, subject=subject, body=body)
    return render(
        request,
        "reviews/decisions/template_form.html",
        {
            "conference": conference,
            "outcome_label": Outcome(outcome).label,
            "outcome": outcome,
            "form": form,
            "placeholders": notifications.PLACEHOLDERS,
            "candidates": candidates,
            "chosen": chosen,
            "preview": preview,
        },
    )


@login_required
@require_POST
def notification_retry(request, conference):
    conference, response = _conference(request, conference, RELEASE)
    if response:
        return response
    count = domain.retry_failed(conference=conference, by=request.user)
    messages.success(request, _("%(count)d failed messages sent again.") % {"count": count})
    return redirect("reviews:notification_messages", conference=conference.slug)


@login_required
@require_http_methods(["GET"])
def notification_messages(request, conference):
    conference, response = _conference(request, conference, RELEASE)
    if response:
        return response
    rows = (
        NotificationMessage.objects.filter(decision__submission__conference=conference)
        .exclude(
            decision__submission__in=Submission.objects.filter(conference=conference).exclude(
                pk__in=queries.decidable_submissions(request.user, conference).values("pk")
            )
        )
        .select_related("decision__submission")
        .order_by("decision__submission__number", "email")
    )
    rows = list(rows)
    counts = dict.fromkeys(NotificationMessage.State.values, 0)
    for row in rows:
        counts[row.state] += 1
    return render(
        request,
        "reviews/decisions/messages.html",
        {"conference": conference, "rows": rows, "counts": counts},
    )
