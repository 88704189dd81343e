"""What people type: one place that keeps single-line text on one line and strips what
would let a text reorder or break the page or the mail around it.

Shared by every app (``cfp`` depends on ``accounts``, not the reverse, so it lives here).

* ``single_line``: names, affiliations, titles, keywords, anything that may reach a mail
  subject or header. Control characters (Unicode category Cc: CR, LF, tab, NUL, ...) and line
  or paragraph separators become a space; bidirectional embedding, override and isolate
  controls (U+202A–U+202E, U+2066–U+2069) are removed, so a right-to-left override cannot
  reorder the text shown after it; runs of spaces become one.
* ``multi_line``: abstracts, statements, answers. Line breaks are kept (as ``\\n``), tabs
  too; every other control character is removed.

``SingleLineField`` and ``MultiLineField`` are form fields that apply them before any
validator runs (so ``max_length`` counts what is kept).
"""

from __future__ import annotations

import re
import unicodedata

from django import forms

#: Embedding, override (U+202A–U+202E) and isolate (U+2066–U+2069) controls.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_SEPARATORS = frozenset("\u2028\u2029\x85")
_SPACES = re.compile(r"\s+")


def single_line(value: str) -> str:
    """``value`` on one line: controls and separators as spaces, bidi controls removed,
    whitespace collapsed and stripped."""
    if not value:
        return ""
    chars = []
    for char in value:
        if char in BIDI_CONTROLS:
            continue
        if char in _LINE_SEPARATORS or unicodedata.category(char) == "Cc":
            chars.append(" ")
        else:
            chars.append(char)
    return _SPACES.sub(" ", "".join(chars)).strip()


def multi_line(value: str) -> str:
    """``value`` with ``\\n`` line breaks (CR LF, CR and Unicode separators become one), tabs
    kept, other control characters removed, surrounding blank space stripped."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    chars = []
    for char in value:
        if char in ("\n", "\t"):
            chars.append(char)
        elif char in _LINE_SEPARATORS:
            chars.append("\n")
        elif unicodedata.category(char) != "Cc":
            chars.append(char)
    return "".join(chars).strip()


class SingleLineField(forms.CharField):
    """A ``CharField`` whose value is ``single_line``; give it a ``max_length``. Its input
    takes the direction of what is typed (``dir="auto"``)."""

    def to_python(self, value):
        return single_line(super().to_python(value))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "dir": "auto"}


class MultiLineField(forms.CharField):
    """A ``CharField`` (a textarea by default) whose value is ``multi_line``; give it a
    ``max_length``: a hard cap on what one person may store."""

    widget = forms.Textarea

    def to_python(self, value):
        return multi_line(super().to_python(value))

    def widget_attrs(self, widget):
        # No ``maxlength`` in the page: a browser would silently cut a pasted text at it. The
        # server refuses an overlong text with a message and shows it again, whole.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["dir"] = "auto"
        return attrs


_DOUBLED_STOP = re.compile(r"(?<=[?!…])\.(?![.\w])|(?<=[^.]\.)\.(?![.\w])")


def tidy_stops(text: str) -> str:
    """``text`` without the full stop a sentence adds after a name or title that already ends
    one ("… Human-Trafficking?." → "… Human-Trafficking?"; "… Ltd.." → "… Ltd."). An
    ellipsis is left alone."""
    return _DOUBLED_STOP.sub("", text)
