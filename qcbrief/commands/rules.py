"""`qcbrief rules [CODE]`: list the rules, or explain one."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..check.registry import RULES
from ..check.runner import load_rule_modules
from ..errors import UsageError

SEVERITY = {"error": "错误", "warning": "警告"}


def run_rules(code: str | None, out: Console) -> int:
    load_rule_modules()
    if code is None:
        table = Table(show_lines=False, header_style="bold")
        for col in ("代码", "级别", "可修正", "说明"):
            table.add_column(col)
        for c, r in sorted(RULES.items()):
            table.add_row(c, SEVERITY[r.severity], ("部分" if r.partly else "是") if r.fixable else "", r.summary + (f"（{r.clause}）" if r.clause else ""))
        out.print(table)
        out.print(f"共 {len(RULES)} 条规则。用 qcbrief rules 代码 查看详细说明。")
        return 0
    r = RULES.get(code.upper())
    if r is None:
        raise UsageError(f"没有规则“{code}”。用 qcbrief rules 列出全部规则。")
    out.print(f"[bold]{r.code}[/] {r.name}  （{SEVERITY[r.severity]}{('，部分可自动修正' if r.partly else '，可自动修正') if r.fixable else ''}）")
    out.print(r.summary)
    if r.clause:
        out.print(f"依据：{r.clause}")
    if r.why:
        out.print("")
        out.print(r.why, markup=False)
    if r.bad:
        out.print("\n[bold red]错误示例：[/]")
        out.print(r.bad, markup=False)
    if r.good:
        out.print("\n[bold green]正确示例：[/]")
        out.print(r.good, markup=False)
    return 0
