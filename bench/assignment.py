"""Benchmark of the reviewer assignment engine (not a test): prints one table.

    .venv/bin/python bench/assignment.py                 # all instances
    .venv/bin/python bench/assignment.py --only midl     # one instance
    .venv/bin/python bench/assignment.py --json out.json # also write the rows

Instances are generated from a seed, with affinities built like real ones: a text-similarity
term (embeddings around topic centroids), a topic-overlap term, a bid term (reviewers bid
mostly on what is close to them), 3% conflicts, "not willing" bids as last-resort pairs,
a few locked pairs, and one required theme per submission (at least one reviewer of the
theme). See bench/README.md for the columns. Exits 1 if any solution breaks a constraint.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviews.assignment import (  # noqa: E402
    AssignmentProblem,
    AssignmentResult,
    ReviewerGroup,
    check_assignment,
    greedy_baseline,
    linear_relaxation,
    solve,
)


@dataclass(frozen=True)
class Spec:
    name: str
    submissions: int
    reviewers: int
    demand: int
    max_load: int
    min_load: int = 0
    keep: int | None = None  # best candidates kept per submission and per reviewer
    topics: int = 40
    themes: int = 8
    seed: int = 2017


SPECS = {
    "small": Spec("small", 150, 40, 3, max_load=12, topics=12, themes=4),
    "midl": Spec("midl", 118, 177, 3, max_load=4, min_load=2, topics=20, themes=5),
    "cvpr18": Spec("cvpr18", 5062, 2840, 3, max_load=9, min_load=2, keep=200, topics=60),
    "large": Spec("large", 10_000, 10_000, 4, max_load=6, keep=200, topics=80, themes=10),
}

BID_RATE = 15  # bids per reviewer, on average
BID_LEVELS = np.array([1.0, 0.5, 0.25, 0.0])  # eager, willing, in a pinch, not willing
BID_SHARES = np.array([0.4, 0.35, 0.15, 0.10])
NOT_WILLING_PENALTY = 0.5
CONFLICT_RATE = 0.03
LOCKED_RATE = 0.02  # submissions with one already-made assignment


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def generate(spec: Spec) -> AssignmentProblem:
    """A seeded instance shaped like a real conference's."""
    rng = np.random.default_rng(spec.seed)
    P, R, K = spec.submissions, spec.reviewers, spec.topics
    # Topic popularity differs between submissions and reviewers: some topics are
    # under-staffed, which is what makes the weakest submissions weak.
    pop_sub = rng.dirichlet(np.full(K, 0.8))
    pop_rev = rng.dirichlet(np.full(K, 0.8))
    sub_topics = np.zeros((P, K), dtype=np.float32)
    for p in range(P):
        sub_topics[p, rng.choice(K, size=rng.integers(1, 4), replace=False, p=pop_sub)] = 1
    rev_topics = np.zeros((R, K), dtype=np.float32)
    for r in range(R):
        rev_topics[r, rng.choice(K, size=rng.integers(2, 6), replace=False, p=pop_rev)] = 1
    centroids = _unit(rng.normal(size=(K, 32)))
    sub_emb = _unit(sub_topics @ centroids + 0.9 * rng.normal(size=(P, 32)))
    rev_emb = _unit(rev_topics @ centroids + 0.9 * rng.normal(size=(R, 32)))
    sub_size = sub_topics.sum(axis=1, keepdims=True)

    # Bid probability grows with text similarity; scaled to about BID_RATE per reviewer.
    probe = rng.choice(P, size=min(P, 500), replace=False)
    sharp = 6.0
    mean_weight = np.exp(sharp * (sub_emb[probe] @ rev_emb.T)).mean()
    bid_scale = BID_RATE / (P * mean_weight)

    keep = spec.keep
    rows, cols, vals, notw = [], [], [], []
    if keep is not None:
        col_val = np.full((keep, R), -np.inf, dtype=np.float32)
        col_idx = np.zeros((keep, R), dtype=np.int64)
    chunk = 500
    for start in range(0, P, chunk):
        stop = min(P, start + chunk)
        text = np.clip(sub_emb[start:stop] @ rev_emb.T, 0, 1)
        topic = (sub_topics[start:stop] @ rev_topics.T) / sub_size[start:stop]
        bid = rng.random(text.shape) < bid_scale * np.exp(sharp * text)
        level = rng.choice(BID_LEVELS.size, size=text.shape, p=BID_SHARES)
        bid_term = np.where(bid, BID_LEVELS[level], 0.0)
        aff = (0.4 * text + 0.3 * topic + 0.3 * bid_term).astype(np.float32)
        not_willing = bid & (level == BID_LEVELS.size - 1)
        sub_ids = np.arange(start, stop)
        if keep is None:
            rr, cc = np.nonzero(np.ones_like(aff, dtype=bool))
        else:
            top = np.argpartition(-aff, keep - 1, axis=1)[:, :keep]
            rr = np.repeat(np.arange(stop - start), keep)
            cc = top.ravel()
            # running best `keep` submissions per reviewer
            both_val = np.vstack([col_val, aff])
            both_idx = np.vstack([col_idx, np.broadcast_to(sub_ids[:, None], aff.shape)])
            best = np.argpartition(-both_val, keep - 1, axis=0)[:keep]
            col_val = np.take_along_axis(both_val, best, axis=0)
            col_idx = np.take_along_axis(both_idx, best, axis=0)
        rows.append(sub_ids[rr])
        cols.append(cc)
        vals.append(aff[rr, cc])
        nr, nc = np.nonzero(not_willing)
        notw.append((nr + start) * R + nc)
    if keep is not None:
        rows.append(col_idx.ravel())
        cols.append(np.tile(np.arange(R), keep))
        vals.append(col_val.ravel())
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    val = np.concatenate(vals).astype(np.float64)
    key, first = np.unique(row * R + col, return_index=True)
    row, col, val = key // R, key % R, val[first]
    affinity = sp.csr_matrix((val, (row, col)), shape=(P, R))

    last_resort_keys = np.intersect1d(np.concatenate(notw), key)
    conflicts = rng.random(key.size) < CONFLICT_RATE
    conflict_keys = key[conflicts]
    # already-made assignments: a handful of submissions keep their best non-conflicted pair
    locked_subs = np.flatnonzero(rng.random(P) < LOCKED_RATE)
    ok = ~conflicts & np.isin(row, locked_subs) & ~np.isin(key, last_resort_keys)
    by_row = np.lexsort((-val[ok], row[ok]))
    r_ok, c_ok = row[ok][by_row], col[ok][by_row]
    first_of_row = np.unique(r_ok, return_index=True)[1]
    locked = np.column_stack([r_ok[first_of_row], c_ok[first_of_row]])
    # at most one locked pair per reviewer, so locked loads never exceed maxima
    locked = locked[np.unique(locked[:, 1], return_index=True)[1]]

    # themes: a submission's theme is its main topic's; theme reviewers know a theme topic
    theme_of_topic = np.arange(K) % spec.themes
    main_topic = np.argmax(sub_topics * pop_sub[None, :], axis=1)
    sub_theme = theme_of_topic[main_topic]
    groups = []
    for t in range(spec.themes):
        members = np.flatnonzero(rev_topics[:, theme_of_topic == t].sum(axis=1) > 0)
        groups.append(ReviewerGroup(f"theme {t + 1}", np.flatnonzero(sub_theme == t), members))

    def pairs(keys: np.ndarray) -> np.ndarray:
        return np.column_stack([keys // R, keys % R])

    return AssignmentProblem(
        affinity=affinity,
        demand=spec.demand,
        max_load=spec.max_load,
        min_load=spec.min_load or None,
        forbidden=pairs(conflict_keys),
        locked=locked,
        last_resort=pairs(last_resort_keys),
        last_resort_penalty=NOT_WILLING_PENALTY,
        groups=groups,
    )


def _reset_peak() -> None:
    """Start a new peak-memory window (Linux): each run then reports its own peak RSS."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        # give freed heap back to the system, or the last run's garbage counts as ours
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # 5 resets VmHWM to the current RSS


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


METHODS = {
    "greedy": lambda problem: greedy_baseline(problem),
    "max_total": lambda problem: solve(problem, objective="max_total"),
    "max_total+balance": lambda problem: solve(problem, objective="max_total", balance=0.02),
    "fair": lambda problem: solve(problem, objective="fair"),
}


def run_instance(spec: Spec, lp_time_limit: float) -> list[dict]:
    t = time.perf_counter()
    problem = generate(spec)
    generated = time.perf_counter() - t
    nnz = problem.affinity.nnz
    print(
        f"# {spec.name}: {spec.submissions} × {spec.reviewers}, {nnz:,} candidate pairs, "
        f"generated in {generated:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    t = time.perf_counter()
    lp = linear_relaxation(problem, objective="max_total", time_limit=lp_time_limit)
    print(
        f"# {spec.name}: LP optimum {lp} in {time.perf_counter() - t:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    rows = []
    for method, run in METHODS.items():
        _reset_peak()
        result: AssignmentResult = run(problem)
        peak = _peak_mib()
        checks = check_assignment(problem, result.pairs)
        shortfall = {"coverage", "min_load", "group"}
        hard = sum(v for k, v in checks.items() if result.feasible or k not in shortfall)
        loads = result.loads
        row = {
            "instance": spec.name,
            "objective": method,
            "build_s": round(result.timings.get("build", 0.0), 3),
            "solve_s": round(result.timings.get("solve", 0.0), 3),
            "peak_mib": round(peak),
            "total_affinity": round(result.total_affinity, 3),
            "gap_to_lp": None if lp is None else (lp - result.score) / abs(lp),
            "weakest": round(result.weakest_total, 4),
            "p5": round(result.percentile_total(5), 4),
            "load_spread": int(loads.max() - loads.min()) if result.feasible else None,
            "load_sd": round(float(loads.std()), 3) if result.feasible else None,
            "violations": int(hard),
            "complete": bool(result.feasible),
            "fair_bound": None if result.upper_bound is None else round(result.upper_bound, 4),
            "fair_gap": result.gap,
            "last_resort": int(result.last_resort_used.shape[0]),
        }
        rows.append(row)
        row["timings"] = {k: round(v, 3) for k, v in result.timings.items()}
        parts = ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items())
        print(
            f"#   {method}: {result.timings.get('total', 0.0):.2f} s ({parts}) "
            f"{'' if result.feasible else '(incomplete) '}{result.messages[:1]}",
            file=sys.stderr,
            flush=True,
        )
    return rows


COLUMNS = [
    ("instance", "instance", "{}"),
    ("objective", "objective", "{}"),
    ("build_s", "build s", "{:.2f}"),
    ("solve_s", "solve s", "{:.2f}"),
    ("peak_mib", "peak MiB", "{:,}"),
    ("total_affinity", "total affinity", "{:,.2f}"),
    ("gap_to_lp", "gap to LP", "{:.2e}"),
    ("weakest", "weakest", "{:.4f}"),
    ("p5", "5th pct", "{:.4f}"),
    ("load_spread", "load spread", "{}"),
    ("load_sd", "load sd", "{:.2f}"),
    ("violations", "violations", "{}"),
    ("complete", "complete", "{}"),
    ("fair_bound", "fair bound", "{:.4f}"),
    ("fair_gap", "fair gap", "{:.2e}"),
]


def _cell(value, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return fmt.format(value)


def print_table(rows: list[dict]) -> None:
    cells = [[title for _, title, _ in COLUMNS]]
    cells += [[_cell(row[key], fmt) for key, _, fmt in COLUMNS] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=sorted(SPECS), help="run one instance")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the rows as JSON")
    parser.add_argument(
        "--lp-time-limit",
        type=float,
        default=300.0,
        help="seconds HiGHS may spend on each LP optimum (default 300)",
    )
    args = parser.parse_args(argv)
    specs = [SPECS[args.only]] if args.only else list(SPECS.values())
    rows = []
    for spec in specs:
        rows.extend(run_instance(spec, args.lp_time_limit))
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    broken = [
        r for r in rows if r["violations"] or (not r["complete"] and r["objective"] != "greedy")
    ]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
