"""The reviewers' copy under double-blind review names no author anywhere in the file.

The PDFs here name the uploader and a co-author (name, index name, email) everywhere but
the page text: properties, XMP (the catalog's, a page's, an image's and an orphan packet),
a comment with its author and popup, an attached file, a form field, JavaScript, a mailto
link, a bookmark and a JPEG's EXIF. The copy is scanned byte by byte and with every stream
of every object decoded.
"""

import io
import re

import pypdf
import pytest

from cfp import domain
from cfp.models import SubmissionFile
from cfp.pdf.blind import strip_jpeg_metadata
from cfp.uploads import read_pdf
from tests.cfp.conftest import make_draft
from tests.factories import REFERENCE_NOW, AuthorshipFactory, UserFactory
from tests.pdfs import all_pdf_text, identifying_pdf, jpeg_with_exif, make_pdf, upload

MB = 1024 * 1024

UPLOADER = {"name": "Somchai Jaidee", "sort": "Jaidee Somchai", "email": "somchai.j@example.org"}
COAUTHOR = {
    "name": "Nguyễn Thị Minh Khai",
    "sort": "Nguyen, Thi Minh Khai",
    "email": "khai.nguyen@example.edu",
}


def identifying_strings(*people) -> list[str]:
    strings = []
    for person in people:
        strings += [person["name"], person["sort"], person["email"]]
        strings += person["name"].split() + person["sort"].replace(",", "").split()
    # Without diacritics too, and the parts of the address.
    strings += ["Nguyen Thi Minh Khai", "Nguyen", "example.org", "example.edu"]
    return [s for s in dict.fromkeys(strings) if len(s) >= 4]


def named_everywhere(text: str = "A paper on migration in the Mekong region.") -> bytes:
    return identifying_pdf(
        names=[UPLOADER["name"], UPLOADER["sort"], COAUTHOR["name"], COAUTHOR["sort"]],
        emails=[UPLOADER["email"], COAUTHOR["email"]],
        text=text,
    )


def test_the_test_pdf_does_name_the_authors_everywhere():
    """Guards the test below: each string is really in the original, so finding none of
    them in the copy means something."""
    everything = all_pdf_text(named_everywhere())
    for person in (UPLOADER, COAUTHOR):
        for needle in (person["name"], person["sort"], person["email"]):
            assert needle in everything, needle
    original = pypdf.PdfReader(io.BytesIO(named_everywhere()))
    assert original.metadata["/Author"] == UPLOADER["name"]
    assert "/Metadata" in original.trailer["/Root"]
    assert "/AcroForm" in original.trailer["/Root"]
    assert "/Names" in original.trailer["/Root"]


def test_blind_copy_names_no_author_in_any_byte_or_decoded_stream():
    original = named_everywhere()
    copy = read_pdf(io.BytesIO(original), max_bytes=MB).blind_copy()

    everything = all_pdf_text(copy)
    for needle in identifying_strings(UPLOADER, COAUTHOR):
        assert needle.casefold() not in everything.casefold(), needle
    assert "pypdf" not in everything  # no producer line of its own either


def test_blind_copy_keeps_the_pages_their_text_and_images():
    text = "Irregular migrants between categorisations and self-identifications."
    original = named_everywhere(text)
    copy = pypdf.PdfReader(io.BytesIO(read_pdf(io.BytesIO(original), max_bytes=MB).blind_copy()))
    source = pypdf.PdfReader(io.BytesIO(original))

    assert len(copy.pages) == len(source.pages) == 2
    for number, page in enumerate(copy.pages, start=1):
        assert page.extract_text().strip() == f"{text} Page {number}."
        assert page.mediabox == source.pages[number - 1].mediabox
        assert len(page.images) == 1
        assert page.images[0].image.size == (16, 16)


def test_blind_copy_drops_document_level_parts_and_keeps_internal_links():
    copy = pypdf.PdfReader(
        io.BytesIO(read_pdf(io.BytesIO(named_everywhere()), max_bytes=MB).blind_copy())
    )
    root = copy.trailer["/Root"]
    assert sorted(root.keys()) == ["/Pages", "/Type"]  # no XMP, names, form, action, outline
    assert "/Info" not in copy.trailer
    assert copy.metadata is None
    first = copy.pages[0]
    assert "/Metadata" not in first
    assert "/PieceInfo" not in first
    annotations = [a.get_object() for a in first["/Annots"]]
    # Only the link to the last page remains: no comment, popup, field or mailto link.
    assert [(a["/Subtype"], "/T" in a, "/Contents" in a) for a in annotations] == [
        ("/Link", False, False)
    ]
    assert annotations[0]["/Dest"][0] == copy.pages[1].indirect_reference


