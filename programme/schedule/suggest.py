"""Suggest draft sessions: group accepted papers by theme and by what they are about.

The method, chosen to be predictable for an organiser who then edits the result:

1. Papers are grouped by theme (papers without a theme form their own group); posters are
   set apart and go into one poster session per theme, or one for the whole conference.
2. Within a theme, each paper becomes a TF-IDF vector of its title, keywords and abstract.
   Character n-grams within words (``char_wb``, 3–5) rather than words, because Thai, Lao,
   Khmer, Burmese and Chinese are written without spaces between words.
3. Greedy packing by similarity (first-fit decreasing, steered by content): a session starts
   with the longest remaining paper (ties: the one most like the others of its theme, so
   the core of a theme is grouped first and papers unlike any other end up together at the
   end; then the lowest id); it then takes, one at a time, the remaining paper
   most similar (cosine) to the session's papers so far *that still fits* the session length.
   When none fits, the session is closed and the next one starts.

A paper longer than the session length alone gets a session of its own (the editor's warnings
then show the overrun). Every paper given is in exactly one suggestion; no paper session's
total minutes exceeds the length unless it holds a single such paper. The result is
deterministic for the same input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True)
class Paper:
    id: int
    theme_id: int | None
    minutes: int
    title: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    poster: bool = False

    @property
    def text(self) -> str:
        return " ".join([self.title, " ".join(self.keywords), self.abstract]).strip()


@dataclass(frozen=True)
class Suggestion:
    theme_id: int | None
    posters: bool
    paper_ids: tuple[int, ...]
    keywords: tuple[str, ...]  # the most common keywords of its papers, to name it by
    minutes: int  # total presentation minutes (0 for a poster session)


def suggest(
    papers: list[Paper], *, session_minutes: int, posters_per_theme: bool = True
) -> list[Suggestion]:
    """Draft sessions for ``papers``; see the module docstring for the method."""
    if session_minutes <= 0:
        raise ValueError("session_minutes must be positive")
    talks: dict[int | None, list[Paper]] = defaultdict(list)
    posters: dict[int | None, list[Paper]] = defaultdict(list)
    for paper in sorted(papers, key=lambda p: p.id):
        if paper.poster:
            posters[paper.theme_id if posters_per_theme else None].append(paper)
        else:
            talks[paper.theme_id].append(paper)
    result = [
        _suggestion(theme_id, group, posters=False)
        for theme_id in sorted(talks, key=_theme_order)
        for group in _pack(talks[theme_id], session_minutes)
    ]
    result += [
        _suggestion(theme_id, posters[theme_id], posters=True)
        for theme_id in sorted(posters, key=_theme_order)
    ]
    return result


def _theme_order(theme_id: int | None) -> tuple[int, int]:
    return (1, 0) if theme_id is None else (0, theme_id)


def similarity(papers: list[Paper]) -> np.ndarray:
    """Cosine similarity of the papers' texts (rows are L2-normalised TF-IDF vectors)."""
    n = len(papers)
    texts = [p.text for p in papers]
    if n < 2 or not any(t.strip() for t in texts):
        return np.eye(n)
    try:
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
        matrix = vectors.fit_transform(texts)
    except ValueError:  # no n-gram at all (texts of one or two letters)
        return np.eye(n)
    return (matrix @ matrix.T).toarray()


def _suggestion(theme_id, group, *, posters: bool) -> Suggestion:
    """A draft session of ``group``; a poster session takes no minutes of talks."""
    return Suggestion(
        theme_id=theme_id,
        posters=posters,
        paper_ids=tuple(p.id for p in group),
        keywords=_common_keywords(group),
        minutes=0 if posters else sum(p.minutes for p in group),
    )


def _pack(papers: list[Paper], length: int) -> list[list[Paper]]:
    if not papers:
        return []
    sim = similarity(papers)
    n = len(papers)
    mean_sim = (sim.sum(axis=1) - 1) / max(n - 1, 1)
    remaining = set(range(n))
    groups: list[list[Paper]] = []
    while remaining:
        seed = min(remaining, key=lambda i: (-papers[i].minutes, -mean_sim[i], papers[i].id))
        remaining.discard(seed)
        members = [seed]
        used = papers[seed].minutes
        while True:
            fitting = [i for i in remaining if used + papers[i].minutes <= length]
            if not fitting:
                break
            best = max(fitting, key=lambda i: (sim[i, members].mean(), -papers[i].id))
            members.append(best)
            remaining.discard(best)
            used += papers[best].minutes
        groups.append([papers[i] for i in members])
    return groups


def _common_keywords(papers: list[Paper], most: int = 3) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for paper in papers:
        for word in {k.strip() for k in paper.keywords if k.strip()}:
            counts[word.casefold()] += 1
            spelling.setdefault(word.casefold(), word)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(spelling[key] for key, _count in ranked[:most])
