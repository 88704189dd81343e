"""Benchmark of the busiest pages (not a test): response time, queries and bytes.

Builds a conference with N submissions (3 authors, 2 themes, 2 guiding questions and a paper
record each) in a throw-away SQLite database (or the PostgreSQL of DATABASE_URL), then
requests each page R times through Django's test client and prints one table: page, rows,
median and 95th-percentile milliseconds, queries, response bytes.

    .venv/bin/python bench/pages.py                  # 1,000 submissions, 20 requests a page
    .venv/bin/python bench/pages.py --submissions 5000 --repeat 10

The figures include Django's template rendering and middleware but not the network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def build(n: int):
    """The data set: a published call, an organiser with MFA, an author and n submissions."""
    from cfp.models import Authorship, Submission, SubmissionFile
    from tests.factories import (
        REFERENCE_NOW,
        ConferenceFactory,
        ContributionTypeFactory,
        GuidingQuestionFactory,
        ThemeFactory,
        organiser_with_mfa,
        verified_user,
    )

    conference = ConferenceFactory(slug="bench", title="Benchmark conference")
    themes = [ThemeFactory(conference=conference) for _ in range(4)]
    questions = [GuidingQuestionFactory(conference=conference) for _ in range(6)]
    ctype = ContributionTypeFactory(conference=conference)
    organiser = organiser_with_mfa(conference, email="chair@example.org")
    author = verified_user(email="author@example.org", full_name="Nguyễn Thị Lan")
    others = verified_user(email="others@example.org", full_name="王秀英")
    countries = ["TH", "MM", "KH", "LA", "VN", "CN"]
    submissions = Submission.objects.bulk_create(
        Submission(
            conference=conference,
            number=i + 1,
            contribution_type=ctype,
            title=f"Labels and lives {i}: migrants between categories",
            abstract="How people respond to the labels applied to them. " * 10,
            keywords=["migration", "trafficking", "refugees"],
            state="submitted",
            submitted_at=REFERENCE_NOW,
            created_by=author if i < 20 else others,
        )
        for i in range(n)
    )
    Authorship.objects.bulk_create(
        Authorship(
            submission=s,
            user=author if k == 0 and i < 20 else None,
            full_name=f"Author {i}-{k}",
            email=f"a{i}-{k}@example.org",
            affiliation="Mahidol University",
            country=countries[(i + k) % len(countries)],
            order=k,
            confirmed_at=REFERENCE_NOW if k == 0 and i < 20 else None,
        )
        for i, s in enumerate(submissions)
        for k in range(3)
    )
    Submission.themes.through.objects.bulk_create(
        Submission.themes.through(submission=s, theme=themes[(i + j) % 4])
        for i, s in enumerate(submissions)
        for j in range(2)
    )
    Submission.guiding_questions.through.objects.bulk_create(
        Submission.guiding_questions.through(submission=s, guidingquestion=questions[(i + j) % 6])
        for i, s in enumerate(submissions)
        for j in range(2)
    )
    SubmissionFile.objects.bulk_create(
        SubmissionFile(
            submission=s,
            kind="paper",
            version=1,
            file=f"submissions/bench/{i}.pdf",
            original_name="paper.pdf",
            sha256="0" * 64,
            size=123_456,
            page_count=12,
            uploaded_by=author,
        )
        for i, s in enumerate(submissions)
    )
    return conference, organiser, author


def measure(client, url: str, repeat: int) -> tuple[list[float], int, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = size = status = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            content = b"".join(response) if response.streaming else response.content
            timings.append((time.perf_counter() - start) * 1000)
        queries, size, status = len(captured), len(content), response.status_code
    return timings, queries, size, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from unittest import mock

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import REFERENCE_NOW

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with mock.patch.object(timezone, "now", return_value=REFERENCE_NOW):
            conference, organiser, author = build(args.submissions)
            anonymous, chair, writer = Client(), Client(), Client()
            chair.force_login(organiser)
            writer.force_login(author)
            slug = {"conference": conference.slug}
            pages = [
                ("call (anonymous)", anonymous, reverse("cfp:call", kwargs=slug)),
                ("dashboard (20 submissions)", writer, reverse("cfp:dashboard")),
                ("organiser home", chair, reverse("cfp:organiser_home", kwargs=slug)),
                (
                    "organiser list, page 1",
                    chair,
                    reverse("cfp:organiser_submissions", kwargs=slug),
                ),
                (
                    "organiser list, search",
                    chair,
                    reverse("cfp:organiser_submissions", kwargs=slug)
                    + "?q=labels+lives&country=TH",
                ),
                (
                    "organiser submission page",
                    chair,
                    reverse("cfp:organiser_submission_detail", kwargs={**slug, "number": 1}),
                ),
                ("CSV export (all)", chair, reverse("cfp:organiser_submissions_csv", kwargs=slug)),
                (
                    "XLSX export (all)",
                    chair,
                    reverse("cfp:organiser_submissions_xlsx", kwargs=slug),
                ),
            ]
            rows = []
            for name, client, url in pages:
                timings, queries, size, status = measure(client, url, args.repeat)
                if status != 200:
                    print(f"{name}: HTTP {status}", file=sys.stderr)
                    return 1
                timings.sort()
                p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
                rows.append((name, statistics.median(timings), p95, queries, size))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    vendor = connection.vendor
    print(f"{args.submissions} submissions, {args.repeat} requests a page, {vendor}")
    print("| page | median ms | p95 ms | queries | bytes |")
    print("|---|---|---|---|---|")
    for name, median, p95, queries, size in rows:
        print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} | {size:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
