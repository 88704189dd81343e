"""Links other apps add to the author's page of a submission, without cfp importing them.

cfp never imports reviews (or programme); yet an author must find, from their submission's
page, the pages those apps build for them (the reviews and the decision, the response to
the reviewers, the camera-ready upload). An app registers a provider from its
``AppConfig.ready()`` or its URL module::

    from cfp import submission_links

    submission_links.register("reviews", provider)

The contract: ``provider(submission, user) -> list[tuple[str, str]]`` of ``(label, url)``
that ``user`` may follow; the provider decides access itself and returns ``[]`` when there
is nothing to show. Registering the same name twice replaces the earlier provider.
"""

from __future__ import annotations

from collections.abc import Callable

_providers: dict[str, Callable] = {}


def register(name: str, provider: Callable) -> None:
    _providers[name] = provider


def links_for(submission, user) -> list[tuple[str, str]]:
    """Every registered provider's links for ``user`` on ``submission``, in registration order."""
    links: list[tuple[str, str]] = []
    for provider in _providers.values():
        links.extend(provider(submission, user))
    return links
