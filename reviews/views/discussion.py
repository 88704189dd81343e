"""The committee's discussion of one submission, and the meta-review.

Open to those who manage the submission (organisers, its theme chairs) and to its assigned
reviewers once they have submitted their own review; never to a conflicted member. Everyone
else gets 404: the page would confirm the submission exists. No author appears on this page,
whatever the blind mode; under double-blind reviewers appear to other reviewers as
"Reviewer N".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cfp.markdown import markdown_to_safe_html
from cfp.models import Conference
from cfp.rules import allowed

from .. import queries
from ..domain import discussion
from ..forms.cockpit import MetaReviewForm, PostForm
from ..models import DiscussionPost, MetaReview, Review

# The meta-review's form shares the page with the message form: its own field names and ids.
META_PREFIX = "meta"


def _submission(request, conference: str, number: int):
    conference_obj = get_object_or_404(Conference, slug=conference)
    submission = get_object_or_404(
        queries.discussable_submissions(request.user, conference_obj).select_related(
            "conference", "contribution_type"
        ),
        number=number,
    )
    return conference_obj, submission


def _label(author_id, *, viewer, numbers, names, show_names: bool) -> str:
    if author_id is None:
        return _("A former committee member")
    if author_id in numbers:
        reviewer = _("Reviewer %(n)d") % {"n": numbers[author_id]}
        if author_id == viewer.pk:
            return _("You (%(reviewer)s)") % {"reviewer": reviewer}
        return f"{names[author_id]} ({reviewer})" if show_names else reviewer
    if author_id == viewer.pk:
        return _("You (chair)")
    return _("%(name)s (chair)") % {"name": names[author_id]}


def thread(request, conference: str, number: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    conference_obj, submission = _submission(request, conference, number)
    user = request.user
    manages = allowed(user, "reviews.write_meta_review", submission)
    form = PostForm()
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                discussion.post_message(
                    submission=submission, author=user, text=form.cleaned_data["text"]
                )
            except discussion.PostRefused:
                messages.error(
                    request, _("Too many messages in a short time; please wait a little.")
                )
            else:
                messages.success(request, _("Your message was posted."))
                return redirect(
                    "reviews:discussion", conference=conference_obj.slug, number=submission.number
                )
    numbers = discussion.reviewer_numbers(submission)
    posts = list(DiscussionPost.objects.filter(submission=submission).select_related("author"))
    names = {p.author_id: p.author.full_name for p in posts if p.author_id}
    show_names = manages or not conference_obj.is_double_blind
    meta = MetaReview.objects.filter(submission=submission).select_related("author").first()
    # The chairs see every review of the submission here, each submitted one with the link to
    # reopen it past the deadline (reviews:reopen).
    reviews = (
        list(
            Review.objects.filter(submission=submission)
            .select_related("reviewer")
            .order_by("submitted_at", "pk")
        )
        if manages
        else []
    )
    return render(
        request,
        "reviews/discussion/thread.html",
        {
            "conference": conference_obj,
            "submission": submission,
            "posts": [
                {
                    "post": post,
                    "label": _label(
                        post.author_id,
                        viewer=user,
                        numbers=numbers,
                        names=names,
                        show_names=show_names,
                    ),
                    "html": markdown_to_safe_html(post.text, top_heading_level=3),
                }
                for post in posts
            ],
            "form": form,
            "meta": meta,
            "meta_html": markdown_to_safe_html(meta.text, top_heading_level=3) if meta else "",
            "meta_form": MetaReviewForm(instance=meta, prefix=META_PREFIX) if manages else None,
            "manages": manages,
            "reviews": [(numbers.get(r.reviewer_id), r) for r in reviews],
        },
    )


def meta_review(request, conference: str, number: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _save_meta_review(request, conference, number)


@require_POST
def _save_meta_review(request, conference: str, number: int):
    conference_obj, submission = _submission(request, conference, number)
    if not allowed(request.user, "reviews.write_meta_review", submission):
        raise PermissionDenied
    form = MetaReviewForm(request.POST, prefix=META_PREFIX)
    if form.is_valid():
        discussion.save_meta_review(
            submission=submission, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("The meta-review was saved."))
    else:
        messages.error(request, _("The meta-review is too long."))
    return redirect("reviews:discussion", conference=conference_obj.slug, number=submission.number)
