"""Upload abuse: every bad file is refused with its own message, and nothing is stored."""

import io

import pypdf
import pytest
from django.urls import reverse

from cfp.models import PendingUpload, SubmissionChange, SubmissionFile
from cfp.uploads import UploadRefused, clean_file_name, describe_mention, inspect_pdf, read_pdf
from tests.cfp.conftest import make_draft
from tests.pdfs import encrypted_pdf, make_pdf, upload, zip_bytes

MB = 1024 * 1024


def refusal(content: bytes, **kwargs) -> str:
    kwargs.setdefault("max_bytes", MB)
    with pytest.raises(UploadRefused) as caught:
        inspect_pdf(io.BytesIO(content), **kwargs)
    return caught.value.message


def test_valid_pdf_is_described():
    content = make_pdf(pages=2)
    info = inspect_pdf(io.BytesIO(content), max_bytes=MB, page_limit=3)
    assert info.page_count == 2
    assert info.size == len(content)
    assert len(info.sha256) == 64


def test_html_named_pdf_is_refused_as_a_web_page():
    assert "web page (HTML)" in refusal(b"<!DOCTYPE html><html><script>alert(1)</script></html>")


def test_zip_renamed_pdf_is_refused_as_an_archive():
    assert "ZIP archive" in refusal(zip_bytes())


def test_zero_byte_file_is_refused_as_empty():
    assert refusal(b"") == "The file is empty (0 bytes). Please choose your paper again."


def test_other_content_is_refused_for_missing_signature():
    assert "does not start with the PDF signature" in refusal(b"GIF89a....")


def test_encrypted_pdf_is_refused():
    assert "protected with a password" in refusal(encrypted_pdf())


def test_truncated_pdf_is_refused_as_incomplete():
    content = make_pdf(pages=2)
    assert "incomplete" in refusal(content[: len(content) // 2])


def test_corrupt_pdf_with_end_marker_is_refused_as_damaged():
    assert "damaged" in refusal(b"%PDF-1.4\n garbage garbage \n%%EOF\n")


def test_pdf_over_the_page_limit_is_refused_with_the_counts():
    message = refusal(make_pdf(pages=4), page_limit=3, type_name="Research paper")
    assert message == "This PDF has 4 pages; a Research paper may have at most 3."


def test_file_over_the_size_cap_is_refused():
    assert "larger than 1.0\xa0MB" in refusal(make_pdf() + b"%" * MB)


def test_identity_mentions_in_metadata_and_first_page():
    content = make_pdf(author="Somchai Jaidee", text="Contact somchai@example.org")
    info = inspect_pdf(
        io.BytesIO(content),
        max_bytes=MB,
        identities=["Somchai Jaidee", "somchai@example.org"],
    )
    assert [describe_mention(m) for m in info.identity_mentions] == [
        "PDF properties (Author): “Somchai Jaidee”",
        "Page 1: “somchai@example.org”",
    ]


def test_blind_copy_has_no_author_creator_or_producer():
    copy = read_pdf(io.BytesIO(make_pdf(author="Somchai Jaidee")), max_bytes=MB).blind_copy()
    reader = pypdf.PdfReader(io.BytesIO(copy))
    assert reader.metadata is None
    assert len(reader.pages) == 1


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\paper.pdf", "paper.pdf"),
        ("pa\x00per\r\n\x1b[31m.pdf", "paper[31m.pdf"),
        ("", "paper.pdf"),
        ("...", "paper.pdf"),
    ],
)
def test_client_file_names_lose_paths_and_control_characters(raw, clean):
    assert clean_file_name(raw) == clean


# --- Through the edit form: refused, said, nothing stored.


def post_file(client, submission, content, name="paper.pdf", content_type="application/pdf"):
    url = reverse(
        "cfp:submission_edit",
        kwargs={"conference": submission.conference.slug, "reference": submission.reference},
    )
    data = {
        "revision": submission.revision,
        "title": submission.title,
        "abstract": submission.abstract,
        "keywords": ", ".join(submission.keywords),
        "contribution_type": submission.contribution_type_id,
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "action": "save",
        "paper": upload(content, name=name, content_type=content_type),
    }
    return client.post(url, data)


