"""A sync plan for people: the terminal view (rich; deleted characters in red as
[-…-], inserted ones in green as {+…+}, so it also reads without colours) and the
Markdown report file (--report) with the changes, conflicts, tracked changes and
reviewer comments per article."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from ..diagnostics import display_path
from .merge import Change
from .plan import ArticlePlan, Plan
from .textdiff import display_diffs

CONTEXT = 12
UNIT_NAMES = {"center": "署名", "title": "标题", "body": "正文", "heading": "小标题", "item": "列表", "caption": "图表题",
              "figure": "图片", "table": "表格", "label": "点评标签", "preface": "按语"}


def _trim(text: str, where: str) -> str:
    if len(text) <= 2 * CONTEXT + 1:
        return text
    if where == "first":
        return "…" + text[-CONTEXT:]
    if where == "last":
        return text[:CONTEXT] + "…"
    return text[:CONTEXT] + "…" + text[-CONTEXT:]


def diff_text(old: str, new: str) -> Text:
    parts = display_diffs(old, new)
    t = Text()
    for n, (op, s) in enumerate(parts):
        s = s.replace("\n", "↵").replace("\t", "｜")
        if op == 0:
            t.append(_trim(s, "first" if n == 0 else "last" if n == len(parts) - 1 else "mid"))
        elif op == -1:
            t.append("[-" + s + "-]", style="bold red strike")
        else:
            t.append("{+" + s + "+}", style="bold green")
    return t


def diff_markdown(old: str, new: str) -> str:
    out = []
    parts = display_diffs(old, new)
    for n, (op, s) in enumerate(parts):
        s = s.replace("\n", "↵").replace("\t", "｜")
        if op == 0:
            out.append(_trim(s, "first" if n == 0 else "last" if n == len(parts) - 1 else "mid"))
        elif op == -1:
            out.append(f"~~{s}~~")
        else:
            out.append(f"**{s}**")
    return "".join(out)


def _where(c: Change) -> str:
    name = UNIT_NAMES.get(c.unit, "正文")
    return f"第 {c.line} 行（{name}）" if c.line else f"（{name}）"


def change_lines(c: Change) -> Text:
    if c.kind == "edit":
        return Text.assemble("    ", (_where(c), "dim"), "：", diff_text(c.old, c.new))
    if c.kind == "insert":
        return Text.assemble("    ", ("新增段落", "green"), "：", ("{+" + _short(c.new) + "+}", "green"))
    return Text.assemble("    ", (f"删除段落 {_where(c)}", "red"), "：", ("[-" + _short(c.old) + "-]", "red strike"))


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n] + "…"


def header(ap: ArticlePlan, root: Path) -> Text:
    where = display_path(ap.path, root) if ap.path else ap.stem
    return Text.assemble(("● ", "bold"), (where, "bold cyan"), f"  {ap.title}")


def render(plan: Plan, console, root: Path) -> None:
    for ap in plan.all():
        m = ap.merged
        if not (m.changes or ap.revisions or ap.comments or m.conflicts or m.unsynced):
            continue
        console.print(header(ap, root))
        for r in ap.revisions:
            console.print(Text.assemble("    ", ("修订 ", "magenta"), (r.author or "（未署名）", "bold magenta"),
                                        f" {r.kind}：", r.text))
        for c in m.changes:
            console.print(change_lines(c))
        for msg in m.conflicts:
            console.print(Text.assemble("    ", ("冲突", "bold red"), "：", msg, "（这篇文章未修改）"))
        for msg in m.unsynced:
            console.print(Text.assemble("    ", ("未同步", "bold yellow"), "：", msg))
        for c, line in ap.comments:
            where = f"{display_path(ap.path, root)}:{line}" if ap.path else ap.stem
            console.print(Text.assemble("    ", ("批注 ", "blue"), (c.author or "（未署名）", "bold blue"),
                                        f"（{where}）：", f"“{c.quoted}”" if c.quoted else "", " → ", c.text))
    for stem in plan.deleted:
        console.print(Text.assemble(("● ", "bold"), ("删除文章", "red"), f"：{stem}（审阅稿中已没有这篇，将从 issue.yaml 目录中移除，文件保留）"))
    for new in plan.added:
        title = next((p.accept for p in new.paras if p.style in ("标题", "小标题3")), new.paras[0].accept if new.paras else "")
        console.print(Text.assemble(("● ", "bold"), ("新增文章", "green"), f"：{title}（将新建文章文件，列在 {new.after} 之后）"))
    if plan.order:
        console.print(Text.assemble(("● ", "bold"), ("文章顺序调整", "yellow"), "：" + "、".join(plan.order)))
    for note in plan.unsynced_parts:
        console.print(Text.assemble(("● ", "bold"), (note, "yellow")))
    for c in plan.loose_comments:
        console.print(Text.assemble(("● 批注 ", "blue"), (c.author or "（未署名）", "bold blue"), "：",
                                    f"“{c.quoted}” → " if c.quoted else "", c.text))


def markdown_report(plan: Plan, root: Path, source: Path) -> str:
    lines = [f"# {plan.issue} 审阅稿同步报告", "", f"审阅稿：{source.name}", ""]
    for ap in plan.all():
        m = ap.merged
        if not (m.changes or ap.revisions or ap.comments or m.conflicts or m.unsynced):
            continue
        where = display_path(ap.path, root) if ap.path else ap.stem
        lines += [f"## {ap.title}（{where}）", ""]
        for c in m.changes:
            if c.kind == "edit":
                lines.append(f"- {_where(c)}：{diff_markdown(c.old, c.new)}")
            elif c.kind == "insert":
                lines.append(f"- 新增段落：**{c.new}**")
            else:
                lines.append(f"- 删除段落 {_where(c)}：~~{c.old}~~")
        for r in ap.revisions:
            lines.append(f"- 修订（{r.author or '未署名'}，{r.kind}）：{r.text}")
        for msg in m.conflicts:
            lines.append(f"- **冲突**：{msg}（这篇文章未修改）")
        for msg in m.unsynced:
            lines.append(f"- **未同步**：{msg}")
        if ap.comments:
            lines += ["", "批注：", ""]
            for c, line in ap.comments:
                loc = f"{where}:{line}"
                quoted = f"“{c.quoted}”" if c.quoted else "（无选中文字）"
                lines.append(f"- [ ] {c.author or '未署名'}（{loc}）：{quoted} → {c.text}")
        lines.append("")
    other = ([f"- 删除文章：{s}" for s in plan.deleted] + [f"- 新增文章：列在 {n.after} 之后" for n in plan.added]
             + ([f"- 文章顺序：{'、'.join(plan.order)}"] if plan.order else [])
             + [f"- {n}" for n in plan.unsynced_parts]
             + [f"- [ ] 批注 {c.author or '未署名'}：“{c.quoted}” → {c.text}" for c in plan.loose_comments])
    if other:
        lines += ["## 其他", ""] + other + [""]
    if plan.nothing and not any(ap.comments for ap in plan.all()):
        lines += ["没有变化。", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
