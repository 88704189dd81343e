"""What the committee home page (``/c/<slug>/committee/``) offers each person: a small
registry of links, one per page of the committee's work, each for an audience.

Each part of the committee's work registers its own pages by calling :func:`register` from
its URL module (``reviews/urls_bidding.py``, ``urls_conflicts.py``, ``urls_assignment.py``),
which Django imports before any view runs; the committee part's own entries are at the end
of this file. The home page lists, in registration order (then ``order``), the links whose
audience the person belongs to:

- ``manage``: organisers and theme chairs (``reviews.manage_committee``);
- ``organiser``: organisers only;
- ``member``: anyone on the committee (reviewers and theme chairs), not organisers who are
  not members.

A link may also name a small ``template`` (a panel) that the home page includes instead of
the plain link, with ``conference``, ``link`` and ``url`` in its context.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

AUDIENCES = ("manage", "organiser", "member")


@dataclass(frozen=True)
class CommitteeLink:
    key: str  # unique; registering the same key again replaces the link
    label: Promise | str
    url_name: str  # reversed with conference=<slug>
    audience: str  # see AUDIENCES
    description: Promise | str = ""
    order: int = 100
    template: str = ""


_LINKS: dict[str, CommitteeLink] = {}


def register(link: CommitteeLink) -> CommitteeLink:
    """Add (or replace, by ``key``) a link of the committee home page."""
    if link.audience not in AUDIENCES:
        raise ValueError(f"unknown audience {link.audience!r}")
    _LINKS[link.key] = link
    return link


@dataclass(frozen=True)
class ShownLink:
    link: CommitteeLink
    url: str


def links_for(conference, *, organiser: bool, manager: bool, member: bool) -> list[ShownLink]:
    """The links of the committee home page for a person with these roles, in order.
    A link whose URL does not exist (a part not merged yet) is left out."""
    wanted = {
        "organiser": organiser,
        "manage": manager,
        "member": member,
    }
    shown = []
    for link in sorted(_LINKS.values(), key=lambda link: link.order):
        if not wanted[link.audience]:
            continue
        try:
            url = reverse(link.url_name, kwargs={"conference": conference.slug})
        except NoReverseMatch:
            continue
        shown.append(ShownLink(link=link, url=url))
    return shown


# --- The committee part's own pages.
register(
    CommitteeLink(
        key="committee_members",
        label=_("The committee"),
        url_name="reviews:committee_members",
        audience="manage",
        description=_("Theme chairs and reviewers, their roles and themes, and their profiles."),
        order=10,
    )
)
register(
    CommitteeLink(
        key="committee_invitations",
        label=_("Invitations"),
        url_name="reviews:committee_invitations",
        audience="manage",
        description=_("Invite people by email, one by one or as a pasted list; resend, revoke."),
        order=20,
    )
)
register(
    CommitteeLink(
        key="committee_profile",
        label=_("Your committee profile"),
        url_name="reviews:committee_profile",
        audience="member",
        description=_(
            "Your themes and expertise, the regions and languages you know, how many "
            "papers you can review, and when you are away."
        ),
        order=5,
    )
)
