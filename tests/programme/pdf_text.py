"""Reading the printed programme back with pypdf, as a reader's viewer does.

Shaped text (Thai, Lao, Khmer, Burmese) is written as glyphs in visual order inside
marked-content spans whose ``/ActualText`` is the text; pypdf's own extraction reads the
glyphs, so this reads the spans' ActualText instead and the glyphs everywhere else."""

from __future__ import annotations

import io
import re

import pypdf


def page_texts(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page_text(page) for page in reader.pages]


def page_text(page) -> str:
    out: list[str] = []
    depth = [0]

    def before(operator, operands, cm, tm):
        if operator == b"BDC" and len(operands) == 2 and "/ActualText" in operands[1]:
            out.append(str(operands[1]["/ActualText"]))
            depth[0] += 1
        elif operator == b"EMC" and depth[0]:
            depth[0] -= 1

    def text(value, cm, tm, font, size):
        if not depth[0]:
            out.append(value)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return "".join(out)


def squeeze(text: str) -> str:
    """Whitespace made single spaces (lines wrap where they like)."""
    return re.sub(r"\s+", " ", text)
