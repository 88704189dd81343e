"""Benchmark of the chair's cockpit (not a test): the ranked table and the progress page.

Builds a conference with N submissions (default 2,000; 3 authors, 2 themes each, as in
bench/pages.py), 60 reviewers, 3 assignments and 3 submitted reviews per submission with 5
criterion scores each, and a second conference of 10 submissions built the same way; requests
each page R times as the organiser and prints: page, submissions, median and 95th-percentile
milliseconds, median CPU milliseconds of the process (``time.process_time``: less disturbed by
other load on the machine than the wall clock), Python function calls of one request
(cProfile), queries (the same at 10 and at N submissions: a constant number), bytes.
``--profile`` prints cProfile's top functions of one request per page at N submissions.

    .venv/bin/python bench/reviewing_pages.py
    .venv/bin/python bench/reviewing_pages.py --submissions 500 --repeat 5

The budget is 200 ms per page (median) at 2,000 submissions. Exits 1 when a page does not
answer 200 or its number of queries grows with the number of submissions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

REVIEWERS = 60
CRITERIA = 5


def build_reviews(conference, slug_suffix: str = "") -> None:
    from cfp.models import Submission
    from reviews.models import (
        Assignment,
        CommitteeMember,
        Review,
        ReviewCriterion,
        ReviewScore,
    )
    from tests.factories import REFERENCE_NOW, verified_user

    reviewers = [
        verified_user(email=f"r{i}{slug_suffix}@example.org", full_name=f"Reviewer {i}")
        for i in range(REVIEWERS)
    ]
    CommitteeMember.objects.bulk_create(
        CommitteeMember(conference=conference, user=r, role="reviewer") for r in reviewers
    )
    criteria = ReviewCriterion.objects.bulk_create(
        ReviewCriterion(conference=conference, name=f"Criterion {k}", weight=1 + k % 3, order=k)
        for k in range(CRITERIA)
    )
    papers = list(Submission.objects.filter(conference=conference).order_by("number"))
    pairs = [
        (p, reviewers[(i * 3 + j) % REVIEWERS]) for i, p in enumerate(papers) for j in range(3)
    ]
    Assignment.objects.bulk_create(
        Assignment(submission=p, reviewer=r, origin="engine") for p, r in pairs
    )
    reviews = Review.objects.bulk_create(
        Review(
            submission=p,
            reviewer=r,
            state="submitted",
            recommendation=1 + (p.number * 7 + r.pk) % 6,
            confidence=1 + (p.number + r.pk) % 5,
            submitted_at=REFERENCE_NOW,
        )
        # the last paper's third review is still a draft: something to remind about
        for p, r in pairs
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion=c, value=1 + (review.pk + c.pk) % 5)
        for review in reviews
        for c in criteria
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument(
        "--profile", action="store_true", help="print cProfile's top functions per page"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from unittest import mock

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone
    from pages import build, measure, profile, python_calls

    from tests.factories import REFERENCE_NOW

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    rows, failed = [], False
    try:
        with mock.patch.object(timezone, "now", return_value=REFERENCE_NOW):
            conference, organiser, _author = build(args.submissions)
            build_reviews(conference)
            small, small_organiser = build_small()
            for name, path in (
                ("progress", "reviews:cockpit_progress"),
                ("ranked table, page 1", "reviews:cockpit_ranking"),
                ("ranked table, by spread, flagged", "reviews:cockpit_ranking"),
                ("CSV export (all)", "reviews:cockpit_ranking_csv"),
            ):
                query = "?sort=spread&flagged=on" if "flagged" in name else ""
                figures = []
                for conf, user in ((small, small_organiser), (conference, organiser)):
                    client = Client()
                    client.force_login(user)
                    url = reverse(path, kwargs={"conference": conf.slug}) + query
                    timings, cpu, queries, size, status = measure(client, url, args.repeat)
                    if status != 200:
                        print(f"{name}: HTTP {status}", file=sys.stderr)
                        return 1
                    timings.sort()
                    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
                    calls = python_calls(client, url)
                    figures.append(
                        (
                            statistics.median(timings),
                            p95,
                            statistics.median(cpu),
                            calls,
                            queries,
                            size,
                        )
                    )
                    if args.profile and conf is conference:
                        profile(name, client, url, 1)
                small_queries = figures[0][4]
                median, p95, cpu_ms, calls, queries, size = figures[1]
                failed |= small_queries != queries
                rows.append((name, median, p95, cpu_ms, calls, small_queries, queries, size))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(
        f"{args.submissions} submissions x 3 reviews x {CRITERIA} criteria, "
        f"{args.repeat} requests a page, {connection.vendor}"
    )
    print(
        "| page | median ms | p95 ms | median CPU ms | Python calls "
        "| queries at 10 | queries at N | bytes |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, median, p95, cpu_ms, calls, small_queries, queries, size in rows:
        print(
            f"| {name} | {median:.1f} | {p95:.1f} | {cpu_ms:.1f} | {calls:,} "
            f"| {small_queries} | {queries} | {size:,} |"
        )
    return 1 if failed else 0


def build_small():
    from cfp.models import Submission
    from tests.factories import (
        ConferenceFactory,
        SubmissionFactory,
        ThemeFactory,
        organiser_with_mfa,
    )

    conference = ConferenceFactory(slug="small", title="Small conference")
    theme = ThemeFactory(conference=conference)
    for _ in range(10):
        SubmissionFactory(conference=conference, themes=[theme])
    organiser = organiser_with_mfa(conference, email="small-chair@example.org")
    build_reviews(conference, slug_suffix="-small")
    assert Submission.objects.filter(conference=conference).count() == 10
    return conference, organiser


if __name__ == "__main__":
    sys.exit(main())
