"""The printed programme's downloads (every kind of person), its keeping per version and
paper, the background build of large ones, and ``manage.py programme_pdf``."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from programme.domain import printing
from tests.factories import PresentationFactory, published_programme_version

from .pdf_text import page_texts

PEOPLE = [
    "anonymous",
    "editor",
    "reviewer",
    "foreign_organiser",
    "organiser",
    "superuser",
]
LOGIN = "login"


def _get(client, world, who, url):
    if world[who] is not None:
        client.force_login(world[who])
    response = client.get(url)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.fixture(autouse=True)
def empty_storage():
    """The tests' storage lives as long as the process: start without any kept book."""
    _dirs, files = _listing()
    for name in files:
        default_storage.delete(f"programme-pdf/mekong/{name}")


def _listing():
    try:
        return default_storage.listdir("programme-pdf/mekong")
    except FileNotFoundError:
        return [], []


@pytest.fixture
def scheduled(world):
    """The world's accepted paper placed in a session."""
    PresentationFactory(session__conference=world["conference"], submission=world["submission"])
    return world


def _draft_url(world):
    return reverse("programme:draft_programme_pdf", args=[world["conference"].slug])


def _public_url(world):
    return reverse("programme:public_programme_pdf", args=[world["conference"].slug])


EXPECTED_DRAFT = dict(zip(PEOPLE, [LOGIN, 403, 403, 403, 200, 403], strict=True))
EXPECTED_DRAFT_HIDDEN = dict(zip(PEOPLE, [LOGIN, 404, 404, 404, 200, 404], strict=True))
EXPECTED_PUBLIC = dict(zip(PEOPLE, [200] * 6, strict=True))
EXPECTED_PUBLIC_HIDDEN = dict(zip(PEOPLE, [404, 404, 404, 404, 200, 404], strict=True))


@pytest.mark.parametrize("who", PEOPLE)
def test_draft_download(client, scheduled, who):
    assert _get(client, scheduled, who, _draft_url(scheduled)) == EXPECTED_DRAFT[who]


@pytest.mark.parametrize("who", PEOPLE)
def test_draft_download_of_an_unpublished_call(client, scheduled, who):
    scheduled["conference"].is_public = False
    scheduled["conference"].save()
    assert _get(client, scheduled, who, _draft_url(scheduled)) == EXPECTED_DRAFT_HIDDEN[who]


@pytest.mark.parametrize("who", PEOPLE)
def test_public_download_once_published(client, scheduled, who):
    published_programme_version(scheduled["conference"])
    assert _get(client, scheduled, who, _public_url(scheduled)) == EXPECTED_PUBLIC[who]


@pytest.mark.parametrize("who", PEOPLE)
def test_public_download_is_404_until_published(client, scheduled, who):
    status = _get(client, scheduled, who, _public_url(scheduled))
    assert status == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_public_download_of_an_unpublished_call(client, scheduled, who):
    published_programme_version(scheduled["conference"])
    scheduled["conference"].is_public = False
    scheduled["conference"].save()
    assert _get(client, scheduled, who, _public_url(scheduled)) == EXPECTED_PUBLIC_HIDDEN[who]


def test_the_public_book_is_the_published_version_not_the_draft(client, scheduled):
    conference = scheduled["conference"]
    published_programme_version(conference)
    submission = scheduled["submission"]
    submission.title = "A title changed after publishing"
    submission.save()

    public = client.get(_public_url(scheduled), {"paper": "letter"})
    client.force_login(scheduled["organiser"])
    draft = client.get(_draft_url(scheduled))

    assert public["Content-Type"] == "application/pdf"
    assert "programme-v1-letter.pdf" in public["Content-Disposition"]
    public_pdf = b"".join(public.streaming_content)
    assert pypdf.PdfReader(io.BytesIO(public_pdf)).pages[0].mediabox.width == 612
    assert "changed after publishing" not in "".join(page_texts(public_pdf))
    assert "changed after publishing" in "".join(page_texts(b"".join(draft.streaming_content)))
    assert "no-store" in draft["Cache-Control"]


def test_a_published_book_is_made_once_per_paper(client, scheduled, monkeypatch):
    published_programme_version(scheduled["conference"])
    made = []
    real = printing.render_snapshot
    monkeypatch.setattr(
        printing, "render_snapshot", lambda *a, **k: made.append(k["paper"]) or real(*a, **k)
    )
    for paper in ("a4", "a4", "letter", "letter", "nonsense"):
        assert client.get(_public_url(scheduled), {"paper": paper}).status_code == 200
    assert made == ["a4", "letter"]
    assert sorted(name.split("-")[-1] for name in _listing()[1]) == ["a4.pdf", "letter.pdf"]


def test_a_large_book_is_made_in_the_background_meanwhile_come_back(
    client, scheduled, settings, django_capture_on_commit_callbacks
):
    settings.SALA_PROGRAMME_PDF_INLINE_MAX = 0
    published_programme_version(scheduled["conference"])

    with django_capture_on_commit_callbacks() as callbacks:
        first = client.get(_public_url(scheduled))
        again = client.get(_public_url(scheduled))
    assert first.status_code == again.status_code == 503
    assert first["Retry-After"] == "60"
    assert "being prepared" in first.content.decode()
    assert len(callbacks) == 1  # asked for once, not on every visit

    callbacks[0]()  # the task runs (eagerly here)
    ready = client.get(_public_url(scheduled))
    assert ready.status_code == 200
    assert ready["Content-Type"] == "application/pdf"


def test_publishing_makes_both_paper_sizes(scheduled, django_capture_on_commit_callbacks):
    version = published_programme_version(scheduled["conference"])
    with django_capture_on_commit_callbacks(execute=True):
        printing.version_published(version=version)
    kept = sorted(_listing()[1])
    assert [name.split("-")[-1] for name in kept] == ["a4.pdf", "letter.pdf"]
    assert all(name.startswith("v1-") for name in kept)


def test_a_changed_draft_is_made_again_and_the_old_one_deleted(client, scheduled):
    client.force_login(scheduled["organiser"])
    client.get(_draft_url(scheduled))
    _dirs, before = _listing()
    scheduled["submission"].title = "Another title"
    scheduled["submission"].save()
    client.get(_draft_url(scheduled))
    _dirs, after = _listing()
    assert len(before) == len(after) == 1 and before != after


def test_the_command_prints_the_draft_or_the_published_version(scheduled, tmp_path):
    out = tmp_path / "programme.pdf"
    stdout = io.StringIO()
    call_command("programme_pdf", "--out", str(out), stdout=stdout)
    assert "mekong (draft), 1 presentations" in stdout.getvalue()
    text = "".join(page_texts(out.read_bytes()))
    assert scheduled["submission"].title in text

    with pytest.raises(CommandError, match="no published programme"):
        call_command("programme_pdf", "--out", str(out), "--published", "--conference", "mekong")
    published_programme_version(scheduled["conference"])
    call_command(
        "programme_pdf",
        "--out",
        str(out),
        "--published",
        "--conference",
        "mekong",
        "--paper",
        "letter",
        stdout=stdout,
    )
    assert "mekong (version 1)" in stdout.getvalue()
    assert pypdf.PdfReader(out).pages[0].mediabox.width == 612
    with pytest.raises(CommandError, match="No conference"):
        call_command("programme_pdf", "--out", str(out), "--conference", "nowhere")
