"""Paper uploads: what a PDF must be, and how a large upload is stopped while it streams.

A file is judged by its content only, never by its name or the browser's content type: it must
start with the PDF signature, parse with pypdf, not be encrypted, end with an end-of-file
marker (a truncated download usually has none) and fit the page and size limits. Every refusal
says exactly what is wrong, in words an author can act on.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import wraps

from django.core.files.uploadhandler import (
    FileUploadHandler,
    SkipFile,
    TemporaryFileUploadHandler,
)
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

PDF_SIGNATURE = b"%PDF-"
CHUNK = 64 * 1024
# How many leading pages are searched for authors' names under double-blind review.
IDENTITY_PAGES = 2


class UploadRefused(Exception):
    """The upload is not an acceptable paper; ``str(exc)`` tells the author why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PdfInfo:
    sha256: str
    size: int
    page_count: int
    # Under double-blind review: where an author's name or email was found.
    identity_mentions: list[str] = field(default_factory=list)


def clean_file_name(name: str, *, max_length: int = 200) -> str:
    """The client's file name, made harmless for display: no path, no control characters.

    Only ever shown to people; never used to build a storage path or a download name.
    """
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(". ")
    return name[:max_length] or "paper.pdf"


def _describe_non_pdf(head: bytes) -> str:
    sniff = head.lstrip()[:64].lower()
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _(
            "This file is a ZIP archive (perhaps a Word document), not a PDF, even though its "
            "name ends in .pdf. Export or print your paper to PDF and upload that file."
        )
    if sniff.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<?xml")):
        return _(
            "This file is a web page (HTML), not a PDF, even though its name ends in .pdf. "
            "Export or print your paper to PDF and upload that file."
        )
    return _(
        "This file is not a PDF: it does not start with the PDF signature “%PDF-”. Export or "
        "print your paper to PDF and upload that file."
    )


def inspect_pdf(
    fileobj,
    *,
    max_bytes: int,
    page_limit: int | None = None,
    type_name: str = "",
    identities: list[str] | tuple[str, ...] = (),
) -> PdfInfo:
    """Check an uploaded paper and describe it, or raise UploadRefused saying what is wrong.

    ``identities`` are author names and emails to look for in the metadata and first pages
    (double-blind review); finding them does not refuse the file, it is reported in
    ``identity_mentions``. Reads the file; writes nothing.
    """
    import pypdf
    from pypdf.errors import PdfReadError

    fileobj.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = b""
    while chunk := fileobj.read(CHUNK):
        if not head:
            head = chunk[:1024]
        size += len(chunk)
        digest.update(chunk)
        if size > max_bytes:
            raise UploadRefused(too_large_message(max_bytes))
    if size == 0:
        raise UploadRefused(_("The file is empty (0 bytes). Please choose your paper again."))
    if not head.startswith(PDF_SIGNATURE):
        raise UploadRefused(_describe_non_pdf(head))
    fileobj.seek(max(0, size - 1024))
    tail = fileobj.read()
    if b"%%EOF" not in tail:
        raise UploadRefused(
            _(
                "This PDF is incomplete: its end is missing, as happens when an upload or a "
                "download was interrupted. Export the PDF again and upload the new file."
            )
        )
    fileobj.seek(0)
    try:
        reader = pypdf.PdfReader(fileobj, strict=False)
        if reader.is_encrypted:
            raise UploadRefused(
                _(
                    "This PDF is protected with a password (encrypted), so reviewers could not "
                    "open it. Save a copy without a password or restrictions and upload that."
                )
            )
        page_count = len(reader.pages)
        mentions = find_identity_mentions(reader, identities) if identities else []
    except UploadRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UploadRefused(
            _(
                "This PDF is damaged and cannot be read. Export it again from your word "
                "processor and upload the new file."
            )
        ) from exc
    finally:
        fileobj.seek(0)
    if page_count == 0:
        raise UploadRefused(_("This PDF has no pages."))
    if page_limit is not None and page_count > page_limit:
        raise UploadRefused(
            ngettext(
                "This PDF has %(count)d page; a %(type)s may have at most %(limit)d.",
                "This PDF has %(count)d pages; a %(type)s may have at most %(limit)d.",
                page_count,
            )
            % {"count": page_count, "type": type_name or _("paper"), "limit": page_limit}
        )
    return PdfInfo(
        sha256=digest.hexdigest(), size=size, page_count=page_count, identity_mentions=mentions
    )


def too_large_message(max_bytes: int) -> str:
    return _(
        "This file is larger than %(limit)s, the largest upload this conference accepts. "
        "Reduce the size of images in your paper and export it again."
    ) % {"limit": filesizeformat(max_bytes)}


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def find_identity_mentions(reader, identities) -> list[str]:
    """Where the PDF names one of ``identities`` (names or emails): metadata and first pages."""
    wanted = [(raw, _normalise(raw)) for raw in identities if raw and len(raw.strip()) >= 3]
    found: list[str] = []
    metadata = reader.metadata or {}
    for key in ("/Author", "/Creator", "/Producer", "/Title", "/Subject", "/Keywords"):
        value = metadata.get(key)
        if not value:
            continue
        text = _normalise(str(value))
        for raw, needle in wanted:
            if needle in text:
                found.append(
                    _("PDF properties (%(key)s) contain “%(who)s”")
                    % {"key": key.lstrip("/"), "who": raw}
                )
    for index, page in enumerate(reader.pages[:IDENTITY_PAGES], start=1):
        try:
            text = _normalise(page.extract_text() or "")
        except Exception:  # noqa: S112 - text extraction is best effort
            continue
        for raw, needle in wanted:
            if needle in text:
                found.append(_("page %(page)d contains “%(who)s”") % {"page": index, "who": raw})
    return found


def blind_copy(fileobj) -> bytes:
    """A copy of the PDF without author, creator and producer metadata (and no XMP packet)."""
    import pypdf

    fileobj.seek(0)
    reader = pypdf.PdfReader(fileobj, strict=False)
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.metadata = None
    if "/Metadata" in writer.root_object:
        del writer.root_object["/Metadata"]
    out = io.BytesIO()
    writer.write(out)
    fileobj.seek(0)
    return out.getvalue()


class SizeCappedUploadHandler(FileUploadHandler):
    """Stops reading a file past ``max_bytes`` while it streams in; the rest is discarded.

    Installed first, so the handlers after it (a temporary file on disk) never receive more
    than the cap. The refused field's message is left in ``request.upload_errors`` for the
    view to show; other form fields are still parsed, so nothing typed is lost.
    """

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0
        if request is not None and not hasattr(request, "upload_errors"):
            request.upload_errors = {}

    def new_file(self, field_name, *args, **kwargs):
        self.received = 0
        super().new_file(field_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            if self.request is not None:
                self.request.upload_errors[self.field_name] = too_large_message(self.max_bytes)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def capped_uploads(get_max_bytes):
    """Decorate a view whose uploads must stop at ``get_max_bytes(**kwargs)`` bytes.

    Upload handlers must be set before anything reads ``request.POST``, and the CSRF check
    reads it; so the check runs after the handlers are installed.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.upload_errors = {}
            if request.method == "POST":
                max_bytes = get_max_bytes(**kwargs)
                request.upload_handlers = [
                    SizeCappedUploadHandler(request, max_bytes=max_bytes),
                    TemporaryFileUploadHandler(request),
                ]
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
