"""Benchmark of the reviewer assignment engine (not a test): prints one table.

    .venv/bin/python bench/assignment.py                 # all instances
    .venv/bin/python bench/assignment.py --only midl     # one instance
    .venv/bin/python bench/assignment.py --json out.json # also write the rows

Instances are generated from a seed, with affinities built like real ones: a text-similarity
term (embeddings around topic centroids), a topic-overlap term, a bid term (reviewers bid
mostly on what is close to them), 3% conflicts, "not willing" bids as last-resort pairs,
a few locked pairs, and one required theme per submission (at least one reviewer of the
theme). The clustered instances (``clustered-*``) have expertise in five tight clusters,
most submissions inside one, some straddling two, and two clusters over-demanded: the
instances on which a fair assignment is hard. See bench/README.md for the columns. Exits 1
if any solution breaks a constraint.

    .venv/bin/python bench/assignment.py --engine /path/to/other/checkout   # its engine
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import inspect
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp


def _engine_root() -> Path:
    """The checkout whose ``reviews.assignment`` is measured (``--engine PATH``, else this one)."""
    if "--engine" in sys.argv:
        return Path(sys.argv[sys.argv.index("--engine") + 1]).resolve()
    return Path(__file__).resolve().parent.parent


sys.path.insert(0, str(_engine_root()))

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


@dataclass(frozen=True)
class ClusterSpec:
    name: str
    submissions: int
    reviewers: int
    per_submission: int  # candidate pairs per submission (before removing repeats)
    demand: int = 3
    max_load: int = 5
    seed: int = 2017
    objectives: tuple[str, ...] = ("max_total", "fair")


SPECS = {
    "small": Spec("small", 150, 40, 3, max_load=12, topics=12, themes=4),
    "midl": Spec("midl", 118, 177, 3, max_load=4, min_load=2, topics=20, themes=5),
    "cvpr18": Spec("cvpr18", 5062, 2840, 3, max_load=9, min_load=2, keep=200, topics=60),
    "large": Spec("large", 10_000, 10_000, 4, max_load=6, keep=200, topics=80, themes=10),
    "clustered-small": ClusterSpec("clustered-small", 2_000, 700, 160, max_load=9),
    "clustered-medium": ClusterSpec("clustered-medium", 8_000, 6_000, 150, max_load=5),
    "clustered-large": ClusterSpec("clustered-large", 40_000, 30_000, 150, max_load=5),
}

# Five expertise clusters: shares of the submissions and of the reviewers. Clusters 0 and 2
# hold 62% of the submissions but 40% of the reviewers (with loads ≤ 5 or 9, they cannot
# review their own): someone there must take a reviewer from another cluster.
CLUSTER_PAPERS = np.array([0.32, 0.14, 0.30, 0.14, 0.10])
CLUSTER_REVIEWERS = np.array([0.20, 0.22, 0.20, 0.22, 0.16])
STRADDLE = 0.12  # submissions straddling two clusters
INSIDE = 0.75  # share of a submission's candidates drawn from its own cluster(s)

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


def generate_clustered(spec: ClusterSpec) -> AssignmentProblem:
    """A seeded clustered instance: tight clusters, straddlers, two over-demanded clusters.

    Each person has an expertise vector close to their cluster's centroid (24 dimensions);
    a straddling submission has one for each of its two clusters and matches the experts of
    either. Affinity = 0.75 × cosine similarity + a bid bonus (5% of pairs, up to 0.25),
    clipped to [0, 1] and rounded to 4 digits. Candidates: ``INSIDE`` of each submission's
    from its cluster(s), the rest anywhere. 2% of candidate pairs are conflicts. Built
    pair by pair (no dense matrix), so 40,000 × 30,000 takes seconds.
    """
    rng = np.random.default_rng(spec.seed)
    P, R, C, D = spec.submissions, spec.reviewers, CLUSTER_PAPERS.size, 24
    centroids = _unit(rng.normal(size=(C, D)))
    rev_c = rng.choice(C, size=R, p=CLUSTER_REVIEWERS)
    sub_c = rng.choice(C, size=P, p=CLUSTER_PAPERS)
    straddle = rng.random(P) < STRADDLE
    sub_c2 = np.where(straddle, (sub_c + rng.integers(1, C, size=P)) % C, sub_c)
    rev_emb = _unit(centroids[rev_c] + 0.1 * rng.normal(size=(R, D)))
    sub_emb = _unit(centroids[sub_c] + 0.1 * rng.normal(size=(P, D)))
    sub_emb2 = _unit(centroids[sub_c2] + 0.1 * rng.normal(size=(P, D)))
    K = spec.per_submission
    inside = int(INSIDE * K)
    members = [np.flatnonzero(rev_c == c) for c in range(C)]
    first = rng.random((P, inside)) < np.where(straddle, 0.5, 1.0)[:, None]
    pick_c = np.where(first, sub_c[:, None], sub_c2[:, None])
    cols_in = np.empty((P, inside), dtype=np.int64)
    for c in range(C):
        m = pick_c == c
        cols_in[m] = members[c][rng.integers(0, members[c].size, size=int(m.sum()))]
    cols_out = rng.integers(0, R, size=(P, K - inside))
    rows = np.repeat(np.arange(P, dtype=np.int64), K)
    key = np.unique(rows * R + np.concatenate([cols_in, cols_out], axis=1).ravel())
    row, col = key // R, key % R
    sim = np.maximum(
        np.einsum("ij,ij->i", sub_emb[row], rev_emb[col]),
        np.einsum("ij,ij->i", sub_emb2[row], rev_emb[col]),
    )
    bid = rng.random(key.size) < 0.05
    aff = np.round(np.clip(0.75 * sim + 0.25 * bid * rng.random(key.size), 0, 1), 4)
    affinity = sp.csr_matrix((aff, (row, col)), shape=(P, R))
    conflicts = rng.random(key.size) < 0.02
    return AssignmentProblem(
        affinity=affinity,
        demand=spec.demand,
        max_load=spec.max_load,
        forbidden=np.column_stack([row[conflicts], col[conflicts]]),
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


def _solve(problem: AssignmentProblem, **kwargs) -> AssignmentResult:
    """``solve`` with the time limit when the measured engine has one (older ones do not)."""
    if "time_limit" in inspect.signature(solve).parameters:
        kwargs["time_limit"] = TIME_LIMIT
    return solve(problem, **kwargs)


TIME_LIMIT = 60.0
METHODS = {
    "greedy": lambda problem: greedy_baseline(problem),
    "max_total": lambda problem: _solve(problem, objective="max_total"),
    "max_total+balance": lambda problem: _solve(problem, objective="max_total", balance=0.02),
    "fair": lambda problem: _solve(problem, objective="fair"),
}


def _profile(values: np.ndarray, share: float = 0.05) -> np.ndarray:
    """The weakest ``share`` of the scores, sorted (what ``weakest_profile`` reports)."""
    values = values[~np.isnan(values)]
    k = max(1, int(np.ceil(share * values.size))) if values.size else 0
    return np.sort(values)[:k]


def _summary(profile: np.ndarray) -> str:
    """A weakest-5% profile in one cell: its first, 10th-percentile, median and last values."""
    if not profile.size:
        return "—"
    picks = [profile[0], profile[len(profile) // 10], profile[len(profile) // 2], profile[-1]]
    return " / ".join(f"{v:.3f}" for v in picks)


def run_instance(spec: Spec | ClusterSpec, lp_time_limit: float) -> list[dict]:
    t = time.perf_counter()
    problem = generate_clustered(spec) if isinstance(spec, ClusterSpec) else generate(spec)
    generated = time.perf_counter() - t
    nnz = problem.affinity.nnz
    print(
        f"# {spec.name}: {spec.submissions} × {spec.reviewers}, {nnz:,} candidate pairs, "
        f"generated in {generated:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    lp = None
    if lp_time_limit > 0:
        t = time.perf_counter()
        lp = linear_relaxation(problem, objective="max_total", time_limit=lp_time_limit)
        print(
            f"# {spec.name}: LP optimum {lp} in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    rows = []
    methods = getattr(spec, "objectives", None) or tuple(METHODS)
    baseline_profile = None
    for method in methods:
        run = METHODS[method]
        _reset_peak()
        cpu = time.process_time()
        wall = time.perf_counter()
        result: AssignmentResult = run(problem)
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu  # this process only: the machine may be shared
        peak = _peak_mib()
        checks = check_assignment(problem, result.pairs)
        shortfall = {"coverage", "min_load", "group"}
        hard = sum(v for k, v in checks.items() if result.feasible or k not in shortfall)
        loads = result.loads
        considered = np.broadcast_to(np.asarray(problem.demand), (problem.shape[0],)) > 0
        profile = _profile(result.submission_scores[considered])
        if method == "max_total":
            baseline_profile = profile
        bound = getattr(result, "upper_bound", None)
        if bound is None and method == "max_total" and result.feasible:
            bound = result.score  # older engines: exact, but did not say so
        gap = getattr(result, "gap", None)
        if gap is None and method == "max_total" and result.feasible:
            gap = 0.0
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
            "fair_bound": (
                None
                if result.upper_bound is None or method != "fair"
                else round(result.upper_bound, 4)
            ),
            "fair_gap": result.gap if method == "fair" else None,
            "last_resort": int(result.last_resort_used.shape[0]),
            "time_s": round(result.timings.get("total", result.timings.get("solve", 0.0)), 2),
            "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2),
            "objective_value": round(result.weakest_score if method == "fair" else result.score, 4),
            "bound": None if bound is None else round(bound, 4),
            "gap": gap,
            "stopped_early": bool(getattr(result, "stopped_early", False)),
            "weakest_score": round(result.weakest_score, 4),
            "weakest_5pct": [round(float(v), 4) for v in profile],
            "weakest_5pct_summary": _summary(profile),
            "max_total_weakest_5pct_summary": (
                _summary(baseline_profile) if baseline_profile is not None else None
            ),
            "score": round(result.score, 3),
        }
        rows.append(row)
        row["timings"] = {k: round(v, 3) for k, v in result.timings.items()}
        # each row as soon as it is measured: a run cut short still leaves its figures
        print(f"# row: {json.dumps(row)}", file=sys.stderr, flush=True)
        parts = ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items())
        print(
            f"#   {method}: {result.timings.get('total', 0.0):.2f} s ({parts}) "
            f"{'' if result.feasible else '(incomplete) '}{result.messages[:1]}",
            file=sys.stderr,
            flush=True,
        )
    return rows


SCALE_COLUMNS = [
    ("instance", "instance", "{}"),
    ("objective", "objective", "{}"),
    ("time_s", "time s", "{:.2f}"),
    ("cpu_s", "CPU s", "{:.2f}"),
    ("peak_mib", "peak MiB", "{:,}"),
    ("objective_value", "objective", "{:.4f}"),
    ("bound", "bound", "{:.4f}"),
    ("gap", "gap", "{:.2%}"),
    ("stopped_early", "stopped", "{}"),
    ("score", "total score", "{:,.1f}"),
    ("weakest_5pct_summary", "weakest 5%: min / p10 / median / max", "{}"),
    ("max_total_weakest_5pct_summary", "max_total's weakest 5%", "{}"),
    ("violations", "violations", "{}"),
]

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


def print_table(rows: list[dict], columns=COLUMNS) -> None:
    cells = [[title for _, title, _ in columns]]
    cells += [[_cell(row.get(key), fmt) for key, _, fmt in columns] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only", choices=sorted(SPECS), action="append", help="run this instance (repeatable)"
    )
    parser.add_argument(
        "--engine", type=Path, metavar="PATH", help="measure the engine of another checkout"
    )
    parser.add_argument(
        "--time-limit", type=float, default=60.0, help="seconds per solve (default 60)"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the rows as JSON")
    parser.add_argument(
        "--lp-time-limit",
        type=float,
        default=300.0,
        help="seconds HiGHS may spend on each LP optimum (default 300)",
    )
    args = parser.parse_args(argv)
    global TIME_LIMIT  # noqa: PLW0603 (a command-line setting, read by _solve)
    TIME_LIMIT = args.time_limit
    specs = [SPECS[name] for name in args.only] if args.only else list(SPECS.values())
    print(f"# engine: {_engine_root()}", file=sys.stderr, flush=True)
    rows = []
    for spec in specs:
        rows.extend(run_instance(spec, args.lp_time_limit))
    print_table(rows, SCALE_COLUMNS)
    print()
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    broken = [
        r for r in rows if r["violations"] or (not r["complete"] and r["objective"] != "greedy")
    ]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
