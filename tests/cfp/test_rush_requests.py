"""Issue 9, items 1 and 7: an incomplete request body saves nothing and says so; a request
that waited too long in the queue is told the site is busy (503, Retry-After)."""

import io

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from cfp.models import PendingUpload, Submission, SubmissionFile
from config.middleware import QueueTimeoutMiddleware, request_start
from tests.cfp.conftest import make_draft
from tests.cfp.test_submission_views import form_data
from tests.factories import REFERENCE_NOW
from tests.pdfs import make_pdf


@pytest.fixture(autouse=True)
def _now(frozen_now):
    return frozen_now


def multipart(data: dict) -> bytes:
    return encode_multipart(BOUNDARY, data)


def post_raw(client, path, body: bytes, *, content_length: int, content_type=MULTIPART_CONTENT):
    """POST ``body`` while announcing ``content_length`` bytes, as a client that stopped
    sending does (the server sees the stream end early)."""
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(content_length),
        **{"wsgi.input": io.BytesIO(body)},
    )


def create_payload(call) -> bytes:
    paper = io.BytesIO(make_pdf(pages=2))
    paper.name = "paper.pdf"
    return multipart({**form_data(call, [], title="Cut off"), "paper": paper})


def assert_refused(response):
    assert response.status_code == 400
    assert "Your form arrived incomplete — nothing was saved" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_create_whose_upload_was_cut_creates_nothing(call, author_client):
    body = create_payload(call)
    cut = body[: len(body) * 2 // 3]  # the file part is cut in the middle

    response = post_raw(
        author_client,
        reverse("cfp:submission_create", args=["mekong"]),
        cut,
        content_length=len(body),
    )

    assert_refused(response)
    assert Submission.objects.count() == 0
    assert PendingUpload.objects.count() == 0


def test_a_create_without_its_closing_boundary_creates_nothing(call, author_client):
    body = create_payload(call)
    closing = f"--{BOUNDARY}--".encode()
    cut = body[: body.rindex(closing)]  # everything but the closing delimiter, length matching

    response = post_raw(
        author_client,
        reverse("cfp:submission_create", args=["mekong"]),
        cut,
        content_length=len(cut),
    )

    assert_refused(response)
    assert Submission.objects.count() == 0
    assert PendingUpload.objects.count() == 0


def test_the_complete_body_still_creates_the_draft_with_its_paper(call, author_client):
    body = create_payload(call)

    response = post_raw(
        author_client,
        reverse("cfp:submission_create", args=["mekong"]),
        body,
        content_length=len(body),
    )

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.title == "Cut off"
    assert submission.files.count() == 1


def test_an_edit_whose_upload_was_cut_changes_nothing(call, author, author_client):
    submission = make_draft(call, author, title="Before")
    revision = submission.revision
    paper = io.BytesIO(make_pdf(pages=2))
    paper.name = "paper.pdf"
    body = multipart({**form_data(call, [], submission=submission, title="After"), "paper": paper})

    response = post_raw(
        author_client,
        reverse("cfp:submission_edit", args=["mekong", submission.reference]),
        body[: len(body) - 5000],
        content_length=len(body),
    )

    assert_refused(response)
    submission.refresh_from_db()
    assert submission.title == "Before"
    assert submission.revision == revision
    assert SubmissionFile.objects.count() == 0
    assert PendingUpload.objects.count() == 0


def test_a_cut_urlencoded_post_is_refused(call, author, author_client):
    submission = make_draft(call, author, title="Before")
    body = b"csrfmiddlewaretoken=x&title=After&abstract=" + b"a" * 200

    response = post_raw(
        author_client,
        reverse("cfp:submission_edit", args=["mekong", submission.reference]),
        body[:50],
        content_length=len(body),
        content_type="application/x-www-form-urlencoded",
    )

    assert_refused(response)
    submission.refresh_from_db()
    assert submission.title == "Before"


# --- 7. overload is told -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("t=1700000000.250", 1700000000.25),  # nginx ${msec}
        ("1700000000250", 1700000000.25),  # milliseconds
        ("t=1700000000250000", 1700000000.25),  # microseconds
        ("", None),
        ("t=soon", None),
    ],
)
def test_request_start_reads_what_proxies_send(header, expected):
    assert request_start(header) == expected


@pytest.fixture
def queue_clock(monkeypatch, settings):
    settings.SALA_QUEUE_TIMEOUT = 10
    settings.SALA_BUSY_RETRY_AFTER = 60
    now = REFERENCE_NOW.timestamp()
    monkeypatch.setattr(QueueTimeoutMiddleware, "clock", staticmethod(lambda: now))
    return now


def test_a_request_that_waited_too_long_is_told_the_site_is_busy(call, author_client, queue_clock):
    response = author_client.post(
        reverse("cfp:submission_create", args=["mekong"]),
        form_data(call, [], title="Too late in the queue"),
        headers={"X-Request-Start": f"t={queue_clock - 10.5:.3f}"},
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "The site is busy — please try again in a minute" in page
    assert "your draft is safe" in page
    assert Submission.objects.count() == 0


def test_a_request_within_the_queue_timeout_is_served(call, author_client, queue_clock):
    response = author_client.post(
        reverse("cfp:submission_create", args=["mekong"]),
        form_data(call, [], title="In time"),
        headers={"X-Request-Start": f"t={queue_clock - 9.5:.3f}"},
    )

    assert response.status_code == 302
    assert Submission.objects.get().title == "In time"


def test_without_a_timeout_nothing_is_refused(call, author_client, settings, queue_clock):
    settings.SALA_QUEUE_TIMEOUT = 0

    response = author_client.get(
        reverse("cfp:submission_create", args=["mekong"]),
        headers={"X-Request-Start": f"t={queue_clock - 3600:.3f}"},
    )

    assert response.status_code == 200


def test_the_submission_form_keeps_typed_text_in_the_browser(call, author_client):
    page = author_client.get(reverse("cfp:submission_create", args=["mekong"])).content.decode()

    assert '<script src="/static/js/draft-keeper.js" defer></script>' in page
    assert 'data-draft-restore="Restore my text"' in page
