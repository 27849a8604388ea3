"""`qcbrief sync FILE.docx --issue ISSUE`: the reviewed Word bulletin back into the
article files (qcbrief/sync/)."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..atomic import write_atomic
from ..config import load_config
from ..diagnostics import display_path
from ..errors import UsageError
from ..layout import Layout
from ..load.issue import ISSUE_FILE, issue_dir, load_issue
from ..sync.apply import apply_plan
from ..sync.plan import plan_sync
from ..sync.report import markdown_report, render
from ..sync.reviewed import read_reviewed
from ..wording import Wording


def _ask(question: str, err: Console) -> bool:
    err.print(question, end="", markup=False)
    try:
        answer = input().strip().lower()
    except EOFError:
        return False
    return answer in ("y", "yes", "是", "好", "确定")


def run_sync(file: Path, issue: str, root: Path, yes: bool, accept: bool, reject: bool, report: Path | None,
             out: Console, err: Console, interactive: bool | None = None) -> int:
    if accept and reject:
        raise UsageError("--accept-changes 与 --reject-changes 只能选一个")
    if not file.is_file():
        raise UsageError(f"{file}：文件不存在" if not file.exists() else f"{file}：这是文件夹，不是文件")
    if interactive is None:
        interactive = sys.stdin.isatty()
    reviewed = read_reviewed(file)  # a bad file stops here: nothing touched
    config = load_config(root)
    folder = issue_dir(root, issue)
    if not (folder / ISSUE_FILE).is_file():
        raise UsageError(f"找不到这一期：{display_path(folder / ISSUE_FILE, root)} 不存在")
    loaded = load_issue(root, issue, config)
    wording = Wording(root)
    layout = Layout.from_config(config)
    mode = "reject" if reject else "accept"
    plan = plan_sync(reviewed, loaded, wording, layout, mode)

    render(plan, out, root)
    if report is not None:
        write_atomic(report, markdown_report(plan, root, file).encode("utf-8"))
        out.print(f"已写出报告 {display_path(report, root)}", markup=False)
    if plan.nothing:
        n = sum(len(a.comments) for a in plan.all()) + len(plan.loose_comments)
        out.print("没有变化：审阅稿与文章文件一致。" + (f"（有 {n} 条批注，见上）" if n else ""))
        return 0

    if plan.revisions and not any(a.merged.changes or a.merged.conflicts for a in plan.all()) \
            and not (plan.toc_changes or plan.unsynced_parts):
        out.print(f"没有变化：审阅稿中的 {len(plan.revisions)} 处修订已在文章文件中（或只改了格式）。")
        return 0
    if plan.revisions and not (accept or reject):
        authors = "、".join(sorted({r.author or "未署名" for r in plan.revisions}))
        msg = f"审阅稿中有 {len(plan.revisions)} 处修订（{authors}），上面按“接受修订”显示。"
        if not interactive:
            err.print(Text.assemble(("未写入任何文件", "bold red"), "：", msg,
                                    "请加 --accept-changes（接受修订）或 --reject-changes（保留原文）后重新运行。"))
            return 1
        if not _ask(msg + "接受这些修订吗？[y/N] ", err):
            plan = plan_sync(reviewed, loaded, wording, layout, "reject")
            err.print("已改为保留原文（拒绝修订）：")
            render(plan, out, root)

    writes = plan.writes
    changes = len(writes) + (1 if plan.toc_changes else 0)
    if not changes:
        err.print("没有可以写入的修改。" + ("有冲突或未同步的内容，见上；请手工处理。" if plan.conflicts or plan.unsynced_parts else ""))
        return 1 if plan.conflicts or plan.unsynced_parts else 0
    what = f"{len(writes)} 个文件" + ("，并更新 issue.yaml 目录" if plan.toc_changes else "")
    if not yes:
        if not interactive:
            out.print(f"以上修改尚未写入（{what}）。确认无误后加 --yes 重新运行以写入。")
            return 1 if plan.conflicts or plan.unsynced_parts else 0
        if not _ask(f"写入以上修改（{what}）吗？[y/N] ", err):
            out.print("未写入任何文件。")
            return 0
    written = apply_plan(plan, folder, include_toc=True)
    for p in written:
        out.print(f"已更新 {display_path(p, root)}", markup=False)
    if plan.conflicts or plan.unsynced_parts:
        err.print("[bold yellow]有冲突或无法自动同步的修改（见上，未写入），请按提示手工处理。[/]")
        return 1
    out.print(f"同步完成。请运行 qcbrief build {issue} 重新生成简报。", markup=False)
    return 0
