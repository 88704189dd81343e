"""The committee's discussion of a submission and the meta-review: who takes part, limits,
Markdown, and "Reviewer N" under double-blind."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import DiscussionPost, MetaReview
from tests.factories import REFERENCE_NOW, cockpit_world

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "author",
    "coauthor",
    "reviewer_before",
    "reviewer_after",
    "unassigned",
    "conflicted_reviewer",
    "chair_a",
    "chair_b",
    "organiser",
    "conflicted_organiser",
    "superuser",
]
DISCUSS = {"reviewer_after", "chair_a", "organiser"}
META = {"chair_a", "organiser"}


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)


@pytest.fixture
def world():
    return cockpit_world(blind_review="double")


def _url(world, name="reviews:discussion"):
    return reverse(name, args=[world["conference"].slug, world["paper"].number])


def _login(client, world, actor):
    user = world["actors"][actor]
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("actor", ACTORS)
def test_discussion_page_access_matrix(client, world, actor):
    _login(client, world, actor)
    response = client.get(_url(world))
    if actor == "anonymous":
        assert response.status_code == 302
    elif actor in DISCUSS:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_posting_access_matrix(client, world, actor):
    _login(client, world, actor)
    client.post(_url(world), {"text": f"a word from {actor}"})
    posted = set(DiscussionPost.objects.values_list("text", flat=True))
    assert posted == ({f"a word from {actor}"} if actor in DISCUSS else set())


@pytest.mark.parametrize("actor", ACTORS)
def test_meta_review_access_matrix(client, world, actor):
    _login(client, world, actor)
    response = client.post(_url(world, "reviews:meta_review"), {"meta-text": "Solid, revise."})
    assert MetaReview.objects.filter(submission=world["paper"]).exists() == (actor in META)
    if actor == "reviewer_after":
        assert response.status_code == 403
    elif actor not in META and actor != "anonymous":
        assert response.status_code == 404


def test_double_blind_reviewers_see_reviewer_n_and_no_author(client, world):
    after = world["actors"]["reviewer_after"]
    conflicted = world["actors"]["conflicted_reviewer"]
    # Another reviewer who has submitted: assigned third -> "Reviewer 3"? No: the order of
    # assignment is before (1), after (2), conflicted (3); a new one is 4.
    from tests.factories import AssignmentFactory, CommitteeMemberFactory, ReviewFactory

    fourth = CommitteeMemberFactory(conference=world["conference"]).user
    AssignmentFactory(submission=world["paper"], reviewer=fourth)
    ReviewFactory(submission=world["paper"], reviewer=fourth)
    DiscussionPost.objects.create(submission=world["paper"], author=fourth, text="I *liked* it.")
    DiscussionPost.objects.create(
        submission=world["paper"], author=world["actors"]["chair_a"], text="Let us converge."
    )
    DiscussionPost.objects.create(submission=world["paper"], author=after, text="Me too.")
    client.force_login(after)
    html = client.get(_url(world)).content.decode()
    assert "Reviewer 4" in html and fourth.full_name not in html
    assert "You (Reviewer 2)" in html
    assert f"{world['actors']['chair_a'].full_name} (chair)" in html
    assert "<em>liked</em>" in html
    for leak in (
        "Zephyrine",
        "Quillfeather",
        "Bartholomew",
        "Oyelaran",
        "Ulaanbaatar",
        "Lagos",
        "rare.example",
        world["actors"]["author"].email,
    ):
        assert leak not in html
    assert conflicted.full_name not in html
    # The chair sees names.
    client.force_login(world["actors"]["chair_a"])
    html = client.get(_url(world)).content.decode()
    assert f"{fourth.full_name} (Reviewer 4)" in html


def test_names_are_shown_when_not_double_blind(client):
    world = cockpit_world(blind_review="single")
    fourth = world["actors"]["reviewer_after"]
    DiscussionPost.objects.create(submission=world["paper"], author=fourth, text="Hello.")
    client.force_login(world["actors"]["chair_a"])
    assert f"{fourth.full_name} (Reviewer 2)" in client.get(_url(world)).content.decode()


def test_markdown_is_sanitised(client, world):
    client.force_login(world["actors"]["organiser"])
    client.post(_url(world), {"text": "<script>alert(1)</script> [x](javascript:alert(1))"})
    html = client.get(_url(world)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


def test_posting_limits(client, world):
    from reviews.domain import discussion

    client.force_login(world["actors"]["organiser"])
    response = client.post(_url(world), {"text": "x" * (discussion.MAX_LENGTH + 1)})
    assert response.status_code == 200 and not DiscussionPost.objects.exists()
    response = client.post(_url(world), {"text": "   "})
    assert not DiscussionPost.objects.exists()
    for i in range(discussion.POST_LIMIT):
        client.post(_url(world), {"text": f"message {i}"})
    assert DiscussionPost.objects.count() == discussion.POST_LIMIT
    response = client.post(_url(world), {"text": "one too many"}, follow=True)
    assert DiscussionPost.objects.count() == discussion.POST_LIMIT
    assert "Too many messages" in response.content.decode()


def test_an_empty_meta_review_removes_it(client, world):
    client.force_login(world["actors"]["chair_a"])
    client.post(_url(world, "reviews:meta_review"), {"meta-text": "Summary."})
    meta = MetaReview.objects.get()
    assert (meta.text, meta.author) == ("Summary.", world["actors"]["chair_a"])
    client.post(_url(world, "reviews:meta_review"), {"meta-text": ""})
    assert not MetaReview.objects.exists()


def test_a_draft_review_does_not_open_the_discussion(client, world):
    from reviews.models import Review

    after = world["actors"]["reviewer_after"]
    Review.objects.filter(reviewer=after).update(state="draft")
    client.force_login(after)
    assert client.get(_url(world)).status_code == 404


def test_a_too_long_meta_review_is_refused(client, world):
    client.force_login(world["actors"]["chair_a"])
    response = client.post(
        _url(world, "reviews:meta_review"), {"meta-text": "x" * 10001}, follow=True
    )
    assert not MetaReview.objects.exists()
    assert "The meta-review is too long." in response.content.decode()


@pytest.mark.parametrize("actor", sorted(DISCUSS))
def test_chairs_see_each_review_with_the_reopen_link_reviewers_do_not(client, world, actor):
    from reviews.models import Review

    _login(client, world, actor)
    response = client.get(_url(world))
    page = response.content.decode()
    reviews = Review.objects.filter(submission=world["paper"], state="submitted")
    assert reviews.count() == 2  # reviewer_after's, and the conflicted reviewer's
    links = [
        reverse("reviews:reopen", kwargs={"conference": world["conference"].slug, "pk": r.pk})
        for r in reviews
    ]
    if actor in META:
        assert [r.pk for _n, r in response.context["reviews"]] == [r.pk for r in reviews]
        assert all(link in page for link in links)
        assert page.count("Reopen this review") == 2
        # The link leads to the reopen page the chair may use.
        assert client.get(links[0]).status_code == 200
    else:
        assert response.context["reviews"] == []
        assert not any(link in page for link in links)
        assert "Reopen this review" not in page
