"""Benchmark of the busiest pages (not a test): response time, queries, bytes, requests/s.

Builds the Mahidol call (moved so that it is open today, as ``make run`` shows it) with N
submissions (3 authors, 2 themes, 2 guiding questions and a paper record each) in a
throw-away database: a SQLite file, or a test database on the PostgreSQL of DATABASE_URL.
Then, for each page:

- in process: R requests through Django's test client (median and 95th-percentile
  milliseconds, queries, response bytes);
- through gunicorn (two sync workers on a free port, the same database and settings): a
  concurrent client (threads, ``http.client``, the session cookie of a logged-in user where
  the page needs one, ``Accept-Encoding: gzip`` as browsers send) runs for S seconds and
  counts the answered requests.

    .venv/bin/python bench/pages.py                        # 200 submissions
    .venv/bin/python bench/pages.py --submissions 1000 --repeat 10 --seconds 5
    .venv/bin/python bench/pages.py --no-gunicorn          # in-process figures only
    .venv/bin/python bench/pages.py --only call,list       # pages whose name contains one

The in-process figures include Django's template rendering and middleware but not the
network; the gunicorn figures include both, and the client's own work on the same machine.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def build(n: int):
    """The data set: the Mahidol call open today, an organiser with MFA, an author, n
    submissions (the first 20 by the author)."""
    from django.utils import timezone

    from cfp.demo.mahidol import load_mahidol_call
    from cfp.models import Authorship, Submission, SubmissionFile
    from tests.factories import organiser_with_mfa, verified_user

    now = timezone.now()
    conference = load_mahidol_call(today=timezone.localdate(now), open_now=True).conference
    themes = list(conference.themes.all())
    questions = list(conference.guiding_questions.all())
    ctype = conference.contribution_types.first()
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
            submitted_at=now,
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
            confirmed_at=now if k == 0 and i < 20 else None,
        )
        for i, s in enumerate(submissions)
        for k in range(3)
    )
    Submission.themes.through.objects.bulk_create(
        Submission.themes.through(submission=s, theme=themes[(i + j) % len(themes)])
        for i, s in enumerate(submissions)
        for j in range(2)
    )
    Submission.guiding_questions.through.objects.bulk_create(
        Submission.guiding_questions.through(
            submission=s, guidingquestion=questions[(i + j) % len(questions)]
        )
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


def own_submission(author):
    from cfp.models import Submission

    return Submission.objects.filter(created_by=author).order_by("number").first()


def measure(client, url: str, repeat: int) -> tuple[list[float], list[float], int, int, int]:
    """Wall and CPU milliseconds of each of ``repeat`` requests; queries, bytes, status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, cpu = [], []
    queries = size = status = 0
    client.get(url)  # warm-up: templates, translations, the cached call page
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            content = b"".join(response) if response.streaming else response.content
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        queries, size, status = len(captured), len(content), response.status_code
    return timings, cpu, queries, size, status


def python_calls(client, url: str) -> int:
    """Python function calls of one request (cProfile's count): a measure of the work done
    that, unlike milliseconds, does not change with the machine's other load."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    return pstats.Stats(profiler, stream=io.StringIO()).total_calls


def profile(name: str, client, url: str, repeat: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url)
    profiler.disable()
    print(f"--- {name}: {repeat} requests", file=sys.stderr)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)


# --- through gunicorn -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """DATABASE_URL of the throw-away database the bench built (for the gunicorn workers)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + settings_dict["NAME"]))


def start_gunicorn(port: int, env: dict) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "config.wsgi:application", "--workers", "2", "--worker-class", "sync"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _size = fetch(port, "/healthz-bench-probe", {})
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 30 s")


