"""The reviewer's queue: the papers assigned to them, and the paper to download (the blind
copy under a neutral name under double-blind review). Reviewing itself comes later."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from cfp.domain import blind_download_name, record_download
from cfp.models import Authorship, Conference, Submission, SubmissionFile
from cfp.rules import allowed, is_submission_author

from ..queries import assigned_submissions


def _conference(request, slug) -> Conference:
    conference = get_object_or_404(Conference, slug=slug)
    if not allowed(request.user, "reviews.view_queue", conference):
        if not conference.is_public:
            raise Http404
        raise PermissionDenied
    return conference


@login_required
def queue(request, conference):
    """The papers assigned to the reviewer (never a conflicted one), with title, type,
    themes and abstract; authors only when the review is not double-blind."""
    conference = _conference(request, conference)
    double_blind = conference.is_double_blind
    papers = SubmissionFile.objects.filter(kind=SubmissionFile.Kind.PAPER).order_by("-version")
    prefetches = [
        "themes",
        Prefetch("files", queryset=papers.only("pk", "submission_id", "version"), to_attr="papers"),
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
    return render(
        request,
        "reviews/queue/queue.html",
        {"conference": conference, "submissions": submissions, "double_blind": double_blind},
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