BAD_FILES = [
    ("html", b"<html><body>phish</body></html>", "web page (HTML)"),
    ("zip", zip_bytes(), "ZIP archive"),
    ("empty", b"", "The file is empty"),
    ("encrypted", encrypted_pdf(), "protected with a password"),
    ("truncated", make_pdf(pages=2)[:400], "incomplete"),
    ("pages", make_pdf(pages=4), "This PDF has 4 pages"),
    ("too-large", make_pdf() + b"%" * (MB + 10), "larger than 1.0"),
]


def stored_names(path: str = "") -> set[str]:
    """Every file name in the default storage (the tests' in-memory storage)."""
    from django.core.files.storage import default_storage

    directories, files = default_storage.listdir(path)
    names = {f"{path}{name}" for name in files}
    for directory in directories:
        names |= stored_names(f"{path}{directory}/")
    return names


@pytest.mark.parametrize(("label", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_upload_through_the_form_is_refused_and_nothing_stored(
    frozen_now, call, author, author_client, label, content, message
):
    submission = make_draft(call, author)
    before = stored_names()
    response = post_file(author_client, submission, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    # One message for the file, never a second, generic one beside it.
    assert html.count(message) == 1
    assert "The submitted file is empty" not in html
    assert SubmissionFile.objects.count() == 0
    assert PendingUpload.objects.count() == 0
    assert stored_names() == before
    assert not SubmissionChange.objects.filter(action=SubmissionChange.Action.FILE_UPLOADED)


def test_size_cap_stops_the_upload_while_streaming(
    frozen_now, call, author, author_client, monkeypatch
):
    """The capped handler reads at most the cap plus one chunk; the handler that would keep
    the file gets no more than the cap; the view never sees the file, nothing inspects it."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    from cfp import domain
    from cfp.forms.editor import SubmissionEditor
    from cfp.uploads import SizeCappedUploadHandler

    read = {"capped": 0, "kept": 0}
    seen_files = []

    def spy(handler, key, original):
        def receive(self, raw_data, start):
            read[key] += len(raw_data)
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", receive)

    spy(SizeCappedUploadHandler, "capped", SizeCappedUploadHandler.receive_data_chunk)
    spy(TemporaryFileUploadHandler, "kept", TemporaryFileUploadHandler.receive_data_chunk)

    def never(*args, **kwargs):
        raise AssertionError("a file over the cap must not be inspected")

    monkeypatch.setattr(domain.pending, "read_pdf", never)
    monkeypatch.setattr(domain.files, "read_pdf", never)
    keep_uploads = SubmissionEditor._keep_uploads

    def recording_keep_uploads(self, now):
        seen_files.append(sorted(self.files))
        return keep_uploads(self, now)

    monkeypatch.setattr(SubmissionEditor, "_keep_uploads", recording_keep_uploads)
    submission = make_draft(call, author)

    response = post_file(author_client, submission, make_pdf() + b"%" * (4 * MB))

    assert "larger than 1.0" in response.content.decode()
    chunk = SizeCappedUploadHandler.chunk_size
    assert MB < read["capped"] <= MB + chunk
    assert read["kept"] <= MB
    assert seen_files == [[]]  # request.FILES has no "paper"
    assert SubmissionFile.objects.count() == 0
    assert PendingUpload.objects.count() == 0


def test_html_with_pdf_content_type_and_name_is_still_refused(
    frozen_now, call, author, author_client
):
    submission = make_draft(call, author)
    response = post_file(author_client, submission, b"<script>x</script>", name="x.pdf")
    assert "not a PDF" in response.content.decode() or "HTML" in response.content.decode()
    assert SubmissionFile.objects.count() == 0


def test_path_and_control_characters_in_name_do_not_reach_storage(
    frozen_now, call, author, author_client
):
    submission = make_draft(call, author)
    response = post_file(author_client, submission, make_pdf(), name="..\\..\\evil\x07name.pdf")
    assert response.status_code == 302
    stored = SubmissionFile.objects.get()
    assert stored.original_name == "evilname.pdf"
    assert "evil" not in stored.file.name
    assert stored.file.name.startswith(f"submissions/{call.pk}/")


def test_a_pdf_named_txt_with_another_content_type_is_accepted_by_its_content(
    frozen_now, call, author, author_client
):
    submission = make_draft(call, author)
    response = post_file(
        author_client, submission, make_pdf(), name="paper.txt", content_type="text/plain"
    )
    assert response.status_code == 302
    assert SubmissionFile.objects.get().page_count == 1
