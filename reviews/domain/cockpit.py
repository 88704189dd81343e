"""The chair's cockpit: where the reviews stand, reminders to reviewers, and the scores of
every submission a chair manages (read with a fixed number of queries, whatever the number
of submissions, then aggregated by the pure ``reviews.scoring``).

Reads take the queryset of what the viewer may see (``queries.cockpit_submissions``); the
one write, :func:`send_review_reminder`, records a ``ReviewReminder`` and queues the mail
after commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Case, Count, FloatField, Max, Sum, Value, When
from django.db.models.functions import Cast, Greatest, Least
from django.urls import reverse
from django.utils import timezone

from accounts.mail import queue_mail, render_mail, site_url
from cfp import deadlines
from cfp.models import Authorship, Conference, Submission

from .. import scoring
from ..models import (
    Assignment,
    Review,
    ReviewCriterion,
    ReviewingSettings,
    ReviewReminder,
    ReviewScore,
)

#: A reviewer gets at most one reminder in this period.
REMINDER_INTERVAL = dt.timedelta(days=1)


def review_deadline(conference: Conference) -> dt.datetime | None:
    """When the reviews are due (end of the review deadline's day, or AoE), or None."""
    if conference.review_deadline is None:
        return None
    return deadlines.date_deadline(conference.review_deadline, conference)


def is_review_overdue(conference: Conference, now: dt.datetime) -> bool:
    """The server decides: past the review deadline."""
    due = review_deadline(conference)
    return due is not None and now >= due


# --- progress


@dataclass
class Count_:
    due: int = 0
    done: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.due) if self.due else 100


@dataclass
class ReviewerProgress(Count_):
    reviewer_id: int = 0
    name: str = ""
    email: str = ""
    missing_items: list[tuple[int, str]] = field(default_factory=list)
    last_reminder: dt.datetime | None = None

    def can_be_reminded(self, now: dt.datetime) -> bool:
        return bool(self.missing_items) and (
            self.last_reminder is None or now - self.last_reminder >= REMINDER_INTERVAL
        )


@dataclass
class Progress:
    total: Count_
    themes: list[tuple[str, Count_]]
    reviewers: list[ReviewerProgress]
    overdue: list[tuple[ReviewerProgress, int, str]]
    deadline: dt.datetime | None
    is_overdue: bool


def progress(*, conference: Conference, submissions, themes, now: dt.datetime) -> Progress:
    """Reviews done / due over ``submissions`` (what the viewer manages), by theme (of
    ``themes``) and by reviewer, and the overdue list once the deadline has passed.
    Six queries, whatever the number of submissions. Reads only."""
    ids = submissions.values("pk")
    papers = {
        pk: (number, title)
        for pk, number, title in Submission.objects.filter(pk__in=ids).values_list(
            "pk", "number", "title"
        )
    }
    assignments = list(
        Assignment.objects.filter(submission__in=ids).values_list(
            "submission_id", "reviewer_id", "reviewer__full_name", "reviewer__email"
        )
    )
    done = set(
        Review.objects.filter(submission__in=ids, state=Review.State.SUBMITTED).values_list(
            "submission_id", "reviewer_id"
        )
    )
    theme_titles = dict(themes.values_list("pk", "title"))
    paper_themes: dict[int, list[int]] = defaultdict(list)
    for submission_id, theme_id in Submission.themes.through.objects.filter(
        submission__in=ids, theme__in=list(theme_titles)
    ).values_list("submission_id", "theme_id"):
        paper_themes[submission_id].append(theme_id)
    last_reminders = dict(
        ReviewReminder.objects.filter(
            conference=conference, reviewer__in={row[1] for row in assignments}
        )
        .values("reviewer_id")
        .annotate(last=Max("sent_at"))
        .values_list("reviewer_id", "last")
    )
    total = Count_()
    by_theme = {theme_id: Count_() for theme_id in theme_titles}
    by_reviewer: dict[int, ReviewerProgress] = {}
    overdue_now = is_review_overdue(conference, now)
    overdue = []
    for submission_id, reviewer_id, name, email in assignments:
        is_done = (submission_id, reviewer_id) in done
        person = by_reviewer.get(reviewer_id)
        if person is None:
            person = by_reviewer[reviewer_id] = ReviewerProgress(
                reviewer_id=reviewer_id,
                name=name,
                email=email,
                last_reminder=last_reminders.get(reviewer_id),
            )
        for counter in (total, person, *(by_theme[t] for t in paper_themes[submission_id])):
            counter.due += 1
            counter.done += is_done
        if not is_done:
            number, title = papers[submission_id]
            person.missing_items.append((number, title))
            if overdue_now:
                overdue.append((person, number, title))
    for person in by_reviewer.values():
        person.missing_items.sort()
    overdue.sort(key=lambda item: (item[0].name.lower(), item[1]))
    return Progress(
        total=total,
        themes=sorted(
            ((theme_titles[t], c) for t, c in by_theme.items()), key=lambda x: x[0].lower()
        ),
        reviewers=sorted(by_reviewer.values(), key=lambda p: (-p.missing, p.name.lower())),
        overdue=overdue,
        deadline=review_deadline(conference),
        is_overdue=overdue_now,
    )


