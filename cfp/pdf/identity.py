"""Where a PDF names one of its authors: every form of each name, in the text and metadata.

A name is looked for as written, as sorted in an index ("Suu Kyi, Aung San"), without
diacritics, transliterated to Latin letters (``anyascii``: "Иван Петров" → "Ivan Petrov") and
as initials with a surname, in either order ("S. Nguyen", "Nguyen, S.", "N. Somchai").
Matching ignores case, diacritics, punctuation and spacing and respects word boundaries: text
and names are both folded to lowercase ASCII words, and a form matches a run of whole words.
Names in scripts written without spaces between words (Thai, Lao, Khmer, Burmese, Chinese,
Japanese) are also looked for as written, spaces ignored, since no word boundary exists there.
A form made of one word shorter than three letters is never looked for alone (too many false
alarms); short words still count as initials or as parts of a longer name. Email addresses
match whole, case-insensitively.

Pure functions over plain strings; no Django, no pypdf.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from anyascii import anyascii

#: Scripts written without spaces between words: a name there has no word boundary.
UNSPACED_SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR", "CJK", "HIRAGANA", "KATAKANA")
MIN_WORD = 3

_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Person:
    """One author to look for: the names they go by and their addresses."""

    label: str  # how findings name them: the name as written
    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameForm:
    label: str  # the form as a reader would write it, e.g. "S. Nguyen"
    words: tuple[str, ...]  # folded words; empty for a form matched as written


@dataclass(frozen=True)
class Match:
    person: str  # Person.label
    form: str  # NameForm.label or the address


def fold_words(text: str) -> list[str]:
    """Lowercase ASCII words of ``text``: diacritics dropped, other scripts transliterated,
    punctuation and a possessive "'s" ignored."""
    text = _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text))
    return _WORD.findall(anyascii(text).lower())


def compact(text: str) -> str:
    """``text`` without case distinctions or any whitespace (for unspaced scripts)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _unspaced(text: str) -> bool:
    for ch in text:
        if ch.isalpha() and ord(ch) > 0x24F:
            name = unicodedata.name(ch, "")
            if name.startswith(UNSPACED_SCRIPTS):
                return True
    return False


def _initials(words: Iterable[str]) -> list[str]:
    return [word[0] for word in words]


def _title(words: Iterable[str]) -> str:
    return " ".join(word.capitalize() for word in words)


def _dotted(words: Iterable[str]) -> str:
    return " ".join(f"{word[0].upper()}." for word in words)


def name_forms(name: str) -> list[NameForm]:
    """Every form of ``name`` to look for (see the module's docstring)."""
    name = " ".join(unicodedata.normalize("NFKC", name or "").split())
    if not name:
        return []
    forms: list[NameForm] = []
    if _unspaced(name) and len(compact(name)) >= 2:
        forms.append(NameForm(name, ()))
    if "," in name:
        family_part, _comma, given_part = name.partition(",")
        family, given = fold_words(family_part), fold_words(given_part)
        candidates = [(family, given)] if family and given else []
        written = [*given, *family] if candidates else fold_words(name)
    else:
        written = fold_words(name)
        candidates = []
        if len(written) >= 2:
            # Which word is the family name differs between cultures: try the last and the first.
            candidates = [(written[-1:], written[:-1]), (written[:1], written[1:])]

    def add(label: str, words: list[str]) -> None:
        if not words or (len(words) == 1 and len(words[0]) < MIN_WORD):
            return
        forms.append(NameForm(label, tuple(words)))

    add(name, fold_words(name))
    add(_title(written), written)
    if len(written) >= 3:  # "Khai Nguyen", "Nguyen Khai" for Nguyễn Thị Minh Khai
        add(_title([written[-1], written[0]]), [written[-1], written[0]])
        add(_title([written[0], written[-1]]), [written[0], written[-1]])
    for family, given in candidates:
        surname = _title(family)
        if sum(len(w) for w in family) < 2:
            continue
        add(f"{surname} {_title(given)}", [*family, *given])
        for initials in ([given[0]], [given[-1]], given):
            add(f"{_dotted(initials)} {surname}", [*_initials(initials), *family])
            add(f"{surname}, {_dotted(initials)}", [*family, *_initials(initials)])
    unique: dict[tuple, NameForm] = {}
    for form in forms:
        unique.setdefault(form.words or (form.label,), form)
    return list(unique.values())


class Matcher:
    """Looks for a set of people in any number of texts; built once per upload."""

    def __init__(self, people: Iterable[Person]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], Match]]] = {}
        self.as_written: list[tuple[str, Match]] = []
        self.emails: list[tuple[re.Pattern, Match]] = []
        for person in people:
            for name in person.names:
                for form in name_forms(name):
                    match = Match(person.label, form.label)
                    if form.words:
                        self.by_first.setdefault(form.words[0], []).append((form.words, match))
                    else:
                        self.as_written.append((compact(form.label), match))
            for email in person.emails:
                email = (email or "").strip().casefold()
                if "@" in email:
                    pattern = re.compile(
                        r"(?<![\w.+-])" + re.escape(email) + r"(?![\w-]|\.\w)", re.IGNORECASE
                    )
                    self.emails.append((pattern, Match(person.label, email)))

        for forms in self.by_first.values():
            # The longest form first: "Nguyen, T. M. K." rather than "Nguyen, T.".
            forms.sort(key=lambda item: -len(item[0]))

    def __bool__(self) -> bool:
        return bool(self.by_first or self.as_written or self.emails)

    def find(self, text: str) -> list[Match]:
        """Each person named in ``text``, once, with the first form found."""
        if not text:
            return []
        found: dict[str, Match] = {}
        words = fold_words(text)
        for index, word in enumerate(words):
            for form, match in self.by_first.get(word, ()):
                if match.person not in found and tuple(words[index : index + len(form)]) == form:
                    found[match.person] = match
        if self.as_written:
            squeezed = compact(text)
            for needle, match in self.as_written:
                if match.person not in found and needle in squeezed:
                    found[match.person] = match
        if self.emails:
            folded = unicodedata.normalize("NFKC", text)
            for pattern, match in self.emails:
                if pattern.search(folded):
                    found.setdefault(f"{match.person}\x00email", match)
        return list(found.values())
