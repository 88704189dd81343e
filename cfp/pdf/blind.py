"""The copy of a paper that reviewers get under double-blind review.

It is built from what the pages need, never by copying the file: a new PDF whose only
objects are the pages and what their contents, resources and links reach. Whatever the pages
do not use is therefore never carried over: an orphaned XMP packet, the objects an
incremental save left behind, the document's properties (/Info) and XMP metadata, bookmarks,
attached files, form fields, scripts and open actions. On the way:

* a page keeps only what draws it: its boxes, rotation, resources, contents, transparency
  group and user unit, and its links;
* every dictionary below loses metadata and private application data (/Metadata, /PieceInfo,
  /LastModified), actions (/AA, /JS, /OpenAction) and references to other files (/OPI, /Ref);
* of the annotations only links remain (to a place in the document or a web address, not an
  email address), without text or author; comments and their authors, popups, form fields,
  attachments, sounds and media go;
* JPEG images lose their EXIF, XMP and Photoshop/IPTC blocks and comments (camera owner,
  author, editing software);
* the file gets no /Info and a fresh random document ID (/ID).

Text drawn on the pages stays: removing it is the authors' part, and the upload check tells
them where their names appear. Plain pypdf work; no Django.
"""

from __future__ import annotations

import base64
import io
import zlib

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

#: What a page keeps: what draws it, and its links.
PAGE_KEYS = frozenset(
    {
        "/Type",
        "/MediaBox",
        "/CropBox",
        "/BleedBox",
        "/TrimBox",
        "/ArtBox",
        "/Rotate",
        "/Resources",
        "/Contents",
        "/Group",
        "/UserUnit",
    }
)
#: Dropped from every dictionary reached from a page.
DROPPED_KEYS = frozenset(
    {
        "/Metadata",
        "/PieceInfo",
        "/LastModified",
        "/AA",
        "/OpenAction",
        "/JS",
        "/JavaScript",
        "/OPI",
        "/Ref",
        "/Parent",
        "/StructParent",
        "/StructParents",
        "/Thumb",
    }
)
#: Dropped from stream dictionaries: data kept in another file.
DROPPED_STREAM_KEYS = frozenset({"/F", "/FFilter", "/FDecodeParms"})
#: What a link keeps: where it is, how it looks, where it goes.
LINK_KEYS = frozenset(
    {"/Type", "/Subtype", "/Rect", "/Border", "/BS", "/C", "/H", "/QuadPoints", "/F"}
)
#: JPEG segments kept: JFIF (APP0), ICC colour profile (APP2), Adobe colour transform (APP14).
JPEG_KEPT_APP = frozenset({0xE0, 0xE2, 0xEE})


def blind_copy(reader: PdfReader) -> bytes:
    """The reviewers' copy of the PDF ``reader`` has parsed (see the module's docstring).

    Reads the PDF through ``reader`` and changes nothing in it.
    """
    return _Copier(reader).write()


def strip_jpeg_metadata(data: bytes) -> bytes:
    """A JPEG without its metadata segments (EXIF, XMP, IPTC, comments); the image data and
    the segments needed to decode it are unchanged. Data that is not a well-formed JPEG is
    returned as it is."""
    kept, _found, complete = _jpeg_segments(data)
    return b"".join(kept) if complete else data


def jpeg_has_metadata(head: bytes) -> bool | None:
    """Whether the JPEG that starts with ``head`` has metadata segments before its image
    data: True, False, or None when ``head`` is too short (or not a JPEG) to tell."""
    _kept, found, complete = _jpeg_segments(head)
    return found if complete else None


def _jpeg_segments(data: bytes) -> tuple[list[bytes], bool, bool]:
    """(the segments kept, whether a metadata segment was dropped, whether the header up to
    the image data was read whole)."""
    if not data.startswith(b"\xff\xd8"):
        return [], False, False
    kept = [b"\xff\xd8"]
    found = False
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return kept, found, False
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xDA, 0xD9):  # start of scan: the rest is image data
            kept.append(data[position:])
            return kept, found, True
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            kept.append(data[position : position + 2])
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(data):
            return kept, found, False
        if (0xE0 <= marker <= 0xEF and marker not in JPEG_KEPT_APP) or marker == 0xFE:
            found = True
        else:
            kept.append(data[position:end])
        position = end
    return kept, found, False


