"""Issue 9, item 5: the conference-wide lock covers only the next submission number, never
the handling of a file; parallel creates store their files at the same time."""

import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from cfp.domain.numbers import allocate_number
from cfp.models import Submission, SubmissionCounter
from tests.cfp.conftest import make_draft
from tests.cfp.test_submission_views import form_data
from tests.factories import verified_user
from tests.pdfs import make_pdf, upload


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


def test_numbers_follow_the_highest_stored_one(call, author):
    make_draft(call, author, number=7)

    assert [allocate_number(conference=call) for _ in range(3)] == [8, 9, 10]
    assert SubmissionCounter.objects.get(conference=call).last_number == 10


def test_a_create_takes_the_next_number(call, author_client):
    for title in ("One", "Two"):
        response = author_client.post(
            reverse("cfp:submission_create", args=["mekong"]), form_data(call, [], title=title)
        )
        assert response.status_code == 302
    assert list(Submission.objects.values_list("number", "title")) == [(1, "One"), (2, "Two")]


def test_the_same_form_posted_twice_takes_one_number(call, author_client):
    data = form_data(call, [], token="0b8c1d7e-1a2b-4c3d-8e9f-001122334455", title="Twice")
    for _ in range(2):
        author_client.post(reverse("cfp:submission_create", args=["mekong"]), data)

    assert list(Submission.objects.values_list("number", flat=True)) == [1]
    assert SubmissionCounter.objects.get(conference=call).last_number == 1


@pytest.mark.django_db(transaction=True)
def test_two_creates_with_papers_store_their_files_at_the_same_time(call, monkeypatch):
    """Each create waits, while storing its paper, until the other one stores its paper too.
    Under a conference-wide lock held across the file work, the second could not get there
    and the barrier would break."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write transaction anyway")
    authors = [verified_user(email=f"parallel{i}@example.org") for i in range(2)]
    barrier = threading.Barrier(2, timeout=20)
    storage_class = type(default_storage._wrapped)
    original_save = storage_class._save

    def save_in_step(self, name, content):
        if name.startswith("submissions/"):
            barrier.wait()  # both creates are storing a paper at this moment
        return original_save(self, name, content)

    monkeypatch.setattr(storage_class, "_save", save_in_step)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def create(user, title):
        try:
            client = Client()
            client.force_login(user)
            paper = upload(make_pdf(pages=2))
            response = client.post(
                reverse("cfp:submission_create", args=["mekong"]),
                {**form_data(call, [], title=title), "paper": paper},
            )
            statuses.append(response.status_code)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=create, args=(user, f"Parallel {i}"))
        for i, user in enumerate(authors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [302, 302]
    assert barrier.broken is False
    assert sorted(Submission.objects.values_list("number", flat=True)) == [1, 2]
    assert sorted(s.files.count() for s in Submission.objects.all()) == [1, 1]
