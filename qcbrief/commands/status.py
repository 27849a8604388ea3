"""`qcbrief status ISSUE`: the roster against one issue, and the 催稿 list."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..config import load_config
from ..desk.collect import collect
from ..desk.reminder import mailto, render, write_batch
from ..desk.status import CSV_HEADER, MISSING, SENT, UNLISTED, csv_row, missing, status_rows, title_text, totals
from ..diagnostics import display_path
from ..errors import UsageError
from ..roster import ROSTER_NAME, load_roster
from ..wording import Wording

STATE_STYLE = {SENT: "green", MISSING: "bold red", UNLISTED: "yellow"}


def write_csv(header: list, rows: list[list]) -> str:
    """CSV text for Excel: UTF-8 with a BOM (Excel reads BOM-less UTF-8 as the ANSI code page, GBK on Chinese Windows)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return "\ufeff" + buf.getvalue()


def emit(text: str) -> None:
    """Exact text on stdout (no console wrapping; UTF-8 whatever the locale)."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is not None:
        sys.stdout.flush()
        stream.write(text.encode("utf-8"))
        stream.flush()
    else:  # pragma: no cover - captured stdout in some test runners
        sys.stdout.write(text)


def run_status(issue: str, root: Path, fmt: str, do_mailto: bool, out_dir: Path | None, deadline: str,
               out: Console, err: Console) -> int:
    config = load_config(root)
    roster = load_roster(root)
    if not roster:
        err.print(f"[yellow]没有中心名单（{display_path(root / ROSTER_NAME)}）：只列出本期来稿。"
                  f"名单的写法见 README，或用 qcbrief centers import 名单.xlsx 导入。[/]")
    summary = collect(root, issue, config, roster)
    rows = status_rows(summary, roster)
    tot = totals(summary, rows, roster)
    records = [r.record(root) for r in rows]
    wording = Wording(root)
    bulletin = summary.loaded.bulletin
    chase = missing(rows)
    notices = [render(wording, bulletin, chase, c, deadline) for c in chase]
    if do_mailto and out_dir is None:  # the links alone, one a line, for a script or a click
        return _links(notices, err)
    if fmt == "json":
        group = render(wording, bulletin, chase, None, deadline) if chase else None
        emit(json.dumps({"issue": bulletin.issue, "totals": tot, "centers": records,
                         "missing": [c.name for c in chase],
                         "reminder": {"subject": group.subject, "body": group.body} if group else None},
                        ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        emit(write_csv(CSV_HEADER, [csv_row(r) for r in records]))
    else:
        _table(out, bulletin.issue, records, tot)
        if chase:
            out.print(f"\n[bold]催稿名单[/]（{len(chase)} 个中心未交稿）：")
            for i, c in enumerate(chase, 1):
                who = "，".join(x for x in (c.contact, c.phone, c.email) if x)
                out.print(f"  {i}. {c.name}" + (f"（{who}）" if who else ""))
            notice = render(wording, bulletin, chase, None, deadline)
            out.print(f"\n[bold]催稿通知[/]（模板 templates/reminder.j2）：\n主题：{notice.subject}\n")
            out.print(notice.body.rstrip("\n"), markup=False)
        elif roster:
            out.print("\n名单中的中心都已交稿。")
    if do_mailto:
        if out_dir is not None:
            sender = next((v for label, v in bulletin.publication.contact if "邮" in label or "mail" in label.lower()), "")
            paths = write_batch(notices, out_dir, sender)
            err.print(f"已写出 {len(paths)} 封催稿邮件（.eml，可用 Outlook、Thunderbird 打开后发送）到 {display_path(out_dir)}")
    elif out_dir is not None:
        raise UsageError("--out 只与 --mailto 同用：把催稿邮件写成 .eml 文件放在这个文件夹中")
    return 0


def _links(notices, err: Console) -> int:
    no_mail = [n.center.name for n in notices if n.center and not n.center.email]
    for n in notices:
        if n.center and n.center.email:
            emit(mailto(n) + "\n")
    if no_mail:
        err.print(f"[yellow]名单中没有这些中心的邮箱：{'、'.join(no_mail)}[/]")
    if not notices:
        err.print("没有未交稿的中心。")
    return 0


def _table(out: Console, issue: str, records: list[dict], tot: dict) -> None:
    yes = {True: "有", False: "无", "brief": "—"}
    t = Table(title=f"{issue} 交稿情况", show_lines=False)
    for col in ("中心", "状态", "文件", "标题", "字数", "页数", "点评", "错误", "警告"):
        t.add_column(col, justify="right" if col in ("字数", "页数", "错误", "警告") else "left",
                     no_wrap=col not in ("标题", "中心"), overflow="fold")
    for r in records:
        pages = r["pages"]
        t.add_row(
            r["center"], f"[{STATE_STYLE[r['status']]}]{r['status']}[/]",
            "\n".join(Path(f).name for f in r["files"]) or "—", "\n".join(title_text(x, c) for x, c in zip(r["titles"], r["commentary"])) or "—",
            str(r["words"]) if r["files"] else "—",
            (str(int(pages)) if float(pages).is_integer() else str(pages)) if r["files"] else "—",
            "\n".join(yes[c] for c in r["commentary"]) or "—",
            str(r["errors"]) if r["files"] else "—", str(r["warnings"]) if r["files"] else "—",
        )
    if not out.is_terminal:  # piped or redirected: wide enough for full names and titles
        out = Console(width=max(out.width, 160), soft_wrap=False, highlight=False, no_color=out.no_color)
    out.print(t)
    line = (f"合计：文章 {tot['articles']} 篇，简讯 {tot['briefs']} 条，{tot['words']} 字，估计全期 {tot['pages']} 页"
            f"（含报头、目录，按双数页计）；错误 {tot['errors']}，警告 {tot['warnings']}。")
    if tot["centers"]:
        line += f"\n名单 {tot['centers']} 个中心：已交稿 {tot['sent']}，未交稿 {tot['missing']}"
        line += f"；另有 {tot['unlisted']} 个供稿单位不在名单中。" if tot["unlisted"] else "。"
    out.print(line)
