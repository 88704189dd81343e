"""Normalising affiliations and email addresses, to find conflicts of interest.

Pure functions, no Django import: tested alone (tests/reviews/test_normalise.py) with names
and affiliations written in Thai, Vietnamese and Burmese as the conference's people write them.

Two affiliations are "the same" when one of their *keys* agrees. A key is the affiliation,
or one of its comma-separated parts that names an institution, after:

- Unicode NFKC, then case folding;
- accents removed from Latin letters only ("Trường Đại học" → "truong dai hoc"; ``đ`` → ``d``),
  while the vowel and tone marks of Thai, Burmese, Khmer or Lao, which are letters of the
  word and not accents, are kept;
- punctuation turned into spaces;
- the common words of institutions' names removed ("University", "Faculty of", "Institute",
  "มหาวิทยาลัย", "Trường Đại học", "တက္ကသိုလ်" ...). Thai, Burmese, Khmer and Lao write words
  without spaces, so there the common words are removed wherever they occur in a run of
  letters; elsewhere whole words only ("of" inside "Ofelia" stays).

A key shorter than three letters ("University of X" where X is one letter, or nothing left
at all) is no key: "Faculty of Law" and "Faculty of Medicine" share nothing once common words
are gone, but "University" alone would match every university.
"""

from __future__ import annotations

import re
import unicodedata

#: Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer): code point ranges.
UNSPACED_SCRIPTS = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0xAA60, 0xAA7F),  # Myanmar Extended-A
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
)

#: Whole words (after folding) that say "an institution" but not which one.
COMMON_WORDS = frozenset(
    [
        "university",
        "universities",
        "univ",
        "uni",
        "faculty",
        "faculties",
        "of",
        "the",
        "and",
        "for",
        "in",
        "at",
        "de",
        "du",
        "des",
        "la",
        "le",
        "institute",
        "institut",
        "instituto",
        "institution",
        "school",
        "college",
        "department",
        "dept",
        "centre",
        "center",
        "centres",
        "centers",
        "national",
        "international",
        "royal",
        "graduate",
        "studies",
        "programme",
        "program",
        "academy",
        "division",
        "unit",
        "office",
        "laboratory",
        "lab",
        "research",
        "dai",
        "hoc",
        "truong",
        "vien",
        "khoa",
        "quoc",
        "gia",
        "hoc",
        "vien",
    ]
)

#: Common words of the unspaced scripts, removed wherever they occur (longest first).
COMMON_UNSPACED = tuple(
    sorted(
        (
            # Thai: university, faculty, institute, college, department, centre, school,
            # graduate school, office.
            "มหาวิทยาลัย",
            "คณะ",
            "สถาบัน",
            "วิทยาลัย",
            "ภาควิชา",
            "ศูนย์",
            "โรงเรียน",
            "บัณฑิตวิทยาลัย",
            "สำนักงาน",
            # Burmese: university, department, college, institute.
            "တက္ကသိုလ်",
            "ဌာန",
            "ကောလိပ်",
            "သိပ္ပံ",
            "အင်စတီကျု",
            # Khmer: university, faculty, institute.
            "សាកលវិទ្យាល័យ",
            "មហាវិទ្យាល័យ",
            "វិទ្យាស្ថាន",
            # Lao: university.
            "ມະຫາວິທະຍາໄລ",
        ),
        key=len,
        reverse=True,
    )
)

#: Words that mark a comma-separated part as naming an institution (after folding).
INSTITUTION_MARKERS = (
    "university",
    "univ",
    "institute",
    "institut",
    "college",
    "academy",
    "dai hoc",
    "hoc vien",
    "มหาวิทยาลัย",
    "สถาบัน",
    "วิทยาลัย",
    "တက္ကသိုလ်",
    "ကောလိပ်",
    "សាកលវិទ្យាល័យ",
    "ມະຫາວິທະຍາໄລ",
)

MIN_KEY_LETTERS = 3

_LATIN_EXTRAS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae"})


