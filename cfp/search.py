"""Search submissions by title, abstract, keywords, author names and affiliations, and by the
reference their authors know them by.

On PostgreSQL: full-text search (``websearch`` syntax: quoted phrases, ``or``, ``-word``),
ranked, OR'd with a plain substring match, because PostgreSQL's parsers do not split Thai,
Burmese or Chinese text into words. On other databases (SQLite in development): the
substring match alone, every word of the query matching at least one field.

The caller passes a queryset that already holds only what the user may see; search only
narrows it (and, on PostgreSQL, orders it by rank).
"""

from __future__ import annotations

import json

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, TextField
from django.db.models.functions import Cast

from .models import Authorship

# Submission text is mostly English; names and affiliations are in every language and script,
# so they are not stemmed.
TEXT_CONFIG = "english"
NAME_CONFIG = "simple"
MAX_TERMS = 10


def search_submissions(queryset, query: str):
    """Narrow ``queryset`` (of Submission) to those matching ``query``; empty: unchanged."""
    query = " ".join((query or "").split())
    if not query:
        return queryset
    include, exclude = _substring_match(query)
    if connection.vendor != "postgresql":
        return queryset.filter(include).filter(exclude)
    return _postgres_search(queryset, query, include).filter(exclude)


def _terms(query: str) -> tuple[list[str], list[str]]:
    """The words a substring match looks for, and the ``-words`` it must not find."""
    wanted, unwanted = [], []
    for word in query.replace('"', " ").split():
        target = unwanted if word.startswith("-") else wanted
        word = word.lstrip("-")
        if word and word.lower() != "or" and word not in target:
            target.append(word)
    return wanted[:MAX_TERMS], unwanted[:MAX_TERMS]


def _term_match(term: str) -> Q:
    """The term in some field: title, abstract, keywords, an author's name or affiliation."""
    # Keywords are JSON; SQLite stores non-ASCII text in it as \\uXXXX escapes.
    escaped = json.dumps(term)[1:-1]
    authors = Authorship.objects.filter(submission=OuterRef("pk")).filter(
        Q(full_name__icontains=term) | Q(affiliation__icontains=term)
    )
    # Authors know a submission by its reference (K7QM-2XPA), never its number.
    reference = term.replace("-", "").upper()
    return (
        Q(reference=reference)
        | Q(title__icontains=term)
        | Q(abstract__icontains=term)
        | Q(keywords__icontains=term)
        | Q(keywords__icontains=escaped)
        | Exists(authors)
    )


def _substring_match(query: str) -> tuple[Q, Q]:
    """(every wanted term somewhere, no unwanted term anywhere)."""
    wanted, unwanted = _terms(query)
    include, exclude = Q(), Q()
    for term in wanted:
        include &= _term_match(term)
    for term in unwanted:
        exclude &= ~_term_match(term)
    return include, exclude


def _postgres_search(queryset, query: str, substring: Q):
    text_query = SearchQuery(query, search_type="websearch", config=TEXT_CONFIG)
    name_query = SearchQuery(query, search_type="websearch", config=NAME_CONFIG)
    vector = (
        SearchVector("title", weight="A", config=TEXT_CONFIG)
        + SearchVector(Cast("keywords", TextField()), weight="B", config=TEXT_CONFIG)
        + SearchVector("abstract", weight="C", config=TEXT_CONFIG)
    )
    authors = Authorship.objects.annotate(
        search=SearchVector("full_name", "affiliation", config=NAME_CONFIG)
    ).filter(submission=OuterRef("pk"), search=name_query)
    # The vector is computed for the rows of ``queryset`` only (``alias``: used to filter
    # and rank, never sent back), not for every submission in the database.
    return (
        queryset.alias(search_vector=vector)
        .filter(Q(search_vector=text_query) | Exists(authors) | substring)
        .annotate(search_rank=SearchRank(F("search_vector"), text_query))
        .order_by(F("search_rank").desc(nulls_last=True), "number")
    )
