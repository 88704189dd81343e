"""The assignment step in the chair's hands: the engine's input built from the database, a run
(in a Celery task) that stores a preview, the chair's confirmation under an optimistic lock,
assignment by hand, and the reviewers' "new assignments" mail.

Nothing here changes an assignment until ``confirm_run`` (or ``add_assignment`` /
``remove_assignment``); each of those bumps the conference's ``AssignmentVersion`` so that a
preview computed before the change can no longer be confirmed.
"""

from __future__ import annotations

import logging
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cfp.models import Conference, Submission, SubmissionState

from ..models import (
    Assignment,
    AssignmentRun,
    AssignmentSettings,
    AssignmentVersion,
    Bid,
    CommitteeMember,
    Conflict,
    ReviewQuota,
)

logger = logging.getLogger(__name__)

WEAKEST_SHOWN = 10


class AssignmentError(Exception):
    """A refused change, with a message for the chair."""

    def __init__(self, message: str, *, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


class OverloadWarning(AssignmentError):
    """The reviewer would exceed their maximum load: allowed once the chair confirms."""


# --- reading the database -------------------------------------------------------------------


def settings_of(conference: Conference) -> AssignmentSettings:
    row, _created = AssignmentSettings.objects.get_or_create(conference=conference)
    return row


def current_version(conference: Conference) -> int:
    row = AssignmentVersion.objects.filter(conference=conference).first()
    return row.version if row else 0


def _bump_version(conference: Conference) -> int:
    """Inside a transaction: lock the conference's counter, add one, return the new value."""
    row, _created = AssignmentVersion.objects.select_for_update().get_or_create(
        conference=conference
    )
    row.version += 1
    row.save(update_fields=["version"])
    return row.version


def standing_conflicts(conference: Conference) -> set[tuple[int, int]]:
    """(user id, submission id) pairs the engine must never use: standing conflicts (after
    refreshing the automatic ones), "conflict" bids, and assignments the reviewer declined."""
    from .conflicts import conflicted_pairs, ensure_fresh
    from .reviewing import declined_pairs

    ensure_fresh(conference)
    pairs = set(conflicted_pairs(conference))
    pairs |= set(
        Bid.objects.filter(
            submission__conference=conference, preference=Bid.Preference.CONFLICT
        ).values_list("user_id", "submission_id")
    )
    return pairs | set(declined_pairs(conference))


def assignable_submissions(conference: Conference):
    """The submissions the assignment covers: submitted (not withdrawn, not drafts)."""
    return Submission.objects.for_organisers_of(conference).filter(state__in=SubmissionState.ACTIVE)


def reviews_wanted(conference: Conference, settings_row: AssignmentSettings, rows) -> dict:
    """Reviews wanted per submission id: its quota, else its type's default, else the
    conference's. ``rows``: (submission id, contribution type id) pairs."""
    per_type = {str(k): int(v) for k, v in (settings_row.reviews_per_type or {}).items()}
    quotas = dict(
        ReviewQuota.objects.filter(submission__conference=conference).values_list(
            "submission_id", "reviews"
        )
    )
    default = conference.reviews_per_submission
    return {sid: quotas.get(sid, per_type.get(str(type_id), default)) for sid, type_id in rows}


@dataclass
class EngineInput:
    """The engine's problem with the ids its rows and columns stand for."""

    problem: object  # reviews.assignment.AssignmentProblem
    submission_ids: list[int]
    reviewer_ids: list[int]  # user ids
    objective: str
    balance: float
    time_limit: int
    affinity_dense: np.ndarray
    locked: set[tuple[int, int]] = field(default_factory=set)  # (submission id, user id)
    conflicted_existing: list[tuple[int, int]] = field(default_factory=list)
    group_of_submission: dict[int, int] = field(default_factory=dict)  # sid -> theme id
    timings: dict[str, float] = field(default_factory=dict)


def build_engine_input(conference: Conference, *, table=None) -> EngineInput:
    """Read the committee, bids, conflicts, quotas and existing assignments of ``conference``
    into an ``AssignmentProblem``. Reads only; a bounded number of queries.

    - every committee member is a candidate reviewer; standing conflicts and "conflict" bids
      are forbidden; "not willing" bids are last-resort pairs (with the settings' penalty)
      when the settings allow them, else forbidden;
    - existing assignments are kept and locked (except conflicted ones, which are reported);
    - with "at least one reviewer from the submission's theme", each theme is a group: its
      submissions (by their first theme) need one reviewer who knows or chairs the theme.
    Unavailable dates are free text and not used.
    """
    from reviews.affinity import compute_affinities
    from reviews.assignment import AssignmentProblem, ReviewerGroup

    timings: dict[str, float] = {}
    settings_row = settings_of(conference)
    if table is None:
        t = time.perf_counter()
        table = compute_affinities(conference, submissions=assignable_submissions(conference))
        timings["affinity"] = time.perf_counter() - t
    t = time.perf_counter()
    submission_ids = list(table.submissions)
    reviewer_ids = list(table.members)
    s_index = {sid: i for i, sid in enumerate(submission_ids)}
    r_index = {uid: j for j, uid in enumerate(reviewer_ids)}
    P, R = len(submission_ids), len(reviewer_ids)

    dense = np.asarray(table.matrix.toarray(), dtype=float) if P and R else np.zeros((P, R))
    rows = list(
        Submission.objects.filter(pk__in=submission_ids).values_list("pk", "contribution_type_id")
    )
    wanted = reviews_wanted(conference, settings_row, rows)
    demand = np.array([wanted.get(sid, 0) for sid in submission_ids], dtype=np.int64)

    members = list(
        CommitteeMember.objects.filter(conference=conference).values_list("user_id", "max_load")
    )
    max_load = np.full(R, conference.reviewer_load, dtype=np.int64)
    for user_id, load in members:
        if user_id in r_index and load is not None:
            max_load[r_index[user_id]] = load
    min_load = np.minimum(np.full(R, settings_row.min_load, dtype=np.int64), max_load)

    blocked = np.zeros((P, R), dtype=bool)
    conflicts = standing_conflicts(conference)
    for user_id, sid in conflicts:
        if user_id in r_index and sid in s_index:
            blocked[s_index[sid], r_index[user_id]] = True
    last_resort = []
    for user_id, sid in Bid.objects.filter(
        submission_id__in=submission_ids, preference=Bid.Preference.NOT_WILLING
    ).values_list("user_id", "submission_id"):
        if user_id in r_index and sid in s_index:
            i, j = s_index[sid], r_index[user_id]
            if not blocked[i, j]:
                if settings_row.allow_not_willing:
                    last_resort.append((i, j))
                else:
                    blocked[i, j] = True

    locked, conflicted_existing = set(), []
    locked_idx = []
    for sid, user_id in Assignment.objects.filter(submission_id__in=submission_ids).values_list(
        "submission_id", "reviewer_id"
    ):
        if user_id not in r_index:
            continue
        if (user_id, sid) in conflicts:
            conflicted_existing.append((sid, user_id))
            continue
        locked.add((sid, user_id))
        locked_idx.append((s_index[sid], r_index[user_id]))
    locked_set = set(locked_idx)
    last_resort = [pair for pair in last_resort if pair not in locked_set]

    forbidden = np.argwhere(blocked)
    candidate = ~blocked
    ii, jj = np.nonzero(candidate)
    affinity = sp.csr_array((dense[ii, jj], (ii, jj)), shape=(P, R))

    groups, group_of = [], {}
    if settings_row.require_theme_reviewer and P and R:
        through = Submission.themes.through.objects.filter(
            submission_id__in=submission_ids
        ).order_by("theme__order", "theme_id")
        first_theme: dict[int, int] = {}
        for sid, theme_id in through.values_list("submission_id", "theme_id"):
            first_theme.setdefault(sid, theme_id)
        experts: dict[int, set[int]] = defaultdict(set)
        for user_id, theme_id in CommitteeMember.expertise_themes.through.objects.filter(
            committeemember__conference=conference
        ).values_list("committeemember__user_id", "theme_id"):
            experts[theme_id].add(user_id)
        for user_id, theme_id in CommitteeMember.themes.through.objects.filter(
            committeemember__conference=conference
        ).values_list("committeemember__user_id", "theme_id"):
            experts[theme_id].add(user_id)
        from cfp.models import Theme

        titles = dict(Theme.objects.filter(conference=conference).values_list("pk", "title"))
        by_theme: dict[int, list[int]] = defaultdict(list)
        for sid, theme_id in first_theme.items():
            by_theme[theme_id].append(s_index[sid])
            group_of[sid] = theme_id
        for theme_id, subs in sorted(by_theme.items()):
            groups.append(
                ReviewerGroup(
                    name=titles.get(theme_id, str(theme_id)),
                    submissions=np.array(sorted(subs), dtype=np.int64),
                    reviewers=np.array(
                        sorted(r_index[u] for u in experts[theme_id] if u in r_index),
                        dtype=np.int64,
                    ),
                    minimum=1,
                )
            )

    def pairs(values):
        return np.array(values, dtype=np.int64).reshape(-1, 2)

    problem = AssignmentProblem(
        affinity=affinity,
        demand=demand,
        max_load=max_load,
        min_load=min_load,
        forbidden=pairs(forbidden),
        locked=pairs(locked_idx),
        last_resort=pairs(last_resort),
        last_resort_penalty=float(settings_row.last_resort_penalty),
        groups=tuple(groups),
    )
    timings["build"] = time.perf_counter() - t
    return EngineInput(
        problem=problem,
        submission_ids=submission_ids,
        reviewer_ids=reviewer_ids,
        objective=settings_row.objective,
        balance=0.01 if settings_row.balance_loads else 0.0,
        time_limit=settings_row.time_limit_seconds,
        affinity_dense=dense,
        locked=locked,
        conflicted_existing=conflicted_existing,
        group_of_submission=group_of,
        timings=timings,
    )


def solve_input(engine_input: EngineInput):
    """Run the engine; ``time_limit`` is passed when the engine accepts it."""
    import inspect

    from reviews.assignment import solve

    kwargs = {"objective": engine_input.objective, "balance": engine_input.balance}
    if "time_limit" in inspect.signature(solve).parameters:
        kwargs["time_limit"] = engine_input.time_limit
    return solve(engine_input.problem, **kwargs)


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else round(value, 4)


def preview_of(engine_input: EngineInput, result) -> dict:
    """The JSON a run stores: ids only (names are read when a page shows them, so that each
    viewer sees only what they may)."""
    sids, uids = engine_input.submission_ids, engine_input.reviewer_ids
    explanations = [
        {
            "code": item.code,
            "message": item.message,
            "submissions": [sids[p] for p in item.submissions if 0 <= p < len(sids)],
            "reviewers": [uids[r] for r in item.reviewers if 0 <= r < len(uids)],
            "numbers": {k: (v if isinstance(v, str) else _num(v)) for k, v in item.numbers.items()},
        }
        for item in (result.explanation or ())
    ]
    base = {
        "feasible": bool(result.feasible),
        "objective": engine_input.objective,
        "method": getattr(result, "method", ""),
        "stopped_early": bool(getattr(result, "stopped_early", False)),
        "explanations": explanations,
        "conflicted_existing": [list(p) for p in engine_input.conflicted_existing],
        "timings": {k: round(float(v), 3) for k, v in engine_input.timings.items()},
    }
    if not result.feasible:
        return base
    dense = engine_input.affinity_dense
    last_resort = {(int(p), int(r)) for p, r in np.asarray(result.last_resort_used).reshape(-1, 2)}
    pairs = []
    for p, r in np.asarray(result.pairs).reshape(-1, 2):
        p, r = int(p), int(r)
        sid, uid = sids[p], uids[r]
        pairs.append(
            [
                sid,
                uid,
                round(float(dense[p, r]), 4),
                (sid, uid) in engine_input.locked,
                (p, r) in last_resort,
            ]
        )
    totals = np.asarray(result.submission_totals, dtype=float)
    demand = np.asarray(engine_input.problem.demand).reshape(-1)
    needing = [p for p in range(len(sids)) if demand[p] > 0]
    weakest = sorted(needing, key=lambda p: (totals[p], sids[p]))[:WEAKEST_SHOWN]
    loads = np.asarray(result.loads).reshape(-1)
    current = [pair for pair in pairs if pair[3]]
    bound = getattr(result, "upper_bound", None)
    gap = getattr(result, "gap", None)
    base.update(
        {
            "pairs": pairs,
            "loads": {str(uids[r]): int(loads[r]) for r in range(len(uids))},
            "max_loads": {
                str(uids[r]): int(np.asarray(engine_input.problem.max_load).reshape(-1)[r])
                for r in range(len(uids))
            },
            "submission_totals": {str(sids[p]): _num(totals[p]) for p in range(len(sids))},
            "demand": {str(sids[p]): int(demand[p]) for p in range(len(sids))},
            "weakest": [sids[p] for p in weakest],
            "last_resort": [[sids[p], uids[r]] for p, r in sorted(last_resort)],
            "totals": {
                "pairs": len(pairs),
                "new_pairs": len(pairs) - len(current),
                "total_affinity": _num(result.total_affinity),
                "weakest_total": _num(result.weakest_total),
                "submissions": len(needing),
                "reviewers_used": int((loads > 0).sum()),
            },
            "bound": {
                "upper_bound": _num(bound),
                "gap": _num(gap),
                "weakest_score": _num(result.weakest_score),
            },
            "current": {
                "pairs": len(current),
                "total_affinity": _num(sum(pair[2] for pair in current)),
            }
            if current
            else None,
        }
    )
    return base


# --- runs -------------------------------------------------------------------------------------


def start_run(*, conference: Conference, by, queue: bool = True) -> AssignmentRun:
    """Record a run of the engine and queue it.

    Side effects: one AssignmentRun (queued, with the settings and the current assignment
    version); after commit, the Celery task ``reviews.tasks.run_assignment`` (eager in dev and
    tests) unless ``queue`` is false (the caller then calls ``execute_run`` itself).
    """
    from ..tasks import run_assignment

    settings_row = settings_of(conference)
    with transaction.atomic():
        # The counter exists before any confirmation locks it (no race to create it).
        version, _created = AssignmentVersion.objects.get_or_create(conference=conference)
        run = AssignmentRun.objects.create(
            conference=conference,
            started_by=by,
            base_version=version.version,
            settings_snapshot={
                "objective": settings_row.objective,
                "min_load": settings_row.min_load,
                "require_theme_reviewer": settings_row.require_theme_reviewer,
                "balance_loads": settings_row.balance_loads,
                "allow_not_willing": settings_row.allow_not_willing,
                "last_resort_penalty": settings_row.last_resort_penalty,
                "time_limit_seconds": settings_row.time_limit_seconds,
                "reviews_per_submission": conference.reviews_per_submission,
                "reviews_per_type": settings_row.reviews_per_type,
                "reviewer_load": conference.reviewer_load,
            },
            progress=_("Waiting for a worker."),
        )
        if queue:
            transaction.on_commit(lambda: run_assignment.delay(run.pk))
    return run


def _progress(run: AssignmentRun, state: str, text: str) -> None:
    run.state, run.progress = state, text
    AssignmentRun.objects.filter(pk=run.pk).update(state=state, progress=text)


def execute_run(run_id: int) -> AssignmentRun:
    """Compute the preview of a queued run (what the task does). Idempotent: a run already
    finished is left alone.

    Side effects: the run's state and progress as it goes; its result (the preview)."""
    run = AssignmentRun.objects.select_related("conference").get(pk=run_id)
    if run.state not in (AssignmentRun.State.QUEUED, AssignmentRun.State.RUNNING):
        return run
    try:
        _progress(run, AssignmentRun.State.RUNNING, _("Reading the committee, bids and conflicts."))
        engine_input = build_engine_input(run.conference)
        _progress(
            run,
            AssignmentRun.State.RUNNING,
            _("Solving for %(subs)d submissions and %(revs)d reviewers.")
            % {"subs": len(engine_input.submission_ids), "revs": len(engine_input.reviewer_ids)},
        )
        t = time.perf_counter()
        result = solve_input(engine_input)
        engine_input.timings["solve"] = time.perf_counter() - t
        preview = preview_of(engine_input, result)
    except Exception:
        logger.exception("assignment run %s failed", run_id)
        run.state, run.progress = AssignmentRun.State.FAILED, _("The run failed; try again.")
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "progress", "finished_at"])
        return run
    run.result = preview
    run.state = AssignmentRun.State.READY if preview["feasible"] else AssignmentRun.State.INFEASIBLE
    run.progress = ""
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "state", "progress", "finished_at"])
    return run


