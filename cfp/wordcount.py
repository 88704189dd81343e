"""How sala counts the words of an abstract: the same rule in Python and in static/js/word-count.js.

The rule, as an author would count:

* Words are the pieces of text between spaces (any Unicode white space, and the zero-width
  space U+200B that Thai and Khmer writers use to mark a word break). A piece counts only if
  it holds at least one letter or digit, so a lone dash or bullet is not a word.
* Chinese and Japanese are counted the way their writers count length: every Han character,
  hiragana or katakana is one word (as word processors do).
* Thai, Lao, Khmer and Burmese put no spaces between words, and telling where a word ends
  needs a dictionary that the browser and the server do not share. So a run of these
  letters counts one word for every four letters, rounded up; vowel signs and tone marks
  written above or below a letter (Unicode marks) are not letters. Four letters is about
  the length of a Thai word, so the estimate is close to what a Thai word processor shows.
* Anything else in a piece (Latin, Vietnamese, Cyrillic, Korean, digits, ...) makes that piece
  one word, in addition to any of the above it contains.

No Django import: it is a pure function, tested on its own.
"""

from __future__ import annotations

import math
import unicodedata

# Scripts whose every character is a word.
_CJK_RANGES = (
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3FFFF),  # CJK Unified Ideographs Extensions B and later
)
# Scripts written without spaces between words: estimated at LETTERS_PER_WORD letters a word.
_DENSE_RANGES = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0xA9E0, 0xA9FF),  # Myanmar Extended-B
    (0xAA60, 0xAA7F),  # Myanmar Extended-A
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer Symbols
)
LETTERS_PER_WORD = 4
_EXTRA_SEPARATORS = {"\u200b"}


def _in(ranges: tuple[tuple[int, int], ...], code: int) -> bool:
    return any(low <= code <= high for low, high in ranges)


def count_words(text: str) -> int:
    """The number of words in ``text`` by the rule in this module's docstring."""
    for separator in _EXTRA_SEPARATORS:
        text = text.replace(separator, " ")
    total = 0
    for piece in text.split():
        cjk = dense = 0
        other = False
        for char in piece:
            category = unicodedata.category(char)
            if category[0] not in "LN":
                continue
            code = ord(char)
            if _in(_CJK_RANGES, code):
                cjk += 1
            elif _in(_DENSE_RANGES, code):
                dense += 1
            else:
                other = True
        total += cjk + math.ceil(dense / LETTERS_PER_WORD) + (1 if other else 0)
    return total
