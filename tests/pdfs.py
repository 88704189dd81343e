"""PDFs made in code for tests: no binary fixtures."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile


def make_pdf(
    pages: int = 1,
    *,
    author: str = "",
    text: str = "A paper on migration in the Mekong region.",
    title: str = "A paper",
) -> bytes:
    """A valid PDF of ``pages`` pages; ``author`` goes into its metadata when given."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    for number in range(1, pages + 1):
        pdf.drawString(72, 720, f"{text} Page {number}.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf(password: str = "secret") -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(content: bytes, name: str = "paper.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _stream(writer, data: bytes, *, compress: bool = True, **entries):
    """An indirect stream object of ``writer`` (Flate-compressed unless ``compress`` is False)."""
    from pypdf.generic import DecodedStreamObject, NameObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in entries.items():
        stream[NameObject(f"/{key}")] = value
    if compress:
        stream = stream.flate_encode()
    return writer._add_object(stream)


def xmp_packet(*, names: list[str], emails: list[str]) -> bytes:
    """An XMP packet naming the authors the way word processors write it."""
    creators = "".join(f"<rdf:li>{name}</rdf:li>" for name in names)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        f'pdf:Producer="{names[0]}">'
        f"<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>"
        f"<dc:rights>{' '.join(emails)}</dc:rights>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def jpeg_with_exif(artist: str) -> bytes:
    """A small JPEG whose EXIF names its ``artist`` and whose comment repeats it."""
    from PIL import Image

    image = Image.new("RGB", (16, 16), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), comment=artist.encode())
    return buffer.getvalue()


def identifying_pdf(
    *,
    names: list[str],
    emails: list[str],
    text: str = "A paper on migration in the Mekong region.",
    pages: int = 2,
) -> bytes:
    """A PDF that names its authors everywhere but in its page text: the document's
    properties, XMP (the catalog's, a page's, an image's and an orphan packet no object
    refers to), a comment with its author and popup, an attached file, a filled-in form
    field, document JavaScript and an open action, a mailto link, a bookmark and a JPEG's
    EXIF. ``text`` is drawn on every page, with an internal link to the last page."""
    import pypdf
    from pypdf.annotations import FreeText, Link, Popup, Text
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    who = " ".join(names + emails)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    pdf.setTitle(f"Draft by {names[0]}")
    pdf.setAuthor(names[0])
    pdf.setSubject(emails[0])
    image = ImageReader(io.BytesIO(jpeg_with_exif(names[0])))
    for number in range(1, pages + 1):
        pdf.drawString(72, 720, f"{text} Page {number}.")
        pdf.drawImage(image, 72, 600, width=32, height=32)
        pdf.showPage()
    pdf.save()

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(buffer.getvalue())))
    writer.add_metadata({"/Author": names[0], "/Keywords": who, "/Company": names[-1]})
    packet = xmp_packet(names=names, emails=emails)
    writer.root_object[NameObject("/Metadata")] = _stream(
        writer, packet, Type=NameObject("/Metadata"), Subtype=NameObject("/XML")
    )
    _stream(writer, packet, compress=True)  # orphan: nothing refers to it
    first = writer.pages[0]
    first[NameObject("/Metadata")] = _stream(writer, packet)
    first[NameObject("/PieceInfo")] = DictionaryObject(
        {NameObject("/Private"): TextStringObject(who)}
    )
    for image_ref in first["/Resources"]["/XObject"].values():
        image_ref.get_object()[NameObject("/Metadata")] = _stream(writer, packet)

    comment = Text(rect=(50, 550, 70, 570), text=f"Note from {names[0]}")
    comment[NameObject("/T")] = TextStringObject(names[0])
    writer.add_annotation(page_number=0, annotation=comment)
    free = FreeText(text=f"Ask {emails[0]}", rect=(100, 500, 300, 520))
    free[NameObject("/T")] = TextStringObject(names[-1])
    added = writer.add_annotation(page_number=0, annotation=free)
    popup = Popup(rect=(300, 500, 400, 560), parent=added)
    popup[NameObject("/Contents")] = TextStringObject(who)
    writer.add_annotation(page_number=0, annotation=popup)
    writer.add_annotation(
        page_number=0, annotation=Link(rect=(72, 700, 200, 730), target_page_index=pages - 1)
    )
    mailto = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (72, 650, 200, 670)]),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/URI"),
                    NameObject("/URI"): TextStringObject(f"mailto:{emails[0]}"),
                }
            ),
        }
    )
    first[NameObject("/Annots")].append(writer._add_object(mailto))

    writer.add_attachment(f"cv-{emails[0]}.txt", who.encode())
    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("author"),
            NameObject("/V"): TextStringObject(who),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (72, 400, 300, 420)]),
            NameObject("/P"): first.indirect_reference,
        }
    )
    field_ref = writer._add_object(field)
    first[NameObject("/Annots")].append(field_ref)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([field_ref])}
    )
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(f"app.alert('{who}');"),
        }
    )
    writer.root_object["/Names"][NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("author"), script])}
    )
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(f"app.alert('{names[0]}');"),
        }
    )
    writer.add_outline_item(title=f"About {names[0]}", page_number=0)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def all_pdf_text(content: bytes) -> str:
    """Everything in a PDF a person could read with tools: the raw bytes, every object's
    strings and names, and every stream decoded (each indirect object, referenced or not)."""
    import re

    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    parts = [content.decode("latin-1")]
    reader = pypdf.PdfReader(io.BytesIO(content))
    seen: set[int] = set()

    def walk(value, depth=0):
        if depth > 50:
            return
        if isinstance(value, IndirectObject):
            if value.idnum in seen:
                return
            seen.add(value.idnum)
            value = value.get_object()
        if isinstance(value, StreamObject):
            for data in (value._data, value.get_data()):
                parts.append(data.decode("latin-1"))
                parts.append(data.decode("utf-8", "replace"))
                if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
                    parts.append(data.decode("utf-16", "replace"))
        if isinstance(value, DictionaryObject):
            for key, item in dict.items(value):
                parts.append(str(key))
                walk(item, depth + 1)
        elif isinstance(value, ArrayObject):
            for item in value:
                walk(item, depth + 1)
        elif isinstance(value, (str, bytes)):
            parts.append(value.decode("latin-1") if isinstance(value, bytes) else str(value))

    # Every object number the file holds, whether anything refers to it or not.
    numbers = {int(n) for n in re.findall(rb"(\d+) 0 obj", content)}
    numbers |= set(range(1, int(reader.trailer.get("/Size", 0))))
    for number in sorted(numbers):
        try:
            walk(IndirectObject(number, 0, reader))
        except Exception:  # noqa: BLE001, S112 - a free slot in the table
            continue
    walk(reader.trailer)
    return "\n".join(parts)