def confirm_run(*, run: AssignmentRun, by) -> int:
    """Make a ready preview the assignment. Returns the number of assignments created.

    Refused (AssignmentError) when the run is not a ready preview, was confirmed already
    (code ``confirmed``), or the assignment changed since the run started (code ``stale``;
    the run is marked out of date). Pairs that became conflicted since the run are skipped.

    Side effects: new Assignment rows (origin engine), the assignment version bumped, the
    run confirmed; after commit, one mail per reviewer listing their new assignments.
    """
    with transaction.atomic():
        run = AssignmentRun.objects.select_for_update().select_related("conference").get(pk=run.pk)
        conference = run.conference
        if run.state == AssignmentRun.State.CONFIRMED:
            raise AssignmentError(_("This preview was confirmed already."), code="confirmed")
        if run.state == AssignmentRun.State.STALE:
            raise AssignmentError(_stale_message(), code="stale")
        if run.state != AssignmentRun.State.READY:
            raise AssignmentError(_("Only a ready preview can be confirmed."), code="not_ready")
        version, _created = AssignmentVersion.objects.select_for_update().get_or_create(
            conference=conference
        )
        if version.version != run.base_version:
            run.state = AssignmentRun.State.STALE
            run.save(update_fields=["state"])
            stale = True
        else:
            stale = False
        if not stale:
            conflicts = standing_conflicts(conference)
            existing = set(
                Assignment.objects.filter(submission__conference=conference).values_list(
                    "submission_id", "reviewer_id"
                )
            )
            now = timezone.now()
            new = [
                Assignment(
                    submission_id=sid,
                    reviewer_id=uid,
                    origin=Assignment.Origin.ENGINE,
                    run=run,
                    affinity=affinity,
                    created_by=by,
                )
                for sid, uid, affinity, _locked, _last in run.result.get("pairs", [])
                if (sid, uid) not in existing and (uid, sid) not in conflicts
            ]
            Assignment.objects.bulk_create(new)
            version.version += 1
            version.save(update_fields=["version"])
            run.state = AssignmentRun.State.CONFIRMED
            run.confirmed_at, run.confirmed_by = now, by
            run.save(update_fields=["state", "confirmed_at", "confirmed_by"])
            _notify_after_commit(conference)
    if stale:
        raise AssignmentError(_stale_message(), code="stale")
    return len(new)


