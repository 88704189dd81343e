"""Load the 2017 Mahidol / UN-ACT call. Idempotent; ``--open-now`` shifts its dates."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cfp import deadlines
from cfp.seed_mahidol import BANGKOK, load_mahidol_call


class Command(BaseCommand):
    help = (
        "Create or update the 2017 conference 'Irregular Migrants, Refugees or Victims of "
        "Human-Trafficking?' from its call. Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--open-now",
            action="store_true",
            help="Shift every date so that the call is open today (deadline in 30 days).",
        )
        parser.add_argument(
            "--today",
            help="Pretend today is this date (YYYY-MM-DD, in Bangkok); for tests and demos.",
        )

    def handle(self, *args, open_now: bool, today: str | None, **options):
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today must be YYYY-MM-DD, not {today!r}") from exc
        else:
            day = timezone.now().astimezone(BANGKOK).date()
        result = load_mahidol_call(open_now=open_now, today=day)
        for line in result.created:
            self.stdout.write(f"  created {line}")
        for line in result.updated:
            self.stdout.write(f"  updated {line}")
        conference = result.conference
        deadline = deadlines.effective_submission_deadline(conference)
        summary = (
            f"{conference.slug}: {'changed' if result.changed else 'already up to date'}; "
            f"submission deadline {deadline.astimezone(conference.tz):%Y-%m-%d %H:%M} "
            f"({conference.timezone}), dates are placeholders."
        )
        self.stdout.write(self.style.SUCCESS(summary))
