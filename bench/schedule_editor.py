"""Benchmark of the schedule editor (not a test): "suggest sessions" and the editor page.

Builds the Mahidol call with N accepted submissions (default 300; 3 authors, 2 themes each,
as in bench/pages.py), 3 conference days and 5 rooms; times "suggest sessions" (90-minute
sessions); puts the suggested sessions on the grid (day by day, room by room, 09:00, 11:00,
14:00, 16:00) leaving the rest as drafts; then requests the editor R times as the organiser.
Prints: the suggestion's time and session count; the editor's median and 95th-percentile
milliseconds (wall and CPU), its queries (at 10 and at N papers: the same) and bytes.

    .venv/bin/python bench/schedule_editor.py
    .venv/bin/python bench/schedule_editor.py --submissions 1000 --repeat 5

Exits 1 when the page does not answer 200 or its queries grow with the programme.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

STARTS = [dt.time(9, 0), dt.time(11, 0), dt.time(14, 0), dt.time(16, 0)]


def schedule(conference) -> tuple[float, int, int]:
    """Days, rooms, suggested sessions on the grid. Returns (suggest seconds, sessions,
    sessions placed on the grid)."""
    from cfp.models import Authorship, Submission
    from programme.domain.schedule import create_suggested_sessions, move_session
    from programme.models import ProgrammeDay, Room

    Submission.objects.filter(conference=conference).update(state="accepted")
    Authorship.objects.filter(submission__conference=conference, order=0).update(is_presenter=True)
    days = [
        ProgrammeDay.objects.create(
            conference=conference,
            date=conference.start_date + dt.timedelta(days=i),
            starts=dt.time(8, 30),
            ends=dt.time(18, 0),
        )
        for i in range(3)
    ]
    rooms = [
        Room.objects.create(conference=conference, name=f"Room {i}", order=i) for i in range(5)
    ]
    start = time.perf_counter()
    sessions = create_suggested_sessions(conference=conference, session_minutes=90)
    seconds = time.perf_counter() - start
    slots = [(d, r, s) for d in days for s in STARTS for r in rooms]
    placed = 0
    for session, (day, room, starts) in zip(sessions, slots, strict=False):
        if len(sessions) - placed <= 3:
            break  # a few drafts stay off the grid
        move_session(session=session, day=day, room=room, starts=starts)
        placed += 1
    return seconds, len(sessions), placed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    from unittest import mock

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone
    from pages import build, measure

    from tests.factories import REFERENCE_NOW, organiser_with_mfa

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with mock.patch.object(timezone, "now", return_value=REFERENCE_NOW):
            conference, organiser, _author = build(args.submissions)
            seconds, sessions, placed = schedule(conference)
            figures = []
            small = _small_conference()
            small_organiser = organiser_with_mfa(small, email="small-chair@example.org")
            for conf, user in ((small, small_organiser), (conference, organiser)):
                client = Client()
                client.force_login(user)
                url = reverse("programme:schedule", kwargs={"conference": conf.slug})
                timings, cpu, queries, size, status = measure(client, url, args.repeat)
                if status != 200:
                    print(f"HTTP {status}", file=sys.stderr)
                    return 1
                timings.sort()
                p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
                figures.append(
                    (statistics.median(timings), p95, statistics.median(cpu), queries, size)
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    (_m, _p, _c, small_queries, _s), (median, p95, cpu_ms, queries, size) = figures
    print(
        f"{args.submissions} accepted papers: suggest sessions {seconds * 1000:.0f} ms, "
        f"{sessions} sessions, {placed} on the grid; {connection.vendor}"
    )
    print("| page | median ms | p95 ms | CPU ms | queries at 10 | queries at N | bytes |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| schedule editor | {median:.1f} | {p95:.1f} | {cpu_ms:.1f} | {small_queries} | {queries} "
        f"| {size:,} |"
    )
    return 1 if small_queries != queries else 0


def _small_conference():
    from cfp.models import Submission
    from tests.factories import ConferenceFactory, SubmissionFactory, ThemeFactory

    conference = ConferenceFactory(slug="small", title="Small conference")
    theme = ThemeFactory(conference=conference)
    for _ in range(10):
        SubmissionFactory(conference=conference, themes=[theme], state="accepted")
    schedule(conference)
    assert Submission.objects.filter(conference=conference).count() == 10
    return conference


if __name__ == "__main__":
    sys.exit(main())
