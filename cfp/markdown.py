"""Markdown from organisers and authors, rendered and sanitised for a page.

Two layers, so that a mistake in one does not open a hole: markdown-it-py's CommonMark
preset with raw HTML turned off (so ``<script>`` is shown as text, and it refuses
``javascript:``/``vbscript:``/``data:`` link targets), then nh3 with an allow-list of tags,
attributes and URL schemes. Images are not rendered: a remote image would track readers and
the CSP blocks it anyway.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
        "em", "strong", "code", "pre", "blockquote",
        "ul", "ol", "li", "a",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def render_markdown(text: str | None, *, top_heading_level: int = 2) -> str:
    """Render ``text`` (Markdown) to sanitised HTML; a plain ``str``, not yet marked safe.

    Headings are shifted so that ``#`` becomes ``<h{top_heading_level}>`` (default h2: the
    page's own title is the only h1); levels beyond 6 stay at h6.
    """
    if not text:
        return ""
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env)
    shift = max(0, top_heading_level - 1)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
    html = md.renderer.render(tokens, md.options, env)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def markdown_to_safe_html(text: str | None, *, top_heading_level: int = 2) -> SafeString:
    """:func:`render_markdown`, marked safe for templates (the output is sanitised)."""
    return mark_safe(render_markdown(text, top_heading_level=top_heading_level))  # noqa: S308


def inline_markdown_to_safe_html(text: str | None) -> SafeString:
    """One line of Markdown (a help text): emphasis, code and links, no paragraphs, headings
    or lists; sanitised as :func:`render_markdown` is, and marked safe for templates."""
    if not text:
        return mark_safe("")  # noqa: S308
    html = _parser().renderInline(text)
    cleaned = nh3.clean(
        html,
        tags={"em", "strong", "code", "a", "br"},
        attributes={"a": {"href", "title"}},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308
