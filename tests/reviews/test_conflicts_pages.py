"""The conflicts pages at work: the authors' declaration (linked from cfp's submission page),
the chairs' page of a submission, the refresh button, the settings and "why this score"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reviews.models import AssignmentSettings, Bid, CommitteeMember, Conflict, ConflictChange
from tests.reviews import conflicts_world

pytestmark = pytest.mark.django_db
now = conflicts_world.now
world = conflicts_world.world


def test_the_author_s_page_links_to_the_declaration_for_editors_only(client, world):
    detail = world.paper.get_absolute_url()
    link = reverse("reviews:author_conflicts", args=[world.conference.slug, world.paper.reference])
    client.force_login(world.users["author"])
    assert f'href="{link}"' in client.get(detail).text
    client.force_login(world.users["coauthor"])
    page = client.get(detail)
    assert page.status_code == 200
    assert f'href="{link}"' not in page.text


def test_authors_see_names_and_affiliations_but_not_who_reviews_what(client, world):
    from tests.factories import AssignmentFactory

    AssignmentFactory(submission=world.paper, reviewer=world.users["reviewer"])
    client.force_login(world.users["author"])
    url = reverse("reviews:author_conflicts", args=[world.conference.slug, world.paper.reference])
    text = client.get(url).text
    assert "Reviewer One" in text and "Reviewer One College" in text
    assert "Chair A" in text
    # Nothing tells one member from another: no role, no assignment, no existing conflict
    # of another source (the chair's conflicts of the world stay unseen).
    assert "Theme chair" not in text and "assigned" not in text.lower()
    assert text.count(" selected>") == text.count('<option value="" selected>')


def test_an_author_declares_a_conflict_and_it_hides_the_paper_from_the_member(client, world):
    reviewer = world.users["reviewer"]
    client.force_login(world.users["author"])
    url = reverse("reviews:author_conflicts", args=[world.conference.slug, world.paper.reference])
    response = client.post(url, {f"reason-{reviewer.pk}": "supervision"})
    assert response.status_code == 302
    conflict = Conflict.objects.get(user=reviewer)
    assert (conflict.source, conflict.reason) == ("author", "supervision")
    client.force_login(reviewer)
    bidding = client.get(reverse("reviews:bidding", args=[world.conference.slug]))
    assert "Paper in theme A" not in bidding.text


def test_a_chair_adds_and_removes_a_conflict_and_sees_the_log(client, world):
    chair = world.users["chair_a"]
    reviewer = world.users["reviewer"]
    client.force_login(chair)
    url = reverse("reviews:submission_conflicts", args=[world.conference.slug, world.paper.number])
    assert (
        client.post(
            url, {"action": "add", "person": reviewer.pk, "reason": "personal", "note": "Family"}
        ).status_code
        == 302
    )
    assert Conflict.objects.filter(user=reviewer, source="chair", waived_at=None).exists()
    assert (
        client.post(
            url, {"action": "remove", "person": reviewer.pk, "note": "Not family after all"}
        ).status_code
        == 302
    )
    assert not Conflict.objects.filter(user=reviewer, waived_at=None).exists()
    page = client.get(url).text
    assert "Not family after all" in page and "Family" in page
    assert list(ConflictChange.objects.filter(user=reviewer).values_list("action", "by")) == [
        ("removed", chair.pk),
        ("added", chair.pk),
    ]


def test_removing_needs_a_reason(client, world):
    client.force_login(world.users["organiser"])
    url = reverse("reviews:submission_conflicts", args=[world.conference.slug, world.paper.number])
    client.post(
        url, {"action": "remove", "person": world.users["conflicted_reviewer"].pk, "note": ""}
    )
    assert Conflict.objects.filter(user=world.users["conflicted_reviewer"], waived_at=None).exists()


def test_a_chair_who_records_their_own_conflict_leaves_the_page(client, world):
    chair = world.users["chair_a"]
    client.force_login(chair)
    url = reverse("reviews:submission_conflicts", args=[world.conference.slug, world.paper.number])
    response = client.post(url, {"action": "add", "person": chair.pk, "reason": "collaborator"})
    assert response["Location"] == reverse("reviews:conflicts", args=[world.conference.slug])
    assert client.get(url).status_code == 404


def test_the_chair_s_page_never_shows_another_reviewer_s_bid_to_a_conflicted_person(client, world):
    Bid.objects.create(submission=world.paper, user=world.users["reviewer"], preference="eager")
    client.force_login(world.users["conflicted_organiser"])
    overview = client.get(reverse("reviews:bid_overview", args=[world.conference.slug])).text
    assert "Paper in theme A" not in overview
    # The reviewer's count is over the papers the organiser may see: 0 eager.
    assert "<bdi>Reviewer One</bdi></th><td>0</td>" in overview


def test_the_refresh_button_finds_automatic_conflicts(client, world):
    world.users["reviewer"].affiliation = "Author Institute"
    world.users["reviewer"].save()
    client.force_login(world.users["organiser"])
    response = client.post(reverse("reviews:conflicts_refresh", args=[world.conference.slug]))
    assert response.status_code == 302
    row = Conflict.objects.get(user=world.users["reviewer"])
    assert (row.submission, row.source, row.reason) == (world.paper, "automatic", "affiliation")


def test_organisers_edit_weights_public_providers_and_bidding(client, world):
    client.force_login(world.users["organiser"])
    url = reverse("reviews:affinity_settings", args=[world.conference.slug])
    response = client.post(
        url,
        {
            "weight_bid": "2",
            "weight_theme": "0",
            "weight_text": "1.5",
            "public_mail_domains": "gmail.com\nmyanmar.com.mm",
            "bidding_open": "on",
        },
    )
    assert response.status_code == 302
    row = AssignmentSettings.objects.get(conference=world.conference)
    assert (row.weight_bid, row.weight_theme, row.weight_text, row.bidding_open) == (
        2,
        0,
        1.5,
        True,
    )
    assert row.public_mail_domains == "gmail.com\nmyanmar.com.mm"
    assert (
        client.post(url, {"weight_bid": "11", "weight_theme": "0", "weight_text": "1"}).status_code
        == 200
    )


def test_why_this_score_shows_each_part_and_what_the_texts_share(client, world):
    reviewer = world.users["reviewer"]
    member = CommitteeMember.objects.get(user=reviewer)
    member.expertise = "Labour migration in the Mekong region."
    member.save()
    member.expertise_themes.add(world.theme_a)
    Bid.objects.create(submission=world.paper, user=reviewer, preference="willing")
    client.force_login(world.users["organiser"])
    url = reverse(
        "reviews:why_score", args=[world.conference.slug, world.paper.number, reviewer.pk]
    )
    text = client.get(url).text
    assert '<th scope="row">Bid</th><td>0.500</td><td>1.00</td><td>0.500</td>' in text
    assert '<th scope="row">Theme match</th><td>1.000</td><td>0.50</td><td>0.500</td>' in text
    assert "<bdi>mekong</bdi>" in text and "<bdi>labour migration</bdi>" in text
    assert "Displacement" in text


def test_why_this_score_of_someone_off_the_committee_is_not_found(client, world):
    client.force_login(world.users["organiser"])
    url = reverse(
        "reviews:why_score",
        args=[world.conference.slug, world.paper.number, world.users["author"].pk],
    )
    assert client.get(url).status_code == 404


def test_the_chair_s_page_links_to_each_member_s_why_this_score(client, world):
    client.force_login(world.users["organiser"])
    url = reverse("reviews:submission_conflicts", args=[world.conference.slug, world.paper.number])
    why = reverse(
        "reviews:why_score",
        args=[world.conference.slug, world.paper.number, world.users["reviewer"].pk],
    )
    assert f'href="{why}"' in client.get(url).text