_UNSPACED = re.compile(
    "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in UNSPACED_SCRIPTS) + "]"
)
#: The combining marks that accent Latin (and Greek, Cyrillic) letters. The vowel and tone
#: marks of Thai, Burmese, Khmer or Lao live in their scripts' own blocks and are kept.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


class _Punctuation(dict):
    """A ``str.translate`` table, filled as characters are met: letters, digits and marks
    stay, anything else (punctuation, symbols, spaces) becomes a space."""

    def __missing__(self, code: int) -> int | str:
        kept = unicodedata.category(chr(code))[0] in "LNM"
        self[code] = code if kept else " "
        return self[code]


_PUNCTUATION = _Punctuation()


def is_unspaced(char: str) -> bool:
    """Whether ``char`` belongs to a script written without spaces between words."""
    return _UNSPACED.match(char) is not None


def has_unspaced_script(text: str) -> bool:
    return _UNSPACED.search(text) is not None


def fold(text: str) -> str:
    """Case-folded, Latin accents removed, punctuation as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(_LATIN_EXTRAS)
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFD", text))
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.translate(_PUNCTUATION).split())


def _strip_common(folded: str) -> str:
    words = []
    for word in folded.split():
        if has_unspaced_script(word):
            for common in COMMON_UNSPACED:
                word = word.replace(common, " ")
            words.extend(word.split())
        elif word not in COMMON_WORDS:
            words.append(word)
    return " ".join(words)


def normalise_affiliation(text: str) -> str:
    """The affiliation reduced to what names the institution (see the module's docstring)."""
    return _strip_common(fold(text))


def _letters(key: str) -> int:
    return sum(1 for char in key if char.isalpha())


def affiliation_keys(text: str) -> frozenset[str]:
    """The keys under which an affiliation is compared: the whole, and each part (split on
    commas, semicolons, slashes, dashes between spaces and parentheses; in the unspaced
    scripts also on spaces) that names an institution. Empty when nothing distinctive is left."""
    keys = set()
    whole = normalise_affiliation(text)
    if _letters(whole) >= MIN_KEY_LETTERS:
        keys.add(whole)
    parts = re.split(r"[,;/()|]| - | – | — ", text or "")
    # In Thai, Burmese, Khmer and Lao a space separates phrases, as a comma does elsewhere.
    parts = [p for part in parts for p in (part.split() if has_unspaced_script(part) else [part])]
    for part in parts:
        folded = fold(part)
        if not folded or not any(marker in folded for marker in INSTITUTION_MARKERS):
            continue
        key = _strip_common(folded)
        if _letters(key) >= MIN_KEY_LETTERS:
            keys.add(key)
    return frozenset(keys)


def same_affiliation(a: str, b: str) -> bool:
    return bool(affiliation_keys(a) & affiliation_keys(b))


def email_domain(email: str) -> str:
    """The domain of ``email``, folded (IDNA-decoded names stay as written), without a
    leading ``www.``; empty for something that is no address."""
    _local, at, domain = (email or "").strip().rpartition("@")
    if not at or not domain:
        return ""
    domain = domain.strip().rstrip(".").casefold()
    return domain.removeprefix("www.")


def parse_domains(text: str) -> frozenset[str]:
    """The public mail providers list (one domain a line, ``@`` and blanks allowed)."""
    return frozenset(
        line.strip().lstrip("@").casefold() for line in (text or "").splitlines() if line.strip()
    )


#: Domains reserved for examples and tests (RFC 2606, RFC 6761): nobody's organisation.
RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
RESERVED_SUFFIXES = ("example", "test", "invalid", "localhost")


def organisation_domain(domain: str, public: frozenset[str]) -> str:
    """The domain to compare, or empty when it is a public provider (or a subdomain of one:
    ``mail.yahoo.com``) or a domain reserved for examples (``example.org``, ``*.test``)."""
    if not domain:
        return ""
    if domain in RESERVED_DOMAINS or any(
        domain == suffix or domain.endswith("." + suffix)
        for suffix in (*RESERVED_SUFFIXES, *RESERVED_DOMAINS)
    ):
        return ""
    if domain in public or any(domain.endswith("." + p) for p in public):
        return ""
    return domain
