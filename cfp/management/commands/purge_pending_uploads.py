"""Delete files kept from forms that were never saved, after 14 days.

Safe to run from cron as often as you like. With Celery beat running, the task
``cfp.tasks.purge_pending_uploads`` does the same every day.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from cfp.domain.pending import PENDING_UPLOAD_DAYS, purge_pending_uploads


class Command(BaseCommand):
    help = f"Delete uploads kept from unsaved submission forms after {PENDING_UPLOAD_DAYS} days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=PENDING_UPLOAD_DAYS)

    def handle(self, *args, days=PENDING_UPLOAD_DAYS, **options):
        deleted = purge_pending_uploads(now=timezone.now(), days=days)
        self.stdout.write(f"{deleted} kept upload(s) deleted.")