def _stale_message() -> str:
    return _(
        "The assignment changed after this preview was computed (someone confirmed another "
        "run or assigned by hand). Nothing was changed: run the assignment again."
    )


# --- settings -----------------------------------------------------------------------------


SETTINGS_FIELDS = (
    "min_load",
    "require_theme_reviewer",
    "objective",
    "balance_loads",
    "allow_not_willing",
    "last_resort_penalty",
    "time_limit_seconds",
)


def save_settings(*, conference: Conference, data: dict, reviews_per_type: dict) -> None:
    """Save the assignment settings and the conference's default reviews per submission and
    maximum load. Side effects: the AssignmentSettings row; two fields of the conference."""
    with transaction.atomic():
        row = settings_of(conference)
        for name in SETTINGS_FIELDS:
            setattr(row, name, data[name])
        row.reviews_per_type = {str(k): int(v) for k, v in reviews_per_type.items()}
        row.save()
        conference.reviews_per_submission = data["reviews_per_submission"]
        conference.reviewer_load = data["reviewer_load"]
        conference.save(update_fields=["reviews_per_submission", "reviewer_load", "modified"])


def set_quota(*, submission: Submission, reviews: int | None) -> None:
    """Reviews wanted for one submission; None goes back to its type's default.
    Side effects: the ReviewQuota row created, changed or deleted."""
    with transaction.atomic():
        if reviews is None:
            ReviewQuota.objects.filter(submission=submission).delete()
        else:
            ReviewQuota.objects.update_or_create(
                submission=submission, defaults={"reviews": reviews}
            )


