"""Suggested sessions: the pure grouping (programme.schedule.suggest) and its write."""

import pytest

from programme.domain.schedule import create_suggested_sessions
from programme.models import Presentation, Session
from programme.schedule.suggest import Paper, suggest
from tests.factories import (
    ConferenceFactory,
    ContributionTypeFactory,
    DecisionFactory,
    PresentationFactory,
    SessionFactory,
    SubmissionFactory,
    ThemeFactory,
)

WATER = ("Water rights of fishing villages on the Mekong", ("water", "fisheries"))
DAMS = ("Dams and displaced fishing communities of the Mekong", ("water", "dams"))
BROKERS = ("Brokers and debt in labour migration to Thailand", ("labour", "debt"))
RECRUIT = ("Recruitment fees, debt bondage and labour brokers", ("labour", "recruitment"))


def paper(id, theme, text, minutes=20, poster=False):
    title, keywords = text
    return Paper(
        id=id,
        theme_id=theme,
        minutes=minutes,
        title=title,
        keywords=keywords,
        abstract=title,
        poster=poster,
    )


def test_every_paper_is_in_exactly_one_session_and_lengths_are_respected():
    papers = [
        paper(i, theme=i % 3 or None, text=(WATER, DAMS, BROKERS, RECRUIT)[i % 4], minutes=m)
        for i, m in zip(range(1, 41), [15, 20, 30] * 14, strict=False)
    ]
    result = suggest(papers, session_minutes=90)
    placed = [pk for s in result for pk in s.paper_ids]
    assert sorted(placed) == list(range(1, 41))
    by_id = {p.id: p for p in papers}
    for s in result:
        assert sum(by_id[pk].minutes for pk in s.paper_ids) == s.minutes <= 90
        assert {by_id[pk].theme_id for pk in s.paper_ids} == {s.theme_id}


def test_similar_papers_go_together():
    papers = [
        paper(1, 1, WATER),
        paper(2, 1, BROKERS),
        paper(3, 1, DAMS),
        paper(4, 1, RECRUIT),
    ]
    result = suggest(papers, session_minutes=40)
    assert sorted(sorted(s.paper_ids) for s in result) == [[1, 3], [2, 4]]
    assert {s.keywords[0] for s in result} == {"water", "labour"}


def test_a_paper_longer_than_the_session_gets_a_session_of_its_own():
    result = suggest([paper(1, 1, WATER, minutes=120), paper(2, 1, DAMS)], session_minutes=90)
    assert sorted(s.paper_ids for s in result) == [(1,), (2,)]


def test_posters_per_theme_or_all_together():
    papers = [
        paper(1, 1, WATER, poster=True),
        paper(2, 2, BROKERS, poster=True),
        paper(3, 1, DAMS),
    ]
    per_theme = suggest(papers, session_minutes=90)
    assert [(s.posters, s.theme_id, s.paper_ids) for s in per_theme] == [
        (False, 1, (3,)),
        (True, 1, (1,)),
        (True, 2, (2,)),
    ]
    together = suggest(papers, session_minutes=90, posters_per_theme=False)
    assert [(s.posters, s.paper_ids) for s in together] == [(False, (3,)), (True, (1, 2))]


def test_texts_in_scripts_without_spaces_and_empty_texts_are_grouped():
    papers = [
        Paper(id=1, theme_id=1, minutes=20, title="การค้ามนุษย์ในประเทศไทย"),
        Paper(id=2, theme_id=1, minutes=20, title="การค้ามนุษย์และแรงงานข้ามชาติ"),
        Paper(id=3, theme_id=1, minutes=20, title=""),
    ]
    result = suggest(papers, session_minutes=40)
    assert sorted(pk for s in result for pk in s.paper_ids) == [1, 2, 3]
    assert (1, 2) in [tuple(sorted(s.paper_ids)) for s in result]


def test_the_result_is_the_same_every_time():
    papers = [paper(i, 1, (WATER, BROKERS, DAMS)[i % 3]) for i in range(1, 20)]
    assert suggest(papers, session_minutes=60) == suggest(papers, session_minutes=60)


def test_a_session_length_must_be_positive():
    with pytest.raises(ValueError):
        suggest([], session_minutes=0)


@pytest.mark.django_db
def test_suggested_sessions_are_drafts_holding_the_unplaced_papers():
    conference = ConferenceFactory()
    migration, labour = ThemeFactory(conference=conference), ThemeFactory(conference=conference)
    talk = ContributionTypeFactory(conference=conference, presentation_minutes=30)
    papers = [
        SubmissionFactory(
            conference=conference, state="accepted", contribution_type=talk, themes=[theme]
        )
        for theme in (migration, migration, migration, labour)
    ]
    poster = SubmissionFactory(conference=conference, state="accepted", themes=[labour])
    DecisionFactory(submission=poster, outcome="accept_poster")
    SubmissionFactory(conference=conference, state="rejected", themes=[labour])
    already = PresentationFactory(
        session=SessionFactory(conference=conference),
        submission=SubmissionFactory(conference=conference, state="accepted", themes=[labour]),
    )

    created = create_suggested_sessions(conference=conference, session_minutes=60)

    assert [(s.kind, s.theme, s.is_scheduled) for s in created] == [
        ("papers", migration, False),
        ("papers", migration, False),
        ("papers", labour, False),
        ("posters", labour, False),
    ]
    placed = Presentation.objects.filter(session__in=created)
    assert sorted(p.submission_id for p in placed) == sorted(p.pk for p in [*papers, poster])
    assert [p.order for p in Presentation.objects.filter(session=created[0])] == [0, 1]
    assert Presentation.objects.get(pk=already.pk).session_id == already.session_id
    assert Session.objects.filter(conference=conference).count() == 5
