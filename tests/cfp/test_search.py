"""Search over title, abstract, keywords, author names and affiliations (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection

from cfp.models import Submission
from cfp.search import search_submissions
from tests.factories import AuthorshipFactory, ConferenceFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(conference):
    border = SubmissionFactory(
        conference=conference,
        title="Border crossings on the Mekong",
        abstract="Fishermen and brokers.",
        keywords=["smuggling"],
    )
    AuthorshipFactory(submission=border, full_name="Somchai Jaidee", affiliation="Chiang Mai")
    camps = SubmissionFactory(
        conference=conference,
        title="Life in the camps",
        abstract="Refugees from Myanmar speak about categories.",
        keywords=["ဒုက္ခသည်", "identity"],
    )
    AuthorshipFactory(submission=camps, full_name="အောင်ဆန်း", affiliation="Yangon University")
    labour = SubmissionFactory(
        conference=conference,
        title="แรงงานข้ามชาติ",
        abstract="Domestic workers in Bangkok.",
        keywords=["labour"],
    )
    AuthorshipFactory(submission=labour, full_name="Nguyễn Thị Lan", affiliation="ມະຫາວິທະຍາໄລ")
    return {"border": border, "camps": camps, "labour": labour}


def found(conference, query) -> list[str]:
    queryset = Submission.objects.for_organisers_of(conference)
    return sorted(s.title for s in search_submissions(queryset, query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mekong", ["Border crossings on the Mekong"]),  # title
        ("brokers", ["Border crossings on the Mekong"]),  # abstract
        ("smuggling", ["Border crossings on the Mekong"]),  # keyword
        ("Somchai", ["Border crossings on the Mekong"]),  # author name
        ("yangon", ["Life in the camps"]),  # affiliation
        ("ဒုက္ခသည်", ["Life in the camps"]),  # keyword in Burmese
        ("အောင်ဆန်း", ["Life in the camps"]),  # name in Burmese
        ("ข้ามชาติ", ["แรงงานข้ามชาติ"]),  # part of a Thai title (no spaces between words)
        ("Nguyễn", ["แรงงานข้ามชาติ"]),  # name with diacritics
        ("ມະຫາວິທະຍາໄລ", ["แรงงานข้ามชาติ"]),  # affiliation in Lao
        ("workers Bangkok", ["แรงงานข้ามชาติ"]),  # every word somewhere
        ("workers Mekong", []),  # ... not just one of them
        ("nothing-like-this", []),
    ],
)
def test_search_finds_by_every_field_and_script(conference, corpus, query, expected):
    assert found(conference, query) == expected


def test_a_minus_word_excludes(conference, corpus):
    assert found(conference, "in -camps") == [
        "Border crossings on the Mekong",
        "แรงงานข้ามชาติ",
    ]


def test_empty_query_changes_nothing(conference, corpus):
    queryset = Submission.objects.for_organisers_of(conference)

    assert search_submissions(queryset, "   ") is queryset


def test_search_stays_within_the_given_queryset(conference, corpus):
    other = ConferenceFactory()
    SubmissionFactory(conference=other, title="Mekong elsewhere")

    assert found(conference, "mekong") == ["Border crossings on the Mekong"]


def test_search_never_returns_duplicates_for_several_matching_authors(conference, corpus):
    AuthorshipFactory.create_batch(3, submission=corpus["border"], affiliation="Chiang Mai")

    queryset = Submission.objects.for_organisers_of(conference)
    results = list(search_submissions(queryset, "chiang"))

    assert results == [corpus["border"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search on PostgreSQL")
def test_postgres_stems_english_and_ranks_title_matches_first(conference, corpus):
    title_hit = SubmissionFactory(conference=conference, title="Refugees and the law")

    results = list(search_submissions(Submission.objects.for_organisers_of(conference), "refugee"))

    # "refugee" finds "Refugees" by stem; the title match ranks above the abstract match.
    assert results == [title_hit, corpus["camps"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="websearch syntax on PostgreSQL")
def test_postgres_understands_or(conference, corpus):
    assert found(conference, "brokers or workers") == [
        "Border crossings on the Mekong",
        "แรงงานข้ามชาติ",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search on PostgreSQL")
def test_postgres_full_text_matches_stay_within_the_given_queryset(conference, corpus):
    # Another conference's submission that the full text (and the substring) would match.
    SubmissionFactory(conference=ConferenceFactory(), title="Refugees elsewhere")

    results = list(search_submissions(Submission.objects.for_organisers_of(conference), "refugee"))

    assert results == [corpus["camps"]]
