"""axe-core on a Playwright page: fail on serious or critical violations, said readably."""

from __future__ import annotations

from functools import cache

BLOCKING = ("serious", "critical")
# axe-core's default rules (WCAG 2.0-2.2 A and AA, and its best practices); only violations
# come back.
OPTIONS = {"resultTypes": ["violations"]}


@cache
def axe_source() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate("options => axe.run(document, options)", OPTIONS)
    return [v for v in results["violations"] if v.get("impact") in BLOCKING]


def describe(found: list[dict], url: str) -> str:
    lines = [f"axe-core: {len(found)} serious or critical violation(s) on {url}"]
    for violation in found:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:8]:
            target = ", ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}")
            lines.append(f"       {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail with a readable list when axe-core finds a serious or critical violation."""
    found = violations(page)
    assert not found, describe(found, page.url)
