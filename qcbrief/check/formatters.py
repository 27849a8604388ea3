"""Print findings as text (rich colours), JSON or GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..diagnostics import Finding, display_path


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def format_text(findings: list[Finding], console: Console, root: Path | None = None) -> None:
    for f in findings:
        line = Text()
        line.append(f"{display_path(f.path, root)}:{f.line}:{f.column}", style="bold")
        line.append(" ")
        line.append(f.code, style="bold red" if f.severity == "error" else "bold yellow")
        line.append(" ")
        line.append(f.message)
        if f.fix is not None:
            line.append(" [可自动修正]", style="cyan")
        console.print(line, soft_wrap=True, highlight=False)


def summary(findings: list[Finding], files: int) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    fixable = sum(1 for f in findings if f.fix is not None)
    if not findings:
        return f"已检查 {files} 个文件，未发现问题。"
    text = f"已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告。"
    if fixable:
        text += f"其中 {fixable} 处可用 --fix 自动修正。"
    return text


def format_json(findings: list[Finding], root: Path | None = None) -> str:
    return json.dumps([f.as_json(root) for f in findings], ensure_ascii=False, indent=2)


def format_github(findings: list[Finding], root: Path | None = None) -> str:
    out = []
    for f in findings:
        kind = "error" if f.severity == "error" else "warning"
        path = _gh_escape(display_path(f.path, root), prop=True)
        out.append(f"::{kind} file={path},line={f.line},col={f.column},title={f.code}::{_gh_escape(f.message)}")
    return "\n".join(out)
