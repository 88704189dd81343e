"""Remind authors of unsubmitted drafts 48 and 24 hours before the deadline.

Safe to run from cron as often as you like: nobody gets the same reminder twice. With Celery
beat running, the task ``cfp.tasks.send_draft_reminders`` does the same every 15 minutes.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cfp.domain import send_draft_reminders


class Command(BaseCommand):
    help = "Remind authors of drafts not yet submitted, 48 and 24 hours before the deadline."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Pretend it is this ISO 8601 instant (with its UTC offset), for trying it out.",
        )

    def handle(self, *args, now=None, **options):
        if now:
            try:
                instant = dt.datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(f"--now must be ISO 8601, not {now!r}") from exc
            if instant.tzinfo is None:
                raise CommandError("--now needs a UTC offset, e.g. 2026-06-29T12:00+07:00")
        else:
            instant = timezone.now()
        sent = send_draft_reminders(now=instant)
        self.stdout.write(f"{sent} reminder(s) queued.")
