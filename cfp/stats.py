"""Counts of submissions for the organisers' cockpit.

Every function takes a queryset of submissions the organiser may see (already filtered) and
issues a fixed number of queries, however many submissions there are. Rows with a count of
zero are included: a theme or guiding question nobody wrote about is news too.

Countries: a submission counts once for each country among its authors (so a paper by
authors from Thailand and Myanmar counts for both, and the country counts add up to more
than the number of submissions). Authors who gave no country count as "not given".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import (
    Authorship,
    Conference,
    ContributionType,
    GuidingQuestion,
    Submission,
    SubmissionState,
    Theme,
)


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    # The value the list's filter takes to show these submissions ("" when there is none).
    filter_value: str = ""


@dataclass(frozen=True)
class SubmissionCounts:
    total: int
    by_type: list[CountRow] = field(default_factory=list)
    by_theme: list[CountRow] = field(default_factory=list)
    by_country: list[CountRow] = field(default_factory=list)
    by_guiding_question: list[CountRow] = field(default_factory=list)

    @property
    def unanswered_guiding_questions(self) -> list[CountRow]:
        return [row for row in self.by_guiding_question if row.count == 0 and row.filter_value]


NOT_GIVEN = _("(none)")


def _base(queryset) -> Submission:
    # A plain queryset over the same rows: ordering, search ranks and other annotations of the
    # caller's queryset must not leak into GROUP BY. The inner query is compiled to SQL once
    # here, not once for each count that uses it (compiling the visibility rule was most of
    # the counts' time).
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a queryset that can match nothing (``none()``)
        return Submission.objects.none()
    # SQL that Django compiled from a queryset, its values passed apart as parameters.
    return Submission.objects.filter(pk__in=RawSQL(sql, params)).order_by()  # noqa: S611


def _merge(
    items: Iterable, counts: dict, none_label=NOT_GIVEN, keep_zero_none=False
) -> list[CountRow]:
    rows = [CountRow(str(item), counts.get(item.pk, 0), str(item.pk)) for item in items]
    if counts.get(None) or keep_zero_none:
        rows.append(CountRow(str(none_label), counts.get(None, 0)))
    return rows


def _type_counts(base) -> dict:
    return dict(base.values_list("contribution_type").annotate(n=Count("pk")).order_by())


def count_by_type(queryset, conference: Conference, types=None) -> list[CountRow]:
    """Submissions per contribution type, every type of the conference listed (``types``:
    the conference's types, if the caller has them already)."""
    return _by_type(_type_counts(_base(queryset)), conference, types)


def _by_type(counts: dict, conference: Conference, types) -> list[CountRow]:
    if types is None:
        types = ContributionType.objects.filter(conference=conference)
    return _merge(types, counts)


def count_by_theme(queryset, conference: Conference, themes=None) -> list[CountRow]:
    """Submissions per theme (a submission in two themes counts in both); "none" last."""
    return _by_theme(_base(queryset), conference, themes)


def _by_theme(base, conference: Conference, themes) -> list[CountRow]:
    counts = dict(base.values_list("themes").annotate(n=Count("pk", distinct=True)).order_by())
    if themes is None:
        themes = Theme.objects.filter(conference=conference)
    return _merge(themes, counts)


def count_by_guiding_question(queryset, conference: Conference, questions=None) -> list[CountRow]:
    """Submissions per guiding question of the call, with the ones no submission answers."""
    return _by_guiding_question(_base(queryset), conference, questions)


def _by_guiding_question(base, conference: Conference, questions) -> list[CountRow]:
    counts = dict(
        base.values_list("guiding_questions").annotate(n=Count("pk", distinct=True)).order_by()
    )
    if questions is None:
        questions = GuidingQuestion.objects.filter(conference=conference)
    return _merge(questions, counts, none_label=_("(answers none)"))


def count_by_country(queryset) -> list[CountRow]:
    """Submissions per country of their authors, most first (see the module docstring)."""
    return _by_country(_base(queryset))


def _by_country(base) -> list[CountRow]:
    counts = (
        Authorship.objects.filter(submission__in=base)
        .values_list("country")
        .annotate(n=Count("submission", distinct=True))
        .order_by()
    )
    rows = []
    for code, n in counts:
        if code:
            rows.append(CountRow(str(countries.name(code) or code), n, code))
        else:
            rows.append(CountRow(str(NOT_GIVEN), n))
    rows.sort(key=lambda row: (-row.count, not row.filter_value, row.label))
    return rows


def submission_counts(
    queryset, conference: Conference, *, types=None, themes=None, questions=None
) -> SubmissionCounts:
    """All the counts at once: seven queries, four if the caller passes the conference's
    contribution types, themes and guiding questions (lists it has loaded anyway). The total
    is the sum of the counts by type (every submission has one type or none)."""
    base = _base(queryset)
    type_counts = _type_counts(base)
    return SubmissionCounts(
        total=sum(type_counts.values()),
        by_type=_by_type(type_counts, conference, types),
        by_theme=_by_theme(base, conference, themes),
        by_country=_by_country(base),
        by_guiding_question=_by_guiding_question(base, conference, questions),
    )


def state_counts(conference: Conference, user) -> dict[str, int]:
    """The organisers' cockpit figures, in one query: submitted; withdrawn (only what was
    once submitted: a draft its authors withdrew without ever submitting it was never sent
    to the organisers); drafts in progress (how many, nothing more); late drafts (those of
    the drafts the organisers' list shows, decided by ``for_organisers_of``)."""
    visible = Submission.objects.for_organisers_of(conference, user).values("pk")
    draft = Q(state=SubmissionState.DRAFT)
    return Submission.objects.for_conference(conference).aggregate(
        submitted=Count("pk", filter=Q(state=SubmissionState.SUBMITTED)),
        withdrawn=Count(
            "pk", filter=Q(state=SubmissionState.WITHDRAWN, submitted_at__isnull=False)
        ),
        drafts=Count("pk", filter=draft),
        late_drafts=Count("pk", filter=draft & Q(pk__in=visible)),
    )
