"""Benchmark of handling one uploaded paper (not a test): CPU time per 5 MB PDF.

Builds a PDF of about 5 MB (20 pages of text, each with a photograph-like JPEG, the authors in
its properties and XMP), then times what the server does with it under double-blind review:

* **before**: the pipeline as it was until the parse was shared: the file parsed to check it
  when it is kept with the form, parsed again to check it and look for names (first two pages,
  a few properties) when it is attached, and a third time to clone the whole file for the
  reviewers' copy;
* **after**: one parse (``cfp.uploads.read_pdf``) shared by the checks, the search for every
  form of each author's name (the first three and last five pages, properties, XMP,
  comments) and the copy built from what the pages need (``cfp.pdf.blind``);
* **after, 2 pages**: the same, with the text of the first two pages searched as before:
  what sharing the parse saves, apart from the wider search.

    .venv/bin/python bench/upload.py              # 5 MB, 7 runs each
    .venv/bin/python bench/upload.py --mb 10 --repeat 5

Prints, for each, the median CPU seconds per upload, the PdfReader constructions per upload
and the size of the reviewers' copy. Storage writes and the database are not included.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

AUTHORS = ["Nguyễn Thị Minh Khai", "Somchai Jaidee", "Aung San Suu Kyi"]
EMAILS = ["khai@example.org", "somchai@example.org", "assk@example.org"]


def make_paper(megabytes: float, pages: int = 20) -> bytes:
    """About ``megabytes`` MB: text and a noisy (incompressible) JPEG on every page."""
    import random

    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(7)
    # reportlab wraps each JPEG in ASCII85, a quarter larger.
    per_image = int(megabytes * 1024 * 1024 / pages / 1.3)

    def jpeg(side: int) -> bytes:
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=92)
        return buffer.getvalue()

    side = 64
    while len(jpeg(side)) < per_image:  # about one page's share of the size per image
        side = int(side * 1.1)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=True)
    pdf.setAuthor(AUTHORS[0])
    pdf.setTitle("Labels and lives: migrants between categories")
    for number in range(1, pages + 1):
        text = pdf.beginText(72, 760)
        for line in range(40):
            text.textLine(
                f"Page {number}, line {line}: who decides whether a person is a migrant, a "
                "refugee or a victim of trafficking?"
            )
        pdf.drawText(text)
        # A different image on each page (one image used twice is stored once).
        pdf.drawImage(ImageReader(io.BytesIO(jpeg(side))), 72, 72, width=300, height=300)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def before(content: bytes, max_bytes: int) -> bytes:
    """The pipeline as it was: three parses, the reviewers' copy cloned from the whole file."""
    import hashlib
    import unicodedata

    import pypdf

    def normalise(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    def inspect(identities):
        stream = io.BytesIO(content)
        digest = hashlib.sha256()
        while chunk := stream.read(64 * 1024):  # read, measured and hashed each time
            digest.update(chunk)
        stream.seek(0)
        reader = pypdf.PdfReader(stream, strict=False)
        assert not reader.is_encrypted
        assert len(reader.pages) <= 100
        metadata = reader.metadata or {}
        wanted = [normalise(i) for i in identities]
        for key in ("/Author", "/Creator", "/Producer", "/Title", "/Subject", "/Keywords"):
            if metadata.get(key):
                text = normalise(str(metadata[key]))
                _ = [w for w in wanted if w in text]
        for page in reader.pages[:2]:
            text = normalise(page.extract_text() or "")
            _ = [w for w in wanted if w in text]

    inspect([])  # kept with the form
    inspect(AUTHORS + EMAILS)  # attached: checked again, names sought
    reader = pypdf.PdfReader(io.BytesIO(content), strict=False)  # the blind copy
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.metadata = None
    if "/Metadata" in writer.root_object:
        del writer.root_object["/Metadata"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def after(content: bytes, max_bytes: int) -> bytes:
    from cfp.pdf.identity import Person
    from cfp.uploads import check_page_limit, read_pdf

    parsed = read_pdf(io.BytesIO(content), max_bytes=max_bytes)
    check_page_limit(parsed, page_limit=100)
    people = [
        Person(label=name, names=(name,), emails=(email,))
        for name, email in zip(AUTHORS, EMAILS, strict=True)
    ]
    parsed.find_mentions(people)
    return parsed.blind_copy()


def after_two_pages(content: bytes, max_bytes: int) -> bytes:
    """``after`` with the text search of ``before`` (first two pages): the shared parse alone."""
    from cfp import uploads

    saved = uploads.IDENTITY_FIRST_PAGES, uploads.IDENTITY_LAST_PAGES
    uploads.IDENTITY_FIRST_PAGES, uploads.IDENTITY_LAST_PAGES = 2, 0
    try:
        return after(content, max_bytes)
    finally:
        uploads.IDENTITY_FIRST_PAGES, uploads.IDENTITY_LAST_PAGES = saved


def measure(function, content: bytes, repeat: int) -> tuple[float, int, int]:
    import pypdf

    constructions = {"n": 0}
    original = pypdf.PdfReader.__init__

    def counting(self, *args, **kwargs):
        constructions["n"] += 1
        original(self, *args, **kwargs)

    pypdf.PdfReader.__init__ = counting
    try:
        times = []
        copy = b""
        for _ in range(repeat):
            start = time.process_time()
            copy = function(content, 64 * 1024 * 1024)
            times.append(time.process_time() - start)
    finally:
        pypdf.PdfReader.__init__ = original
    return statistics.median(times), constructions["n"] // repeat, len(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    content = make_paper(args.mb)
    print(f"upload: {len(content) / 1024 / 1024:.1f} MB, 20 pages; median of {args.repeat} runs")
    print(f"{'pipeline':<15} {'CPU s':>7} {'parses':>7} {'blind copy':>11}")
    rows = (("before", before), ("after, 2 pages", after_two_pages), ("after", after))
    for name, function in rows:
        seconds, parses, size = measure(function, content, args.repeat)
        print(f"{name:<15} {seconds:>7.3f} {parses:>7} {size / 1024 / 1024:>9.1f}MB")


if __name__ == "__main__":
    main()
