"""Personal data held about a user: the "download my data" export and account deletion.

accounts cannot import the apps that depend on it (cfp, reviews, programme), yet a person's
submissions, authorships and committee roles belong in their export and must be handled when
they delete their account. So those apps register functions here, from their
``AppConfig.ready()``::

    from accounts import personal_data

    class CfpConfig(AppConfig):
        def ready(self):
            from . import privacy

            personal_data.register_exporter("submissions", privacy.export_user_data)
            personal_data.register_eraser("submissions", privacy.erase_user_data)

The contract:

``exporter(user) -> dict``
    Returns JSON-serialisable data (str, int, float, bool, None, lists and dicts of them;
    dates as ISO 8601 strings) about ``user``, under the name it was registered with. It
    includes only what the user may see: e.g. their own submissions and their own reviews,
    never another reviewer's identity or a co-author's private data. It must not write.

``eraser(user) -> None``
    Called inside the deletion transaction, BEFORE the user row is deleted, once per
    registered eraser in registration order. It detaches and anonymises the app's rows that
    point at ``user`` so that deleting the user row neither cascades into shared data (a
    submission co-authored with others stays, with the author shown as "deleted account")
    nor is blocked by a PROTECT foreign key. Rows that only concern the user may be deleted.
    It may raise ``AccountDeletionRefused`` with a message for the user (e.g. "you are the
    only organiser of a conference"); the whole deletion is then rolled back.

``preview(user) -> DeletionPreview``
    Registered with ``register_deletion_preview``; reads only. Tells the person, on the
    confirmation page and before they type their password, what deleting their account will
    do to the app's rows (``sections``: a heading such as "These submissions will be deleted:"
    and one human-readable line per item, all translated) and why it would be refused
    (``refusals``: the same messages the app's eraser raises ``AccountDeletionRefused`` with).
    The eraser stays the authority: the preview is a courtesy, not a check.

Registering the same name twice replaces the earlier function (ready() may run twice in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PreviewSection:
    """One list on the deletion page: a heading and the items it names (translated text)."""

    heading: str
    items: list[str]


@dataclass(frozen=True)
class DeletionPreview:
    """What deleting an account will do to one app's rows, and why it would be refused."""

    sections: list[PreviewSection] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


Exporter = Callable[[Any], dict]
Eraser = Callable[[Any], None]
Previewer = Callable[[Any], DeletionPreview]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}
_previews: dict[str, Previewer] = {}


class AccountDeletionRefused(Exception):
    """An eraser refuses the deletion; ``str(exc)`` is shown to the user (translate it)."""


def register_exporter(name: str, fn: Exporter) -> None:
    """Add ``fn``'s data to every export, under the key ``name``."""
    _exporters[name] = fn


def register_eraser(name: str, fn: Eraser) -> None:
    """Call ``fn(user)`` in every account deletion, before the user row is deleted."""
    _erasers[name] = fn


def register_deletion_preview(name: str, fn: Previewer) -> None:
    """Show ``fn(user)`` on the account deletion page (a ``DeletionPreview``)."""
    _previews[name] = fn


def unregister_deletion_preview(name: str) -> None:
    """Remove the deletion preview registered under ``name`` (for tests)."""
    _previews.pop(name, None)


def unregister(name: str) -> None:
    """Remove the exporter and eraser registered under ``name`` (for tests)."""
    _exporters.pop(name, None)
    _erasers.pop(name, None)


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)


def deletion_previews() -> dict[str, Previewer]:
    return dict(_previews)
