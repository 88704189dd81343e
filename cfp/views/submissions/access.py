"""Fetching what an author's page is about: 404 where existence is confidential, 403 where
the user may know it exists but not act on it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ...models import Conference, Submission
from ...rules import allowed, is_submission_editor


def max_upload_bytes(conference: str, **_kwargs) -> int:
    """The conference's upload limit, for ``capped_uploads``: its handler is installed before
    the body is read, so before the view fetches the conference (hence a query of its own).
    An unknown slug gets the model's default limit (the view then answers 404)."""
    found = Conference.objects.filter(slug=conference).only("max_upload_megabytes").first()
    return (found or Conference()).max_upload_bytes


def conference_for_authors(request, slug: str) -> Conference:
    conference = get_object_or_404(Conference, slug=slug)
    if not allowed(request.user, "cfp.view_conference", conference):
        raise Http404
    return conference


def get_submission(request, conference: str, reference: str, queryset=None) -> Submission:
    """The submission if ``request.user`` may see it (the rule ``cfp.view_submission``), else
    404: existence is confidential. ``queryset``: what to fetch it with (its prefetches).

    One row by its reference, then the rule on it: composing ``visible_to`` for a single row
    cost ~9 ms of SQL compilation on every author page; for the submitter the rule needs no
    query at all."""
    queryset = (queryset if queryset is not None else Submission.objects.all()).select_related(
        "conference", "contribution_type", "created_by"
    )
    submission = queryset.filter(conference__slug=conference, reference=reference).first()
    if submission is None or not allowed(request.user, "cfp.view_submission", submission):
        raise Http404
    return submission


def get_editable_submission(request, conference: str, reference: str, queryset=None):
    """The submission if the user may edit it: 404 to strangers, 403 to other readers."""
    submission = get_submission(request, conference, reference, queryset)
    if not is_submission_editor(request.user, submission):
        raise PermissionDenied(_("You may read this submission but not change it."))
    return submission
