"""Form controls and focus rings stand out from the page: 3:1 at least (WCAG 1.4.11).

axe-core does not measure the contrast of borders and focus indicators; this test does, in
the browser, on the page with every kind of control: the submission form (issue 8, #16)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP
from tests.factories import ConferenceFactory, ContributionTypeFactory, ThemeFactory, verified_user

# Relative luminance and contrast ratio as WCAG defines them; the background is the nearest
# ancestor's opaque background colour.
CONTRAST_JS = """
window.salaContrast = (() => {
  const parse = c => (c.match(/rgba?\\([^)]*\\)/g) || []).map(s => {
    const p = s.slice(s.indexOf('(') + 1, -1).split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  });
  const lum = ({r, g, b}) => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (el = el.parentElement; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor)[0];
      if (c && c.a === 1) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const best = (colours, bg) =>
    Math.max(0, ...colours.filter(c => c.a === 1).map(c => ratio(c, bg)));
  return {
    border: el => best(parse(getComputedStyle(el).borderTopColor), background(el)),
    focus: el => {
      const s = getComputedStyle(el);
      const ring = [...parse(s.boxShadow)];
      if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) ring.push(...parse(s.outlineColor));
      return best(ring, background(el));
    },
  };
})();
"""

CONTROLS = "main input:not([type=hidden]):not([type=submit]), main select, main textarea"


@pytest.fixture
def form_page(page, log_in, transactional_db, frozen_now):
    conference = ConferenceFactory(slug="mekong", is_public=True)
    ContributionTypeFactory(conference=conference, name="Research paper")
    ThemeFactory(conference=conference, title="Categorisations")
    log_in(page, verified_user())
    page.goto("/c/mekong/submissions/new/")
    page.evaluate(CONTRAST_JS)
    return page


@pytest.mark.parametrize("viewport", [("desktop", DESKTOP)], ids=["desktop"])
def test_every_form_control_has_a_border_of_three_to_one(form_page):
    controls = form_page.locator(CONTROLS)
    assert controls.count() > 10
    kinds = set()
    low = []
    for control in controls.all():
        if not control.is_visible():
            continue
        kinds.add(control.evaluate("el => el.type || el.tagName"))
        ratio = control.evaluate("el => salaContrast.border(el)")
        if ratio < 3:
            low.append((control.evaluate("el => el.outerHTML.slice(0, 100)"), round(ratio, 2)))
    assert {"text", "email", "textarea", "radio", "checkbox", "select-one", "file"} <= kinds
    assert low == []


@pytest.mark.parametrize("viewport", [("desktop", DESKTOP)], ids=["desktop"])
def test_the_focus_ring_has_three_to_one(form_page):
    low = []
    targets = [
        form_page.locator("main [name=title]"),
        form_page.locator("main [name=abstract]"),
        form_page.locator("main input[type=checkbox]").first,
        form_page.locator("main input[type=radio]").first,
        form_page.locator("main select").first,
        form_page.locator("main a[href]").first,
        form_page.locator("main button[type=submit]").last,
        form_page.locator("body > header a[href]").first,
    ]
    for target in targets:
        target.focus()
        # Only keyboard focus shows :focus-visible on links and buttons: press Shift+Tab then
        # Tab, which lands on the same element by keyboard.
        form_page.keyboard.press("Shift+Tab")
        form_page.keyboard.press("Tab")
        assert target.evaluate("el => el === document.activeElement")
        ratio = target.evaluate("el => salaContrast.focus(el)")
        if ratio < 3:
            low.append((target.evaluate("el => el.outerHTML.slice(0, 80)"), round(ratio, 2)))
    assert low == []
