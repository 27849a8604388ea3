"""`qcbrief centers import|check|list`: the roster of centers (centers.yaml)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..check.formatters import format_text
from ..diagnostics import display_path
from ..errors import UsageError
from ..roster import ROSTER_NAME, load_roster, roster_path
from .status import emit, write_csv


def run_import(source: Path, root: Path, merge: bool, replace: bool, out: Console, err: Console) -> int:
    from ..desk.centers_import import import_centers

    if merge and replace:
        raise UsageError("--merge 与 --replace 只能选一个")
    sheet, res, target = import_centers(source, root, replace)
    for note in sheet.notes:
        err.print(f"[yellow]{display_path(source)}：{note}[/]")
    for note in res.repeated:
        err.print(f"[yellow]{display_path(source)}：{note}（已合并为一项）[/]")
    out.print(f"已写入 {display_path(target)}：新增 {len(res.added)} 个中心，更新 {len(res.updated)} 个，"
              f"未变 {len(res.unchanged)} 个；名单共 {len(res.roster.centers)} 个中心。")
    return _report(res.roster, root, out, err)


def _report(roster, root: Path, out: Console, err: Console) -> int:
    findings = roster.findings
    if findings:
        format_text(findings, out, root, {})
        errors = sum(1 for f in findings if f.severity == "error")
        err.print(f"名单中有 {errors} 个错误、{len(findings) - errors} 个警告（重复、相近的名称，类别或邮箱写法）。")
    return 1 if any(f.severity == "error" for f in findings) else 0


def run_check(root: Path, out: Console, err: Console) -> int:
    roster = load_roster(root)
    if roster.path is None:
        raise UsageError(f"没有中心名单 {display_path(roster_path(root))}。可用 qcbrief centers import 名单.xlsx 导入。")
    code = _report(roster, root, out, err)
    if not roster.findings:
        err.print(f"{display_path(roster.path)}：{len(roster.centers)} 个中心，未发现问题。")
    return code


def run_list(root: Path, fmt: str, out: Console, err: Console) -> int:
    roster = load_roster(root)
    if roster.path is None:
        raise UsageError(f"没有中心名单 {display_path(roster_path(root))}。可用 qcbrief centers import 名单.xlsx 导入。")
    records = [c.as_dict() for c in roster.centers]
    if fmt == "json":
        emit(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        emit(write_csv(["名称", "简称", "类别", "联系人", "邮箱", "电话", "曾用名"],
                       [[c.name, c.short, c.kind, c.contact, c.email, c.phone, "、".join(c.aliases)] for c in roster.centers]))
    else:
        t = Table(title=f"{ROSTER_NAME}：{len(roster.centers)} 个中心")
        for col in ("名称", "简称", "类别", "联系人", "邮箱", "电话"):
            t.add_column(col)
        for c in roster.centers:
            t.add_row(c.name + (f"\n（曾用名：{'、'.join(c.aliases)}）" if c.aliases else ""), c.short, c.kind,
                      c.contact, c.email, c.phone)
        if not out.is_terminal:
            out = Console(width=max(out.width, 140), soft_wrap=False, highlight=False, no_color=out.no_color)
        out.print(t)
    return 0
