"""Counts for the organisers: by type, theme, country and guiding question."""

from __future__ import annotations

import pytest

from cfp.models import Submission, SubmissionState
from cfp.stats import submission_counts
from tests.factories import (
    AuthorshipFactory,
    ContributionTypeFactory,
    GuidingQuestionFactory,
    SubmissionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def rows(count_rows):
    return [(row.label, row.count) for row in count_rows]


@pytest.fixture
def call(conference):
    return {
        "paper": ContributionTypeFactory(conference=conference, name="Paper"),
        "poster": ContributionTypeFactory(conference=conference, name="Poster"),
        "law": ThemeFactory(conference=conference, title="Law"),
        "voices": ThemeFactory(conference=conference, title="Voices"),
        "unused": ThemeFactory(conference=conference, title="Unused"),
        "who": GuidingQuestionFactory(conference=conference, text="Who?"),
        "why": GuidingQuestionFactory(conference=conference, text="Why?"),
    }


def test_counts_include_zero_rows_and_ignore_drafts(conference, call):
    one = SubmissionFactory(
        conference=conference,
        contribution_type=call["paper"],
        themes=[call["law"], call["voices"]],
        guiding_questions=[call["who"]],
    )
    AuthorshipFactory(submission=one, country="TH")
    AuthorshipFactory(submission=one, country="MM")
    AuthorshipFactory(submission=one, country="TH")
    two = SubmissionFactory(conference=conference, contribution_type=call["paper"])
    AuthorshipFactory(submission=two, country="TH")
    AuthorshipFactory(submission=two, country="")
    draft = SubmissionFactory(
        conference=conference,
        contribution_type=call["poster"],
        themes=[call["unused"]],
        state=SubmissionState.DRAFT,
    )
    AuthorshipFactory(submission=draft, country="KH")

    counts = submission_counts(Submission.objects.for_organisers_of(conference), conference)

    assert counts.total == 2
    assert rows(counts.by_type) == [("Paper", 2), ("Poster", 0)]
    assert rows(counts.by_theme) == [("Law", 1), ("Voices", 1), ("Unused", 0), ("(none)", 1)]
    # A submission counts once per country of its authors; most first, "not given" last.
    assert rows(counts.by_country) == [("Thailand", 2), ("Myanmar", 1), ("(none)", 1)]
    assert rows(counts.by_guiding_question) == [("Who?", 1), ("Why?", 0), ("(answers none)", 1)]
    assert rows(counts.unanswered_guiding_questions) == [("Why?", 0)]


def test_rows_carry_the_lists_filter_values(conference, call):
    SubmissionFactory(conference=conference, themes=[call["law"]])

    counts = submission_counts(Submission.objects.for_organisers_of(conference), conference)

    assert counts.by_theme[0].filter_value == str(call["law"].pk)


def test_counts_follow_a_filtered_queryset(conference, call):
    SubmissionFactory(conference=conference, contribution_type=call["paper"])
    SubmissionFactory(conference=conference, contribution_type=call["poster"])

    queryset = Submission.objects.for_organisers_of(conference).filter(
        contribution_type=call["poster"]
    )
    counts = submission_counts(queryset, conference)

    assert counts.total == 1
    assert rows(counts.by_type) == [("Paper", 0), ("Poster", 1)]


@pytest.mark.parametrize("n", [1, 25])
def test_counts_take_seven_queries_however_many_submissions(
    conference, call, django_assert_num_queries, n
):
    for _ in range(n):
        submission = SubmissionFactory(
            conference=conference, themes=[call["law"]], guiding_questions=[call["who"]]
        )
        AuthorshipFactory.create_batch(2, submission=submission)

    # By type (its sum is the total), theme, country, guiding question; the labels of types,
    # themes and questions (3).
    with django_assert_num_queries(7):
        counts = submission_counts(Submission.objects.for_organisers_of(conference), conference)

    assert counts.total == n


def test_withdrawn_counts_only_what_was_once_submitted(conference, django_assert_num_queries):
    from cfp.stats import state_counts
    from tests.factories import REFERENCE_NOW, UserFactory

    SubmissionFactory(conference=conference, state=SubmissionState.SUBMITTED)
    SubmissionFactory(
        conference=conference, state=SubmissionState.WITHDRAWN, submitted_at=REFERENCE_NOW
    )
    # A draft its authors withdrew without ever submitting it: never sent to the organisers.
    SubmissionFactory(conference=conference, state=SubmissionState.WITHDRAWN, submitted_at=None)
    SubmissionFactory(conference=conference, state=SubmissionState.DRAFT, submitted_at=None)

    someone = UserFactory()
    with django_assert_num_queries(1):
        counts = state_counts(conference, someone)

    assert counts == {"submitted": 1, "withdrawn": 1, "drafts": 1, "late_drafts": 0}


@pytest.mark.parametrize("n", [1, 25])
def test_counts_take_four_queries_given_the_conferences_lists(
    conference, call, django_assert_num_queries, n
):
    for _ in range(n):
        SubmissionFactory(
            conference=conference, themes=[call["law"]], guiding_questions=[call["who"]]
        )
    types = list(conference.contribution_types.all())
    themes = list(conference.themes.all())
    questions = list(conference.guiding_questions.all())

    with django_assert_num_queries(4):
        counts = submission_counts(
            Submission.objects.for_organisers_of(conference),
            conference,
            types=types,
            themes=themes,
            questions=questions,
        )

    assert counts.total == n
    assert sum(row.count for row in counts.by_type) == n
    assert ("Law", n) in [(row.label, row.count) for row in counts.by_theme]


def test_counts_of_a_queryset_that_matches_nothing(conference, call):
    SubmissionFactory(conference=conference, themes=[call["law"]])

    counts = submission_counts(Submission.objects.none(), conference)

    assert counts.total == 0
    assert [row.count for row in counts.by_theme] == [0] * len(counts.by_theme)
    assert counts.by_country == []
