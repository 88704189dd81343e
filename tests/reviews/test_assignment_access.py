"""Who reaches each assignment page and the reviewer's queue and download (helper `assign`).

Every actor of the permissions matrix, including a superuser who organises nothing (access is
decided by cfp.rules.allowed, which ignores is_superuser) and an organiser with a conflict."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cfp.models import FileDownload
from reviews.models import AssignmentRun
from tests.reviews.assignment_world import build_world

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "author",
    "coauthor",
    "assigned",
    "unassigned",
    "conflicted",
    "chair",
    "other_chair",
    "organiser",
    "conflicted_organiser",
    "superuser",
)
CHAIRS = {"chair", "other_chair", "organiser", "conflicted_organiser"}
ORGANISERS = {"organiser", "conflicted_organiser"}
MEMBERS = {"assigned", "unassigned", "conflicted", "chair", "other_chair"}


@pytest.fixture
def world():
    return build_world()


def _get(client, world, actor, url, method="get", data=None):
    user = world.actors[actor]
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {})


def expected(actor, allowed_set, *, denied=403):
    if actor == "anonymous":
        return 302
    return 200 if actor in allowed_set else denied


@pytest.mark.parametrize("actor", ACTORS)
def test_assignment_home(client, world, actor):
    url = reverse("reviews:assignment_home", kwargs={"conference": world.conference.slug})
    response = _get(client, world, actor, url)
    assert response.status_code == expected(actor, CHAIRS)
    if actor == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("actor", ACTORS)
def test_settings_are_saved_only_by_organisers(client, world, actor):
    url = reverse("reviews:assignment_home", kwargs={"conference": world.conference.slug})
    data = {
        "reviews_per_submission": 2,
        "reviewer_load": 5,
        "min_load": 0,
        "objective": "max_total",
        "last_resort_penalty": 2,
        "time_limit_seconds": 30,
    }
    response = _get(client, world, actor, url, "post", data)
    world.conference.refresh_from_db()
    if actor in ORGANISERS:
        assert response.status_code == 302
        assert world.conference.reviews_per_submission == 2
    else:
        assert response.status_code == (302 if actor == "anonymous" else 403)
        assert world.conference.reviews_per_submission == 3


@pytest.mark.parametrize("actor", ACTORS)
def test_start_run(client, world, actor, django_capture_on_commit_callbacks):
    url = reverse("reviews:assignment_start", kwargs={"conference": world.conference.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = _get(client, world, actor, url, "post")
    runs = AssignmentRun.objects.filter(conference=world.conference)
    if actor in ORGANISERS:
        assert response.status_code == 302
        assert runs.count() == 1
    else:
        assert response.status_code == (302 if actor == "anonymous" else 403)
        assert runs.count() == 0


@pytest.mark.parametrize("actor", ACTORS)
def test_run_page_and_confirm(client, world, actor, django_capture_on_commit_callbacks):
    from reviews.domain.assignment import execute_run, start_run

    organiser = world.actors["organiser"]
    world.conference.reviews_per_submission = 2
    world.conference.save()
    run = start_run(conference=world.conference, by=organiser)
    execute_run(run.pk)
    run.refresh_from_db()
    assert run.state == AssignmentRun.State.READY
    slug = world.conference.slug
    page = _get(
        client,
        world,
        actor,
        reverse("reviews:assignment_run", kwargs={"conference": slug, "run": run.pk}),
    )
    assert page.status_code == expected(actor, CHAIRS)
    if page.status_code == 200:
        text = page.content.decode()
        # Rows of the viewer's submissions only; never the conflicted one.
        sees_paper = actor in {"chair", "organiser"}
        assert (world.paper.title in text) is sees_paper
        assert (world.other.title in text) is (
            actor in {"other_chair", "organiser", "conflicted_organiser"}
        )
    confirm = reverse("reviews:assignment_confirm", kwargs={"conference": slug, "run": run.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm)
    run.refresh_from_db()
    if actor in ORGANISERS:
        assert response.status_code == 302
        assert run.state == AssignmentRun.State.CONFIRMED
    else:
        assert response.status_code == (302 if actor == "anonymous" else 403)
        assert run.state == AssignmentRun.State.READY


@pytest.mark.parametrize("actor", ACTORS)
def test_submissions_list(client, world, actor):
    url = reverse("reviews:assignment_submissions", kwargs={"conference": world.conference.slug})
    response = _get(client, world, actor, url)
    assert response.status_code == expected(actor, CHAIRS)
    if response.status_code == 200:
        text = response.content.decode()
        assert (world.paper.title in text) is (actor in {"chair", "organiser"})


@pytest.mark.parametrize("actor", ACTORS)
def test_submission_page(client, world, actor):
    url = reverse(
        "reviews:assignment_submission",
        kwargs={"conference": world.conference.slug, "number": world.paper.number},
    )
    response = _get(client, world, actor, url)
    if actor == "anonymous":
        assert response.status_code == 302
    elif actor in {"chair", "organiser"}:
        assert response.status_code == 200
    elif actor in {"other_chair", "conflicted_organiser"}:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("actor", ACTORS)
def test_queue(client, world, actor):
    # The one reviewer queue: the committee, and organisers (an empty queue unless assigned).
    url = reverse("reviews:queue", kwargs={"conference": world.conference.slug})
    response = _get(client, world, actor, url)
    assert response.status_code == expected(actor, MEMBERS | {"organiser", "conflicted_organiser"})
    if response.status_code == 200:
        assert (world.paper.title in response.content.decode()) is (actor == "assigned")


@pytest.mark.parametrize("actor", ACTORS)
def test_download(client, world, actor):
    url = reverse(
        "reviews:queue_download",
        kwargs={"conference": world.conference.slug, "number": world.paper.number},
    )
    response = _get(client, world, actor, url)
    if actor == "anonymous":
        assert response.status_code == 302
    elif actor == "assigned":
        assert response.status_code == 200
        b"".join(response.streaming_content)
        assert FileDownload.objects.filter(user=world.actors["assigned"]).count() == 1
    else:
        assert response.status_code == 404
        assert FileDownload.objects.count() == 0
