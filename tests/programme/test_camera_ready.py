"""The editors' camera-ready form: uploads checked like submission files, limits, deadline."""

import datetime as dt

import pytest
from django.urls import reverse

from programme import domain
from programme.models import CameraReady, CameraReadyAuthor
from tests.factories import REFERENCE_NOW
from tests.pdfs import encrypted_pdf, make_pdf, upload, zip_bytes


def _url(submission):
    return reverse(
        "programme:camera_ready",
        kwargs={"conference": submission.conference.slug, "reference": submission.reference},
    )


def _post(client, submission, **overrides):
    authorships = list(submission.authorships.all())
    data = {
        "title": "Final title",
        "abstract": "Short final abstract.",
        "presenter": str(authorships[1].pk),
        "attends": "no",
        "bio": "Researcher at Mahidol University.",
        f"public_{authorships[0].pk}": "on",
    }
    if "file" not in overrides:
        data["file"] = upload(make_pdf(pages=2), name="final paper.pdf")
    data.update({k: v for k, v in overrides.items() if v is not None})
    return client.post(_url(submission), data)


@pytest.fixture
def editor_client(client, world, frozen_now):
    client.force_login(world["editor"])
    return client


def test_confirmed_version_is_stored(editor_client, world):
    submission = world["submission"]
    response = _post(editor_client, submission)
    assert response.status_code == 302
    camera = CameraReady.objects.get(submission=submission)
    assert (camera.title, camera.abstract) == ("Final title", "Short final abstract.")
    assert camera.page_count == 2
    assert camera.original_name == "final paper.pdf"
    assert camera.presenter == submission.authorships.all()[1]
    assert camera.presenter_attends is False
    assert camera.presenter_bio == "Researcher at Mahidol University."
    assert camera.confirmed_at == REFERENCE_NOW
    assert camera.confirmed_by == world["editor"]
    assert camera.file.name.startswith(f"camera-ready/{submission.conference_id}/")
    assert "final" not in camera.file.name.rsplit("/", 1)[-1]
    public = dict(CameraReadyAuthor.objects.values_list("authorship__full_name", "public"))
    assert public == {"Nguyễn Thị Minh Khai": True, "Somchai Jaidee": False}
    # The submission the committee reviewed is unchanged.
    submission.refresh_from_db()
    assert submission.title != "Final title"


def test_second_save_keeps_the_file(editor_client, world):
    submission = world["submission"]
    _post(editor_client, submission)
    first = CameraReady.objects.get().file.name
    response = _post(editor_client, submission, file="", title="Again")
    assert response.status_code == 302
    camera = CameraReady.objects.get()
    assert (camera.title, camera.file.name) == ("Again", first)


def test_a_pdf_is_required(editor_client, world):
    response = _post(editor_client, world["submission"], file="")
    assert response.status_code == 200
    assert "Upload the final version of your paper (PDF)." in response.content.decode()
    assert not CameraReady.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (zip_bytes(), "Word"),
        (encrypted_pdf(), "protected with a password"),
        (make_pdf(pages=4), "This PDF has 4 pages; a Research paper may have at most 3."),
        (make_pdf()[:-50], "This PDF is incomplete"),
        (b"", "The submitted file is empty."),
    ],
)
def test_uploads_are_checked_like_submission_files(editor_client, world, content, message):
    response = _post(editor_client, world["submission"], file=upload(content))
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not CameraReady.objects.exists()


def test_upload_over_the_size_limit_is_stopped(editor_client, world):
    big = make_pdf() + b"%" + b"x" * (1024 * 1024 + 10) + b"\n%%EOF\n"
    response = _post(editor_client, world["submission"], file=upload(big))
    assert response.status_code == 200
    assert "larger than 1.0" in response.content.decode()
    assert not CameraReady.objects.exists()


def test_abstract_word_limit_of_the_type(editor_client, world):
    response = _post(editor_client, world["submission"], abstract="word " * 21)
    assert response.status_code == 200
    assert "This abstract has 21 words; at most 20 are allowed." in response.content.decode()


def test_title_is_one_line_and_capped(editor_client, world):
    response = _post(editor_client, world["submission"], title="x" * 301)
    assert response.status_code == 200
    _post(editor_client, world["submission"], title="Two\nlines")
    assert CameraReady.objects.get().title == "Two lines"


def test_bio_is_capped(editor_client, world):
    response = _post(editor_client, world["submission"], bio="b" * 1001)
    assert response.status_code == 200
    assert not CameraReady.objects.exists()


def test_after_the_deadline_the_page_is_read_only(editor_client, world, frozen_now):
    # The deadline is 15 June in Bangkok: it ends at 16 June 00:00 +07 = 15 June 17:00 UTC.
    frozen_now[0] = dt.datetime(2026, 6, 15, 16, 59, tzinfo=dt.UTC)
    editor_client.force_login(world["editor"])  # a session started at the new "now"
    assert _post(editor_client, world["submission"]).status_code == 302
    frozen_now[0] = dt.datetime(2026, 6, 15, 17, 0, tzinfo=dt.UTC)
    response = _post(editor_client, world["submission"], title="Too late")
    assert response.status_code == 409
    assert CameraReady.objects.get().title == "Final title"
    page = editor_client.get(_url(world["submission"]))
    assert "this page is read-only" in page.content.decode()
    assert "Save and confirm" not in page.content.decode()


def test_organisers_reopen_after_the_deadline(editor_client, world, frozen_now):
    frozen_now[0] = dt.datetime(2026, 6, 20, tzinfo=dt.UTC)
    editor_client.force_login(world["editor"])  # a session started at the new "now"
    domain.reopen_camera_ready(
        submission=world["submission"],
        by=world["organiser"],
        until=dt.datetime(2026, 6, 21, tzinfo=dt.UTC),
    )
    assert _post(editor_client, world["submission"], title="Reopened").status_code == 302
    assert CameraReady.objects.get().title == "Reopened"
    frozen_now[0] = dt.datetime(2026, 6, 21, tzinfo=dt.UTC)
    with pytest.raises(domain.CameraReadyClosed):
        domain.save_camera_ready(
            submission=world["submission"],
            by=world["editor"],
            now=frozen_now[0],
            title="t",
            abstract="a",
            presenter_id=None,
            presenter_attends=True,
            presenter_bio="",
            public={},
        )


def test_not_accepted_is_not_found(editor_client, world):
    world["submission"].state = "submitted"
    world["submission"].save()
    assert editor_client.get(_url(world["submission"])).status_code == 404


def test_organiser_downloads_the_final_pdf(client, world, frozen_now):
    client.force_login(world["editor"])
    _post(client, world["submission"])
    client.force_login(world["organiser"])
    url = reverse(
        "programme:camera_ready_file",
        kwargs={"conference": "mekong", "reference": world["submission"].reference},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]
    assert world["submission"].reference in response["Content-Disposition"]
