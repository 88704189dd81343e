"""The deadline rush, end to end: gunicorn + PostgreSQL + Redis + a Celery worker, production
settings, and locust driving the author's journey through the real forms.

    .venv/bin/python bench/rush/run.py                       # 40 authors at 20 a minute
    .venv/bin/python bench/rush/run.py --authors 60 --per-minute 40
    .venv/bin/python bench/rush/run.py --authors 500 --per-minute 50 --ramp  # 10 min to a deadline
    .venv/bin/python bench/rush/run.py --fault               # + PostgreSQL restart, worker kill

Not a test. It creates (and drops first) its own PostgreSQL database ``sala_rush`` and uses
Redis database 13; files, mail and logs go to a temporary folder (kept with --keep). It
prints per-endpoint p50/p95/p99, CPU-seconds per journey in the web processes (gunicorn
workers' user + system time from /proc, via psutil), what users saw (status codes), and the
integrity count: success pages = submitted rows = stored files with matching checksums =
confirmation mails, lost 0, duplicated 0.

Fault mode (``--fault``): a third into the arrivals PostgreSQL is restarted
(``pg_ctlcluster --skip-systemctl-redirect <version> main restart``), and half-way the
Celery worker is killed (SIGKILL to its process group) and started again 3 s later.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DB = "sala_rush"
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/13"
PORT = 8765


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def environment(var: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.rush.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"{PG}/{DB}",
        "REDIS_URL": REDIS,
        "CELERY_BROKER_URL": REDIS,
        "CELERY_TASK_DEFAULT_QUEUE": "sala-rush",
        "EMAIL_URL": f"file://{var / 'mail'}",
        "SALA_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SALA_BASE_URL": f"http://127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": "3",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_CONN_MAX_AGE", None)
    return env


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def prepare(env: dict, authors: int) -> None:
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], check=True, capture_output=True)
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c"]
    run([*psql, f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"], env)
    run([*psql, f"CREATE DATABASE {DB}"], env)
    run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    run([PY, "bench/rush/seed.py", "--authors", str(authors)], env, capture_output=True)


def start(args: list[str], env: dict, logfile: Path) -> subprocess.Popen:
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=logfile.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_worker(env: dict, var: Path) -> subprocess.Popen:
    return start(
        [PY, "-m", "celery", "-A", "config", "worker", "-c", "1", "-Q", "sala-rush",
         "--without-gossip", "--without-mingle", "-l", "warning"],
        env, var / "worker.log",
    )  # fmt: skip


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for_web(timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=5)  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def web_cpu(master: subprocess.Popen) -> float:
    """User + system CPU seconds of gunicorn's workers (and its master)."""
    total = 0.0
    proc = psutil.Process(master.pid)
    for p in [proc, *proc.children(recursive=True)]:
        try:
            times = p.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def mail_count(var: Path) -> int:
    return sum(
        p.read_text(errors="replace").count("Submission #") for p in (var / "mail").glob("*")
    )


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authors", type=int, default=40)
    parser.add_argument("--per-minute", type=float, default=20, help="arrival rate of authors")
    parser.add_argument(
        "--ramp",
        action="store_true",
        help="arrivals rise linearly toward the deadline (from nothing to twice --per-minute)",
    )
    parser.add_argument("--fault", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="sala-rush-"))
    (var / "mail").mkdir()
    env = environment(var)
    log(f"preparing {DB} (PostgreSQL), Redis db 13, files in {var}")
    prepare(env, args.authors)
    web = start(
        [PY, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"],
        env,
        var / "gunicorn.log",
    )
    worker = start_worker(env, var)
    try:
        wait_for_web()
        cpu_before = web_cpu(web)
        duration = args.authors / args.per_minute * 60
        events = []
        if args.fault:

            def faults():
                time.sleep(duration * 0.35)
                log("fault: restarting PostgreSQL")
                events.append(("PostgreSQL restarted", time.monotonic()))
                restart_postgres()
                time.sleep(max(1.0, duration * 0.55 - duration * 0.35))
                log("fault: killing the Celery worker (SIGKILL)")
                events.append(("worker killed", time.monotonic()))
                os.killpg(worker_box[0].pid, signal.SIGKILL)
                time.sleep(3)
                worker_box[0] = start_worker(env, var)
                log("fault: worker restarted")

            worker_box = [worker]
            threading.Thread(target=faults, daemon=True).start()
        results_file = var / "results.json"
        started = time.monotonic()
        how = "on average, rising toward the deadline" if args.ramp else ""
        log(f"{args.authors} authors arriving at {args.per_minute:g} a minute {how}")
        subprocess.run(
            [PY, "-m", "locust", "-f", "bench/rush/locustfile.py", "--headless",
             "-u", str(args.authors), "-r", f"{args.per_minute / 60:.4f}",
             "--run-time", f"{int(duration + 600)}s", "--stop-timeout", "5",
             "--host", f"http://127.0.0.1:{PORT}", "--only-summary", "--loglevel", "ERROR"],
            cwd=ROOT, check=False,
            env={
                **env,
                "RUSH_AUTHORS": str(args.authors),
                "RUSH_RESULTS": str(results_file),
                "RUSH_RAMP_SECONDS": str(duration if args.ramp else 0),
            },
            stdout=(var / "locust.log").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        elapsed = time.monotonic() - started
        cpu = web_cpu(web) - cpu_before
        if args.fault:
            worker = worker_box[0]
        # Mail goes out after the pages: wait until it stops arriving (a killed worker's
        # tasks come back after the broker's visibility timeout).
        last, still = -1, 0
        mail_started = time.monotonic()
        while still < 15 and time.monotonic() - mail_started < 180:
            count = mail_count(var)
            still = still + 1 if count == last else 0
            last = count
            time.sleep(1)
        check = run(
            [PY, "bench/rush/check.py", str(results_file), str(var / "mail")],
            env,
            capture_output=True,
            text=True,
        )
        integrity = json.loads(check.stdout)
        results = json.loads(results_file.read_text())
    finally:
        stop(web)
        stop(worker if not args.fault else worker_box[0])

    journeys = len(results["journeys"])
    print(f"\n## Rush: {journeys} authors at {args.per_minute:g}/min"
          f"{' (on average, ramping to twice that at the deadline)' if args.ramp else ''}"
          f"{' with faults' if args.fault else ''} ({elapsed:.0f} s)\n")  # fmt: skip
    print("| endpoint | requests | p50 ms | p95 ms | p99 ms | answers |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, values in results["latencies"].items():
        answers = ", ".join(f"{s}: {n}" for s, n in sorted(results["statuses"][name].items()))
        print(
            f"| {name} | {len(values)} | {percentile(values, 50):.0f} | "
            f"{percentile(values, 95):.0f} | {percentile(values, 99):.0f} | {answers} |"
        )
    per_journey = cpu / max(1, journeys)
    print(f"\nCPU in the web processes: {cpu:.1f} s, {per_journey:.2f} s per journey "
          f"(≈ {60 / per_journey:.0f} authors a minute per core at full load)")  # fmt: skip
    print("\nIntegrity: " + ", ".join(f"{k} {v}" for k, v in integrity.items()))
    failed = [j for j in results["journeys"] if not j["success"]]
    if failed:
        seen: dict[str, int] = {}
        for journey in failed:
            key = journey["seen"][-1] if journey["seen"] else "?"
            seen[key] = seen.get(key, 0) + 1
        print("What the authors without a success page saw: "
              + ", ".join(f"{k} ×{n}" for k, n in sorted(seen.items())))  # fmt: skip
    if args.json:
        Path(args.json).write_text(
            json.dumps({"integrity": integrity, "cpu_per_journey": per_journey}, indent=1)
        )
    if args.keep:
        print(f"\nfiles kept in {var}")
    else:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