def test_each_blind_copy_gets_a_fresh_random_document_id():
    original = named_everywhere()
    source_id = pypdf.PdfReader(io.BytesIO(original)).trailer.get("/ID")
    first = pypdf.PdfReader(io.BytesIO(read_pdf(io.BytesIO(original), max_bytes=MB).blind_copy()))
    second = pypdf.PdfReader(io.BytesIO(read_pdf(io.BytesIO(original), max_bytes=MB).blind_copy()))
    ids = [raw(first.trailer["/ID"][0]), raw(second.trailer["/ID"][0])]
    assert [len(i) for i in ids] == [16, 16]
    assert ids[0] != ids[1]
    assert source_id is None or raw(source_id[0]) not in ids


def raw(value) -> bytes:
    return value.original_bytes if hasattr(value, "original_bytes") else bytes(value)


def test_jpeg_metadata_is_stripped_and_the_image_kept():
    jpeg = jpeg_with_exif("Somchai Jaidee")
    assert b"Somchai Jaidee" in jpeg
    stripped = strip_jpeg_metadata(jpeg)
    assert b"Somchai" not in stripped
    from PIL import Image

    assert Image.open(io.BytesIO(stripped)).size == (16, 16)
    assert strip_jpeg_metadata(b"not a jpeg") == b"not a jpeg"


@pytest.mark.django_db
def test_the_stored_blind_copy_of_an_upload_names_no_author_and_has_a_neutral_name(call, author):
    """Through the domain: the uploader (with an index name) and a co-author who has an
    account; the stored copy and the name it is downloaded under name neither."""
    author.full_name = UPLOADER["name"]
    author.sort_name = UPLOADER["sort"]
    author.email = UPLOADER["email"]
    author.save()
    submission = make_draft(call, author)
    submission.authorships.update(full_name=UPLOADER["name"], email=UPLOADER["email"])
    coauthor = UserFactory(
        full_name=COAUTHOR["name"], sort_name=COAUTHOR["sort"], email=COAUTHOR["email"]
    )
    AuthorshipFactory(
        submission=submission, full_name=COAUTHOR["name"], email=COAUTHOR["email"], order=1
    )
    assert coauthor.pk
    assert call.is_double_blind

    stored, created = domain.add_file_version(
        submission=submission,
        by=author,
        kind=SubmissionFile.Kind.PAPER,
        upload=upload(named_everywhere(), name=f"{UPLOADER['name']} paper.pdf"),
        now=REFERENCE_NOW,
    )

    assert created
    with stored.blind_file.open("rb") as handle:
        copy = handle.read()
    everything = all_pdf_text(copy)
    for needle in identifying_strings(UPLOADER, COAUTHOR):
        assert needle.casefold() not in everything.casefold(), needle
    assert len(pypdf.PdfReader(io.BytesIO(copy)).pages) == 2
    name = domain.blind_download_name(stored)
    assert re.fullmatch(r"submission-[0-9a-f]{12}\.pdf", name)
    assert name != domain.blind_download_name(
        domain.add_file_version(
            submission=submission,
            by=author,
            kind="paper",
            upload=upload(make_pdf()),
            now=REFERENCE_NOW,
        )[0]
    )
    assert "Somchai" not in stored.blind_file.name


@pytest.mark.django_db
def test_no_blind_copy_without_double_blind_review(call, author):
    call.blind_review = "open"
    call.save()
    submission = make_draft(call, author)
    stored, _ = domain.add_file_version(
        submission=submission, by=author, kind="paper", upload=upload(make_pdf()), now=REFERENCE_NOW
    )
    assert not stored.blind_file


def test_inherited_resources_and_named_destinations_survive():
    """Resources and page size given once on the page tree, and a link to a named
    destination: the copy has no page tree or name tree of the original, yet the pages
    draw the same and the link still leads to its page."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = pypdf.PdfWriter(
        clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(pages=2, text="Inherited.")))
    )
    tree = writer.root_object["/Pages"].get_object()
    tree[NameObject("/Resources")] = writer.pages[0]["/Resources"]
    tree[NameObject("/MediaBox")] = writer.pages[0]["/MediaBox"]
    for page in writer.pages:
        del page["/Resources"]
        del page["/MediaBox"]
    writer.add_named_destination(title="section-2", page_number=1)
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/Dest"): TextStringObject("section-2"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    original = io.BytesIO()
    writer.write(original)

    copy = pypdf.PdfReader(
        io.BytesIO(read_pdf(io.BytesIO(original.getvalue()), max_bytes=MB).blind_copy())
    )

    assert [p.extract_text().strip() for p in copy.pages] == [
        "Inherited. Page 1.",
        "Inherited. Page 2.",
    ]
    assert copy.pages[0].mediabox == pypdf.PdfReader(io.BytesIO(make_pdf())).pages[0].mediabox
    destination = copy.pages[0]["/Annots"][0].get_object()["/Dest"]
    assert destination[0] == copy.pages[1].indirect_reference
