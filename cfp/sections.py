"""Links that apps above cfp add to cfp's pages, without cfp naming their URLs.

The dependencies run one way (programme → reviews → cfp → accounts), so cfp's templates
cannot name a programme page. Instead an app registers, from its ``AppConfig.ready``:

- an *organiser section*: a tab of the organiser area's navigation
  (``cfp/organiser/_layout.html``), reversed with ``conference=<slug>``;
- a *call link provider*: ``provider(conference) -> [(label, url)]``, links shown on the
  public call page (e.g. "The programme" once one is published). What a provider returns
  must not depend on who is looking: anonymous visitors share one cached rendering of the
  call page (cfp.call_cache), so a provider whose answer changes must also call
  ``cfp.call_cache.touch_call`` when it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class OrganiserSection:
    key: str  # unique; registering the same key again replaces the section
    label: Promise | str
    url_name: str
    order: int = 100


_SECTIONS: dict[str, OrganiserSection] = {}
CallLinkProvider = Callable[[object], list[tuple[str, str]]]
_CALL_LINKS: dict[str, CallLinkProvider] = {}


def register_organiser_section(section: OrganiserSection) -> OrganiserSection:
    _SECTIONS[section.key] = section
    return section


def organiser_sections(conference) -> list[tuple[Promise | str, str]]:
    """The registered sections as (label, url), in ``order``; a section whose URL does not
    exist is left out."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        try:
            url = reverse(section.url_name, kwargs={"conference": conference.slug})
        except NoReverseMatch:
            continue
        shown.append((section.label, url))
    return shown


def register_call_links(name: str, provider: CallLinkProvider) -> None:
    _CALL_LINKS[name] = provider


def call_links(conference) -> list[tuple[str, str]]:
    return [link for name in sorted(_CALL_LINKS) for link in _CALL_LINKS[name](conference)]
