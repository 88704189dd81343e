"""cfp.markdown: Markdown is rendered, and nothing executable survives."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from cfp.markdown import ALLOWED_TAGS, render_markdown

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">raw</a>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<p style="color:red" onclick="alert(1)">x</p>',
    '[x](https://ok.example "title" onmouseover=alert(1))',
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    """The real elements of ``html`` (escaped text is not an element)."""
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def assert_inert(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            assert name in {"href", "title", "rel", "start"}, name
            if name == "href":
                assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"}, value


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_executable_survives(text):
    assert_inert(render_markdown(text))


def test_raw_html_is_shown_as_text():
    assert render_markdown("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    )


def test_markdown_is_rendered():
    html = render_markdown("We invite *papers* on **migration**:\n\n- one\n- two")
    assert html == (
        "<p>We invite <em>papers</em> on <strong>migration</strong>:</p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
    )


def test_links_get_nofollow_noopener():
    html = render_markdown("[UN-ACT](https://un-act.org/)")
    assert html == '<p><a href="https://un-act.org/" rel="nofollow noopener">UN-ACT</a></p>\n'


def test_mailto_links_are_kept():
    assert 'href="mailto:chair@example.org"' in render_markdown("[mail](mailto:chair@example.org)")


def test_headings_start_below_the_page_title():
    assert render_markdown("# Areas\n\n## Sub") == "<h2>Areas</h2>\n<h3>Sub</h3>\n"
    assert render_markdown("# Areas", top_heading_level=4) == "<h4>Areas</h4>\n"
    assert render_markdown("###### Deep", top_heading_level=3) == "<h6>Deep</h6>\n"


def test_empty_text():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_template_filter_marks_safe_and_sanitises():
    template = Template("{% load cfp_markdown %}{{ text|markdown:3 }}")
    html = template.render(Context({"text": "# T\n\n<script>x</script> [a](javascript:x)"}))
    assert html == "<h3>T</h3>\n<p>&lt;script&gt;x&lt;/script&gt; [a](javascript:x)</p>\n"
