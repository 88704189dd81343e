"""Links other apps add to the author's submission page (cfp never imports them).

An app registers, from its ``AppConfig.ready()``, a provider::

    from cfp import submission_links

    submission_links.register("conflicts", provider)

where ``provider(user, submission) -> (label, url) | None`` decides itself whether ``user``
gets the link (None: no link). The page shows the links in the order registered. Registering
the same name twice replaces the earlier provider.
"""

from __future__ import annotations

from collections.abc import Callable

_providers: dict[str, Callable] = {}


def register(name: str, provider: Callable) -> None:
    _providers[name] = provider


def links_for(user, submission) -> list[tuple[str, str]]:
    """The (label, url) links ``user`` gets on ``submission``'s author page."""
    out = []
    for provider in _providers.values():
        link = provider(user, submission)
        if link is not None:
            out.append(link)
    return out