def fetch(port: int, path: str, headers: dict) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by process ``pid`` and its children (Linux)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def requests_per_second(
    port: int, path: str, headers: dict, *, seconds: float, concurrency: int, server_pid: int
) -> tuple[float, float, int]:
    """Answered requests per second over ``seconds`` with ``concurrency`` clients at once,
    after a warm-up; the server's CPU milliseconds per request (its workers' user + system
    time over the run: a figure that other load on the machine disturbs far less than
    requests/s); and how many answers were not 200."""
    for _ in range(4):  # warm-up: imports, template and cache loading in both workers
        fetch(port, path, headers)
    cpu_before = cpu_seconds(server_pid)
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    done = [0, 0]  # answered, not 200

    def client() -> None:
        while time.monotonic() < stop:
            status, _size = fetch(port, path, headers)
            with lock:
                done[0] += 1
                done[1] += status != 200

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(client) for _ in range(concurrency)]:
            future.result()
    elapsed = time.monotonic() - start
    cpu_ms = (cpu_seconds(server_pid) - cpu_before) * 1000 / max(done[0], 1)
    return done[0] / elapsed, cpu_ms, done[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20, help="in-process requests a page")
    parser.add_argument("--seconds", type=float, default=8, help="gunicorn run a page")
    parser.add_argument("--concurrency", type=int, default=4, help="gunicorn clients at once")
    parser.add_argument("--no-gunicorn", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated parts of page names")
    parser.add_argument(
        "--profile", action="store_true", help="print where each page's time goes (cProfile)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    workdir = tempfile.TemporaryDirectory(prefix="sala-bench-")
    if connection.vendor == "sqlite":
        # A file, not the in-memory test database: the gunicorn workers open it too.
        connection.settings_dict["TEST"]["NAME"] = str(Path(workdir.name) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    server = None
    try:
        conference, organiser, author = build(args.submissions)
        anonymous, chair, writer = Client(), Client(), Client()
        chair.force_login(organiser)
        writer.force_login(author)
        slug = {"conference": conference.slug}
        theme = conference.themes.first()
        listing = reverse("cfp:organiser_submissions", kwargs=slug)
        pages = [
            ("call (anonymous)", anonymous, reverse("cfp:call", kwargs=slug)),
            ("call (logged in)", writer, reverse("cfp:call", kwargs=slug)),
            ("theme (anonymous)", anonymous, theme.get_absolute_url()),
            ("dashboard (20 submissions)", writer, reverse("cfp:dashboard")),
            ("new submission form", writer, reverse("cfp:submission_create", kwargs=slug)),
            (
                "edit form",
                writer,
                reverse(
                    "cfp:submission_edit",
                    kwargs={**slug, "reference": own_submission(author).reference},
                ),
            ),
            ("organiser home", chair, reverse("cfp:organiser_home", kwargs=slug)),
            ("organiser list, page 1", chair, listing),
            ("organiser list, page 2", chair, listing + "?page=2"),
            ("organiser list, search", chair, listing + "?q=labels+lives&country=TH"),
            (
                "organiser submission page",
                chair,
                reverse("cfp:organiser_submission_detail", kwargs={**slug, "number": 1}),
            ),
            ("CSV export (all)", chair, reverse("cfp:organiser_submissions_csv", kwargs=slug)),
            ("XLSX export (all)", chair, reverse("cfp:organiser_submissions_xlsx", kwargs=slug)),
        ]
        if args.only:
            wanted = [part.strip() for part in args.only.split(",") if part.strip()]
            pages = [page for page in pages if any(part in page[0] for part in wanted)]
        rows = []
        for name, client, url in pages:
            timings, cpu, queries, size, status = measure(client, url, args.repeat)
            if args.profile:
                profile(name, client, url, args.repeat)
            if status != 200:
                print(f"{name}: HTTP {status}", file=sys.stderr)
                return 1
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
            calls = python_calls(client, url)
            rows.append(
                [name, statistics.median(timings), p95, statistics.median(cpu), calls, queries]
                + [size, None, None]
            )
            print(f"{name}: {statistics.median(timings):.1f} ms", file=sys.stderr)

        if not args.no_gunicorn:
            port = free_port()
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
                "DATABASE_URL": database_url(connection.settings_dict),
            }
            server = start_gunicorn(port, env)
            for row, (name, client, url) in zip(rows, pages, strict=True):
                cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
                headers = {"Host": f"127.0.0.1:{port}", "Accept-Encoding": "gzip"}
                if cookie is not None:
                    headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie.value}"
                rate, cpu_ms, failed = requests_per_second(
                    port,
                    url,
                    headers,
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                    server_pid=server.pid,
                )
                if failed:
                    print(f"{name}: {failed} answers were not 200", file=sys.stderr)
                    return 1
                row[7:9] = rate, cpu_ms
                print(f"{name}: {rate:.0f} requests/s, {cpu_ms:.1f} CPU ms", file=sys.stderr)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        connection.creation.destroy_test_db(old_name, verbosity=0)
        workdir.cleanup()

    print(
        f"{args.submissions} submissions, {args.repeat} requests a page in process, "
        f"{connection.vendor}; gunicorn: 2 sync workers, {args.concurrency} clients, "
        f"{args.seconds:g} s a page"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        "| page | median ms | p95 ms | CPU ms | Python calls | queries | bytes "
        "| gunicorn requests/s | gunicorn CPU ms/request | capacity requests/s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, median, p95, cpu, calls, queries, size, rate, cpu_ms in rows:
        measured = "—" if rate is None else f"{rate:.0f}"
        server_cpu = "—" if cpu_ms is None else f"{cpu_ms:.1f}"
        # Two sync workers, each able to keep one core busy on an otherwise idle machine.
        capacity = "—" if not cpu_ms else f"{2000 / cpu_ms:.0f}"
        print(
            f"| {name} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {calls:,} | {queries} | {size:,} "
            f"| {measured} | {server_cpu} | {capacity} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
