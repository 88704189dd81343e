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
