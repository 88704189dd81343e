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
    """The areas ``user``'s roles open, in one query: the organiser area of each conference
    they organise (committee and reviewing areas join here as they come). Roles come from
    the conference's own records only: a site administrator sees no area for it."""
    from cfp.models import Conference

    if not user.is_authenticated:
        return []
    organised = (
        Conference.objects.filter(organisers=user)
        .order_by("-start_date", "pk")
        .values_list("slug", "title")
    )
    return [
        Area(
            kind="organiser",
            label=_("Organiser area"),
            conference_title=title,
            url=reverse("cfp:organiser_home", kwargs={"conference": slug}),
        )
        for slug, title in organised
    ]


def my_areas(request):
    """``my_areas``: the areas the logged-in person's roles open (header and dashboard).

    Lazy and cached on the request: one query, on the first page that shows them, however
    many templates ask."""

    def load():
        if not hasattr(request, "_sala_my_areas"):
            request._sala_my_areas = areas_of(request.user)
        return request._sala_my_areas

    return {"my_areas": SimpleLazyObject(load)}
