"""Benchmark of the assignment step from the database (not a test): prints figures.

Builds a conference with 2,000 submissions and 600 committee members (expertise themes,
about 40 bids each, 1% conflicts) in a throw-away SQLite database (or the PostgreSQL of
DATABASE_URL), then times and measures each phase of a chair's run:

1. computing all affinities (``reviews.affinity.compute_affinities``),
2. building the engine's input from the database (``build_engine_input``),
3. the solve (``solve_input``, the settings' objective),
4. storing the preview (``preview_of`` + the run row) and the confirmed result
   (``confirm_run``: the Assignment rows), and the reviewers' mails apart;

and counts the queries of the preview page and of a reviewer's queue.

    .venv/bin/python bench/assignment_pages.py
    .venv/bin/python bench/assignment_pages.py --submissions 500 --members 150 --objective max_total

Time is wall-clock; memory is the peak of Python allocations (tracemalloc, in a second pass
of phases 1–2; the solver's C++ memory is not seen by it) and the process's peak RSS after
each phase.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

WORDS = [
    "migration",
    "trafficking",
    "refugees",
    "labour",
    "fishing",
    "debt",
    "border",
    "marriage",
    "statelessness",
    "advocacy",
    "assistance",
    "categorisation",
    "identity",
    "smuggling",
    "detention",
    "return",
    "remittances",
    "gender",
    "children",
    "domestic",
    "work",
    "recruitment",
    "brokers",
    "law",
    "policy",
    "camps",
    "displacement",
]


def build(n_sub: int, n_mem: int, seed: int = 2017):
    from cfp.models import Submission, Theme
    from reviews.models import Bid, CommitteeMember, Conflict
    from tests.factories import (
        REFERENCE_NOW,
        ConferenceFactory,
        ContributionTypeFactory,
        organiser_with_mfa,
        verified_user,
    )

    rng = random.Random(seed)
    conference = ConferenceFactory(
        slug="bench", title="Benchmark conference", reviews_per_submission=3, reviewer_load=12
    )
    themes = Theme.objects.bulk_create(
        Theme(conference=conference, title=f"Theme {k}", slug=f"theme-{k}", order=k)
        for k in range(8)
    )
    ctype = ContributionTypeFactory(conference=conference)
    organiser = organiser_with_mfa(conference, email="chair@example.org")
    author = verified_user(email="author@example.org")
    submissions = Submission.objects.bulk_create(
        Submission(
            conference=conference,
            number=i + 1,
            contribution_type=ctype,
            title=" ".join(rng.sample(WORDS, 6)),
            abstract=" ".join(rng.choices(WORDS, k=120)),
            keywords=rng.sample(WORDS, 3),
            state="submitted",
            submitted_at=REFERENCE_NOW,
            created_by=author,
        )
        for i in range(n_sub)
    )
    Submission.themes.through.objects.bulk_create(
        Submission.themes.through(submission=s, theme=themes[i % 8])
        for i, s in enumerate(submissions)
    )
    from accounts.models import User

    users = User.objects.bulk_create(
        User(email=f"reviewer{j}@example.org", full_name=f"Reviewer {j}") for j in range(n_mem)
    )
    members = CommitteeMember.objects.bulk_create(
        CommitteeMember(
            conference=conference,
            user=u,
            expertise=" ".join(rng.choices(WORDS, k=60)),
            keywords=rng.sample(WORDS, 4),
        )
        for u in users
    )
    CommitteeMember.expertise_themes.through.objects.bulk_create(
        CommitteeMember.expertise_themes.through(committeemember=m, theme=t)
        for m in members
        for t in rng.sample(themes, rng.choice((1, 2)))
    )
    prefs = ["eager", "willing", "willing", "neutral", "not_willing"]
    bids = []
    for u in users:
        for s in rng.sample(submissions, 40):
            bids.append(Bid(user=u, submission=s, preference=rng.choice(prefs)))
    Bid.objects.bulk_create(bids, ignore_conflicts=True)
    Conflict.objects.bulk_create(
        (
            Conflict(user=rng.choice(users), submission=s, source="automatic", reason="affiliation")
            for s in rng.sample(submissions, n_sub // 100 * 6)
        ),
        ignore_conflicts=True,
    )
    return conference, organiser, users


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--members", type=int, default=600)
    parser.add_argument("--objective", choices=["fair", "max_total"], default=None)
    args = parser.parse_args()

    import django

    django.setup()
    from unittest import mock

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from reviews.affinity import compute_affinities
    from reviews.domain import assignment as domain
    from reviews.models import Assignment, AssignmentRun, AssignmentSettings
    from tests.factories import REFERENCE_NOW

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    rows = []
    try:
        with mock.patch.object(timezone, "now", return_value=REFERENCE_NOW):
            t = time.perf_counter()
            conference, organiser, users = build(args.submissions, args.members)
            print(f"data built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            if args.objective:
                AssignmentSettings.objects.update_or_create(
                    conference=conference, defaults={"objective": args.objective}
                )
            settings_row = domain.settings_of(conference)

            t = time.perf_counter()
            table = compute_affinities(
                conference, submissions=domain.assignable_submissions(conference)
            )
            rows.append(("affinities", time.perf_counter() - t, rss_mb()))
            t = time.perf_counter()
            engine_input = domain.build_engine_input(conference, table=table)
            rows.append(("engine input from the database", time.perf_counter() - t, rss_mb()))
            t = time.perf_counter()
            result = domain.solve_input(engine_input)
            rows.append((f"solve ({settings_row.objective})", time.perf_counter() - t, rss_mb()))
            if not result.feasible:
                print("infeasible:", result.messages, file=sys.stderr)
                return 1
            t = time.perf_counter()
            run = AssignmentRun.objects.create(
                conference=conference,
                started_by=organiser,
                base_version=domain.current_version(conference),
                state=AssignmentRun.State.READY,
                result=domain.preview_of(engine_input, result),
            )
            rows.append(("store the preview", time.perf_counter() - t, rss_mb()))
            t = time.perf_counter()
            with mock.patch.object(domain, "_notify_after_commit"):
                created = domain.confirm_run(run=run, by=organiser)
            rows.append(("confirm (store the assignment)", time.perf_counter() - t, rss_mb()))
            t = time.perf_counter()
            mails = domain.notify_new_assignments(conference=conference)
            rows.append((f"reviewers' mails ({mails})", time.perf_counter() - t, rss_mb()))

            memory = {}
            for name, work in (
                (
                    "affinities",
                    lambda: compute_affinities(
                        conference, submissions=domain.assignable_submissions(conference)
                    ),
                ),
                ("engine input", lambda: domain.build_engine_input(conference, table=table)),
            ):
                tracemalloc.start()
                work()
                memory[name] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()

            chair = Client()
            chair.force_login(organiser)
            url = reverse(
                "reviews:assignment_run", kwargs={"conference": conference.slug, "run": run.pk}
            )
            with CaptureQueriesContext(connection) as preview_q:
                t = time.perf_counter()
                status = chair.get(url).status_code
                preview_ms = (time.perf_counter() - t) * 1000
            assert status == 200, status
            busiest = (
                Assignment.objects.filter(submission__conference=conference)
                .values_list("reviewer_id", flat=True)
                .first()
            )
            reviewer = Client()
            reviewer.force_login(next(u for u in users if u.pk == busiest))
            with CaptureQueriesContext(connection) as queue_q:
                t = time.perf_counter()
                status = reviewer.get(
                    reverse("reviews:queue", kwargs={"conference": conference.slug})
                ).status_code
                queue_ms = (time.perf_counter() - t) * 1000
            assert status == 200, status
            load = Assignment.objects.filter(reviewer_id=busiest).count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    total = sum(seconds for _n, seconds, _m in rows[:5])
    print(
        f"{args.submissions} submissions, {args.members} members, {connection.vendor}; "
        f"{created} assignments created"
    )
    print("| phase | seconds | peak RSS so far (MB) |")
    print("|---|---|---|")
    for name, seconds, mb in rows:
        print(f"| {name} | {seconds:.2f} | {mb:.0f} |")
    print(f"| database to stored assignment (phases 1–5) | {total:.2f} | |")
    for name, mb in memory.items():
        print(f"peak Python allocations, {name}: {mb:.0f} MB")
    print(f"preview page: {len(preview_q)} queries, {preview_ms:.0f} ms")
    print(f"queue page ({load} papers): {len(queue_q)} queries, {queue_ms:.0f} ms")
    print(f"solver timings: {dict(getattr(result, 'timings', {}))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
