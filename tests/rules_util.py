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
