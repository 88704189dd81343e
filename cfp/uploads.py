"""Paper uploads: what a PDF must be, and how a large upload is stopped while it streams.

A file is judged by its content only, never by its name or the browser's content type: it must
start with the PDF signature, parse with pypdf, not be encrypted, end with an end-of-file
marker (a truncated download usually has none) and fit the page and size limits. Every refusal
says exactly what is wrong, in words an author can act on.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
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
from pypdf.errors import PyPdfError

from .pdf.identity import Matcher, Person

PDF_SIGNATURE = b"%PDF-"
CHUNK = 64 * 1024
# Which pages are searched for authors' names under double-blind review: the first ones
# (title, authors, affiliations) and the last ones (acknowledgements, funding, references with
# self-citations). Text extraction is the costly part of an upload (a few milliseconds a
# page), so a long paper's middle is not read; its comments and links are.
IDENTITY_FIRST_PAGES = 3
IDENTITY_LAST_PAGES = 5
# Pages whose comments and links are read (cheap: no text extraction).
ANNOTATION_PAGES = 200
# XMP packets longer than this are searched only this far.
XMP_SEARCH_BYTES = 256 * 1024


class UploadRefused(Exception):
    """The upload is not an acceptable paper; ``str(exc)`` tells the author why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedPdf:
    """An upload read and parsed once: its checks, the double-blind check of its text and
    metadata, and the reviewers' copy all use this one parse (``reader``).

    ``identity_mentions``: the findings of ``inspect_pdf(identities=...)``, as stored on a
    file (see ``find_mentions``).
    """

    sha256: str
    size: int
    page_count: int
    reader: object = field(default=None, repr=False, compare=False)
    identity_mentions: list[dict] = field(default_factory=list)
    _texts: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    def page_text(self, index: int) -> str:
        """The text of page ``index`` (0-based), extracted once."""
        if index not in self._texts:
            try:
                self._texts[index] = self.reader.pages[index].extract_text() or ""
            except Exception:  # noqa: BLE001 - text extraction is best effort
                self._texts[index] = ""
        return self._texts[index]

    def find_mentions(self, people) -> list[dict]:
        """Where the PDF names one of ``people`` (``identity.Person``, or plain names and
        addresses): its properties, XMP metadata, comments and links, and the text of its
        pages. Each finding is a dict kept as is on the file: ``where`` ("page",
        "properties", "xmp" or "annotation"), ``page`` or ``field``, ``who`` (the author as
        written) and ``form`` (the form of the name or the address found); see
        ``describe_mention``."""
        matcher = Matcher(_people(people))
        if not matcher:
            return []
        found: list[dict] = []
        seen: set[tuple] = set()

        def add(where: dict, text: str) -> None:
            for match in matcher.find(text):
                key = (*where.values(), match.person, "@" in match.form)
                if key not in seen:
                    seen.add(key)
                    found.append({**where, "who": match.person, "form": match.form})

        with contextlib.suppress(Exception):  # damaged metadata must not stop the upload
            info = self.reader.trailer.get("/Info")
            info = info.get_object() if info is not None else None
            for key, value in (info or {}).items():
                value = value.get_object() if value is not None else None
                if isinstance(value, str):
                    add({"where": "properties", "field": str(key).lstrip("/")}, value)
        with contextlib.suppress(Exception):
            packet = self.reader.root_object.get("/Metadata")
            if packet is not None:
                data = packet.get_object().get_data()[:XMP_SEARCH_BYTES]
                for name, text in xmp_fields(data.decode("utf-8", "replace")):
                    add({"where": "xmp", "field": name}, text)
        for index in range(min(self.page_count, ANNOTATION_PAGES)):
            with contextlib.suppress(Exception):
                for text in _annotation_texts(self.reader.pages[index]):
                    add({"where": "annotation", "page": index + 1}, text)
        for index in identity_pages(self.page_count):
            add({"where": "page", "page": index + 1}, self.page_text(index))
        return sorted(found, key=_mention_order)

    def blind_copy(self) -> bytes:
        """The reviewers' copy (``cfp.pdf.blind``), built from this parse."""
        from .pdf.blind import blind_copy

        try:
            return blind_copy(self.reader)
        except (RecursionError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UploadRefused(_damaged()) from exc


def identity_pages(page_count: int) -> list[int]:
    """The pages (0-based) whose text is searched for authors' names."""
    first = range(min(page_count, IDENTITY_FIRST_PAGES))
    last = range(max(len(first), page_count - IDENTITY_LAST_PAGES), page_count)
    return [*first, *last]


_WHERE_ORDER = {"properties": 0, "xmp": 1, "annotation": 2, "page": 3}


def _mention_order(mention: dict) -> tuple:
    """Metadata first, then page by page (a page's comments before its text)."""
    where = mention.get("where")
    page = mention.get("page", 0)
    return (0 if where in ("properties", "xmp") else 1, page, _WHERE_ORDER.get(where, 9))


# Callers written before the parse was shared call it this.
PdfInfo = ParsedPdf


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


def _damaged() -> str:
    return _(
        "This PDF is damaged and cannot be read. Export it again from your word "
        "processor and upload the new file."
    )


def read_pdf(fileobj, *, max_bytes: int) -> ParsedPdf:
    """Read an uploaded paper once, check what every PDF must be, and parse it, or raise
    UploadRefused saying what is wrong. The parsed file serves every later step
    (``check_page_limit``, ``ParsedPdf.find_mentions``, ``ParsedPdf.blind_copy``) without
    reading the upload again. Reads the file (into memory, at most ``max_bytes``); writes
    nothing."""
    import pypdf

    fileobj.seek(0)
    digest = hashlib.sha256()
    content = io.BytesIO()
    size = 0
    while chunk := fileobj.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            fileobj.seek(0)
            raise UploadRefused(too_large_message(max_bytes))
        digest.update(chunk)
        content.write(chunk)
    fileobj.seek(0)
    data = content.getbuffer()
    if size == 0:
        raise UploadRefused(_("The file is empty (0 bytes). Please choose your paper again."))
    if not bytes(data[:5]) == PDF_SIGNATURE:
        raise UploadRefused(_describe_non_pdf(bytes(data[:1024])))
    if b"%%EOF" not in bytes(data[-1024:]):
        raise UploadRefused(
            _(
                "This PDF is incomplete: its end is missing, as happens when an upload or a "
                "download was interrupted. Export the PDF again and upload the new file."
            )
        )
    del data
    content.seek(0)
    try:
        reader = pypdf.PdfReader(content, strict=False)
        if reader.is_encrypted:
            raise UploadRefused(
                _(
                    "This PDF is protected with a password (encrypted), so reviewers could not "
                    "open it. Save a copy without a password or restrictions and upload that."
                )
            )
        page_count = len(reader.pages)
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UploadRefused(_damaged()) from exc
    if page_count == 0:
        raise UploadRefused(_("This PDF has no pages."))
    return ParsedPdf(sha256=digest.hexdigest(), size=size, page_count=page_count, reader=reader)


def check_page_limit(parsed: ParsedPdf, *, page_limit: int | None, type_name: str = "") -> None:
    """Raise UploadRefused when the PDF has more pages than ``page_limit``."""
    if page_limit is not None and parsed.page_count > page_limit:
        raise UploadRefused(
            ngettext(
                "This PDF has %(count)d page; a %(type)s may have at most %(limit)d.",
                "This PDF has %(count)d pages; a %(type)s may have at most %(limit)d.",
                parsed.page_count,
            )
            % {"count": parsed.page_count, "type": type_name or _("paper"), "limit": page_limit}
        )


def inspect_pdf(
    fileobj,
    *,
    max_bytes: int,
    page_limit: int | None = None,
    type_name: str = "",
    identities=(),
) -> ParsedPdf:
    """Check an uploaded paper and describe it, or raise UploadRefused saying what is wrong.

    ``identities`` are the authors to look for in the metadata and pages (double-blind
    review: ``identity.Person``, or plain names and addresses); finding them does not refuse
    the file, it is reported in ``identity_mentions``. One parse (``read_pdf``), kept on the
    result for the blind copy. Reads the file; writes nothing.
    """
    parsed = read_pdf(fileobj, max_bytes=max_bytes)
    check_page_limit(parsed, page_limit=page_limit, type_name=type_name)
    if identities:
        parsed.identity_mentions = parsed.find_mentions(identities)
    return parsed


def too_large_message(max_bytes: int) -> str:
    return _(
        "This file is larger than %(limit)s, the largest upload this conference accepts. "
        "Reduce the size of images in your paper and export it again."
    ) % {"limit": filesizeformat(max_bytes)}


def _people(people) -> list[Person]:
    """``Person`` objects as given; a plain string is a name, or an address if it has "@"."""
    result = []
    for person in people:
        if isinstance(person, Person):
            result.append(person)
        elif person and person.strip():
            if "@" in person:
                result.append(Person(label=person.strip(), emails=(person.strip(),)))
            else:
                result.append(Person(label=person.strip(), names=(person,)))
    return result


# No part crosses a "<": a "<" left open cannot make the scan quadratic.
_XML_TOKEN = re.compile(r"<(/?)([A-Za-z_][\w:.-]*)([^<>]*?)(/?)>|<[?!][^<>]*>|([^<]+)")
# Attributes of one tag are read this far (XMP attributes are short).
_XML_ATTRIBUTES_CHARS = 4096
_XML_ATTRIBUTE = re.compile(r"([A-Za-z_][\w:.-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XML_STRUCTURE = ("rdf:", "x:", "xmlns")


def xmp_fields(xml: str) -> list[tuple[str, str]]:
    """(field, text) pairs of an XMP packet: each element's text under the nearest element
    that is not RDF structure (``dc:creator`` for its ``rdf:li``), and each attribute's
    value. Read with a tolerant scanner, never an XML parser (no entities are expanded)."""
    fields: dict[str, list[str]] = {}
    stack: list[str] = []
    for closing, name, attributes, empty, text in _XML_TOKEN.findall(xml):
        if text:
            owner = next((n for n in reversed(stack) if not n.startswith(_XML_STRUCTURE)), "")
            if owner and text.strip():
                fields.setdefault(owner, []).append(html.unescape(text))
        elif name and closing:
            while stack and stack.pop() != name:
                pass
        elif name:
            for key, double, single in _XML_ATTRIBUTE.findall(attributes[:_XML_ATTRIBUTES_CHARS]):
                if not key.startswith(_XML_STRUCTURE):
                    fields.setdefault(key, []).append(html.unescape(double or single))
            if not empty:
                stack.append(name)
    return [(name, " ; ".join(texts)) for name, texts in fields.items()]


def _annotation_texts(page) -> list[str]:
    """What a page's annotations say of their authors: author (/T), subject, text, rich
    text, and a link's address."""
    texts = []
    for item in page.get("/Annots") or ():
        annotation = item.get_object() if item is not None else None
        if not hasattr(annotation, "get"):
            continue
        for key in ("/T", "/Subj", "/Contents", "/RC"):
            value = annotation.get(key)
            value = value.get_object() if value is not None else None
            if isinstance(value, str):
                texts.append(value)
        action = annotation.get("/A")
        action = action.get_object() if action is not None else None
        if hasattr(action, "get"):
            uri = action.get("/URI")
            uri = uri.get_object() if uri is not None else None
            if isinstance(uri, (str, bytes)):
                uri = uri.decode("latin-1") if isinstance(uri, bytes) else uri
                texts.append(uri.removeprefix("mailto:"))
    return texts


def describe_mention(mention, *, supplementary: bool = False) -> str:
    """A finding of ``ParsedPdf.find_mentions`` in words: where, and what was found.
    ``supplementary``: the finding is in the supplementary file, not the paper."""
    if isinstance(mention, str):  # stored before findings were structured
        if supplementary:
            return _("Supplementary file: %(mention)s") % {"mention": mention}
        return mention
    where = mention.get("where")
    values = {"page": mention.get("page", 0), "field": mention.get("field", "")}
    if where == "page":
        place = (
            _("Supplementary file, page %(page)d") if supplementary else _("Page %(page)d")
        ) % values
    elif where == "annotation":
        place = (
            _("Supplementary file, a comment or link on page %(page)d")
            if supplementary
            else _("A comment or link on page %(page)d")
        ) % values
    elif where == "properties":
        place = (
            _("Supplementary file, PDF properties (%(field)s)")
            if supplementary
            else _("PDF properties (%(field)s)")
        ) % values
    elif where == "xmp":
        place = (
            _("Supplementary file, XMP metadata (%(field)s)")
            if supplementary
            else _("XMP metadata (%(field)s)")
        ) % values
    else:
        place = _("Supplementary file") if supplementary else _("The PDF")
    who, form = mention.get("who", ""), mention.get("form", "")
    if form and form != who:
        return _("%(place)s: “%(form)s” (%(who)s)") % {"place": place, "form": form, "who": who}
    return _("%(place)s: “%(who)s”") % {"place": place, "who": who}


def mention_in_metadata(mention) -> bool:
    """Whether a finding is in what the reviewers' copy leaves out (properties, XMP,
    comments), rather than in the text of a page."""
    return isinstance(mention, dict) and mention.get("where") != "page"


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