def loads_of(conference: Conference) -> dict[int, int]:
    """Assignments per reviewer (user id) in ``conference``. One query."""
    from django.db.models import Count

    return dict(
        Assignment.objects.filter(submission__conference=conference)
        .values("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )


# --- by hand --------------------------------------------------------------------------------


def load_of(conference: Conference, user) -> int:
    return Assignment.objects.filter(submission__conference=conference, reviewer=user).count()


def add_assignment(*, submission: Submission, reviewer, by, allow_overload: bool = False):
    """Assign ``reviewer`` (a committee member) to ``submission`` by hand.

    Refused (AssignmentError) for a conflict, a non-member, or an existing assignment;
    OverloadWarning when the reviewer's load is full, unless ``allow_overload``.
    Side effects: one Assignment (origin manual), the version bumped; after commit, the
    reviewer's mail listing their new assignments.
    """
    conference = submission.conference
    with transaction.atomic():
        member = CommitteeMember.objects.filter(conference=conference, user=reviewer).first()
        if member is None:
            raise AssignmentError(_("Only committee members can be assigned."), code="not_member")
        if (reviewer.pk, submission.pk) in _conflicts_of_submission(submission):
            raise AssignmentError(
                _("%(name)s has a conflict of interest with this submission: not assigned.")
                % {"name": reviewer.full_name or reviewer.email},
                code="conflict",
            )
        if Assignment.objects.filter(submission=submission, reviewer=reviewer).exists():
            raise AssignmentError(_("Already assigned."), code="exists")
        load, limit = load_of(conference, reviewer), member.effective_max_load
        if load >= limit and not allow_overload:
            raise OverloadWarning(
                _(
                    "%(name)s already has %(load)d assignments and a maximum of %(limit)d. "
                    "Assign anyway?"
                )
                % {"name": reviewer.full_name or reviewer.email, "load": load, "limit": limit},
                code="overload",
            )
        _bump_version(conference)
        assignment = Assignment.objects.create(
            submission=submission,
            reviewer=reviewer,
            origin=Assignment.Origin.MANUAL,
            created_by=by,
        )
        _notify_after_commit(conference)
    return assignment


def remove_assignment(*, submission: Submission, reviewer, by) -> bool:
    """Remove ``reviewer`` from ``submission``. Side effects: the row deleted, the version
    bumped. Returns whether there was one."""
    with transaction.atomic():
        deleted, _rows = Assignment.objects.filter(
            submission=submission, reviewer=reviewer
        ).delete()
        if deleted:
            _bump_version(submission.conference)
    return bool(deleted)


def _conflicts_of_submission(submission: Submission) -> set[tuple[int, int]]:
    pairs = set(
        Conflict.objects.filter(submission=submission, waived_at__isnull=True).values_list(
            "user_id", "submission_id"
        )
    )
    pairs |= set(
        Bid.objects.filter(submission=submission, preference=Bid.Preference.CONFLICT).values_list(
            "user_id", "submission_id"
        )
    )
    return pairs


# --- the reviewers' mail --------------------------------------------------------------------


def _notify_after_commit(conference: Conference) -> None:
    from ..tasks import notify_new_assignments

    conference_id = conference.pk
    transaction.on_commit(lambda: notify_new_assignments.delay(conference_id))


def notify_new_assignments(*, conference: Conference) -> int:
    """One mail per reviewer listing their assignments not yet notified. Returns the number
    of mails queued. Safe to repeat: each assignment is marked ``notified_at`` under a row
    lock in the same transaction, so it is never listed twice.

    Under double-blind the mail names no author; it never names a conflicted submission.
    Side effects: notified_at set; one queued mail per reviewer (after commit).
    """
    from accounts.mail import queue_mail, render_mail
    from cfp.domain.mail import absolute_url

    from ..queries import assigned_submissions

    sent = 0
    reviewer_ids = (
        Assignment.objects.filter(submission__conference=conference, notified_at__isnull=True)
        .values_list("reviewer_id", flat=True)
        .distinct()
    )
    from django.contrib.auth import get_user_model

    for reviewer in get_user_model().objects.filter(pk__in=list(reviewer_ids)).order_by("pk"):
        with transaction.atomic():
            rows = list(
                Assignment.objects.select_for_update()
                .filter(
                    submission__conference=conference,
                    reviewer=reviewer,
                    notified_at__isnull=True,
                )
                .values_list("pk", "submission_id")
            )
            if not rows:
                continue
            Assignment.objects.filter(pk__in=[pk for pk, _sid in rows]).update(
                notified_at=timezone.now()
            )
            visible = list(
                assigned_submissions(reviewer, conference)
                .filter(pk__in=[sid for _pk, sid in rows])
                .order_by("number")
            )
            if not visible:
                continue
            subject, body = render_mail(
                "reviews/email/assignment_new",
                {
                    "conference": conference,
                    "reviewer": reviewer,
                    "submissions": visible,
                    "count": len(visible),
                    "queue_url": absolute_url(
                        reverse("reviews:queue", kwargs={"conference": conference.slug})
                    ),
                },
            )
            queue_mail(to=[reviewer.email], subject=subject, body=body)
            sent += 1
    return sent


# --- infeasibility in the chair's words -------------------------------------------------------


def explain(explanations: list[dict], *, submission_names: dict, reviewer_names: dict) -> list:
    """The engine's explanations as sentences naming submissions and reviewers. Names not in
    the maps (what this viewer may not see) are counted, never named."""

    def listing(ids, names, noun_one, noun_many):
        shown = [names[i] for i in ids if i in names]
        hidden = len(ids) - len(shown)
        parts = shown[:8]
        more = len(shown) - len(parts) + hidden
        if more:
            parts.append(ngettext("%(n)d other", "%(n)d others", more) % {"n": more})
        return ", ".join(parts)

    sentences = []
    for item in explanations:
        numbers = item.get("numbers", {})
        subs = listing(item.get("submissions", []), submission_names, "", "")
        revs = listing(item.get("reviewers", []), reviewer_names, "", "")
        code = item.get("code")
        params = {**numbers, "subs": subs, "revs": revs}
        for key in ("needed", "places", "available", "eligible", "minimum", "pairs"):
            if isinstance(params.get(key), float):
                params[key] = int(params[key])
        if code == "group_capacity":
            text = _(
                "Theme %(group)s needs %(needed)s reviews from its own reviewers but they have "
                "%(places)s places left (%(revs)s): raise their loads or invite reviewers for "
                "%(group)s."
            )
        elif code == "group_bottleneck":
            text = _(
                "Theme %(groups)s needs %(needed)s reviews from its reviewers for %(subs)s, but "
                "its eligible reviewers (%(revs)s) can give only %(available)s: raise their "
                "loads, invite reviewers for the theme, or drop the theme requirement."
            )
        elif code == "group_too_few_eligible":
            text = _(
                "Submissions of theme %(group)s (%(subs)s) have no eligible reviewer of the "
                "theme left: invite reviewers of the theme or clear wrong conflicts."
            )
        elif code == "too_few_eligible":
            text = _(
                "%(subs)s need %(needed)s reviewers but have only %(eligible)s eligible: invite "
                "reviewers, clear wrong conflicts, or lower the number of reviews."
            )
        elif code == "total_capacity":
            text = _(
                "Reviewers have %(places)s places left in total but submissions need "
                "%(needed)s more reviews: raise maximum loads, invite reviewers, or lower the "
                "number of reviews."
            )
        elif code == "hall_deficit":
            text = _(
                "%(subs)s need %(needed)s reviews, but the reviewers eligible for them (%(revs)s)"
                " can take at most %(available)s: raise their loads, invite reviewers for these "
                "topics, or lower the number of reviews."
            )
        elif code in ("minimum_unreachable", "minimum_deficit", "minimum_exceeds_demand"):
            text = _(
                "Minimum loads cannot all be met (%(revs)s): lower the minimum load in the "
                "settings."
            )
        elif code == "locked_exceeds_load":
            text = _(
                "%(revs)s already have more assignments than their maximum load: raise it or "
                "remove assignments by hand."
            )
        elif code == "locked_exceeds_demand":
            text = _(
                "%(subs)s already have more reviewers than reviews wanted: raise the number of "
                "reviews or remove assignments by hand."
            )
        else:
            text = None
        try:
            sentences.append(text % params if text else item.get("message", ""))
        except (KeyError, TypeError, ValueError):
            sentences.append(item.get("message", ""))
    return sentences
