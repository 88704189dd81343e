"""Bidding: who may bid, one click with and without JavaScript, filters, double-blind,
the conflict form, the chairs' overview and a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.domain.bids import bidding_is_open
from reviews.models import AssignmentSettings, Bid, Conflict
from tests.factories import (
    REFERENCE_NOW,
    AuthorshipFactory,
    SubmissionFactory,
)
from tests.reviews import conflicts_world
from tests.reviews.conflicts_world import ACTORS, client_for, make_world

pytestmark = pytest.mark.django_db
now = conflicts_world.now
world = conflicts_world.world
LOGIN = "login"


def _status(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def _list(world):
    return reverse("reviews:bidding", args=[world.conference.slug])


def _bid_url(world, paper=None):
    return reverse("reviews:bid", args=[world.conference.slug, (paper or world.paper).number])


BIDDING_LIST = {
    "anonymous": LOGIN,
    "author": 403,
    "coauthor": 403,
    "reviewer": 200,
    "conflicted_reviewer": 200,
    "chair_a": 200,
    "chair_b": 200,
    "organiser": 403,  # not on the committee
    "conflicted_organiser": 403,
    "superuser": 403,
}

BID_POST = {
    "anonymous": LOGIN,
    "author": 403,
    "coauthor": 403,
    "reviewer": 302,
    "conflicted_reviewer": 404,
    "chair_a": 302,
    "chair_b": 302,
    "organiser": 403,
    "conflicted_organiser": 403,
    "superuser": 403,
}

OVERVIEW = {
    "anonymous": LOGIN,
    "author": 403,
    "coauthor": 403,
    "reviewer": 403,
    "conflicted_reviewer": 403,
    "chair_a": 200,
    "chair_b": 200,
    "organiser": 200,
    "conflicted_organiser": 200,
    "superuser": 403,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_the_bidding_list(client, world, actor):
    response = client_for(client, world, actor).get(_list(world))
    assert _status(response) == BIDDING_LIST[actor]
    if response.status_code == 200:
        assert ("Paper in theme A" in response.text) == (actor != "conflicted_reviewer")
        assert "Paper in theme B" in response.text


@pytest.mark.parametrize("actor", ACTORS)
def test_a_bid(client, world, actor):
    response = client_for(client, world, actor).post(_bid_url(world), {"preference": "eager"})
    assert _status(response) == BID_POST[actor]
    stored = Bid.objects.filter(submission=world.paper).values_list("preference", flat=True)
    assert list(stored) == (["eager"] if BID_POST[actor] == 302 else [])


@pytest.mark.parametrize("actor", ACTORS)
def test_the_conflict_form(client, world, actor):
    url = reverse("reviews:bid_conflict", args=[world.conference.slug, world.paper.number])
    expected = 200 if BID_POST[actor] == 302 else BID_POST[actor]
    assert _status(client_for(client, world, actor).get(url)) == expected


@pytest.mark.parametrize("actor", ACTORS)
def test_the_bid_overview(client, world, actor):
    Bid.objects.create(submission=world.paper, user=world.users["reviewer"], preference="eager")
    response = client_for(client, world, actor).get(
        reverse("reviews:bid_overview", args=[world.conference.slug])
    )
    assert _status(response) == OVERVIEW[actor]
    if response.status_code == 200:
        assert ("Paper in theme A" in response.text) == (actor in ("chair_a", "organiser"))


def test_an_author_never_bids_on_their_own_paper_even_on_the_committee(client, world):
    from tests.factories import CommitteeMemberFactory

    author = world.users["author"]
    CommitteeMemberFactory(conference=world.conference, user=author)
    client.force_login(author)
    page = client.get(_list(world))
    assert "Paper in theme A" not in page.text
    assert client.post(_bid_url(world), {"preference": "eager"}).status_code == 404


def test_without_javascript_the_bid_redirects_back_to_the_same_place(client, world):
    client.force_login(world.users["reviewer"])
    here = _list(world) + f"?theme={world.theme_a.pk}&page=1"
    response = client.post(_bid_url(world), {"preference": "willing", "next": here})
    assert response.status_code == 302
    assert response["Location"] == f"{here}#s-{world.paper.number}"
    assert Bid.objects.get(submission=world.paper).preference == "willing"


def test_a_foreign_next_address_is_not_followed(client, world):
    client.force_login(world.users["reviewer"])
    response = client.post(
        _bid_url(world), {"preference": "willing", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"{_list(world)}#s-{world.paper.number}"


def test_with_htmx_the_answer_is_the_row_alone(client, world):
    client.force_login(world.users["reviewer"])
    response = client.post(
        _bid_url(world), {"preference": "eager", "next": _list(world)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(
        f'<article class="card mb-3 bid-row" id="s-{world.paper.number}"'
    )
    assert "<html" not in response.text
    assert 'value="eager" class="btn btn-sm btn-primary" aria-pressed="true"' in response.text
    assert "Saved." in response.text
    assert Bid.objects.get(submission=world.paper).preference == "eager"


def test_the_list_marks_each_bid_and_loads_htmx_from_a_static_file(client, world):
    Bid.objects.create(submission=world.paper, user=world.users["reviewer"], preference="willing")
    client.force_login(world.users["reviewer"])
    page = client.get(_list(world))
    assert 'value="willing" class="btn btn-sm btn-primary" aria-pressed="true"' in page.text
    assert 'src="/static/vendor/htmx/htmx.min.js"' in page.text
    assert "<script>" not in page.text


def test_a_conflict_bid_is_refused_without_a_reason(client, world):
    client.force_login(world.users["reviewer"])
    response = client.post(_bid_url(world), {"preference": "conflict"})
    assert response.status_code == 302
    assert not Bid.objects.exists()
    assert not Conflict.objects.filter(user=world.users["reviewer"]).exists()


def test_declaring_a_conflict_records_it_and_the_paper_leaves_the_list(client, world):
    reviewer = world.users["reviewer"]
    client.force_login(reviewer)
    url = reverse("reviews:bid_conflict", args=[world.conference.slug, world.paper.number])
    response = client.post(
        url, {"reason": "supervision", "note": "My student", "next": _list(world)}
    )
    assert response.status_code == 302
    conflict = Conflict.objects.get(user=reviewer)
    assert (conflict.source, conflict.reason, conflict.note) == (
        "reviewer",
        "supervision",
        "My student",
    )
    assert Bid.objects.get(user=reviewer).preference == "conflict"
    assert "Paper in theme A" not in client.get(_list(world)).text


def test_filters_theme_and_not_yet_bid(client, world):
    reviewer = world.users["reviewer"]
    client.force_login(reviewer)
    by_theme = client.get(_list(world), {"theme": world.theme_b.pk})
    assert "Paper in theme B" in by_theme.text and "Paper in theme A" not in by_theme.text
    Bid.objects.create(submission=world.paper, user=reviewer, preference="eager")
    unbid = client.get(_list(world), {"unbid": "1"})
    assert "Paper in theme B" in unbid.text and "Paper in theme A" not in unbid.text


def test_sort_by_affinity_puts_the_best_match_first(client, world):
    from reviews.models import CommitteeMember

    reviewer = world.users["reviewer"]
    CommitteeMember.objects.filter(user=reviewer).update(
        expertise="Advocacy for refugees held in immigration detention.", keywords=["advocacy"]
    )
    client.force_login(reviewer)
    page = client.get(_list(world), {"sort": "affinity"})
    assert page.text.index("Paper in theme B") < page.text.index("Paper in theme A")
    by_number = client.get(_list(world))
    assert by_number.text.index("Paper in theme A") < by_number.text.index("Paper in theme B")


def test_under_double_blind_no_author_name_affiliation_or_email(client, world):
    client.force_login(world.users["reviewer"])
    for url in (
        _list(world),
        reverse("reviews:bid_conflict", args=[world.conference.slug, world.paper.number]),
    ):
        text = client.get(url).text
        for secret in (
            "Somchai",
            "Nguyễn",
            "Author Institute",
            "Hanoi Institute",
            "@author.example",
            "@coauthor.example",
        ):
            assert secret not in text, (url, secret)
    partial = client.post(_bid_url(world), {"preference": "eager"}, HTTP_HX_REQUEST="true")
    assert "Somchai" not in partial.text and "Author Institute" not in partial.text


def test_under_single_blind_authors_are_shown(client, db, now):
    w = make_world(blind_review="single")
    client.force_login(w.users["reviewer"])
    text = client.get(_list(w)).text
    assert "Somchai Jaidee" in text and "Author Institute" in text


def test_no_reviewer_ever_sees_another_reviewer_s_bid(client, world):
    Bid.objects.create(submission=world.paper, user=world.users["chair_b"], preference="eager")
    client.force_login(world.users["reviewer"])
    text = client.get(_list(world)).text
    assert 'aria-pressed="true"' in text  # their own neutral
    assert 'value="eager" class="btn btn-sm btn-primary"' not in text


# --- The phase.


def test_bidding_opens_between_the_deadline_and_reviewing(world):
    c = world.conference
    assert bidding_is_open(c, REFERENCE_NOW)
    assert not bidding_is_open(c, c.submission_closes - dt.timedelta(seconds=1))
    assert not bidding_is_open(c, REFERENCE_NOW + dt.timedelta(days=11))


def test_organisers_open_bidding_when_there_is_no_date(world):
    c = world.conference
    c.reviewing_opens = None
    c.save()
    assert not bidding_is_open(c, REFERENCE_NOW)
    AssignmentSettings.objects.update_or_create(conference=c, defaults={"bidding_open": True})
    assert bidding_is_open(c, REFERENCE_NOW)
    assert not bidding_is_open(c, c.submission_closes - dt.timedelta(seconds=1))


def test_closed_bidding_shows_no_paper_and_refuses_bids(client, world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW + dt.timedelta(days=11))
    client.force_login(world.users["reviewer"])
    page = client.get(_list(world))
    assert page.status_code == 200
    assert "Bidding is not open" in page.text and "Paper in theme A" not in page.text
    assert client.post(_bid_url(world), {"preference": "eager"}).status_code == 403


# --- Queries: the same number with 1 and with many papers on the page.


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("blind", ["double", "single"])
def test_the_bidding_page_makes_a_constant_number_of_queries(client, db, now, blind):
    w = make_world(blind_review=blind)
    reviewer = w.users["reviewer"]
    client.force_login(reviewer)
    url = _list(w) + f"?type={w.paper.contribution_type_id}&theme={w.theme_a.pk}"
    assert client.get(url).context["page"].paginator.count == 1
    few = _count(client, url)
    few_by_affinity = _count(client, url + "&sort=affinity")
    for _ in range(30):
        s = SubmissionFactory(
            conference=w.conference,
            contribution_type=w.paper.contribution_type,
            themes=[w.theme_a, w.theme_b],
        )
        AuthorshipFactory(submission=s)
        Bid.objects.create(submission=s, user=reviewer, preference="willing")
    # (The first look after the new papers refreshes the automatic conflicts once.)
    assert client.get(url).context["page"].paginator.count == 31
    many = _count(client, url)
    assert few == many
    # Ranked by affinity: computed again (the papers changed), still as many queries.
    assert _count(client, url + "&sort=affinity") == few_by_affinity


def test_a_new_paper_from_the_reviewer_s_institution_never_reaches_their_list(client, world):
    reviewer = world.users["reviewer"]
    client.force_login(reviewer)
    client.get(_list(world))
    late = SubmissionFactory(conference=world.conference, title="From my own college")
    AuthorshipFactory(submission=late, affiliation="Reviewer One College")
    assert "From my own college" not in client.get(_list(world)).text
    assert Conflict.objects.get(submission=late).user == reviewer
