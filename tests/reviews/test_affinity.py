"""The affinity score: a weighted sum of parts (bid, theme, text), each explained."""

from __future__ import annotations

import pytest

from reviews.affinity import (
    analyse,
    compute_affinities,
    expertise_scores,
    explain_pair,
    text_similarity,
)
from reviews.models import AssignmentSettings, Bid
from tests.factories import (
    AuthorshipFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    SubmissionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_bid_and_theme_parts_sum_to_the_score(conference):
    theme = ThemeFactory(conference=conference)
    paper = SubmissionFactory(conference=conference, themes=[theme])
    other = SubmissionFactory(conference=conference)
    expert = CommitteeMemberFactory(conference=conference, expertise_themes=[theme]).user
    Bid.objects.create(submission=paper, user=expert, preference=Bid.Preference.EAGER)
    table = compute_affinities(conference)
    assert table.parts(expert.pk, paper.pk) == {"bid": 1.0, "theme": 0.5, "text": 0.0}
    assert table.score(expert.pk, paper.pk) == 1.5
    assert table.score(expert.pk, other.pk) == 0.0
    assert table.score(expert.pk, 10**9) == 0.0


def _papers(conference):
    return (
        SubmissionFactory(
            conference=conference,
            title="Fishing boats and forced labour",
            abstract="Trafficking of migrant fishers on Thai fishing boats.",
            keywords=["forced labour", "fisheries"],
        ),
        SubmissionFactory(
            conference=conference,
            title="Refugee camps on the border",
            abstract="Education of refugee children in camps on the Thai–Myanmar border.",
            keywords=["refugees", "education"],
        ),
    )


def test_the_text_part_prefers_the_paper_the_expertise_describes(conference):
    fishing, camps = _papers(conference)
    member = CommitteeMemberFactory(
        conference=conference,
        expertise="I study forced labour in fisheries and seafood supply chains.",
        keywords=["fisheries", "forced labour"],
    )
    table = compute_affinities(conference)
    uid = member.user_id
    assert table.parts(uid, fishing.pk)["text"] > 0.2
    assert table.parts(uid, camps.pk)["text"] == 0.0
    assert table.score(uid, fishing.pk) == pytest.approx(sum(table.parts(uid, fishing.pk).values()))


def test_the_weights_are_the_conference_s(conference):
    fishing, _camps = _papers(conference)
    member = CommitteeMemberFactory(conference=conference, expertise="forced labour fisheries")
    AssignmentSettings.objects.create(conference=conference, weight_text=0.0)
    assert compute_affinities(conference).parts(member.user_id, fishing.pk)["text"] == 0.0


def test_own_past_submissions_count_as_expertise(conference):
    fishing, camps = _papers(conference)
    member = CommitteeMemberFactory(conference=conference)
    past = SubmissionFactory(
        conference=ConferenceFactory(),
        title="Schools for refugee children",
        abstract="Refugee education in border camps.",
        keywords=["refugees"],
    )
    AuthorshipFactory(submission=past, user=member.user, email=member.user.email)
    table = compute_affinities(conference)
    assert (
        table.parts(member.user_id, camps.pk)["text"]
        > table.parts(member.user_id, fishing.pk)["text"]
    )


def test_thai_and_burmese_text_match_by_character_trigrams():
    assert analyse("แรงงาน")[:2] == ["c:แรง", "c:รงง"]
    docs = [
        "แรงงานข้ามชาติในประมง",  # migrant workers in fisheries
        "การศึกษาของเด็กผู้ลี้ภัย",  # education of refugee children
        "ရွှေ့ပြောင်းအလုပ်သမား ငါးဖမ်း",  # migrant workers, fishing (Burmese)
    ]
    similarity = text_similarity(docs, ["แรงงานข้ามชาติ", "ရွှေ့ပြောင်းအလုပ်သမား"])
    assert similarity[0, 0] > 0.3 and similarity[1, 0] == 0.0
    assert similarity[2, 1] > 0.3 and similarity[0, 1] == 0.0


def test_vietnamese_matches_with_or_without_accents():
    similarity = text_similarity(
        ["Di cư lao động và buôn bán người", "Giáo dục trẻ em tị nạn"],
        ["di cu lao dong"],
    )
    assert similarity[0, 0] > 0.3 and similarity[1, 0] == 0.0


def test_explain_pair_agrees_with_the_table(conference):
    fishing, _camps = _papers(conference)
    theme = ThemeFactory(conference=conference)
    fishing.themes.add(theme)
    member = CommitteeMemberFactory(
        conference=conference, expertise="forced labour on fishing boats", expertise_themes=[theme]
    )
    Bid.objects.create(submission=fishing, user=member.user, preference="willing")
    table = compute_affinities(conference)
    explanation = explain_pair(conference, member, fishing)
    assert explanation.parts == pytest.approx(table.parts(member.user_id, fishing.pk))
    assert explanation.score == pytest.approx(table.score(member.user_id, fishing.pk))
    assert explanation.bid == "willing"
    assert [term for term, _w in explanation.terms][:1] in (
        ["forced labour"],
        ["fishing"],
        ["forced"],
        ["boats"],
        ["labour"],
    )


def test_expertise_scores_leave_the_bid_out(conference):
    fishing, camps = _papers(conference)
    member = CommitteeMemberFactory(conference=conference, expertise="refugee education")
    Bid.objects.create(submission=fishing, user=member.user, preference="eager")
    scores = expertise_scores(conference, member)
    assert scores[camps.pk] > scores[fishing.pk] == 0.0
