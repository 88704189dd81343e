"""The author's dashboard: every submission they are an author of, and what to do next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, domain
from ..models import Authorship, Conference, Submission, SubmissionFile, SubmissionState


def next_step(submission: Submission, *, user, now, editable: bool) -> str:
    """What the author should do next, in one sentence."""
    if domain.needs_authorship_confirmation(submission, user):
        return _("Confirm that you are an author of this paper.")
    if submission.state == SubmissionState.DRAFT:
        if editable:
            return _("Complete the draft and submit it before the deadline.")
        return _("The deadline has passed; this draft was not submitted.")
    if submission.state == SubmissionState.SUBMITTED:
        if editable:
            return _("Nothing to do. You may still make changes until the deadline.")
        return _("Nothing to do: the submission is being reviewed.")
    if submission.state == SubmissionState.WITHDRAWN:
        return _("Nothing to do: the submission was withdrawn.")
    return _("The decision has been released.")


@login_required
def dashboard(request):
    """My submissions, as submitter or co-author, and the calls open now. A fixed number of
    queries for any count."""
    now = timezone.now()
    submissions = list(
        Submission.objects.of_author(request.user)
        .select_related("conference", "contribution_type")
        .prefetch_related(
            "themes",
            Prefetch(
                "authorships",
                queryset=Authorship.objects.only("pk", "submission_id", "user_id", "confirmed_at"),
            ),
            Prefetch(
                "files",
                queryset=SubmissionFile.objects.filter(kind=SubmissionFile.Kind.PAPER).only(
                    "pk", "submission_id", "kind", "version", "page_count", "uploaded_at"
                ),
            ),
        )
        .order_by("-conference__start_date", "conference_id", "number")
    )
    rows = []
    for submission in submissions:
        editable = domain.is_editable(submission, now)
        deadline = domain.editing_deadline(submission)
        rows.append(
            {
                "submission": submission,
                "paper": domain.latest_file(submission),
                "editable": editable,
                "deadline": deadline,
                "time_left": deadlines.time_left(deadline, now) if editable else "",
                "next_step": next_step(submission, user=request.user, now=now, editable=editable),
            }
        )
    # One query: the public calls open now, each with a "New submission" button.
    open_calls = [
        c
        for c in Conference.objects.public().order_by("submission_closes", "pk")
        if deadlines.is_submission_open(c, now)
    ]
    return render(
        request, "cfp/dashboard.html", {"rows": rows, "now": now, "open_calls": open_calls}
    )
