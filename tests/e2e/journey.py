"""A browser tab that checks every page it loads: axe-core, and no sideways scrolling."""

from __future__ import annotations

import re

from tests.e2e.axe import assert_accessible


def open_tab(new_context, viewport, base_url: str, *, javascript: bool = True):
    """A fresh browser tab on ``base_url``, sized for ``viewport`` (``(name, size)``, as the
    ``viewport`` fixture gives it); ``javascript=False`` for the journeys without it."""
    name, size = viewport
    context = new_context(
        viewport=size,
        base_url=base_url,
        is_mobile=name == "phone",
        has_touch=name == "phone",
        locale="en-GB",
        timezone_id="Asia/Bangkok",
        # No transitions: what a test reads is the final state, never a frame of an animation.
        reduced_motion="reduce",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(30_000)  # generous for a busy CI machine
    return context.new_page()


class Tab:
    """Wraps a Playwright page. Every page load is recorded; :meth:`check` runs axe-core on
    the page as it is and makes sure it does not scroll sideways, and :meth:`finish` fails
    if any loaded page was never checked."""

    def __init__(self, page):
        self.page = page
        self.loaded: list[str] = []
        self.checked: set[str] = set()
        page.on("load", lambda p: self.loaded.append(p.url))

    def goto(self, path: str):
        response = self.page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)
        return self.check()

    def check(self):
        """axe-core on the current page (loaded); returns the page."""
        self.page.wait_for_load_state("load")
        self.assert_styled()
        assert_accessible(self.page)
        self.assert_fits_screen()
        self.checked.add(self.page.url)
        return self.page

    def follow(self, locator):
        """Click what leads to another page, wait for that page's load event, check it.

        The listener is set before the click, so the wait is for the new page, never the
        old one that has already loaded."""
        with self.page.expect_event("load"):
            locator.click()
        return self.check()

    def assert_styled(self) -> None:
        """Every stylesheet the page links loaded, with rules: axe-core's contrast checks
        then measure the colours people see, not the browser's defaults."""
        sheets = self.page.evaluate(
            """() => [...document.querySelectorAll('link[rel=stylesheet]')].map(link => {
                try { return [link.href, link.sheet ? link.sheet.cssRules.length : 0]; }
                catch (e) { return [link.href, 0]; }
            })"""
        )
        assert sheets, f"{self.page.url} links no stylesheet"
        empty = [href for href, rules in sheets if not rules]
        assert not empty, f"stylesheets not loaded on {self.page.url}: {empty}"

    def assert_fits_screen(self) -> None:
        """No sideways scrolling: the page is no wider than the screen (WCAG 1.4.10)."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        screen = self.page.viewport_size["width"]
        assert width <= screen, f"{self.page.url} is {width} px wide on a {screen} px screen"

    def assert_reachable(self, button) -> None:
        """Scrolled to, the button is on screen and the topmost element at its centre: no
        fixed or sticky banner covers it."""
        button.scroll_into_view_if_needed()
        covered_by = button.evaluate(
            """el => {
                const r = el.getBoundingClientRect();
                if (r.bottom <= 0 || r.top >= window.innerHeight) return 'off screen';
                const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return top === el || el.contains(top) ? null : (top ? top.outerHTML.slice(0, 120) : 'nothing');
            }"""
        )
        assert covered_by is None, f"{button} is hidden: {covered_by}"

    def open_header_link(self, name: str):
        """Follow a link of the site's header (no menu to open: it wraps on a phone)."""
        return self.follow(self.page.locator("body > header").get_by_role("link", name=name))

    def log_out(self):
        return self.follow(self.page.locator("body > header").get_by_role("button", name="Log out"))

    def finish(self) -> None:
        unchecked = [url for url in self.loaded if url not in self.checked]
        assert not unchecked, f"pages loaded but never checked with axe: {unchecked}"


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)
