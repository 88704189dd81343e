"""Demo data for decisions: released decisions (with their mails) for a few submitted papers."""

from __future__ import annotations

from cfp.models import Submission, SubmissionState

from .domain import decisions as domain
from .models import Decision, Outcome

DEMO_OUTCOMES = [
    Outcome.ACCEPT_PAPER,
    Outcome.ACCEPT_POSTER,
    Outcome.ACCEPT_WITH_REVISIONS,
    Outcome.WAITLIST,
    Outcome.REJECT,
]


def add_demo_decisions(conference, *, count: int = 5) -> list[Decision]:
    """Decide and release up to ``count`` submitted papers of ``conference``, one outcome each
    in turn, through the domain (so states and mails are real), leaving the last submitted
    paper undecided so that the demo still shows one waiting. Idempotent: once the conference
    has a decision, nothing more is decided. Returns the decisions released."""
    if Decision.objects.filter(submission__conference=conference).exists():
        return []
    submitted = list(
        Submission.objects.filter(conference=conference, state=SubmissionState.SUBMITTED).order_by(
            "number"
        )
    )
    papers = submitted[: min(count, len(submitted) - 1)]
    if not papers:
        return []
    chair = conference.organisers.order_by("pk").first()
    offered = dict(domain.allowed_outcomes(conference))
    outcomes = [o for o in DEMO_OUTCOMES if o in offered]
    for index, paper in enumerate(papers):
        outcome = outcomes[index % len(outcomes)]
        domain.decide(
            submission=paper,
            outcome=outcome,
            by=chair,
            required_revisions="Shorten the literature review and add the interview protocol."
            if outcome == Outcome.ACCEPT_WITH_REVISIONS
            else "",
        )
    return domain.release_decisions(submissions=papers, by=chair)
