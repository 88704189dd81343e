"""The authors' page of reviews and decision, with the response to the reviewers; and the
committee's reading of that response.

Authors (the submission's authors) see the page when there is something to show: the
response phase is open (the comments to authors, to answer) or the decision is released.
They never see a reviewer's name (reviews are "Review 1, 2, …"), never the confidential
comments, and nothing of the decision before its release. The submission's editors answer,
once, within the word limit.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cfp.models import Submission
from cfp.rules import allowed
from cfp.views.submissions.access import get_submission
from cfp.wordcount import count_words

from ..domain import decisions as domain
from ..forms.decisions import AuthorResponseForm
from ..models import AuthorResponse, Outcome, Review, ReviewScore


def reviews_for_authors(submission, *, with_scores: bool) -> list[dict]:
    """The submitted reviews as authors may read them: numbered, comments to authors (and
    the scores once released); no reviewer, no confidential comments, no recommendation."""
    reviews = (
        Review.objects.filter(submission=submission, state=Review.State.SUBMITTED)
        .order_by("submitted_at", "pk")
        .only("pk", "comments_to_authors")
    )
    scores: dict[int, list] = {}
    shown = ReviewScore.objects.filter(review__in=reviews).select_related("criterion")
    for score in shown if with_scores else []:
        label = next(
            (s.get("label", "") for s in score.criterion.scale if s.get("value") == score.value),
            "",
        )
        scores.setdefault(score.review_id, []).append((score.criterion.name, score.value, label))
    return [
        {
            "number": n,
            "comments": review.comments_to_authors,
            "scores": scores.get(review.pk, []),
        }
        for n, review in enumerate(reviews, start=1)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def author_reviews(request, conference, reference):
    submission = get_submission(request, conference, reference)
    user = request.user
    if not allowed(user, "reviews.view_author_reviews", submission):
        raise Http404
    conference = submission.conference
    settings_row = domain.reviewing_settings(conference)
    now = timezone.now()
    phase_open = domain.response_phase_is_open(conference, now)
    decision = None
    if allowed(user, "reviews.see_released_decision", submission):
        decision = domain.latest_decision(submission)
    released = decision is not None and settings_row.reviews_released_to_authors
    show_reviews = phase_open or released
    existing = AuthorResponse.objects.filter(submission=submission).first()
    can_respond = existing is None and allowed(user, "reviews.respond_to_reviews", submission)
    form = AuthorResponseForm(request.POST or None) if can_respond else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                domain.submit_author_response(
                    submission=submission, text=form.cleaned_data["text"], by=user, now=now
                )
            except domain.DecisionError as error:
                form.add_error("text", error.message)
            else:
                messages.success(request, _("Your response was sent to the committee."))
                return redirect(
                    "reviews:author_reviews", conference=conference.slug, reference=reference
                )
    return render(
        request,
        "reviews/author/reviews.html",
        {
            "conference": conference,
            "submission": submission,
            "decision": decision,
            "revisions": decision.required_revisions
            if decision and decision.outcome == Outcome.ACCEPT_WITH_REVISIONS
            else "",
            "reviews": reviews_for_authors(submission, with_scores=released)
            if show_reviews
            else None,
            "response": existing,
            "form": form,
            "word_limit": settings_row.author_response_word_limit,
            "closes": settings_row.author_response_closes,
            "phase_open": phase_open,
            "response_words": count_words(existing.text) if existing else 0,
        },
    )


@login_required
@require_http_methods(["GET"])
def committee_author_response(request, conference, number: int):
    """The authors' response, for the paper's reviewers (after their own review) and chairs."""
    submission = get_object_or_404(
        Submission.objects.select_related("conference"),
        conference__slug=conference,
        number=number,
    )
    if not allowed(request.user, "reviews.read_author_response", submission):
        raise Http404
    return render(
        request,
        "reviews/author/committee_response.html",
        {
            "conference": submission.conference,
            "submission": submission,
            "response": AuthorResponse.objects.filter(submission=submission).first(),
        },
    )


def submission_links(submission, user) -> list[tuple[str, str]]:
    """For cfp's author page: the link to this page when there is something to show."""
    from django.urls import reverse

    if not allowed(user, "reviews.view_author_reviews", submission):
        return []
    url = reverse(
        "reviews:author_reviews",
        kwargs={"conference": submission.conference.slug, "reference": submission.reference},
    )
    return [(_("Reviews and decision"), url)]
