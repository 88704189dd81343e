"""How well each committee member matches each submission: the affinity score.

The contract the assignment step (``reviews.domain.assignment``) and the bidding page rely on::

    table = compute_affinities(conference)   # AffinityTable
    table.score(user_id, submission_id)      # float, 0 when the pair is unknown
    table.parts(user_id, submission_id)      # dict part -> weighted value, summing to score
    table.members, table.submissions         # the user ids and submission ids, in order
    table.matrix                             # scipy.sparse (submissions x members) of scores

A pair's score is the weighted sum of its parts (weights are the conference's
``AssignmentSettings``): the bid, the theme match, and the textual similarity of the member's
expertise to the submission. Pairs with a conflict are not scored here; the assignment step
forbids them.

The textual part
================

``text`` is the cosine similarity, between 0 and 1, of two TF-IDF vectors (scikit-learn):

- the member's side: their expertise in their own words, their keywords, and the titles,
  abstracts and keywords of their own submissions on the site (in other conferences: what
  they wrote before);
- the submission's side: its title, abstract and keywords (keywords written twice: the
  authors chose them).

The vocabulary and the inverse document frequencies are learnt from the conference's
submissions only, so that a pair's score does not depend on who else is on the committee
(the "why this score" page recomputes one pair and finds the same value as the table).
Term frequencies are sublinear (1 + log tf): a word repeated ten times is not ten times as
telling. Features are word unigrams and bigrams, lower-cased, Latin accents removed
(``reviews.normalise.fold``), English stop words dropped first.

Thai, Lao, Burmese and Khmer are written without spaces between words, so a "word" there
is a whole phrase and would almost never match. For runs of those scripts the analyser uses
character trigrams instead (``แรงงานข้ามชาติ`` → ``แรง``, ``รงง``, …): a crude but dictionary-free
segmentation that still matches shared words, and that needs no word-segmentation model
(none installs offline from PyPI with its data). Latin, Vietnamese (spaces between syllables)
and other scripts keep word n-grams; a text in two scripts gets both kinds of features.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .normalise import fold, has_unspaced_script, is_unspaced

BID_VALUES = {
    "eager": 1.0,
    "willing": 0.5,
    "neutral": 0.0,
    "not_willing": -1.0,
}


@dataclass
class AffinityTable:
    members: list[int]
    submissions: list[int]
    matrix: sp.csr_array  # (submissions x members)
    part_matrices: dict[str, sp.csr_array] = field(default_factory=dict)

    def __post_init__(self):
        self._member_index = {uid: i for i, uid in enumerate(self.members)}
        self._submission_index = {sid: i for i, sid in enumerate(self.submissions)}

    def _cell(self, matrix, user_id, submission_id) -> float:
        i = self._submission_index.get(submission_id)
        j = self._member_index.get(user_id)
        if i is None or j is None:
            return 0.0
        return float(matrix[i, j])

    def score(self, user_id: int, submission_id: int) -> float:
        return self._cell(self.matrix, user_id, submission_id)

    def parts(self, user_id: int, submission_id: int) -> dict[str, float]:
        return {
            name: self._cell(matrix, user_id, submission_id)
            for name, matrix in self.part_matrices.items()
        }


PART_NAMES = ("bid", "theme", "text")


@functools.cache
def stop_words() -> frozenset[str]:
    """Words too common to tell anything (English, scikit-learn's list), dropped before
    n-grams. Imported on first use: scikit-learn is slow to import."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


_WORD = re.compile(r"\w\w+")
CHAR_NGRAM = 3


def _unspaced_runs(token: str) -> list[str]:
    runs, current = [], []
    for char in token:
        if is_unspaced(char):
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def analyse(text: str) -> list[str]:
    """The features of ``text``: word unigrams and bigrams (spaced scripts) and character
    trigrams of each run of an unspaced script (Thai, Lao, Burmese, Khmer). Module-level so
    that a fitted vectoriser pickles (cache)."""
    folded = fold(text)
    features: list[str] = []
    words: list[str] = []
    if not has_unspaced_script(folded):
        words = _WORD.findall(folded)
        stop = stop_words()
        words = [w for w in words if w not in stop]
        return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    for token in folded.split():
        runs = _unspaced_runs(token)
        if runs:
            for run in runs:
                if len(run) <= CHAR_NGRAM:
                    features.append("c:" + run)
                else:
                    features.extend(
                        "c:" + run[i : i + CHAR_NGRAM] for i in range(len(run) - CHAR_NGRAM + 1)
                    )
            rest = "".join(" " if is_unspaced(c) else c for c in token)
            words.extend(_WORD.findall(rest))
        else:
            words.extend(_WORD.findall(token))
    stop = stop_words()
    words = [w for w in words if w not in stop]
    features.extend(words)
    features.extend(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return features


def submission_text(title: str, abstract: str, keywords) -> str:
    keywords = " ; ".join(str(k) for k in (keywords or []))
    return f"{title}\n{abstract}\n{keywords}\n{keywords}"


def member_text(expertise: str, keywords, past: list[str]) -> str:
    keywords = " ; ".join(str(k) for k in (keywords or []))
    return "\n".join([expertise or "", keywords, keywords, *past])


def text_similarity(
    submission_docs: list[str], member_docs: list[str], corpus: list[str] | None = None
) -> np.ndarray:
    """Cosine similarity (submissions × members) of TF-IDF vectors fitted on ``corpus``
    (default: the submissions' texts; see the module's docstring). Zeros where a side has
    no text."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = submission_docs if corpus is None else corpus
    shape = (len(submission_docs), len(member_docs))
    if not submission_docs or not member_docs or not any(d.strip() for d in corpus):
        return np.zeros(shape)
    vectoriser = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, norm="l2")
    try:
        if corpus is submission_docs:
            s_vectors = vectoriser.fit_transform(corpus)
        else:
            vectoriser.fit(corpus)
            s_vectors = vectoriser.transform(submission_docs)
    except ValueError:  # an empty vocabulary
        return np.zeros(shape)
    m_vectors = vectoriser.transform(member_docs)
    return np.asarray((s_vectors @ m_vectors.T).todense())


def shared_terms(submission_doc: str, member_doc: str, corpus: list[str], top: int = 8):
    """The features that weigh most in the similarity of one pair, best first, as
    ``(feature, contribution)``: what the "why this score" page shows."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(d.strip() for d in corpus):
        return []
    vectoriser = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, norm="l2")
    try:
        vectoriser.fit(corpus)
    except ValueError:
        return []
    a = vectoriser.transform([submission_doc]).toarray()[0]
    b = vectoriser.transform([member_doc]).toarray()[0]
    product = a * b
    names = vectoriser.get_feature_names_out()
    order = np.argsort(-product)[:top]
    return [(str(names[i]).removeprefix("c:"), float(product[i])) for i in order if product[i] > 0]


def past_submission_texts(user_ids, conference) -> dict[int, list[str]]:
    """The texts of each user's own submitted submissions in other conferences. One query."""
    from cfp.models import Authorship

    texts: dict[int, list[str]] = {}
    rows = (
        Authorship.objects.filter(
            user_id__in=list(user_ids), submission__submitted_at__isnull=False
        )
        .exclude(submission__conference=conference)
        .values_list("user_id", "submission__title", "submission__abstract", "submission__keywords")
    )
    for user_id, title, abstract, keywords in rows:
        texts.setdefault(user_id, []).append(submission_text(title, abstract, keywords))
    return texts


def compute_affinities(conference, *, submissions=None, members=None) -> AffinityTable:
    """Score every (committee member, submission) pair of ``conference``.

    ``submissions`` defaults to the submissions organisers see (no private drafts, no
    withdrawn); ``members`` to the whole committee. Reads only; a bounded number of queries.
    """
    from cfp.models import Submission

    from .models import AssignmentSettings, Bid, CommitteeMember

    settings_row, _ = AssignmentSettings.objects.get_or_create(conference=conference)
    if submissions is None:
        submissions = default_submissions(conference)
    submission_full = list(
        submissions.order_by("number").values_list("pk", "title", "abstract", "keywords")
    )
    submission_ids = [row[0] for row in submission_full]
    if members is None:
        members = CommitteeMember.objects.filter(conference=conference)
    member_full = list(members.order_by("pk").values_list("pk", "user_id", "expertise", "keywords"))
    member_rows = [(pk, user_id) for pk, user_id, _e, _k in member_full]
    member_ids = [user_id for _pk, user_id in member_rows]
    s_index = {sid: i for i, sid in enumerate(submission_ids)}
    m_index = {uid: j for j, uid in enumerate(member_ids)}
    shape = (len(submission_ids), len(member_ids))

    bid = np.zeros(shape)
    for user_id, submission_id, preference in Bid.objects.filter(
        user_id__in=member_ids, submission_id__in=submission_ids
    ).values_list("user_id", "submission_id", "preference"):
        bid[s_index[submission_id], m_index[user_id]] = BID_VALUES.get(preference, 0.0)

    theme = np.zeros(shape)
    expertise = CommitteeMember.expertise_themes.through.objects.filter(
        committeemember_id__in=[pk for pk, _uid in member_rows]
    ).values_list("committeemember_id", "theme_id")
    user_of_member = dict(member_rows)
    themes_of_user: dict[int, set[int]] = {}
    for member_pk, theme_id in expertise:
        themes_of_user.setdefault(user_of_member[member_pk], set()).add(theme_id)
    themes_of_submission: dict[int, set[int]] = {}
    for submission_id, theme_id in Submission.themes.through.objects.filter(
        submission_id__in=submission_ids
    ).values_list("submission_id", "theme_id"):
        themes_of_submission.setdefault(submission_id, set()).add(theme_id)
    # Incidence matrices (submissions × themes, members × themes): a pair shares a theme
    # where their product is positive.
    theme_ids = sorted(
        {t for ts in themes_of_submission.values() for t in ts}
        | {t for ts in themes_of_user.values() for t in ts}
    )
    t_index = {t: k for k, t in enumerate(theme_ids)}
    s_themes = np.zeros((shape[0], len(theme_ids)))
    for submission_id, wanted in themes_of_submission.items():
        for t in wanted:
            s_themes[s_index[submission_id], t_index[t]] = 1.0
    m_themes = np.zeros((shape[1], len(theme_ids)))
    for user_id, known in themes_of_user.items():
        for t in known:
            m_themes[m_index[user_id], t_index[t]] = 1.0
    if theme_ids:
        theme = ((s_themes @ m_themes.T) > 0).astype(float)

    past = past_submission_texts(member_ids, conference)
    text = text_similarity(
        [submission_text(t, a, k) for _pk, t, a, k in submission_full],
        [member_text(e, k, past.get(uid, [])) for _pk, uid, e, k in member_full],
    )

    parts = {
        "bid": sp.csr_array(bid * settings_row.weight_bid),
        "theme": sp.csr_array(theme * settings_row.weight_theme),
        "text": sp.csr_array(np.round(text, 6) * settings_row.weight_text),
    }
    total = sum(parts.values(), sp.csr_array(shape))
    return AffinityTable(
        members=member_ids,
        submissions=submission_ids,
        matrix=sp.csr_array(total),
        part_matrices=parts,
    )


def default_submissions(conference):
    from cfp.models import Submission, SubmissionState

    return Submission.objects.for_organisers_of(conference).filter(state__in=SubmissionState.ACTIVE)


@dataclass(frozen=True)
class PairExplanation:
    """Why a pair's score is what it is: each part's raw value, weight and contribution,
    and the terms the two texts share."""

    bid: str | None
    raw: dict[str, float]
    weights: dict[str, float]
    parts: dict[str, float]
    score: float
    shared_themes: list[str]
    terms: list[tuple[str, float]]


def explain_pair(conference, member, submission) -> PairExplanation:
    """The score of (``member``, ``submission``) part by part, computed as
    ``compute_affinities`` computes it (the same corpus), with what the texts share."""
    from .models import AssignmentSettings, Bid

    settings_row, _ = AssignmentSettings.objects.get_or_create(conference=conference)
    corpus_rows = list(default_submissions(conference).values_list("title", "abstract", "keywords"))
    corpus = [submission_text(t, a, k) for t, a, k in corpus_rows]
    s_doc = submission_text(submission.title, submission.abstract, submission.keywords)
    past = past_submission_texts([member.user_id], conference).get(member.user_id, [])
    m_doc = member_text(member.expertise, member.keywords, past)
    text = float(np.round(text_similarity([s_doc], [m_doc], corpus=corpus or [s_doc])[0, 0], 6))
    bid_row = Bid.objects.filter(submission=submission, user_id=member.user_id).first()
    bid = bid_row.preference if bid_row else None
    known = set(member.expertise_themes.all())
    shared = [t for t in submission.themes.all() if t in known]
    raw = {
        "bid": BID_VALUES.get(bid or "neutral", 0.0),
        "theme": 1.0 if shared else 0.0,
        "text": text,
    }
    weights = {
        "bid": settings_row.weight_bid,
        "theme": settings_row.weight_theme,
        "text": settings_row.weight_text,
    }
    parts = {name: raw[name] * weights[name] for name in PART_NAMES}
    return PairExplanation(
        bid=bid,
        raw=raw,
        weights=weights,
        parts=parts,
        score=sum(parts.values()),
        shared_themes=[t.title for t in shared],
        terms=shared_terms(s_doc, m_doc, corpus or [s_doc]),
    )


def expertise_scores(conference, member, submissions=None) -> dict[int, float]:
    """For the bidding page: theme match plus textual similarity (the bid left out, so the
    order does not move as the member bids) of ``member`` with each submission."""
    from .models import CommitteeMember

    table = compute_affinities(
        conference,
        submissions=submissions,
        members=CommitteeMember.objects.filter(pk=member.pk),
    )
    j = 0 if table.members else None
    if j is None:
        return {}
    theme = table.part_matrices["theme"].toarray()[:, 0]
    text = table.part_matrices["text"].toarray()[:, 0]
    return {sid: float(theme[i] + text[i]) for i, sid in enumerate(table.submissions)}
