"""The reviewer's queue — the one page a reviewer works from: each paper assigned to them
with the state of their review (not started, draft, submitted), the time left to change it,
the paper to download (the blind copy under a neutral name under double-blind review), and
the links to write or edit the review and to decline it; the papers they declined, below.
The former "Your reviews" page (``reviews:mine``) redirects here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from cfp import deadlines
from cfp.domain import blind_download_name, record_download
from cfp.models import Authorship, Conference, Submission, SubmissionFile
from cfp.rules import allowed, is_submission_author

from ..domain import reviewing as reviewing_domain
from ..models import DeclinedAssignment, Review, ReviewScore
from ..queries import assigned_submissions


def _conference(request, slug) -> Conference:
    """Anyone on the committee, and organisers (whose queue may well be empty)."""
    conference = get_object_or_404(Conference, slug=slug)
    if not allowed(request.user, "reviews.view_committee_area", conference):
        if not conference.is_public:
            raise Http404
        raise PermissionDenied
    return conference


class QueueRow:
    """One assigned paper and where its review stands, for the template."""

    def __init__(self, submission, review, conference, now):
        self.submission = submission
        self.review = review
        self.state = review.state if review is not None else None
        papers = submission.papers
        # Under double-blind only the blind copy is ever served (see queue_download).
        self.downloadable = bool(papers) and (
            not conference.is_double_blind or bool(papers[0].blind_file)
        )
        self.editable_until = reviewing_domain.editable_until(review, conference)
        self.editable = reviewing_domain.is_editable(review, conference, now)
        self.time_left = (
            deadlines.time_left(self.editable_until, now) if self.editable_until is not None else ""
        )
        self.can_decline = self.editable and not reviewing_domain.is_started(review)


@login_required
def queue(request, conference):
    """The papers assigned to the reviewer (never a conflicted one), with title, type,
    themes, abstract and authors only when the review is not double-blind; their review's
    state and time left; the download; write/edit and decline. Queries do not grow with
    the number of papers."""
    conference = _conference(request, conference)
    double_blind = conference.is_double_blind
    papers = SubmissionFile.objects.filter(kind=SubmissionFile.Kind.PAPER).order_by("-version")
    prefetches = [
        "themes",
        Prefetch(
            "files",
            queryset=papers.only("pk", "submission_id", "version", "blind_file"),
            to_attr="papers",
        ),
    ]
    if not double_blind:
        prefetches.append(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.only(
                    "pk", "submission_id", "full_name", "affiliation", "order"
                ),
            )
        )
    submissions = list(
        assigned_submissions(request.user, conference)
        .select_related("contribution_type")
        .prefetch_related(*prefetches)
        .order_by("number")
    )
    reviews = {
        review.submission_id: review
        for review in Review.objects.filter(
            reviewer=request.user, submission__in=[s.pk for s in submissions]
        ).prefetch_related(Prefetch("scores", queryset=ReviewScore.objects.only("pk", "review")))
    }
    now = timezone.now()
    rows = [QueueRow(s, reviews.get(s.pk), conference, now) for s in submissions]
    declined = list(
        DeclinedAssignment.objects.filter(
            reviewer=request.user,
            submission__in=Submission.objects.filter(conference=conference)
            .excluding_conflicts_of(request.user)
            .exclude(pk__in=[s.pk for s in submissions]),
        )
        .select_related("submission")
        .order_by("-declined_at", "pk")
    )
    return render(
        request,
        "reviews/queue/queue.html",
        {
            "conference": conference,
            "rows": rows,
            "declined": declined,
            "double_blind": double_blind,
            "deadline": reviewing_domain.review_deadline(conference),
            "States": Review.State,
        },
    )


def my_reviews(request, conference):
    """The former "Your reviews" page: moved for good to the one queue."""
    return HttpResponsePermanentRedirect(
        reverse("reviews:queue", kwargs={"conference": conference})
    )


@login_required
def queue_download(request, conference, number):
    """The latest paper of an assigned submission; 404 to anyone not assigned or conflicted.
    Under double-blind the blind copy under ``submission-<opaque>.pdf``; logged as every
    non-author download."""
    conference = get_object_or_404(Conference, slug=conference)
    submission = get_object_or_404(Submission, conference=conference, number=number)
    if not allowed(request.user, "reviews.review_submission", submission):
        raise Http404
    stored = submission.files.filter(kind=SubmissionFile.Kind.PAPER).order_by("-version").first()
    if stored is None:
        raise Http404
    if conference.is_double_blind:
        if not stored.blind_file:
            raise Http404  # never the original under double-blind
        handle, filename = stored.blind_file.open("rb"), blind_download_name(stored)
    else:
        handle = stored.file.open("rb")
        filename = f"{conference.slug}-{submission.number}-paper-v{stored.version}.pdf"
    record_download(
        file=stored, user=request.user, by_author=is_submission_author(request.user, submission)
    )
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
