"""``{% load cfp_author %}`` then ``{% my_submissions conference as mine %}``: the visitor's
own submissions to ``conference`` beside "Submit a paper" on the call pages.

No query for an anonymous visitor; one for a logged-in one.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from cfp.models import Submission, SubmissionState

register = template.Library()


@register.simple_tag(takes_context=True)
def my_submissions(context, conference) -> dict | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    rows = list(
        Submission.objects.of_author(user)
        .filter(conference=conference)
        .order_by("-modified", "-pk")
        .values_list("state", "reference")
    )
    drafts = [reference for state, reference in rows if state == SubmissionState.DRAFT]
    submitted = sum(1 for state, _reference in rows if state == SubmissionState.SUBMITTED)
    if not drafts and not submitted:
        return None
    draft_url = ""
    if len(drafts) == 1:
        draft_url = reverse(
            "cfp:submission_detail",
            kwargs={"conference": conference.slug, "reference": drafts[0]},
        )
    elif drafts:
        draft_url = reverse("cfp:dashboard")
    return {"drafts": len(drafts), "draft_url": draft_url, "submitted": submitted}


@register.simple_tag(takes_context=True)
def submitting_to(context):
    """The conference whose submission page ``?next=`` leads to (the login and signup pages
    say why they are asked), or None. No query without such a ``next``."""
    from django.urls import Resolver404, resolve

    from cfp.models import Conference

    request = context.get("request")
    target = request.GET.get("next", "") if request is not None else ""
    if not target.startswith("/"):
        return None
    try:
        match = resolve(target.split("?", 1)[0])
    except Resolver404:
        return None
    if match.namespace != "cfp" or not match.url_name.startswith("submission"):
        return None
    slug = match.kwargs.get("conference")
    return Conference.objects.filter(slug=slug, is_public=True).first() if slug else None