# --- reminders


class ReminderRefused(Exception):
    """A reminder was not sent: ``last`` is the previous one (too recent), or None when
    nothing is missing."""

    def __init__(self, last: ReviewReminder | None):
        super().__init__("reminder refused")
        self.last = last


def missing_reviews(*, conference: Conference, reviewer, submissions) -> list[Submission]:
    """The submissions among ``submissions`` that ``reviewer`` is assigned and has not
    submitted a review of, never one they are conflicted with. Reads only."""
    return list(
        submissions.filter(
            pk__in=Assignment.objects.filter(reviewer=reviewer).values("submission_id")
        )
        .exclude(
            pk__in=Review.objects.filter(reviewer=reviewer, state=Review.State.SUBMITTED).values(
                "submission_id"
            )
        )
        .excluding_conflicts_of(reviewer)
        .order_by("number")
    )


def send_review_reminder(
    *, conference: Conference, reviewer, by, submissions, now: dt.datetime | None = None
) -> ReviewReminder:
    """Remind ``reviewer`` of the reviews still missing among ``submissions`` (what ``by``
    manages). Never twice within REMINDER_INTERVAL for the same reviewer and conference,
    whoever asks: raises :class:`ReminderRefused` then, and when nothing is missing.

    Side effects: a ReviewReminder row (listing the missing submissions' numbers); after
    commit, one mail to the reviewer (titles and numbers only: no author, whatever the
    blind mode).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Serialise reminders to the same reviewer (PostgreSQL; SQLite locks the database).
        type(reviewer).objects.select_for_update().filter(pk=reviewer.pk).first()
        last = (
            ReviewReminder.objects.filter(conference=conference, reviewer=reviewer)
            .order_by("-sent_at")
            .first()
        )
        if last is not None and now - last.sent_at < REMINDER_INTERVAL:
            raise ReminderRefused(last)
        missing = missing_reviews(conference=conference, reviewer=reviewer, submissions=submissions)
        if not missing:
            raise ReminderRefused(None)
        reminder = ReviewReminder.objects.create(
            conference=conference,
            reviewer=reviewer,
            sent_by=by,
            missing=[submission.number for submission in missing],
        )
        subject, body = render_mail(
            "reviews/email/review_reminder",
            {
                "conference": conference,
                "recipient": reviewer,
                "missing": missing,
                "deadline": review_deadline(conference),
                # The reviewer's queue, where each missing review is written.
                "url": site_url(reverse("reviews:queue", kwargs={"conference": conference.slug})),
            },
        )
        queue_mail(to=[reviewer.email], subject=subject, body=body)
    return reminder


# --- scores and the ranked table


@dataclass
class Row:
    pk: int
    number: int
    title: str
    type_id: int | None
    type_name: str
    theme_ids: list[int]
    theme_names: list[str]
    assigned: int
    scores: scoring.SubmissionScores
    authors: list[Authorship] = field(default_factory=list)

    @property
    def normalised_100(self) -> float | None:
        n = self.scores.normalised
        return None if n is None else round(100 * n, 1)

    def criterion_means(self, criteria: list[tuple[int, str]]) -> list[float | None]:
        return [self.scores.criteria.get(pk) for pk, _name in criteria]

    @property
    def complete(self) -> bool:
        return self.assigned > 0 and self.scores.reviews >= self.assigned


def criteria_of(
    conference: Conference,
) -> tuple[list[tuple[int, str]], dict[int, scoring.Criterion]]:
    """The conference's criteria as ``[(id, name)]`` (form order) and scoring Criteria."""
    names, criteria = [], {}
    for pk, name, weight, scale in ReviewCriterion.objects.filter(
        conference=conference
    ).values_list("pk", "name", "weight", "scale"):
        values = [int(step["value"]) for step in scale or [] if "value" in step] or [1, 5]
        names.append((pk, name))
        criteria[pk] = scoring.Criterion(id=pk, weight=weight, low=min(values), high=max(values))
    return names, criteria


