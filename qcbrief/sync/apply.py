"""Write a sync plan: article files first (atomically), new article files, then
issue.yaml last (the 按语 patch, then the toc edited round-trip with ruamel.yaml
through the importer's IssueFile: comments, order and quoting kept)."""

from __future__ import annotations

import re
from pathlib import Path

from ..atomic import write_atomic
from ..importer.issuefile import IssueFile
from ..importer.mdwriter import article_md
from ..importer.stems import make_stem
from ..load.issue import ARTICLE_SUFFIXES
from ..model import Heading, Inline, Paragraph
from .plan import NewArticle, Plan

CENTER_END = re.compile(r"\s*(?:——|—|--|-|－－|–)+\s*$")


def new_article_text(new: NewArticle, commentary_label: str = "点评：") -> tuple[str, str, str]:
    """-> (markdown, center, kind) for an article a reviewer added, as import writes them."""
    paras = list(new.paras)
    center = title = ""
    if paras and paras[0].style == "中心署名":
        center = CENTER_END.sub("", paras.pop(0).accept.strip())
    brief = bool(new.section) or (paras and paras[0].style == "小标题3")
    if paras and paras[0].style in ("标题", "小标题3"):
        title = paras.pop(0).accept.strip()
    blocks, commentary = [], None
    for p in paras:
        if p.style == "点评标签" or p.accept.strip() == commentary_label:
            commentary = []
            continue
        block = Heading(1, [Inline(p.accept)]) if p.style.startswith("小标题") else Paragraph(p.inlines())
        (commentary if commentary is not None else blocks).append(block)
    kind = "brief" if brief else "article"
    return article_md(center, title, kind, blocks, commentary, source_note="由 qcbrief sync 从审阅稿新增"), center, kind


def _reorder(issue_file: IssueFile, order: list[str]) -> None:
    rank = {s: i for i, s in enumerate(order)}

    def sort_seq(seq) -> None:
        idx = [i for i, it in enumerate(seq) if not isinstance(it, dict) and str(it) in rank]
        items = sorted((seq[i] for i in idx), key=lambda it: rank[str(it)])
        for i, it in zip(idx, items):
            seq[i] = it

    toc = issue_file.data.get("toc") or []
    sort_seq(toc)
    for it in toc:
        if isinstance(it, dict) and it.get("articles"):
            sort_seq(it["articles"])


def _remove(issue_file: IssueFile, stems: list[str]) -> None:
    toc = issue_file.data.get("toc") or []
    for seq in [toc] + [it["articles"] for it in toc if isinstance(it, dict) and it.get("articles")]:
        for i in reversed(range(len(seq))):
            if not isinstance(seq[i], dict) and str(seq[i]) in stems:
                del seq[i]


def apply_plan(plan: Plan, folder: Path, include_toc: bool) -> list[Path]:
    written: list[Path] = []
    for ap in plan.articles:
        if ap.new_bytes is not None and ap.path is not None:
            write_atomic(ap.path, ap.new_bytes)
            written.append(ap.path)
    if not include_toc or not plan.toc_changes:
        if plan.preface and plan.preface.new_bytes is not None:
            write_atomic(plan.preface.path, plan.preface.new_bytes)
            written.append(plan.preface.path)
        return written
    issue_file = IssueFile(folder, plan.issue)  # fails before any toc write if issue.yaml is broken
    taken = {p.stem.lower() for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES}
    taken |= {s.lower() for s in issue_file.stems()}
    additions = []
    for new in plan.added:
        text, center, kind = new_article_text(new)
        brief = kind == "brief"
        stem = make_stem("b" if brief else "", issue_file.count(section=brief) + 1 + len(additions), center, taken,
                         fallback="审阅新增")
        write_atomic(folder / f"{stem}.md", text.encode("utf-8"))
        written.append(folder / f"{stem}.md")
        additions.append((stem, new))
    if plan.preface and plan.preface.new_bytes is not None:
        write_atomic(plan.preface.path, plan.preface.new_bytes)
        written.append(plan.preface.path)
        issue_file = IssueFile(folder, plan.issue)
    if plan.deleted:
        _remove(issue_file, plan.deleted)
    if plan.order:
        _reorder(issue_file, plan.order)
    for stem, new in additions:
        issue_file.add([(stem, new.section)], after=new.after)
    write_atomic(issue_file.path, issue_file.dump().encode("utf-8"))
    written.append(issue_file.path)
    return written
