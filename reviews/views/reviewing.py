"""Reviewing: the organisers' review form (criteria), the reviewer's review page (draft,
submit, read-only after the deadline unless reopened), declining an assignment, the chair's
list of declines, reopening one review, and the switch for seeing other reviews.

Reviewer pages answer 404 to anyone who may not write the review (the page exists only for
its reviewer; a conflict hides it even from an assigned reviewer). Organiser pages go through
``cfp.access.organiser_required``; the chair's pages (declines, reopening) take organisers and
theme chairs (``reviews.manage_committee`` / ``reviews.manage_submission``) with the same MFA
policy.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cfp import deadlines
from cfp.access import organiser_mfa_gate, organiser_required
from cfp.models import Conference, Submission
from cfp.rules import allowed

from .. import queries
from ..domain import reviewing as domain
from ..forms.reviewing import (
    CriterionForm,
    DeclineForm,
    ReopenForm,
    ReviewForm,
    ReviewingSettingsForm,
)
from ..models import Assignment, Review, ReviewCriterion, ReviewScore

# --- the organisers' review form


def _criteria_url(conference: Conference) -> str:
    return reverse("reviews:criteria", kwargs={"conference": conference.slug})


@organiser_required
def criteria(request: HttpRequest, conference: Conference) -> HttpResponse:
    items = list(
        ReviewCriterion.objects.filter(conference=conference)
        .prefetch_related("contribution_types")
        .order_by("order", "pk")
    )
    return render(
        request,
        "reviews/reviewing/criteria.html",
        {
            "conference": conference,
            "items": items,
            "shows_others": domain.shows_others_reviews(conference),
        },
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def criterion_form(request: HttpRequest, conference: Conference, pk: int | None = None):
    criterion = get_object_or_404(ReviewCriterion, pk=pk, conference=conference) if pk else None
    form = CriterionForm(
        request.POST if request.method == "POST" else None,
        conference=conference,
        criterion=criterion,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save()
        except domain.ReviewingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("“%(item)s” was saved.") % {"item": saved.name})
            return redirect(_criteria_url(conference) + f"#criterion-{saved.pk}")
    scored = criterion is not None and ReviewScore.objects.filter(criterion=criterion).exists()
    return render(
        request,
        "reviews/reviewing/criterion_form.html",
        {"conference": conference, "form": form, "item": criterion, "scored": scored},
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def criterion_delete(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    criterion = get_object_or_404(ReviewCriterion, pk=pk, conference=conference)
    if request.method == "POST":
        try:
            domain.delete_criterion(criterion=criterion)
        except domain.CriterionInUse as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("“%(item)s” was deleted.") % {"item": criterion.name})
        return redirect(_criteria_url(conference))
    return render(
        request,
        "reviews/reviewing/criterion_delete.html",
        {"conference": conference, "item": criterion},
    )


@organiser_required
@require_POST
def criterion_move(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    criterion = get_object_or_404(ReviewCriterion, pk=pk, conference=conference)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the criterion up or down."))
    elif domain.move_criterion(criterion=criterion, up=direction == "up"):
        messages.success(request, _("“%(item)s” was moved.") % {"item": criterion.name})
    return redirect(_criteria_url(conference) + f"#criterion-{criterion.pk}")


@organiser_required
@require_POST
def criteria_suggested(request: HttpRequest, conference: Conference) -> HttpResponse:
    created = domain.load_suggested_criteria(conference=conference)
    if created:
        messages.success(
            request,
            _("Added: %(names)s.") % {"names": ", ".join(c.name for c in created)},
        )
    else:
        messages.info(request, _("The suggested criteria are all there already."))
    return redirect(_criteria_url(conference))


@organiser_required
@require_http_methods(["GET", "POST"])
def reviewing_settings(request: HttpRequest, conference: Conference) -> HttpResponse:
    form = ReviewingSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"others_reviews_after_own": domain.shows_others_reviews(conference)},
    )
    if request.method == "POST" and form.is_valid():
        domain.update_reviewing_settings(
            conference=conference,
            others_reviews_after_own=form.cleaned_data["others_reviews_after_own"],
        )
        messages.success(request, _("The reviewing settings were saved."))
        return redirect(_criteria_url(conference))
    return render(
        request, "reviews/reviewing/settings.html", {"conference": conference, "form": form}
    )


# --- the chair: declines and reopening


def chair_required(view):
    """Organisers and theme chairs of the conference (``reviews.manage_committee``), with
    the organisers' MFA policy; 403 to others on a public conference, else 404."""

    @wraps(view)
    def wrapper(request, conference, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        conference_obj = get_object_or_404(Conference, slug=conference)
        if not allowed(request.user, "reviews.manage_committee", conference_obj):
            if not conference_obj.is_public:
                raise Http404
            raise PermissionDenied
        if (response := organiser_mfa_gate(request)) is not None:
            return response
        return view(request, conference_obj, *args, **kwargs)

    return wrapper


@chair_required
def declines(request: HttpRequest, conference: Conference) -> HttpResponse:
    rows = list(queries.declined_for(conference, request.user))
    return render(
        request,
        "reviews/reviewing/declines.html",
        {"conference": conference, "rows": rows},
    )


@chair_required
@require_POST
def decline_handled(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    declined = get_object_or_404(queries.declined_for(conference, request.user), pk=pk)
    domain.mark_decline_handled(declined=declined)
    messages.success(request, _("Marked as handled."))
    return redirect("reviews:declines", conference=conference.slug)


@chair_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    review = get_object_or_404(
        Review.objects.select_related("submission", "reviewer"),
        pk=pk,
        submission__in=queries.managed_submissions(request.user, conference),
    )
    form = ReopenForm(request.POST if request.method == "POST" else None, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            domain.reopen_review(review=review, until=form.until_instant())
        except domain.ReviewingError as exc:
            form.add_error("until", str(exc))
        else:
            messages.success(request, _("The review can be changed again."))
            return redirect("reviews:reopen", conference=conference.slug, pk=review.pk)
    return render(
        request,
        "reviews/reviewing/reopen.html",
        {
            "conference": conference,
            "review": review,
            "form": form,
            "deadline": domain.review_deadline(conference),
            "editable_until": domain.editable_until(review, conference),
            "is_editable": domain.is_editable(review, conference),
        },
    )


# --- the reviewer


def _reviewer_submission(request: HttpRequest, conference: str, reference: str):
    """The conference and the submission ``request.user`` may review; 404 otherwise."""
    submission = get_object_or_404(
        Submission.objects.select_related("conference", "contribution_type"),
        conference__slug=conference,
        reference=reference.replace("-", "").upper(),
    )
    if not allowed(request.user, "reviews.write_review", submission):
        raise Http404
    return submission


def _login_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _other_reviews(request, submission, criteria_list) -> tuple[list, int | None]:
    """The other submitted reviews ``request.user`` may read, each with a stable label
    ("Reviewer 2"), and the user's own number. Numbers follow the order of submission, the
    same for every reader."""
    if not allowed(request.user, "reviews.view_other_reviews", submission):
        return [], None
    submitted = list(
        Review.objects.filter(submission=submission, state=Review.State.SUBMITTED)
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.order_by("pk")))
        .order_by("submitted_at", "pk")
    )
    visible = {r.pk for r in queries.other_reviews_visible_to(request.user, submission)}
    others, own = [], None
    for number, review in enumerate(submitted, start=1):
        if review.reviewer_id == request.user.pk:
            own = number
        elif review.pk in visible:
            values = {score.criterion_id: score.value for score in review.scores.all()}
            scores = []
            for criterion in criteria_list:  # the form's order; others' criteria left out
                if (value := values.get(criterion.pk)) is None:
                    continue
                label = next((p["label"] for p in criterion.scale if p["value"] == value), "")
                scores.append((criterion.name, value, label))
            others.append((number, review, scores))
    return others, own


@_login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, conference: str, reference: str) -> HttpResponse:
    submission = _reviewer_submission(request, conference, reference)
    conference_obj = submission.conference
    existing = (
        Review.objects.filter(submission=submission, reviewer=request.user)
        .prefetch_related("scores")
        .first()
    )
    criteria_list = domain.criteria_for(submission)
    editable = domain.is_editable(existing, conference_obj)
    # A submitted review stays submitted: every later save must be complete.
    submitting = request.POST.get("action") == "submit" or (
        existing is not None and existing.state == Review.State.SUBMITTED
    )
    if request.method == "POST" and editable:
        form = ReviewForm(request.POST, criteria=criteria_list, submit=submitting)
        if form.is_valid():
            try:
                saved = form.save(submission=submission, reviewer=request.user)
            except domain.ReviewIncomplete as exc:
                form.add_error(None, str(exc))
            except domain.ReviewingError as exc:
                form.add_error(None, str(exc))
            else:
                if saved.state == Review.State.SUBMITTED:
                    messages.success(request, _("Your review is submitted. Thank you."))
                else:
                    messages.success(request, _("Your draft is saved; it is not submitted yet."))
                return redirect(
                    "reviews:review", conference=conference_obj.slug, reference=submission.reference
                )
        status = 200
    elif request.method == "POST":
        # Too late: nothing is saved, but what was typed is shown again, to be copied.
        messages.error(
            request,
            _("The review deadline has passed: nothing was changed. Your text is below."),
        )
        form = ReviewForm(request.POST, criteria=criteria_list)
        status = 409
    else:
        form = ReviewForm(criteria=criteria_list, initial=ReviewForm.initial_from(existing))
        status = 200
        if not editable:
            for field in form.fields.values():
                field.disabled = True
    authors = []
    if not conference_obj.is_double_blind:
        authors = list(submission.authorships.order_by("order", "pk"))
    others, own_number = _other_reviews(request, submission, criteria_list)
    return render(
        request,
        "reviews/reviewing/review.html",
        {
            "conference": conference_obj,
            "submission": submission,
            "themes": list(submission.themes.all()),
            "authors": authors,
            "review": existing,
            "form": form,
            "editable": editable,
            "editable_until": domain.editable_until(existing, conference_obj),
            "time_left": (
                deadlines.time_left(until, timezone.now())
                if (until := domain.editable_until(existing, conference_obj)) and editable
                else ""
            ),
            "others": others,
            "own_number": own_number,
            "others_switched_off": not domain.shows_others_reviews(conference_obj),
            "show_reviewer_names": not conference_obj.is_double_blind,
            "can_decline": not domain.is_started(existing),
        },
        status=status,
    )


@_login_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, conference: str, reference: str) -> HttpResponse:
    submission = _reviewer_submission(request, conference, reference)
    assignment = get_object_or_404(Assignment, submission=submission, reviewer=request.user)
    existing = Review.objects.filter(submission=submission, reviewer=request.user).first()
    if domain.is_started(existing):
        messages.error(
            request, _("You have started this review: ask the chair to reassign it instead.")
        )
        return redirect("reviews:review", conference=conference, reference=submission.reference)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.decline_assignment(assignment=assignment, reason=form.cleaned_data["reason"])
        except domain.CannotDecline as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("You declined. The chair has been told why."))
            return redirect("reviews:queue", conference=conference)
    return render(
        request,
        "reviews/reviewing/decline.html",
        {"conference": submission.conference, "submission": submission, "form": form},
    )