def _rescaled(criterion: scoring.Criterion):
    """The score's value rescaled to 0…1 on ``criterion``'s scale, as an SQL expression."""
    if criterion.high == criterion.low:
        return Value(1.0)
    return Greatest(
        Value(0.0),
        Least(
            Value(1.0),
            (Cast("scores__value", FloatField()) - Value(float(criterion.low)))
            / Value(float(criterion.high - criterion.low)),
        ),
    )


def attach_criteria_means(rows: list[Row]) -> None:
    """Fill each row's per-criterion means (one query, for the rows shown or exported)."""
    by_paper: dict[int, dict[int, float]] = defaultdict(dict)
    for submission_id, criterion_id, average in (
        ReviewScore.objects.filter(
            review__submission_id__in=[r.pk for r in rows], review__state=Review.State.SUBMITTED
        )
        .values("review__submission_id", "criterion_id")
        .annotate(average=Avg("value"))
        .values_list("review__submission_id", "criterion_id", "average")
    ):
        by_paper[submission_id][criterion_id] = average
    for row in rows:
        row.scores.criteria = by_paper[row.pk]


def disagreement_threshold(conference: Conference) -> float:
    settings = ReviewingSettings.objects.filter(conference=conference).first()
    return (
        settings.disagreement_threshold if settings else ReviewingSettings().disagreement_threshold
    )


# Bump when the maths of reviews/scoring.py changes: cached aggregates of the old maths are
# then never read again.
SCORING_VERSION = 1
SCORES_CACHE_SECONDS = 24 * 3600


def _review_data(conference: Conference, criteria: dict[int, scoring.Criterion]):
    """Every submitted review of ``conference`` as scoring.ReviewData (one query)."""
    reviews = Review.objects.filter(submission__conference=conference, state=Review.State.SUBMITTED)
    fields = ["submission_id", "reviewer_id", "recommendation", "confidence"]
    weighted = [c for c in criteria.values() if c.weight > 0]
    if weighted:
        # The weighted criterion average of each review, on 0…1, computed by the database
        # exactly as scoring.criteria_average does (rescaled, clamped, weighted).
        reviews = reviews.annotate(
            criteria_num=Sum(
                Case(
                    *[
                        When(scores__criterion_id=c.id, then=_rescaled(c) * Value(c.weight))
                        for c in weighted
                    ],
                    output_field=FloatField(),
                )
            ),
            criteria_den=Sum(
                Case(
                    *[When(scores__criterion_id=c.id, then=Value(c.weight)) for c in weighted],
                    output_field=FloatField(),
                )
            ),
        )
        fields += ["criteria_num", "criteria_den"]
    data = []
    for values in reviews.values_list(*fields):
        submission_id, reviewer_id, rec, conf = values[:4]
        average = values[4] / values[5] if weighted and values[5] else None
        data.append(
            scoring.ReviewData(submission_id, reviewer_id, rec, conf, criteria_score=average)
        )
    return data


