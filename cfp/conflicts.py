"""Conflicts of interest, as cfp needs to know them.

Conflicts belong to reviews (its models, its domain, its rules), and cfp never imports
reviews; yet cfp's organiser pages, lists, counts, searches, exports and downloads must drop
every submission the person looking is conflicted with. So reviews registers one source here
from its ``AppConfig.ready()``::

    from cfp import conflicts

    conflicts.register_source("reviews", submission_ids_conflicted_for)

The contract: ``source(user) -> QuerySet`` of submission ids (``values("submission_id")`` or
``values_list(..., flat=True)``) that ``user`` must not see as organiser, chair or reviewer.
It is used as a subquery, so a list stays one query whatever its size. Registering the same
name twice replaces the earlier source (``ready()`` may run twice in tests).
"""

from __future__ import annotations

from collections.abc import Callable

_sources: dict[str, Callable] = {}


def register_source(name: str, source: Callable) -> None:
    _sources[name] = source


def exclude_conflicts(queryset, user):
    """``queryset`` of submissions without those ``user`` is conflicted with."""
    if user is None or not user.is_authenticated:
        return queryset
    for source in _sources.values():
        queryset = queryset.exclude(pk__in=source(user))
    return queryset


def is_conflicted(user, submission) -> bool:
    """The rule for one submission: the same sources, asked about one row."""
    if submission is None or user is None or not user.is_authenticated:
        return False
    return any(
        source(user).filter(submission_id=submission.pk).exists() for source in _sources.values()
    )
