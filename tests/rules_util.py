"""Helpers for the typography rule tests: one article in a tiny workspace."""

from __future__ import annotations

from pathlib import Path

from helpers import check_json, run, workspace

ISSUE = "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n"
HEAD = "---\ncenter: 湖北省护理质量控制中心\ntitle: {title}\n---\n\n"
BODY_LINE = 6  # the first body line of an article written with article()


def article(body: str, title: str = "织密基层网络 筑牢安全底线") -> str:
    return HEAD.format(title=title) + body + "\n"


def lint(tmp: Path, text: str, code: str | None = None, name: str = "a01.md", issue: str = ISSUE) -> list[dict]:
    root = workspace(tmp / "ws", {name: text}, issue.replace("a01", Path(name).stem))
    _, found = check_json(root)
    return [f for f in found if code is None or f["code"] == code]


def fix(tmp: Path, text: str, name: str = "a01.md", issue: str = ISSUE) -> str:
    root = workspace(tmp / "fx", {name: text}, issue.replace("a01", Path(name).stem))
    result = run("check", "--root", str(root), "--fix")
    assert result.exit_code in (0, 1), result.output
    return (root / "articles" / "T" / name).read_text(encoding="utf-8")


def assert_rule_case(tmp: Path, code: str, bad: str, col: int, fixed: str | None, good: str) -> None:
    """One rule case: `bad` flagged at (BODY_LINE, col), `good` not flagged, and
    --fix turns `bad` into exactly `fixed` (None: the rule is not fixable)."""
    found = lint(tmp / "bad", article(bad), code)
    assert found, f"{code} not flagged in {bad!r}"
    assert (found[0]["line"], found[0]["column"]) == (BODY_LINE, col), found
    assert lint(tmp / "good", article(good), code) == []
    if fixed is not None:
        assert all(f["fixable"] for f in found)
        assert fix(tmp, article(bad)) == article(fixed)
    else:
        assert not any(f["fixable"] for f in found)
