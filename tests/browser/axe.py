"""axe-core in the page under test: fail with a readable list of its serious or critical violations."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

SERIOUS = ("serious", "critical")


@cache
def axe_script() -> str:
    """axe-core as shipped inside the axe-playwright-python package."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.evaluate(axe_script())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in results["violations"] if violation.get("impact") in SERIOUS]


def axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def axe_check(page: Any) -> None:
    """Fail with a readable list when axe-core finds a serious or critical violation on the page."""
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{axe_report(violations)}"
