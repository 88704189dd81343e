"""The passages of a call's text that name one of its items (a theme, say).

A call often describes its areas in running text rather than one by one (the Mahidol call
names "migration, displacement, human-trafficking and related forms of exploitation" in its
paragraphs and describes none separately): a theme's page then quotes what the call says of
it. Pure text work, no Django.
"""

from __future__ import annotations

import re

_DASHES = re.compile(r"[\-\u2010-\u2015]+")
_SPACES = re.compile(r"\s+")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")


def _normalise(text: str) -> str:
    """Case-folded, hyphens and dashes read as spaces, runs of spaces as one."""
    return _SPACES.sub(" ", _DASHES.sub(" ", text.casefold())).strip()


def passages_naming(markdown_text: str, name: str) -> list[str]:
    """The blocks of ``markdown_text`` (paragraphs, lists: text between blank lines) that
    name ``name``, in order, as Markdown. A name matches at the start of a word, whatever
    its case and its hyphenation ("Human trafficking" finds "human-trafficking" and
    "Human-Trafficking"); plurals match too ("migration" finds "migrations")."""
    wanted = _normalise(name or "")
    if not wanted or not markdown_text:
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(wanted))
    return [
        block.strip()
        for block in _BLOCK_BREAK.split(markdown_text.replace("\r\n", "\n"))
        if block.strip() and pattern.search(_normalise(block))
    ]
