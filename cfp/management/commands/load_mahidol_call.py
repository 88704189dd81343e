"""Load the 2017 Mahidol / UN-ACT call. Safe to run again; ``--open-now`` opens its call."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cfp import deadlines
from cfp.demo.mahidol import BANGKOK, load_mahidol_call


def parse_today(value: str | None) -> dt.date | None:
    """``--today`` as a date, or None when not given. Raises CommandError when malformed."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be YYYY-MM-DD, not {value!r}") from exc


def today_and_now(today: str | None) -> tuple[dt.date, dt.datetime]:
    """The day (in Bangkok) and the instant a seed or demo command works at: ``--today`` at
    noon in Bangkok when given, else the clock."""
    day = parse_today(today)
    if day is None:
        now = timezone.now()
        return now.astimezone(BANGKOK).date(), now
    return day, dt.datetime.combine(day, dt.time(12), tzinfo=BANGKOK)


class Command(BaseCommand):
    help = (
        "Load the 2017 conference 'Irregular Migrants, Refugees or Victims of "
        "Human-Trafficking?' from its call. When it exists already, only missing rows are "
        "created and organisers' edits are kept; --reset loads everything from the seed again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--open-now",
            action="store_true",
            help=(
                "Make the call open today for a demonstration (deadline in 30 days, the "
                "conference in a later June). Dates move only if the call is not open yet "
                "and the organisers have not confirmed them."
            ),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite the conference and every seeded row from the seed.",
        )
        parser.add_argument(
            "--today",
            help="Pretend today is this date (YYYY-MM-DD, in Bangkok); for tests and demos.",
        )

    def handle(self, *args, open_now: bool, reset: bool, today: str | None, **options):
        day, now = today_and_now(today)
        result = load_mahidol_call(open_now=open_now, reset=reset, today=day, now=now)
        for line in result.created:
            self.stdout.write(f"  created {line}")
        for line in result.updated:
            self.stdout.write(f"  updated {line}")
        for line in result.kept:
            self.stdout.write(f"  kept organisers' edit: {line}")
        conference = result.conference
        if result.changed:
            state = "changed"
        elif result.kept:
            state = "unchanged (kept organisers' edits; --reset loads the seed again)"
        else:
            state = "unchanged"
        deadline = deadlines.effective_submission_deadline(conference)
        notes = []
        if conference.dates_are_placeholders:
            notes.append("dates are placeholders")
        if conference.dates_shifted_for_demo:
            notes.append("dates moved for a demonstration")
        summary = (
            f"{conference.slug}: {state}; submission deadline "
            f"{deadline.astimezone(conference.tz):%Y-%m-%d %H:%M} ({conference.timezone})"
            f"{'; ' + ', '.join(notes) if notes else ''}."
        )
        self.stdout.write(self.style.SUCCESS(summary))
