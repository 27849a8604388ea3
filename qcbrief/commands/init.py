"""`qcbrief init DIR`: start a bulletin workspace for any province."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..starter import Answers, complete, create_workspace, province_of


def _split(text: str) -> list[str]:
    """Units typed on one line, separated by ；/;/、/，/,."""
    import re

    return [p.strip() for p in re.split(r"[；;，,]", text) if p.strip()]


def ask(a: Answers, given: set[str]) -> Answers:
    """Ask, in a terminal, for the essentials not given as options."""
    import typer

    if "name" not in given:
        a.name = typer.prompt("简报名称（报头），如“某省医疗质量控制工作简报”", default=a.name or None)
    if "office" not in given:
        a.office = typer.prompt("编印单位", default=a.office or None)
    if "province" not in given and not a.province:
        try:
            province_of(a)
        except Exception:  # noqa: BLE001 - the name says no province: ask
            a.province = typer.prompt("省份（如 河南）")
    complete(a)
    if "publishers" not in given:
        a.publishers = _split(typer.prompt("版记上方的印发单位（多个用“；”分隔）", default="；".join(a.publishers)))
    if "report_to" not in given:
        a.report_to = _split(typer.prompt("报送（版记“报：”，多个用“；”分隔）", default="；".join(a.report_to)))
    if "send_to" not in given:
        a.send_to = _split(typer.prompt("分送（版记“分送：”，多个用“；”分隔）", default="；".join(a.send_to)))
    if "address" not in given:
        a.address = typer.prompt("投稿地址（可留空）", default="", show_default=False)
    if "phone" not in given:
        a.phone = typer.prompt("投稿电话（可留空）", default="", show_default=False)
    if "email" not in given:
        a.email = typer.prompt("投稿邮箱（可留空）", default="", show_default=False)
    return a


def run_init(root: Path, a: Answers, given: set[str], force: bool, interactive: bool | None, out: Console) -> int:
    if interactive is None:
        interactive = sys.stdin.isatty()
    if interactive:
        a = ask(a, given)
    files, issue = create_workspace(root, a, force)
    out.print(f"已创建简报工作目录 {escape(str(root))}（{len(files)} 个文件）：")
    for rel in files:
        out.print(f"  {escape(rel)}")
    if not a.address and not a.phone and not a.email:
        out.print("提示：尚未填写投稿信息（config.yaml 的 contact），qcbrief check 会提醒（QC131）。")
    out.print("下一步：")
    out.print(f"  qcbrief build {issue} --root {escape(str(root))}     # 生成示例的一期（PDF 与 DOCX）")
    out.print("  按 config.yaml 中的注释修改版记、投稿信息；centers.yaml 改为本省的质控中心名单。")
    return 0
