"""axe-core on a Playwright page: fail on serious or critical violations, said readably."""

from __future__ import annotations

from functools import cache

BLOCKING = ("serious", "critical")


@cache
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = _axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


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
