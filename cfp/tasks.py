"""Periodic work of the cfp app (scheduled in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="cfp.tasks.send_draft_reminders")
def send_draft_reminders() -> int:
    """Remind authors of drafts 48 and 24 hours before the deadline (each person once)."""
    from .domain import send_draft_reminders as send

    return send(now=timezone.now())


@shared_task(name="cfp.tasks.purge_pending_uploads")
def purge_pending_uploads() -> int:
    """Delete uploads kept from unsaved forms after 14 days (safe to repeat)."""
    from .domain.pending import purge_pending_uploads as purge

    return purge(now=timezone.now())
