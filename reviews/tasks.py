"""Background work of the reviews app (eager in dev and tests, a Celery worker in production)."""

from __future__ import annotations

from celery import shared_task


# A run may outlast the broker's visibility timeout on a large conference: acknowledged on
# receipt, without the hard time limit (the engine has its own), and safe to redeliver
# (``execute_run`` leaves a finished run alone).
@shared_task(
    name="reviews.tasks.run_assignment", acks_late=False, time_limit=None, soft_time_limit=None
)
def run_assignment(run_id: int) -> str:
    """Compute the preview of an assignment run."""
    from .domain.assignment import execute_run

    return execute_run(run_id).state


@shared_task(name="reviews.tasks.notify_new_assignments")
def notify_new_assignments(conference_id: int) -> int:
    """Mail each reviewer their assignments not yet notified (never twice)."""
    from cfp.models import Conference

    from .domain.assignment import notify_new_assignments as notify

    conference = Conference.objects.filter(pk=conference_id).first()
    return notify(conference=conference) if conference else 0
