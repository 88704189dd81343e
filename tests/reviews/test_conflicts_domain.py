"""Conflicts found automatically, declared by authors and reviewers, added and removed by
chairs: every change logged, a waiver respected, and the pairs the assignment must avoid."""

from __future__ import annotations

import pytest

from reviews.domain import conflicts as domain
from reviews.models import AssignmentSettings, Conflict, ConflictChange
from tests.factories import (
    AuthorshipFactory,
    CommitteeMemberFactory,
    ConferenceFactory,
    EmailAddressFactory,
    SubmissionFactory,
    UserFactory,
    verified_user,
)

pytestmark = pytest.mark.django_db


def member(conference, **user_kwargs):
    user = verified_user(**{"affiliation": "", **user_kwargs})
    CommitteeMemberFactory(conference=conference, user=user)
    return user


def paper(conference, *authors, **kwargs):
    submission = SubmissionFactory(conference=conference, **kwargs)
    for full_name, email, affiliation in authors:
        AuthorshipFactory(
            submission=submission, full_name=full_name, email=email, affiliation=affiliation
        )
    return submission


def automatic(conference):
    return {
        (c.user_id, c.submission_id): c.reason
        for c in Conflict.objects.filter(
            submission__conference=conference, source="automatic", waived_at__isnull=True
        )
    }


def test_same_affiliation_in_thai(conference):
    reviewer = member(
        conference, full_name="สมศรี ใจดี", email="somsri@a.example", affiliation="มหาวิทยาลัยมหิดล"
    )
    p = paper(conference, ("สมชาย ใจดี", "somchai@b.example", "คณะสังคมศาสตร์ มหาวิทยาลัยมหิดล"))
    other = paper(conference, ("Anan", "anan@c.example", "จุฬาลงกรณ์มหาวิทยาลัย"))
    domain.refresh_automatic_conflicts(conference)
    assert automatic(conference) == {(reviewer.pk, p.pk): "affiliation"}
    assert other.pk not in {s for _u, s in automatic(conference)}


def test_same_affiliation_in_vietnamese_with_and_without_accents(conference):
    reviewer = member(
        conference,
        full_name="Nguyễn Văn An",
        email="an@a.example",
        affiliation="Trường Đại học Khoa học Xã hội và Nhân văn",
    )
    p = paper(
        conference,
        ("Tran Thi Binh", "binh@b.example", "Truong Dai hoc Khoa hoc Xa hoi va Nhan van"),
    )
    paper(conference, ("Lê Văn C", "c@c.example", "Trường Đại học Cần Thơ"))
    domain.refresh_automatic_conflicts(conference)
    assert automatic(conference) == {(reviewer.pk, p.pk): "affiliation"}


def test_same_affiliation_in_burmese(conference):
    reviewer = member(
        conference, full_name="အောင်ကျော်", email="aung@a.example", affiliation="ရန်ကုန်တက္ကသိုလ်"
    )
    p = paper(conference, ("မောင်မောင်", "maung@b.example", "ရန်ကုန် တက္ကသိုလ်"))
    paper(conference, ("ကိုကို", "koko@c.example", "မန္တလေးတက္ကသိုလ်"))
    domain.refresh_automatic_conflicts(conference)
    assert automatic(conference) == {(reviewer.pk, p.pk): "affiliation"}


def test_same_email_domain_but_not_a_public_provider(conference):
    AssignmentSettings.objects.create(
        conference=conference, public_mail_domains="gmail.com\nmail.ru"
    )
    reviewer = member(conference, email="kyaw@yu.edu.mm")
    gmail_user = member(conference, email="somebody@gmail.com")
    p = paper(conference, ("Khin", "khin@YU.edu.mm", "Elsewhere"))
    q = paper(conference, ("Gmail author", "other@gmail.com", "Nowhere"))
    domain.refresh_automatic_conflicts(conference)
    assert automatic(conference) == {(reviewer.pk, p.pk): "email_domain"}
    assert (gmail_user.pk, q.pk) not in automatic(conference)


def test_a_verified_secondary_address_counts(conference):
    reviewer = member(conference, email="main@one.example")
    EmailAddressFactory(user=reviewer, email="second@mahidol.ac.th", primary=False)
    p = paper(conference, ("Author", "author@mahidol.ac.th", "X"))
    domain.refresh_automatic_conflicts(conference)
    assert automatic(conference) == {(reviewer.pk, p.pk): "email_domain"}


def test_the_reviewer_is_an_author_by_user_or_by_verified_email(conference):
    by_user = member(conference, email="u1@one.example")
    by_email = member(conference, email="u2@two.example")
    p = SubmissionFactory(conference=conference)
    AuthorshipFactory(submission=p, user=by_user, email=by_user.email, affiliation="A1")
    AuthorshipFactory(submission=p, user=None, email="U2@two.example", affiliation="A2")
    domain.refresh_automatic_conflicts(conference)
    found = automatic(conference)
    assert found[(by_user.pk, p.pk)] == "author"
    assert found[(by_email.pk, p.pk)] == "author"


def test_co_authors_on_any_submission_on_the_site(conference):
    reviewer = member(conference, email="rev@one.example")
    elsewhere = ConferenceFactory()
    old = SubmissionFactory(conference=elsewhere)
    AuthorshipFactory(submission=old, user=reviewer, email=reviewer.email, affiliation="P")
    AuthorshipFactory(submission=old, email="friend@two.example", affiliation="Q")
    p = paper(conference, ("Friend", "friend@two.example", "R"))
    domain.refresh_automatic_conflicts(conference)
    assert automatic(conference) == {(reviewer.pk, p.pk): "coauthor"}


