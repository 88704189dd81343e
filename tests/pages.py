"""Helpers for tests/test_pages_quality.py: URL enumeration, an HTML checker, WCAG contrast,
and scanners for untranslated text in templates and Python.

Standard library only (html.parser, ast, re): the checks must not need new packages.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

# --- URL patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or "?<route>" for an unnamed pattern
    route: str  # the pattern text, prefixes joined
    kwargs: tuple[str, ...]  # the URL kwargs that must be filled (not the pattern's defaults)
    callback: object


def iter_routes(patterns=None, prefix: str = "", namespace: str | None = None):
    """Every URL pattern of the project, recursively, with its full name."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from iter_routes(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name or f"?{route}"
            full = f"{namespace}:{name}" if namespace else name
            groups = pattern.pattern.regex.groupindex.keys()
            kwargs = tuple(k for k in groups if k not in pattern.default_args)
            yield Route(full, route, kwargs, pattern.callback)


# --- HTML -----------------------------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
LABELLED_CONTROLS = {"select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
# A phone on a slow link: Bootstrap's CSS, ours, and a script or two, no more.
MAX_ASSETS = 4
# JSON data blocks are not executed, so the CSP does not concern them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str | None]
    text: list[str]
    named: bool = False  # an <img alt> or aria-label inside gives a link its name


class PageChecker(HTMLParser):
    """Collects what the page-quality promises need from one HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.html_lang: str | None = None
        self.mains = 0
        self.title: list[str] | None = None
        self.headings: list[int] = []
        self.viewport = False
        self.ids: dict[str, int] = {}
        self.label_for: set[str] = set()
        self.controls: list[tuple[str, dict, bool]] = []  # tag, attrs, inside a <label>
        self.labelledby: list[str] = []
        self.stack: list[_Element] = []
        self.references: list[tuple[str, str]] = []  # (attribute, id) that must exist
        # Checkboxes and radio buttons by name, each with whether a <fieldset> with a
        # <legend> (or a labelled role=group) around it names the group.
        self.choices: dict[str, list[bool]] = {}
        self.assets = 0  # scripts and style sheets the page loads

    # The stack holds open <a>, <button>, <label>, <script>, <title>, <h1-6> only: enough to
    # name links and buttons and to know whether a control sits inside a label.
    TRACKED = {
        "a",
        "button",
        "label",
        "script",
        "title",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "form",
        "fieldset",
        "table",
    }

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        self._check_attributes(tag, attrs_d)
        if tag == "html":
            self.html_lang = attrs_d.get("lang")
        elif tag == "main":
            self.mains += 1
        elif tag == "title":
            self.title = []
        elif tag == "meta" and attrs_d.get("name") == "viewport":
            self.viewport = True
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if "id" in attrs_d and attrs_d["id"]:
            self.ids[attrs_d["id"]] = self.ids.get(attrs_d["id"], 0) + 1
        if tag == "label" and attrs_d.get("for"):
            self.label_for.add(attrs_d["for"])
            self.references.append(("for", attrs_d["for"]))
        for name in ("aria-describedby", "aria-labelledby", "aria-controls"):
            self.references += [(name, part) for part in (attrs_d.get(name) or "").split()]
        if tag == "legend":
            for element in reversed(self.stack):
                if element.tag == "fieldset":
                    element.named = True
                    break
        if tag == "input" and (attrs_d.get("type") or "").lower() in {"checkbox", "radio"}:
            grouped = any(e.tag == "fieldset" and e.named for e in self.stack)
            self.choices.setdefault(attrs_d.get("name") or "", []).append(grouped)
        if tag == "input" and attrs_d.get("name") == "csrfmiddlewaretoken" and attrs_d.get("value"):
            for element in reversed(self.stack):
                if element.tag == "form":
                    element.named = True
                    break
        if tag == "th":
            for element in reversed(self.stack):
                if element.tag == "table":
                    element.named = True
                    break
        if attrs_d.get("aria-labelledby"):
            self.labelledby.extend(attrs_d["aria-labelledby"].split())
        inside_label = any(e.tag == "label" for e in self.stack)
        if tag in LABELLED_CONTROLS or (
            tag == "input" and (attrs_d.get("type") or "text").lower() not in UNLABELLED_INPUT_TYPES
        ):
            self.controls.append((tag, attrs_d, inside_label))
        if tag == "img":
            if attrs_d.get("alt") is None:
                self.problems.append(f"<img src={attrs_d.get('src')!r}> has no alt")
            elif attrs_d["alt"].strip():
                for element in self.stack:
                    if element.tag in {"a", "button"}:
                        element.named = True
        if tag == "script":
            kind = (attrs_d.get("type") or "").lower()
            if not attrs_d.get("src") and kind not in DATA_SCRIPT_TYPES:
                self.problems.append("inline <script> (the CSP allows only script files)")
        if tag == "style":
            self.problems.append("<style> element (the CSP allows only style sheets)")
        # Pages work without JavaScript: no Bootstrap widget that only scripts open, no button
        # that does nothing unless a script listens to it.
        if attrs_d.get("data-bs-toggle"):
            self.problems.append(f"<{tag} data-bs-toggle=…> needs JavaScript")
        if tag == "button" and (attrs_d.get("type") or "").lower() == "button":
            self.problems.append("<button type=button> does nothing without JavaScript")
        if tag == "script" and attrs_d.get("src"):
            self.assets += 1
        if tag == "link" and "stylesheet" in (attrs_d.get("rel") or "").split():
            self.assets += 1
        if attrs_d.get("aria-label", "") and attrs_d["aria-label"].strip():
            for element in self.stack:
                if element.tag in {"a", "button"}:
                    element.named = True
        if tag in self.TRACKED and tag not in VOID:
            self.stack.append(_Element(tag, attrs_d, []))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.TRACKED and tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in self.TRACKED:
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                element = self.stack.pop(index)
                del self.stack[index:]
                self._close(element)
                return

    def handle_data(self, data):
        for element in self.stack:
            element.text.append(data)
        if self.stack and self.stack[-1].tag == "title" and self.title is not None:
            self.title.append(data)

    def _close(self, element: _Element) -> None:
        text = " ".join("".join(element.text).split())
        if element.tag in {"a", "button"}:
            named = text or element.named
            named = named or (element.attrs.get("aria-label") or "").strip()
            named = named or element.attrs.get("aria-labelledby")
            if not named:
                what = element.attrs.get("href") or element.attrs.get("name") or ""
                self.problems.append(f"<{element.tag} {what}> has no accessible name")
        elif element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and not text:
            self.problems.append(f"empty <{element.tag}>")
        elif element.tag == "form" and (element.attrs.get("method") or "").lower() == "post":
            if not element.named:
                action = element.attrs.get("action")
                self.problems.append(f"<form method=post action={action!r}> has no CSRF token")
        elif element.tag == "table" and not element.named:
            self.problems.append("<table> without <th> header cells")

    def _check_attributes(self, tag: str, attrs: dict[str, str | None]) -> None:
        for name, value in attrs.items():
            value = value or ""
            if name == "style":
                self.problems.append(f"<{tag} style=…> (the CSP forbids inline styles)")
            elif name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> (the CSP forbids inline handlers)")
            if value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}> (javascript: URL)")
        external = re.compile(r"^\s*(https?:)?//", re.I)
        loads = ["src", "srcset", "poster", "data"]
        if tag == "link":
            loads.append("href")
        if tag == "form":
            loads.append("action")
        for name in loads:
            if external.match(attrs.get(name) or ""):
                self.problems.append(f"<{tag} {name}={attrs[name]!r}> loads from another origin")

    def finish(self) -> list[str]:
        """Every problem found, as readable lines."""
        problems = list(self.problems)
        if not (self.html_lang or "").strip():
            problems.append("<html> has no lang")
        if self.mains != 1:
            problems.append(f"{self.mains} <main> elements (want exactly one)")
        if self.title is None or not "".join(self.title).strip():
            problems.append("empty or missing <title>")
        if not self.viewport:
            problems.append('no <meta name="viewport"> (pages must work on a phone)')
        if self.assets > MAX_ASSETS:
            problems.append(
                f"{self.assets} scripts and style sheets (a slow link: at most {MAX_ASSETS})"
            )
        h1s = self.headings.count(1)
        if h1s != 1:
            problems.append(f"{h1s} <h1> elements (want exactly one)")
        previous = 0
        for level in self.headings:
            if level > previous + 1:
                problems.append(f"heading skips from h{previous} to h{level}: {self.headings}")
                break
            previous = level
        for ident, count in self.ids.items():
            if count > 1:
                problems.append(f'id="{ident}" used {count} times')
        for attribute, ident in self.references:
            if ident not in self.ids:
                problems.append(f'{attribute}="{ident}" points to no element')
        for name, grouped in self.choices.items():
            if len(grouped) > 1 and not all(grouped):
                problems.append(f"choices {name!r} are not in a <fieldset> with a <legend>")
        labelledby = set(self.labelledby)
        for tag, attrs, inside_label in self.controls:
            ident = attrs.get("id")
            if inside_label or (ident and (ident in self.label_for or ident in labelledby)):
                continue
            if (attrs.get("aria-label") or "").strip():
                continue
            if attrs.get("aria-labelledby") and all(
                part in self.ids for part in attrs["aria-labelledby"].split()
            ):
                continue
            problems.append(f"<{tag} name={attrs.get('name')!r} id={ident!r}> has no label")
        return problems


def html_problems(html: str) -> list[str]:
    checker = PageChecker()
    checker.feed(html)
    checker.close()
    return checker.finish()


# --- contrast (WCAG 2.x) --------------------------------------------------------------------


def parse_colour(text: str) -> tuple[float, float, float, float]:
    """#rgb, #rrggbb, rgb(…) or rgba(…) → (r, g, b, alpha) with r, g, b in 0..255."""
    text = text.strip().lower()
    if text in {"white", "#fff"}:
        return (255.0, 255.0, 255.0, 1.0)
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (
            float(int(digits[0:2], 16)),
            float(int(digits[2:4], 16)),
            float(int(digits[4:6], 16)),
            1.0,
        )
    match = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    if not match:
        raise ValueError(f"not a colour: {text!r}")
    parts = [float(p) for p in match.group(1).replace("/", ",").split(",")]
    alpha = parts[3] if len(parts) > 3 else 1.0
    return (parts[0], parts[1], parts[2], alpha)


def over(foreground: str, background: str) -> tuple[float, float, float]:
    """The colour seen when ``foreground`` (perhaps translucent) is drawn over ``background``."""
    fr, fg, fb, alpha = parse_colour(foreground)
    br, bg, bb, _ = parse_colour(background)
    return (
        fr * alpha + br * (1 - alpha),
        fg * alpha + bg * (1 - alpha),
        fb * alpha + bb * (1 - alpha),
    )


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of text ``foreground`` on ``background`` (1 to 21)."""
    lighter, darker = sorted(
        (
            relative_luminance(over(foreground, background)),
            relative_luminance(over(background, "#fff")),
        ),
        reverse=True,
    )
    return (lighter + 0.05) / (darker + 0.05)


def css_rules(css: str) -> dict[str, dict[str, str]]:
    """selector → {property: value} for a flat style sheet (no @media nesting needed here)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                prop, value = declaration.split(":", 1)
                declarations[prop.strip()] = value.replace("!important", "").strip()
        # "@charset …;" and similar statements before a rule are not part of its selector.
        for selector in selectors.split(";")[-1].split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


# --- untranslated text in templates ---------------------------------------------------------

_COMMENT = re.compile(r"\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", re.S)
_BLOCKTRANS = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
# Attributes people read: their values must be translated like text.
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def untranslated_template_text(source: str, allowed: set[str]) -> list[str]:
    """Visible words in a template that are not inside a translation tag or a variable."""
    source = _COMMENT.sub(" ", source)
    source = _BLOCKTRANS.sub(" ", source)
    source = _TAG.sub(" ", source)
    collector = _TextCollector()
    collector.feed(source)
    collector.close()
    found = []
    for text in collector.texts:
        words = " ".join(text.split())
        if re.search(r"[^\W\d_]", words) and words not in allowed:
            found.append(words)
    return found


# --- untranslated strings in Python ---------------------------------------------------------

TRANSLATED_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "title",
    "add_label",
}
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error", "add_message"}


def _is_literal_text(node: ast.AST) -> bool:
    """A str literal or f-string with letters: text a person would read, untranslated."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[^\W\d_]", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.Constant) and re.search(r"[^\W\d_]", str(v.value))
            for v in node.values
        )
    return False


def untranslated_python_strings(path: Path) -> list[tuple[int, str]]:
    """(line, what) for literal strings passed where a person will read them."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = (
            func.value.id if isinstance(func, ast.Attribute) and hasattr(func.value, "id") else ""
        )
        candidates = []
        if owner == "messages" and name in MESSAGE_FUNCTIONS:
            candidates += node.args[1:3] if name == "add_message" else node.args[1:2]
        if name == "ValidationError":
            candidates += node.args[:1]
        if name == "add_error":
            candidates += node.args[1:2]
        for keyword in node.keywords:
            if keyword.arg in TRANSLATED_KEYWORDS or (
                keyword.arg == "message" and name == "ValidationError"
            ):
                candidates.append(keyword.value)
        for candidate in candidates:
            if _is_literal_text(candidate):
                found.append((candidate.lineno, f"{name}(…{ast.unparse(candidate)[:60]}…)"))
    return found
