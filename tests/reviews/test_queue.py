"""The reviewer's queue, the download and the assignment mail under double- and single-blind
review; query counts of the queue and the preview (helper `assign`)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.domain import assignment as domain
from tests.factories import (
    AssignmentFactory,
    AuthorshipFactory,
    SubmissionFactory,
    SubmissionFileFactory,
)
from tests.pdfs import all_pdf_text
from tests.reviews.assignment_world import (
    AUTHOR_AFFILIATION,
    AUTHOR_EMAIL,
    AUTHOR_NAME,
    COAUTHOR_EMAIL,
    COAUTHOR_NAME,
    ORIGINAL_NAME,
    build_world,
)

pytestmark = pytest.mark.django_db

SECRETS = (
    AUTHOR_NAME,
    AUTHOR_EMAIL,
    AUTHOR_AFFILIATION,
    COAUTHOR_NAME,
    COAUTHOR_EMAIL,
    ORIGINAL_NAME,
)
# The names as their ASCII parts too (PDF strings and mail headers may encode the rest).
FRAGMENTS = ("Nguy", "Hoa", "Aung Kyaw", "hoa.nguyen", "aung.kt", "Hoa_Nguyen")


def queue_url(world):
    return reverse("reviews:queue", kwargs={"conference": world.conference.slug})


def download_url(world):
    return reverse(
        "reviews:queue_download",
        kwargs={"conference": world.conference.slug, "number": world.paper.number},
    )


def test_double_blind_queue_download_and_mail_name_no_author(
    client, django_capture_on_commit_callbacks
):
    world = build_world(blind_review="double")
    reviewer = world.actors["assigned"]
    client.force_login(reviewer)
    page = client.get(queue_url(world)).content.decode()
    assert world.paper.title in page
    assert "Displacement" in page and "Research paper" in page
    assert world.paper.abstract.replace("'", "&#x27;") in page
    for secret in SECRETS:
        assert secret not in page

    response = client.get(download_url(world))
    content = b"".join(response.streaming_content)
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="submission-')
    assert str(world.paper.number) not in disposition.split("submission-")[1]
    text = all_pdf_text(content)
    for fragment in (*SECRETS, *FRAGMENTS):
        assert fragment not in text
        assert fragment not in disposition

    with django_capture_on_commit_callbacks(execute=True):
        domain.notify_new_assignments(conference=world.conference)
    mine = [m for m in mail.outbox if m.to == [reviewer.email]]
    assert len(mine) == 1
    raw = mine[0].message().as_string()
    assert world.paper.title in mine[0].body
    for fragment in (*SECRETS, *FRAGMENTS):
        assert fragment not in raw
    # The conflicted reviewer's assignment is never mailed.
    assert not [m for m in mail.outbox if m.to == [world.actors["conflicted"].email]]


def test_single_blind_queue_shows_authors_and_the_original(client):
    world = build_world(blind_review="single")
    client.force_login(world.actors["assigned"])
    page = client.get(queue_url(world)).content.decode()
    assert AUTHOR_NAME in page and AUTHOR_AFFILIATION in page
    assert AUTHOR_EMAIL not in page
    response = client.get(download_url(world))
    assert response.status_code == 200
    assert (
        f"{world.conference.slug}-{world.paper.number}-paper-v1.pdf"
        in response["Content-Disposition"]
    )


def test_download_under_double_blind_without_a_blind_copy_is_refused(client):
    world = build_world(blind_review="double")
    stored = world.paper.files.get()
    stored.blind_file = ""
    stored.save()
    client.force_login(world.actors["assigned"])
    assert client.get(download_url(world)).status_code == 404


def _add_assigned(world, n):
    for _ in range(n):
        paper = SubmissionFactory(conference=world.conference, themes=[world.displacement])
        AuthorshipFactory(submission=paper)
        SubmissionFileFactory(submission=paper)
        AssignmentFactory(submission=paper, reviewer=world.actors["assigned"])


@pytest.mark.parametrize("blind", ["double", "single"])
def test_queue_queries_do_not_grow_with_rows(client, blind):
    world = build_world(blind_review=blind)
    client.force_login(world.actors["assigned"])
    with CaptureQueriesContext(connection) as one:
        assert client.get(queue_url(world)).status_code == 200
    _add_assigned(world, 12)
    with CaptureQueriesContext(connection) as many:
        page = client.get(queue_url(world))
    assert page.content.decode().count('class="queue-item') == 13
    assert len(many) == len(one)


def test_preview_queries_do_not_grow_with_rows(client):
    world = build_world()
    organiser = world.actors["organiser"]
    world.conference.reviews_per_submission = 1
    world.conference.reviewer_load = 20
    world.conference.save()

    def preview_queries():
        run = domain.start_run(conference=world.conference, by=organiser)
        run = domain.execute_run(run.pk)
        url = reverse(
            "reviews:assignment_run", kwargs={"conference": world.conference.slug, "run": run.pk}
        )
        client.force_login(organiser)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries), run

    few, run = preview_queries()
    assert run.state == "ready"
    for _ in range(15):
        SubmissionFactory(conference=world.conference, themes=[world.advocacy])
    many, run = preview_queries()
    assert run.state == "ready"
    assert len(run.result["pairs"]) == 2 + 15  # one review each; the paper keeps its pair
    assert many == few
