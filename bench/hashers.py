"""Benchmark of password hashers (not a test): CPU and wall milliseconds per login's hash.

Compares Django's PBKDF2 (SHA-256, Django 5.2's 1,000,000 iterations, and OWASP's 600,000)
with Argon2id at several cost settings, including the one sala uses
(``accounts.hashers.SalaArgon2PasswordHasher``). A login verifies one hash, which costs the
same as making one, so each row is the web process's CPU cost of one password login.

    .venv/bin/python bench/hashers.py            # 10 hashes per row
    .venv/bin/python bench/hashers.py --repeat 30

CPU time is the process's (all threads: Argon2 lanes may run in parallel threads, and a
web worker pays for every one); wall time is what the author waits. Memory is what each
hash must hold at once: the cost that makes Argon2 expensive on the GPUs and ASICs a
guesser would use, and that PBKDF2 does not have.
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


def candidates():
    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher

    from accounts.hashers import SalaArgon2PasswordHasher

    def pbkdf2(iterations):
        return type("PBKDF2", (PBKDF2PasswordHasher,), {"iterations": iterations})()

    def argon2(time_cost, memory_kib, parallelism):
        attrs = {"time_cost": time_cost, "memory_cost": memory_kib, "parallelism": parallelism}
        return type("Argon2", (Argon2PasswordHasher,), attrs)()

    sala = SalaArgon2PasswordHasher()
    return [
        ("PBKDF2-SHA256, 1,000,000 iterations (Django 5.2)", pbkdf2(1_000_000), "—"),
        ("PBKDF2-SHA256, 600,000 iterations (OWASP 2023)", pbkdf2(600_000), "—"),
        ("Argon2id t=2 m=100 MiB p=8 (Django's default)", argon2(2, 102_400, 8), "100 MiB"),
        ("Argon2id t=1 m=46 MiB p=1 (OWASP alternative)", argon2(1, 47_104, 1), "46 MiB"),
        (
            f"Argon2id t={sala.time_cost} m={sala.memory_cost // 1024} MiB "
            f"p={sala.parallelism} (sala)",
            sala,
            f"{sala.memory_cost // 1024} MiB",
        ),
    ]


def measure(hasher, repeat: int) -> tuple[float, float]:
    """Median CPU and wall milliseconds of one ``encode`` (what a login's verify costs)."""
    salt = hasher.salt()
    hasher.encode("correct horse battery staple", salt)  # warm up (imports, allocation)
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        hasher.encode("correct horse battery staple", salt)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    print(f"{'hasher':<52} {'CPU ms':>8} {'wall ms':>8} {'memory':>8}")
    for name, hasher, memory in candidates():
        cpu, wall = measure(hasher, args.repeat)
        print(f"{name:<52} {cpu:>8.1f} {wall:>8.1f} {memory:>8}")


if __name__ == "__main__":
    main()
