"""The printed programme: a book made from a public snapshot (``programme.snapshot``).

Pure layout: it reads only the snapshot dict, so a name withheld at an author's request is
not there to be printed. ``render(snapshot, out)`` writes the PDF and returns what it laid
out (page count, where each section and each author landed).
"""

from .book import PAPER_SIZES, Rendered, render

__all__ = ["PAPER_SIZES", "Rendered", "render"]
