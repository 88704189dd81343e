"""The public call: its landing page, a page per theme and per contribution type.

Readable by anyone while the call is published; an unpublished call only by its organisers
(404 for everyone else: its existence is not public yet).
"""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cfp import call_cache, deadlines, sections
from cfp.call_passages import passages_naming
from cfp.models import (
    Conference,
    ContributionType,
    GuidingQuestion,
    Organisation,
    Submission,
    SubmissionState,
    Theme,
)
from cfp.rules import allowed


def current_call(request: HttpRequest) -> HttpResponse:
    conference = Conference.objects.public().current(timezone.now())
    if conference is None:
        return render(request, "cfp/no_call.html")
    return redirect(conference)


def _visible_conference(request: HttpRequest, slug: str, *, prefetch: tuple = ()) -> Conference:
    conference = get_object_or_404(Conference.objects.prefetch_related(*prefetch), slug=slug)
    if not conference.is_public and not allowed(request.user, "cfp.view_conference", conference):
        raise Http404
    return conference


def submit_url(conference: Conference) -> str:
    """Where "Submit a paper" points."""
    return reverse("cfp:submission_create", kwargs={"conference": conference.slug})


def _call_context(conference: Conference) -> dict:
    now = timezone.now()
    deadline = deadlines.effective_submission_deadline(conference)
    return {
        "conference": conference,
        "now": now,
        "phase": deadlines.phase(conference, now),
        "is_open": deadlines.is_submission_open(conference, now),
        "deadline": deadline,
        "deadline_passed": now >= deadline,
        "time_left": deadlines.time_left(deadline, now),
        "aoe_day": deadlines.aoe_deadline_day(conference),
        "submit_url": submit_url(conference),
    }


def call(request: HttpRequest, conference: str) -> HttpResponse:
    """The call. Anonymous visitors share one rendering (``cfp.call_cache``): one query when
    it is cached, six when it is rendered (the last: cfp.sections call links)."""
    conference = _visible_conference(request, conference)
    context = _call_context(conference)
    # Everything on the page that depends on the time: part of the cache key.
    clock = (context["phase"], context["is_open"], context["deadline_passed"], context["time_left"])
    return call_cache.cached_page(
        request, conference, clock, lambda: _render_call(request, conference, context)
    )


def _render_call(request: HttpRequest, conference: Conference, context: dict) -> HttpResponse:
    prefetch_related_objects(
        [conference],
        Prefetch("organisations", Organisation.objects.order_by("order", "pk")),
        Prefetch("themes", Theme.objects.order_by("order", "pk")),
        Prefetch("guiding_questions", GuidingQuestion.objects.order_by("order", "pk")),
        Prefetch("contribution_types", ContributionType.objects.order_by("order", "pk")),
    )
    organisations = list(conference.organisations.all())
    context.update(
        important_dates=deadlines.important_dates(conference),
        organising=[o for o in organisations if o.role == Organisation.Role.ORGANISER],
        partnering=[o for o in organisations if o.role == Organisation.Role.PARTNER],
        call_links=sections.call_links(conference),
    )
    return render(request, "cfp/call.html", context)


def theme(request: HttpRequest, conference: str, theme: str) -> HttpResponse:
    """A theme: what the call says of it (its description, else the passages of the call
    text that name it), the call's guiding questions, and, once submissions are closed and
    if the organisers chose to show it, how many submitted papers it has. Three queries,
    four with the count."""
    conference = _visible_conference(
        request,
        conference,
        prefetch=(
            Prefetch("themes", Theme.objects.order_by("order", "pk")),
            Prefetch("guiding_questions", GuidingQuestion.objects.order_by("order", "pk")),
        ),
    )
    themes = list(conference.themes.all())
    current = next((t for t in themes if t.slug == theme), None)
    if current is None:
        raise Http404
    context = _call_context(conference)
    submission_count = None
    if conference.show_theme_submission_counts and context["deadline_passed"]:
        submission_count = (
            Submission.objects.for_conference(conference)
            .filter(themes=current, state__in=SubmissionState.ACTIVE)
            .count()
        )
    context.update(
        theme=current,
        themes=themes,
        item_title=current.title,
        passages=[]
        if current.description
        else passages_naming(conference.call_text, current.title),
        guiding_questions=list(conference.guiding_questions.all()),
        submission_count=submission_count,
    )
    return render(request, "cfp/theme.html", context)


def contribution_type(request: HttpRequest, conference: str, type: str) -> HttpResponse:  # noqa: A002
    conference = _visible_conference(
        request,
        conference,
        prefetch=(
            Prefetch("contribution_types", ContributionType.objects.order_by("order", "pk")),
        ),
    )
    types = list(conference.contribution_types.all())
    current = next((t for t in types if t.slug == type), None)
    if current is None:
        raise Http404
    context = _call_context(conference)
    context.update(contribution_type=current, contribution_types=types, item_title=current.name)
    return render(request, "cfp/contribution_type.html", context)
