"""Print findings as text (rich colours), JSON or GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Finding
from ..safetext import json_safe, visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def display_path(path: Path, root: Path | None = None) -> str:
    """How `check` names a file in every format: relative to --root (the
    workspace; by default the current folder), else relative to the current
    folder, else as given.  pre-commit and CI run at the root, so the paths
    are the repository's."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return Path(path).resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return Path(path).as_posix()


def _namer(root: Path | None):
    """display_path with a cache for one printing (a file has many findings)."""
    names: dict[Path, str] = {}

    def name(path: Path) -> str:
        if path not in names:
            names[path] = display_path(path, root)
        return names[path]

    return name


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    s = visible(s, one_line=False)  # no ESC or bidi control in a CI log
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def _excerpt(line: str, column: int, width: int = 24) -> tuple[str, int]:
    """A window of the source line around the column, and the caret offset in it."""
    start = max(0, column - 1 - width // 2)
    piece = line[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(line) else ""), column - 1 - start + (1 if start else 0)


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


# Text output shows at most this many findings of one rule in one file; the rest are counted
# ("另有 K 条 QCxxx 未显示"), as linters do.  `check --all` shows everything; JSON and GitHub
# output are always complete.
PER_RULE_PER_FILE = 20


def format_text(findings: list[Finding], console: Console, root: Path | None = None,
                sources: dict[Path, str] | None = None, limit: int | None = PER_RULE_PER_FILE) -> None:
    """ruff-style lines; with sources, the offending text and a caret under it.  Each source
    is split into lines once (linear in the findings); `limit` caps one rule in one file."""
    lines_of: dict[Path, list[str]] = {}
    name = _namer(root)
    shown: dict[tuple[Path, str], int] = {}
    hidden: dict[str, int] = {}  # code -> findings not shown, for the current file
    current: Path | None = None
    # Lines printed together (rich costs about a millisecond a print call), each a list of
    # (text, style) parts.  A console that can write them unstyled (qcbrief/plainout.py: output
    # that is not a terminal) does so without rich; otherwise they become rich Texts.
    batch: list[list[tuple[str, str | None]]] = []

    def emit(*parts: tuple[str, str | None]) -> None:
        batch.append(list(parts))
        if len(batch) >= 300:
            flush()

    def flush() -> None:
        if not batch:
            return
        write_plain = getattr(console, "write_plain", None)
        if write_plain is None or not write_plain(["".join(t for t, _ in parts) for parts in batch]):
            console.print(_rich_lines(batch), soft_wrap=True, highlight=False)
        batch.clear()

    def flush_hidden() -> None:
        for code, n in hidden.items():
            emit((f"{name(current)}: 另有 {n} 条 {code} 未显示（用 --all 查看全部）", "dim"))
        hidden.clear()

    for f in findings:
        if f.path != current:
            flush_hidden()
            current = f.path
        key = (f.path, f.code)
        shown[key] = shown.get(key, 0) + 1
        if limit is not None and shown[key] > limit:
            hidden[f.code] = hidden.get(f.code, 0) + 1
            continue
        style = "bold red" if f.severity == "error" else "bold yellow"
        line = [(f"{name(f.path)}:{f.line}:{f.column}", "bold"), (" ", None), (f.code, style), (" ", None),
                (f.message, None)]
        if f.fix is not None:
            line.append((" [可自动修正]", "cyan"))
        emit(*line)
        text = (sources or {}).get(f.path)
        if text is not None and f.column > 0:
            lines = lines_of.get(f.path)
            if lines is None:  # once per file, not once per finding
                lines = lines_of[f.path] = text.split("\n")
            if 1 <= f.line <= len(lines) and lines[f.line - 1].strip():
                piece, caret = _excerpt(lines[f.line - 1], f.column)
                piece, caret = visible(piece), len(visible(piece[:caret]))  # controls shown, caret kept under
                emit(("    " + piece, "dim"))
                emit(("    " + " " * _cells(piece[:caret]) + "^", style))
    flush_hidden()
    flush()


def _rich_lines(batch: list[list[tuple[str, str | None]]]) -> Text:
    """The lines of format_text as one rich Text: a line of one part is a Text of that style,
    one of several parts a Text with each part appended in its style."""
    from rich.text import Text

    lines = []
    for parts in batch:
        if len(parts) == 1:
            lines.append(Text(parts[0][0], style=parts[0][1] or ""))
        else:
            line = Text()
            for text, style in parts:
                if style is None:
                    line.append(text)
                else:
                    line.append(text, style=style)
            lines.append(line)
    return Text("\n").join(lines)


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
    name = _namer(root)
    return json_safe(json.dumps([{"path": name(f.path), "line": f.line, "column": f.column, "code": f.code,
                                  "severity": f.severity, "message": f.message, "fixable": f.fix is not None}
                                 for f in findings], ensure_ascii=False, indent=2))


def format_github(findings: list[Finding], root: Path | None = None) -> str:
    out = []
    name = _namer(root)
    for f in findings:
        kind = "error" if f.severity == "error" else "warning"
        path = _gh_escape(name(f.path), prop=True)
        out.append(f"::{kind} file={path},line={f.line},col={f.column},title={f.code}::{_gh_escape(f.message)}")
    return "\n".join(out)
