"""Organisers' help text is not HTML (issue 8, item 5): a custom question's help text is
shown as sanitised Markdown on the submission form, and the words around it are escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cfp.markdown import inline_markdown_to_safe_html
from tests.factories import ContributionTypeFactory, CustomQuestionFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('help')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<svg onload="alert(1)">',
]


@pytest.fixture
def frozen(monkeypatch):
    from tests.factories import REFERENCE_NOW

    monkeypatch.setattr("django.utils.timezone.now", lambda: REFERENCE_NOW)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def dangerous_markup(html: str) -> list:
    """Elements that would run script: script/img/svg/iframe, on* handlers, javascript: links."""
    parser = _Tags()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("script", "img", "svg", "iframe", "object", "embed"):
            found.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or "javascript:" in (value or "").lower():
                found.append(f"{tag} {name}={value}")
    return found


def form_html(client, conference) -> str:
    response = client.get(reverse("cfp:submission_create", kwargs={"conference": conference.slug}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_help_text_is_inert_on_the_submission_form(author_client, call, frozen, payload):
    CustomQuestionFactory(conference=call, text="Funding?", help_text=f"Say who. {payload}")

    html = form_html(author_client, call)

    assert "Say who." in html
    questions = html.split('id="questions"')[1].split("</fieldset>")[0]
    assert dangerous_markup(questions) == []


def test_help_text_markdown_is_rendered_and_the_type_names_are_escaped(author_client, call, frozen):
    question = CustomQuestionFactory(
        conference=call,
        text="Funding?",
        help_text="Name *every* funder; see [the policy](https://example.org/policy).",
    )
    question.contribution_types.add(
        ContributionTypeFactory(conference=call, name="<b>Poster</b>", slug="poster")
    )

    html = form_html(author_client, call)

    assert (
        'Name <em>every</em> funder; see <a href="https://example.org/policy" '
        'rel="nofollow noopener">the policy</a>. Only for: &lt;b&gt;Poster&lt;/b&gt;.' in html
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inline_markdown_drops_markup(payload):
    assert dangerous_markup(str(inline_markdown_to_safe_html(payload))) == []


def test_inline_markdown_keeps_no_block_elements():
    assert str(inline_markdown_to_safe_html("# Title\n\n- item")) == "# Title\n\n- item"
