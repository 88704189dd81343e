"""Periodic work of the cfp app (scheduled in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="cfp.tasks.send_draft_reminders")
def send_draft_reminders() -> int:
    """Remind authors of drafts 48 and 24 hours before the deadline (each person once)."""
    from .domain import send_draft_reminders as send

    return send(now=timezone.now())


# Acknowledged on receipt, without the hard time limit: walking a large storage may outlast
# the broker's visibility timeout, and a lost run is simply redone the next day.
@shared_task(name="cfp.tasks.purge_pending_uploads", acks_late=False, time_limit=None)
def purge_pending_uploads() -> int:
    """Delete uploads kept from unsaved forms after 14 days, and files that no row names
    after an hour (safe to repeat)."""
    from .domain.orphans import purge_orphaned_files
    from .domain.pending import purge_pending_uploads as purge

    now = timezone.now()
    return purge(now=now) + purge_orphaned_files(now=now)
