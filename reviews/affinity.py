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
forbids them. This first version scores bids and themes; textual similarity is added by the
committee issue's affinity work (see ``text_similarity``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

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


def compute_affinities(conference, *, submissions=None, members=None) -> AffinityTable:
    """Score every (committee member, submission) pair of ``conference``.

    ``submissions`` defaults to the submissions organisers see (no private drafts, no
    withdrawn); ``members`` to the whole committee. Reads only; a bounded number of queries.
    """
    from cfp.models import Submission, SubmissionState

    from .models import AssignmentSettings, Bid, CommitteeMember

    settings_row, _ = AssignmentSettings.objects.get_or_create(conference=conference)
    if submissions is None:
        submissions = Submission.objects.for_organisers_of(conference).filter(
            state__in=SubmissionState.ACTIVE
        )
    submission_ids = list(submissions.order_by("number").values_list("pk", flat=True))
    if members is None:
        members = CommitteeMember.objects.filter(conference=conference)
    member_rows = list(members.order_by("pk").values_list("pk", "user_id"))
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
    for submission_id, wanted in themes_of_submission.items():
        i = s_index[submission_id]
        for user_id, known in themes_of_user.items():
            if wanted & known:
                theme[i, m_index[user_id]] = 1.0

    parts = {
        "bid": sp.csr_array(bid * settings_row.weight_bid),
        "theme": sp.csr_array(theme * settings_row.weight_theme),
    }
    total = sum(parts.values(), sp.csr_array(shape))
    return AffinityTable(
        members=member_ids,
        submissions=submission_ids,
        matrix=sp.csr_array(total),
        part_matrices=parts,
    )