#: How much of an image wrapped in another filter is decoded to read its JPEG header: enough
#: for the tables of a JPEG without metadata; a longer header is decoded whole.
JPEG_HEAD_BYTES = 8 * 1024


def _decoded_head(stream: StreamObject, filters: list[str]) -> bytes | None:
    """The start of a JPEG wrapped in one cheap filter, decoded without decoding the whole
    image (ASCII85 in pure Python costs about a tenth of a second per megabyte)."""
    data = stream._data[:JPEG_HEAD_BYTES]
    try:
        if filters == ["/FlateDecode", "/DCTDecode"]:
            return zlib.decompressobj().decompress(stream._data, 8 * JPEG_HEAD_BYTES)
        if filters == ["/ASCII85Decode", "/DCTDecode"]:
            text = bytes(data).strip()
            text = text.removeprefix(b"<~").split(b"~>")[0]
            text = b"".join(text.split())
            return base64.a85decode(text[: len(text) - len(text) % 5 or None])
        if filters == ["/ASCIIHexDecode", "/DCTDecode"]:
            text = b"".join(bytes(data).split(b">")[0].split())
            return bytes.fromhex(text[: len(text) - len(text) % 2].decode("ascii"))
    except (ValueError, zlib.error):
        return None
    return None


class _Copier:
    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.writer = PdfWriter()
        self.writer.metadata = None  # no /Info, not even pypdf's producer line
        self.memo: dict[tuple[int, int], IndirectObject] = {}
        self._named: dict | None = None

    def write(self) -> bytes:
        writer, reader = self.writer, self.reader
        writer.pdf_header = reader.pdf_header
        pages_node = writer.root_object["/Pages"].get_object()
        kids = pages_node["/Kids"]
        originals = list(reader.pages)
        copies = []
        # Every page first, so that links to a later page find it.
        for page in originals:
            copy = DictionaryObject()
            reference = writer._add_object(copy)
            if page.indirect_reference is not None:
                key = (page.indirect_reference.idnum, page.indirect_reference.generation)
                self.memo[key] = reference
            kids.append(reference)
            copies.append(copy)
        pages_node[NameObject("/Count")] = NumberObject(len(copies))
        for page, copy in zip(originals, copies, strict=True):
            for key, value in dict.items(page):
                if key in PAGE_KEYS:
                    copy[NameObject(key)] = self.copy(value)
            copy[NameObject("/Type")] = NameObject("/Page")
            copy[NameObject("/Parent")] = pages_node.indirect_reference
            links = self.links(page)
            if links:
                copy[NameObject("/Annots")] = links
        writer.generate_file_identifiers()  # random, unrelated to the author's file
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    # --- any object reached from a page

    def copy(self, value: PdfObject) -> PdfObject:
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in self.memo:
                return self.memo[key]
            target = value.get_object()
            if isinstance(target, (DictionaryObject, ArrayObject)):
                new = self._empty_like(target)
                reference = self.writer._add_object(new)
                self.memo[key] = reference
                self._fill(new, target)
                return reference
            return NullObject() if target is None else self.copy(target)
        if isinstance(value, (DictionaryObject, ArrayObject)):
            new = self._empty_like(value)
            self._fill(new, value)
            return new
        return value

    @staticmethod
    def _empty_like(value):
        if isinstance(value, StreamObject):
            return type(value)()
        return ArrayObject() if isinstance(value, ArrayObject) else DictionaryObject()

    def _fill(self, new, source) -> None:
        if isinstance(source, ArrayObject):
            new.extend(self.copy(item) for item in source)
            return
        stream = isinstance(source, StreamObject)
        for key, value in dict.items(source):
            if key in DROPPED_KEYS or (stream and key in DROPPED_STREAM_KEYS):
                continue
            new[NameObject(key)] = self.copy(value)
        if stream:
            new._data = source._data
            filters = _filters(source)
            if filters == ["/DCTDecode"]:
                new._data = strip_jpeg_metadata(source._data)
            elif filters and filters[-1] == "/DCTDecode" and self._jpeg_needs_stripping(source):
                # A JPEG wrapped in other filters (reportlab adds ASCII85) whose header has
                # metadata: kept as plain DCT data without its metadata segments.
                new._data = strip_jpeg_metadata(source.get_data())
                new[NameObject("/Filter")] = NameObject("/DCTDecode")
                parameters = source.get("/DecodeParms")
                parameters = parameters.get_object() if parameters is not None else None
                if isinstance(parameters, ArrayObject):
                    new[NameObject("/DecodeParms")] = self.copy(parameters[-1])
                elif len(filters) > 1:
                    new.pop("/DecodeParms", None)

    @staticmethod
    def _jpeg_needs_stripping(stream: StreamObject) -> bool:
        head = _decoded_head(stream, _filters(stream))
        return head is None or jpeg_has_metadata(head) is not False

    # --- links

    def links(self, page) -> ArrayObject:
        kept = ArrayObject()
        for item in page.get("/Annots") or ():
            annotation = item.get_object() if item is not None else None
            if not isinstance(annotation, DictionaryObject):
                continue
            if annotation.get("/Subtype") != "/Link":
                continue
            link = DictionaryObject()
            for key, value in dict.items(annotation):
                if key in LINK_KEYS:
                    link[NameObject(key)] = self.copy(value)
            target = self.link_target(annotation)
            if target is None:
                continue
            link.update(target)
            kept.append(self.writer._add_object(link))
        return kept

    def link_target(self, annotation: DictionaryObject) -> dict | None:
        """``/Dest`` (an explicit destination in this copy) or ``/A`` (a web address), or
        None for a link that goes nowhere kept (a script, another file, an email address)."""
        if "/Dest" in annotation:
            destination = self.destination(annotation["/Dest"])
            return None if destination is None else {NameObject("/Dest"): destination}
        action = annotation.get("/A")
        action = action.get_object() if action is not None else None
        if not isinstance(action, DictionaryObject):
            return None
        kind = action.get("/S")
        if kind == "/GoTo":
            destination = self.destination(action.get("/D"))
            return None if destination is None else {NameObject("/Dest"): destination}
        if kind == "/URI":
            uri = action.get("/URI")
            text = uri.get_object() if uri is not None else None
            if isinstance(text, bytes):
                text = text.decode("latin-1")
            if not isinstance(text, str) or not text.strip():
                return None
            if text.strip().lower().startswith(("mailto:", "javascript:", "file:")):
                return None
            return {
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/URI"),
                        NameObject("/URI"): TextStringObject(text),
                    }
                )
            }
        return None

    def destination(self, value) -> ArrayObject | None:
        """An explicit destination whose page is in this copy; named ones are resolved."""
        value = value.get_object() if value is not None else None
        if isinstance(value, (str, bytes)):  # a named destination
            if self._named is None:
                try:
                    self._named = self.reader.named_destinations
                except Exception:  # noqa: BLE001 - a broken name tree only loses links
                    self._named = {}
            name = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            found = self._named.get(name)
            value = found.dest_array if found is not None else None
        elif isinstance(value, DictionaryObject):
            value = value.get("/D")
        if not isinstance(value, ArrayObject) or not value:
            return None
        page = value[0]
        if not isinstance(page, IndirectObject) or (page.idnum, page.generation) not in self.memo:
            return None
        return self.copy(ArrayObject(value))


def _filters(stream: StreamObject) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    value = value.get_object()
    if isinstance(value, ArrayObject):
        return [str(item.get_object()) for item in value]
    return [str(value)]
