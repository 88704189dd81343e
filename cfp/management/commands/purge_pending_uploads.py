"""Delete files kept from forms that were never saved, after 14 days, and files that no row
names (left by a process killed mid-request), after an hour.

Safe to run from cron as often as you like. With Celery beat running, the task
``cfp.tasks.purge_pending_uploads`` does the same every day.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from cfp.domain.orphans import GRACE, purge_orphaned_files
from cfp.domain.pending import PENDING_UPLOAD_DAYS, purge_pending_uploads


class Command(BaseCommand):
    help = (
        f"Delete uploads kept from unsaved submission forms after {PENDING_UPLOAD_DAYS} days, "
        "and files that no row names after a grace period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=PENDING_UPLOAD_DAYS)
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=int(GRACE.total_seconds() // 60),
            help="Only delete unreferenced files older than this (in-flight uploads are safe).",
        )

    def handle(self, *args, days=PENDING_UPLOAD_DAYS, grace_minutes=60, **options):
        now = timezone.now()
        deleted = purge_pending_uploads(now=now, days=days)
        self.stdout.write(f"{deleted} kept upload(s) deleted.")
        orphans = purge_orphaned_files(now=now, grace=dt.timedelta(minutes=grace_minutes))
        self.stdout.write(f"{orphans} file(s) that no row names deleted.")