def scores_fingerprint(
    conference: Conference, criteria: dict[int, scoring.Criterion], threshold: float
) -> str:
    """What the conference's aggregates depend on, in one small query: the number of
    submitted reviews, how many still have their reviewer, the latest change to any of them
    (saving a review or its scores always saves the Review, so ``updated_at`` moves: see
    reviews.domain.reviewing.save_review), the criteria's weights and scales, and the
    disagreement threshold."""
    state = Review.objects.filter(
        submission__conference=conference, state=Review.State.SUBMITTED
    ).aggregate(n=Count("pk"), reviewers=Count("reviewer_id"), latest=Max("updated_at"))
    latest = state["latest"].isoformat() if state["latest"] else "-"
    shape = sorted((c.id, c.weight, c.low, c.high) for c in criteria.values())
    raw = repr(
        (
            SCORING_VERSION,
            state["n"],
            state["reviewers"],
            latest,
            shape,
            threshold,
        )
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def conference_scores(
    *, conference: Conference, criteria: dict[int, scoring.Criterion]
) -> dict[int, scoring.SubmissionScores]:
    """scoring.aggregate over every submitted review of ``conference`` (the reviewer biases
    are fitted over all of them: a reviewer's harshness shows across all their reviews).

    Cached under a fingerprint of the reviews (:func:`scores_fingerprint`): any saved,
    submitted, deleted or detached review gives a new key, so a stale table is never shown;
    an unchanged conference costs one small query instead of reading and fitting every
    review. Three queries when not cached (the threshold, the fingerprint, the reviews), two when cached."""
    threshold = disagreement_threshold(conference)
    key = f"reviews:scores:{conference.pk}:{scores_fingerprint(conference, criteria, threshold)}"
    results = cache.get(key)
    if results is None:
        results = scoring.aggregate(
            _review_data(conference, criteria), criteria, disagreement_threshold=threshold
        )
        cache.set(key, results, SCORES_CACHE_SECONDS)
    return results


def score_rows(*, conference: Conference, submissions) -> tuple[list[Row], list[tuple[int, str]]]:
    """A row per submission of ``submissions`` with its aggregated scores, and the criteria.

    The aggregates come from :func:`conference_scores` (cached while the reviews do not
    change). Six queries whatever the size (seven when the aggregates are recomputed); the
    per-criterion means come with :func:`attach_criteria_means`, for the rows shown.
    Reads only.
    """
    ids = submissions.values("pk")
    base = list(
        Submission.objects.filter(pk__in=ids).values_list(
            "pk", "number", "title", "contribution_type_id", "contribution_type__name"
        )
    )
    # Sorted once (stably, by title regardless of case), then grouped: each paper's themes
    # come out in the same order as sorting each paper's own, 2,000 sorts fewer.
    themes: dict[int, tuple[list[int], list[str]]] = defaultdict(lambda: ([], []))
    links = Submission.themes.through.objects.filter(submission__in=ids).values_list(
        "submission_id", "theme_id", "theme__title"
    )
    for submission_id, theme_id, title in sorted(links, key=lambda link: link[2].lower()):
        ids_names = themes[submission_id]
        ids_names[0].append(theme_id)
        ids_names[1].append(title)
    assigned = dict(
        Assignment.objects.filter(submission__in=ids)
        .values("submission_id")
        .annotate(n=Count("pk"))
        .values_list("submission_id", "n")
    )
    names, criteria = criteria_of(conference)
    results = conference_scores(conference=conference, criteria=criteria)
    rows = []
    no_themes: tuple[list[int], list[str]] = ([], [])
    for pk, number, title, type_id, type_name in base:
        theme_ids, theme_names = themes.get(pk, no_themes)
        rows.append(
            Row(
                pk=pk,
                number=number,
                title=title,
                type_id=type_id,
                type_name=type_name or "",
                theme_ids=list(theme_ids),
                theme_names=list(theme_names),
                assigned=assigned.get(pk, 0),
                scores=results.get(pk) or scoring.SubmissionScores(submission_id=pk),
            )
        )
    return rows, names


SORTS = {
    "score": (lambda r: r.scores.normalised, True),
    "mean": (lambda r: r.scores.recommendation_mean, True),
    "weighted": (lambda r: r.scores.recommendation_weighted, True),
    "spread": (lambda r: r.scores.spread, True),
    "reviews": (lambda r: r.scores.reviews, True),
    "title": (lambda r: r.title.lower(), False),
}


def sort_rows(rows: list[Row], key: str) -> list[Row]:
    """Sort by ``key`` (``-key`` turns the natural direction round); missing values last;
    ties by number."""
    flip = key.startswith("-")
    getter, descending = SORTS.get(key.lstrip("-"), SORTS["score"])
    descending ^= flip
    present = [r for r in rows if getter(r) is not None]
    absent = [r for r in rows if getter(r) is None]
    present.sort(key=lambda r: r.number)
    present.sort(key=getter, reverse=descending)
    absent.sort(key=lambda r: r.number)
    return present + absent


def filter_rows(
    rows: list[Row],
    *,
    theme_id: int | None = None,
    type_id: int | None = None,
    flagged: bool = False,
    completeness: str = "",
) -> list[Row]:
    out = []
    for row in rows:
        if theme_id is not None and theme_id not in row.theme_ids:
            continue
        if type_id is not None and row.type_id != type_id:
            continue
        if flagged and not row.scores.flagged:
            continue
        if completeness == "complete" and not row.complete:
            continue
        if completeness == "incomplete" and row.complete:
            continue
        out.append(row)
    return out


def attach_authors(rows: list[Row]) -> None:
    """Fill ``row.authors`` for ``rows`` (one query). For chairs and organisers only: never
    call it for a page a reviewer can reach."""
    by_paper: dict[int, list[Authorship]] = defaultdict(list)
    for authorship in Authorship.objects.filter(submission_id__in=[r.pk for r in rows]).order_by(
        "order", "pk"
    ):
        by_paper[authorship.submission_id].append(authorship)
    for row in rows:
        row.authors = by_paper[row.pk]
