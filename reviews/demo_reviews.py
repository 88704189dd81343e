"""Demo reviews for ``manage.py demo``: the suggested review form, and submitted reviews for
the existing assignments (a few assignments are made first if there are none), some in
strong disagreement, a few left as drafts or not started, so that every cockpit page has
something to show.

Call :func:`add_demo_reviews` after the committee and the submissions exist. Idempotent: a
second call adds nothing.
"""

from __future__ import annotations

from django.db import transaction

from cfp.conflicts import is_conflicted
from cfp.models import Conference, Submission, SubmissionState

from .domain import reviewing as domain
from .models import Assignment, CommitteeMember, Review

# Recommendations (1 strong reject … 6 strong accept) per submission, in turn: agreement,
# strong disagreement, a clear reject, split, a clear accept, disagreement again.
PATTERNS = ((5, 5, 4), (6, 1, 3), (2, 1, 2), (4, 3, 5), (6, 5, 6), (1, 5, 6))
CONFIDENCE = (4, 3, 5)
COMMENTS = {
    1: "The paper does not yet make its argument; the data do not support the conclusions.",
    2: "An interesting topic, but the method is not described well enough to judge it.",
    3: "Promising; the analysis of the interviews needs to be more systematic.",
    4: "A useful contribution. Please clarify how participants were protected.",
    5: "A careful study of how people categorised as victims describe themselves.",
    6: "Excellent and important for practice: it should be discussed at the conference.",
}


def _make_assignments(conference: Conference, submissions: list[Submission]) -> None:
    reviewers = [
        m.user
        for m in CommitteeMember.objects.filter(conference=conference)
        .select_related("user")
        .order_by("pk")
    ]
    if not reviewers:
        return
    per_paper = min(3, len(reviewers))
    turn = 0
    for submission in submissions[:12]:
        authors = set(submission.authorships.values_list("user_id", flat=True))
        authors.add(submission.created_by_id)
        chosen = 0
        for _ in range(len(reviewers)):
            user = reviewers[turn % len(reviewers)]
            turn += 1
            if user.pk in authors or is_conflicted(user, submission):
                continue
            # The assignment part's domain is not on main yet: the demo writes the row itself.
            Assignment.objects.get_or_create(
                submission=submission,
                reviewer=user,
                defaults={"origin": Assignment.Origin.MANUAL},
            )
            chosen += 1
            if chosen == per_paper:
                break


def add_demo_reviews(conference: Conference) -> dict[str, int]:
    """Criteria (the suggested set) and reviews for the conference's assignments.

    Side effects: creates the suggested criteria if missing; creates assignments when the
    conference has none (up to 12 submissions, 3 reviewers each, never a conflicted pair or
    an author); writes submitted reviews following :data:`PATTERNS` (ignoring the review
    deadline, which a demo's dates may have passed), leaving the last reviewer of every third
    submission with a draft and of every fourth without a review. Returns counts.
    """
    with transaction.atomic():
        domain.load_suggested_criteria(conference=conference)
        submissions = list(
            Submission.objects.filter(
                conference=conference, state__in=SubmissionState.ACTIVE
            ).order_by("number")
        )
        if not Assignment.objects.filter(submission__conference=conference).exists():
            _make_assignments(conference, submissions)
        counts = {"submitted": 0, "draft": 0, "not_started": 0}
        for index, submission in enumerate(submissions):
            assignments = list(Assignment.objects.filter(submission=submission).order_by("pk"))
            if not assignments:
                continue
            pattern = PATTERNS[index % len(PATTERNS)]
            criteria = domain.criteria_for(submission)
            for position, assignment in enumerate(assignments):
                if Review.objects.filter(
                    submission=submission, reviewer=assignment.reviewer
                ).exists():
                    continue
                last = position == len(assignments) - 1 and len(assignments) > 1
                if last and index % 4 == 3:
                    counts["not_started"] += 1
                    continue
                recommendation = pattern[position % len(pattern)]
                draft = last and index % 3 == 2
                # Scores follow the recommendation on each criterion's scale.
                scores = {}
                for number, criterion in enumerate(criteria):
                    values = [p["value"] for p in criterion.scale]
                    step = (recommendation - 1) * (len(values) - 1) / 5
                    wobble = (number + position) % 3 - 1
                    pick = max(0, min(len(values) - 1, round(step) + wobble))
                    scores[criterion.pk] = values[pick]
                domain.save_review(
                    submission=submission,
                    reviewer=assignment.reviewer,
                    scores=scores,
                    recommendation=recommendation,
                    confidence=CONFIDENCE[position % len(CONFIDENCE)],
                    comments_to_authors=COMMENTS[recommendation],
                    confidential_comments=(
                        "I would not fight for this one." if recommendation <= 3 else ""
                    ),
                    submit=not draft,
                    ignore_deadline=True,
                )
                counts["draft" if draft else "submitted"] += 1
    return counts
