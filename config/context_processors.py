from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "MFA_RELAXED": not settings.SALA_ORGANISER_REQUIRES_MFA,
    }


@dataclass(frozen=True)
class Area:
    """A part of the site one of the person's roles opens: its name, the conference, where."""

    kind: str
    label: str
    conference_title: str
    url: str


def areas_of(user) -> list[Area]:
    """The areas ``user``'s roles open, in one query: for each conference, the organiser
    area if they organise it, and the committee area if they organise it or sit on its
    committee (theme chair or reviewer). Roles come from the conference's own records only:
    a site administrator sees no area for it."""
    from django.db.models import Exists, OuterRef, Q, Subquery

    from cfp.models import Conference
    from reviews.models import CommitteeMember

    if not user.is_authenticated:
        return []
    organises = Conference.organisers.through.objects.filter(
        conference_id=OuterRef("pk"), user_id=user.pk
    )
    role = CommitteeMember.objects.filter(conference_id=OuterRef("pk"), user_id=user.pk).values(
        "role"
    )[:1]
    rows = (
        Conference.objects.annotate(is_organiser=Exists(organises), committee_role=Subquery(role))
        .filter(Q(is_organiser=True) | Q(committee_role__isnull=False))
        .order_by("-start_date", "pk")
        .values_list("slug", "title", "is_organiser", "committee_role")
    )
    areas = []
    for slug, title, is_organiser, _role in rows:
        if is_organiser:
            areas.append(
                Area(
                    kind="organiser",
                    label=_("Organiser area"),
                    conference_title=title,
                    url=reverse("cfp:organiser_home", kwargs={"conference": slug}),
                )
            )
        areas.append(
            Area(
                kind="committee",
                label=_("Committee"),
                conference_title=title,
                url=reverse("reviews:committee_home", kwargs={"conference": slug}),
            )
        )
    return areas


def my_areas(request):
    """``my_areas``: the areas the logged-in person's roles open (header and dashboard).

    Lazy and cached on the request: one query, on the first page that shows them, however
    many templates ask."""

    def load():
        if not hasattr(request, "_sala_my_areas"):
            request._sala_my_areas = areas_of(request.user)
        return request._sala_my_areas

    return {"my_areas": SimpleLazyObject(load)}
