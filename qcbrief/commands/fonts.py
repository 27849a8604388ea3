"""`qcbrief fonts [ISSUE]`: which font file serves which PDF type role, and how well it covers an issue."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..config import load_config
from ..load.issue import load_issue
from ..write.pdf.fonts import ROLE_NAMES, ROLES, SOURCE_NAMES, FontSet, ignorable, issue_text, resolve_fonts

MAX_LISTED = 30


def _coverage(fontset: FontSet, role: str, chars: list[str]) -> tuple[int, int, list[str]]:
    """(covered by the role's first face, drawn by another face, missing chars) for chars."""
    first = fontset.primary(role)
    primary = fallback = 0
    missing = []
    for ch in chars:
        if first.covers(ch):
            primary += 1
        elif fontset.face_for(role, ch) is not None:
            fallback += 1
        else:
            missing.append(ch)
    return primary, fallback, missing


def _chars_text(chars: list[str]) -> str:
    shown = " ".join(f"{ch}(U+{ord(ch):04X})" for ch in chars[:MAX_LISTED])
    return shown + (f" 等 {len(chars)} 个" if len(chars) > MAX_LISTED else "")


def run_fonts(issue: str | None, root: Path, no_system_fonts: bool, out: Console) -> int:
    config = load_config(root)
    use_system = False if no_system_fonts else None
    chars: list[str] = []
    if issue:
        from ..wording import Wording

        loaded = load_issue(root, issue, config)
        try:
            wording = Wording(root)
        except Exception:  # noqa: BLE001 - wording problems are reported by build/check
            wording = None
        text = issue_text(loaded.bulletin, wording)
        chars = sorted({ch for ch in text if not ignorable(ch)})
        fontset = resolve_fonts(config, set(chars), use_system)
    else:
        # No issue: resolve only the first choice of each role (the bundled font,
        # if used, is converted per issue at build time).
        fontset = resolve_fonts(config, set(), use_system)

    system_on = config["fonts"]["system"] if use_system is None else use_system
    title = "PDF 字体" + (f"：{issue}（{len(chars)} 个不同字符）" if issue else "")
    table = Table(title=title, title_justify="left")
    table.add_column("角色", no_wrap=True)
    table.add_column("字体", overflow="fold")
    table.add_column("来源", no_wrap=True)
    table.add_column("TrueType", no_wrap=True)
    if issue:
        table.add_column("首选覆盖", justify="right", no_wrap=True)
        table.add_column("后备", justify="right", no_wrap=True)
        table.add_column("缺字", justify="right", no_wrap=True)

    any_missing: set[str] = set()
    files: dict[str, str] = {}
    for role in ROLES:
        chain = fontset.faces[role]
        for i, face in enumerate(chain):
            label = f"{ROLE_NAMES[role]} {role}" if i == 0 else "  └ 后备"
            tt = "是（转换）" if face.converted else "是"
            row = [label, escape(face.family), SOURCE_NAMES.get(face.source, face.source), tt]
            if issue:
                if i == 0:
                    primary, fallback, missing = _coverage(fontset, role, chars)
                    any_missing.update(missing)
                    row += [f"{primary}/{len(chars)}", str(fallback), f"[red]{len(missing)}[/]" if missing else "0"]
                else:
                    n = sum(1 for ch in chars if not chain[0].covers(ch) and fontset.face_for(role, ch) is face)
                    row += ["", f"{n} 字", ""]
            table.add_row(*row)
            where = str(face.path) + (f" #{face.index}" if face.index else "")
            if face.origin is not None:
                where += f"（由 {face.origin} 转换）"
            files.setdefault(face.family, where)
    out.print(table)
    out.print("字体文件：")
    for family, where in files.items():
        out.print(f"  {escape(family)}：{escape(where)}")
    if not system_on:
        out.print("未查找系统字体（--no-system-fonts 或 fonts.system: false）。")
    for note in fontset.notes:
        out.print(f"[yellow]注意[/]：{escape(note)}")
    if not issue:
        out.print("给出期名（如 qcbrief fonts 2026Q1）可统计该期文字的字体覆盖情况。")
    if any_missing:
        ordered = sorted(any_missing)
        out.print(f"[bold red]有 {len(ordered)} 个字符没有任何字体能显示[/]：{escape(_chars_text(ordered))}。"
                  "请安装含这些字符的字体并在 config.yaml 的 fonts 中指定。")
        return 1
    return 0
