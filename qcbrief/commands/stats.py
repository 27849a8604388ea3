"""`qcbrief stats [--year Y | ISSUES…]`: contributions per center across issues."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..config import load_config
from ..desk.stats import CSV_HEADER, csv_row, gather, select_issues
from ..diagnostics import display_path
from ..errors import UsageError
from ..roster import load_roster
from .status import emit, write_csv


def run_stats(year: int | None, issues: list[str], root: Path, fmt: str, out_dir: Path | None,
              chart: bool, out: Console, err: Console, use_system: bool | None = None) -> int:
    config = load_config(root)
    roster = load_roster(root)
    names = select_issues(root, config, year, issues)
    summaries, rows = gather(root, config, roster, names)
    span = f"{year}年" if year is not None else "、".join(s.name for s in summaries)
    if fmt == "json":
        emit(json.dumps({"issues": [s.name for s in summaries], "centers": [r.record() for r in rows]},
                        ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        emit(write_csv(CSV_HEADER, [csv_row(r) for r in rows]))
    elif fmt == "table":
        _table(out, span, summaries, rows)
    written: list[Path] = []
    chart = chart or fmt == "xlsx"  # the workbook comes with its chart
    if chart:
        folder = out_dir if out_dir is not None else root / "build" / "stats"
        stem = f"{year}年供稿统计" if year is not None else "供稿统计"
        if fmt == "xlsx":
            from ..atomic import write_atomic
            from ..desk.xlsx import workbook

            issue_rows = [[s.name, s.loaded.bulletin.date.isoformat() if s.loaded.bulletin.date else "",
                           s.loaded.bulletin.subtitle, s.articles, s.briefs, sum(p.words for p in s.pieces), s.pages]
                          for s in summaries]
            data = workbook([
                ("各中心供稿", CSV_HEADER, [csv_row(r) for r in rows]),
                ("各期", ["期名", "日期", "期号行", "文章", "简讯", "字数", "估计页数"], issue_rows),
            ], chart={"title": f"{span}各中心供稿数量", "sheet": "各中心供稿", "rows": sum(1 for r in rows if r.total),
                      "label": 1, "series": [CSV_HEADER.index("文章") + 1, CSV_HEADER.index("简讯") + 1]})
            path = folder / f"{stem}.xlsx"
            write_atomic(path, data)
            written.append(path)
        if chart:
            from ..desk.chart import Bar, write

            bars = [Bar(r.label, r.articles, r.briefs) for r in rows if r.total]
            if not bars:
                raise UsageError("所选各期没有任何文章，无法作图")
            title = f"{span}各中心供稿数量" if year is not None else "各中心供稿数量"
            subtitle = f"共 {len(summaries)} 期（{'、'.join(s.name for s in summaries)}）：文章 + 简讯，按数量排序"
            written += write(bars, title, subtitle, config, folder, stem, use_system)
    for p in written:
        err.print(f"已生成 {display_path(p)}")
    return 0


def _table(out: Console, span: str, summaries, rows) -> None:
    t = Table(title=f"{span} 各中心供稿统计（{len(summaries)} 期）")
    for col in ("中心", "类别", "文章", "简讯", "合计", "字数", "期数", "各期"):
        t.add_column(col, justify="right" if col in ("文章", "简讯", "合计", "字数", "期数") else "left")
    for r in rows:
        rec = r.record()
        name = rec["center"] + ("" if rec["in_roster"] else "（不在名单）")
        t.add_row(name, rec["kind"], str(rec["articles"]), str(rec["briefs"]), str(rec["total"]),
                  str(rec["words"]), str(rec["issue_count"]), "、".join(rec["issues"]) or "—")
    if not out.is_terminal:
        out = Console(width=max(out.width, 140), soft_wrap=False, highlight=False, no_color=out.no_color)
    out.print(t)
    arts = sum(s.articles for s in summaries)
    briefs = sum(s.briefs for s in summaries)
    out.print(f"合计：{len(summaries)} 期，文章 {arts} 篇，简讯 {briefs} 条，估计 {sum(s.pages for s in summaries)} 页；"
              f"有稿件的中心 {sum(1 for r in rows if r.total)} 个。")