def test_organisers_are_checked_too(conference):
    organiser = verified_user(email="org@mahidol.ac.th", affiliation="")
    conference.organisers.add(organiser)
    p = paper(conference, ("Author", "a@mahidol.ac.th", "X"))
    domain.refresh_automatic_conflicts(conference)
    assert automatic(conference) == {(organiser.pk, p.pk): "email_domain"}


def test_the_refresh_is_idempotent_removes_what_no_longer_holds_and_logs(conference):
    reviewer = member(conference, affiliation="Mahidol University")
    p = paper(conference, ("A", "a@x.example", "Mahidol University"))
    first = domain.refresh_automatic_conflicts(conference)
    second = domain.refresh_automatic_conflicts(conference)
    assert (first.added, first.removed) == (1, 0)
    assert (second.added, second.removed, second.kept) == (0, 0, 1)
    p.authorships.update(affiliation="Chulalongkorn University")
    third = domain.refresh_automatic_conflicts(conference)
    assert (third.added, third.removed) == (1 - 1, 1)
    assert automatic(conference) == {}
    log = list(ConflictChange.objects.filter(user=reviewer).values_list("action", "source", "by"))
    assert log == [("removed", "automatic", None), ("added", "automatic", None)]


def test_a_chair_s_waiver_survives_the_refresh(conference):
    chair = UserFactory()
    reviewer = member(conference, affiliation="Mahidol University")
    p = paper(conference, ("A", "a@x.example", "Mahidol University"))
    domain.refresh_automatic_conflicts(conference)
    assert (
        domain.remove_conflict(submission=p, user=reviewer, note="Different campus", by=chair) == 1
    )
    result = domain.refresh_automatic_conflicts(conference)
    assert (result.added, result.removed) == (0, 0)
    row = Conflict.objects.get(user=reviewer)
    assert row.waived_by == chair and row.waived_at is not None
    assert domain.conflicted_pairs(conference) == set()


def test_chair_adds_and_removes_with_who_and_why(conference):
    chair = UserFactory(full_name="Chair")
    reviewer = member(conference)
    p = SubmissionFactory(conference=conference)
    domain.add_conflict(submission=p, user=reviewer, reason="personal", note="Spouse", by=chair)
    assert domain.conflicted_pairs(conference) == {(reviewer.pk, p.pk)}
    domain.remove_conflict(submission=p, user=reviewer, note="Mistake", by=chair)
    assert domain.conflicted_pairs(conference) == set()
    domain.add_conflict(submission=p, user=reviewer, reason="other", by=chair)
    assert domain.conflicted_pairs(conference) == {(reviewer.pk, p.pk)}
    log = list(
        ConflictChange.objects.order_by("pk").values_list(
            "action", "source", "reason", "note", "by"
        )
    )
    assert log == [
        ("added", "chair", "personal", "Spouse", chair.pk),
        ("removed", "chair", "personal", "Mistake", chair.pk),
        ("added", "chair", "other", "", chair.pk),
    ]


def test_authors_declare_only_committee_members_and_can_take_it_back(conference):
    author = UserFactory()
    reviewer = member(conference)
    stranger = UserFactory()
    p = SubmissionFactory(conference=conference, created_by=author)
    added, removed = domain.declare_author_conflicts(
        submission=p, by=author, declared={reviewer.pk: "collaborator", stranger.pk: "other"}
    )
    assert (added, removed) == (1, 0)
    row = Conflict.objects.get()
    assert (row.user, row.source, row.reason, row.created_by) == (
        reviewer,
        "author",
        "collaborator",
        author,
    )
    assert domain.declare_author_conflicts(submission=p, by=author, declared={}) == (0, 1)
    assert not Conflict.objects.exists()
    assert ConflictChange.objects.filter(source="author").count() == 2


def test_a_waived_author_declaration_is_not_revived_by_saving_again(conference):
    author, chair = UserFactory(), UserFactory()
    reviewer = member(conference)
    p = SubmissionFactory(conference=conference, created_by=author)
    domain.declare_author_conflicts(submission=p, by=author, declared={reviewer.pk: "other"})
    domain.remove_conflict(submission=p, user=reviewer, by=chair)
    domain.declare_author_conflicts(submission=p, by=author, declared={reviewer.pk: "other"})
    assert domain.conflicted_pairs(conference) == set()


def test_conflicted_pairs_are_of_this_conference_only(conference):
    reviewer = member(conference)
    here = SubmissionFactory(conference=conference)
    there = SubmissionFactory()
    Conflict.objects.create(submission=here, user=reviewer, source="chair", reason="other")
    Conflict.objects.create(submission=there, user=reviewer, source="chair", reason="other")
    assert domain.conflicted_pairs(conference) == {(reviewer.pk, here.pk)}


def test_ensure_fresh_refreshes_only_after_a_change(conference):
    reviewer = member(conference, affiliation="Mahidol University")
    assert domain.ensure_fresh(conference).added == 0
    assert domain.ensure_fresh(conference) is None
    p = paper(conference, ("A", "a@x.example", "Mahidol University"))
    assert domain.ensure_fresh(conference).added == 1
    assert domain.ensure_fresh(conference) is None
    assert domain.conflicted_pairs(conference) == {(reviewer.pk, p.pk)}
