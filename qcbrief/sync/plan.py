"""What a sync would do: read the reviewed DOCX, find each article in it, merge,
and collect everything to report (changes, conflicts, tracked changes, comments,
edits to parts that come from config or templates, deleted/added/moved
articles).  Nothing is written here (see apply.py)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError
from ..load.article import _load_markdown, _load_yaml_article
from ..load.issue import ISSUE_FILE, LoadedIssue
from ..load.yamlsrc import load_yaml
from .manifest import ISSUE_PROP, article_anchor, decode, file_hash
from .merge import Merged, merge_article, similarity
from .regions import FIXED_SOURCES, fixed_norm
from .reviewed import Comment, Reviewed, Revision, RPara
from .source import open_source, set_spans
from .units import Unit, article_units, preface_unit


@dataclass
class ArticlePlan:
    stem: str
    path: Path | None
    title: str
    merged: Merged
    revisions: list[Revision] = field(default_factory=list)
    comments: list[tuple[Comment, int]] = field(default_factory=list)  # (comment, source line)
    new_bytes: bytes | None = None


@dataclass
class NewArticle:
    after: str | None  # stem it follows in the reviewed DOCX
    section: str | None
    paras: list[RPara]


@dataclass
class Plan:
    issue: str
    articles: list[ArticlePlan] = field(default_factory=list)
    preface: ArticlePlan | None = None
    unsynced_parts: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    added: list[NewArticle] = field(default_factory=list)
    order: list[str] | None = None  # new article order when articles were moved
    revisions: list[Revision] = field(default_factory=list)
    loose_comments: list[Comment] = field(default_factory=list)

    @property
    def writes(self) -> list[ArticlePlan]:
        return [a for a in self.articles + ([self.preface] if self.preface else []) if a.new_bytes is not None]

    @property
    def conflicts(self) -> int:
        return sum(1 for a in self.all() if a.merged.conflicts or a.merged.unsynced)

    def all(self) -> list[ArticlePlan]:
        return self.articles + ([self.preface] if self.preface else [])

    @property
    def toc_changes(self) -> bool:
        return bool(self.deleted or self.added or self.order)

    @property
    def nothing(self) -> bool:
        return not (any(a.merged.changes for a in self.all()) or self.toc_changes or self.unsynced_parts
                    or self.revisions)


def manifest_of(reviewed: Reviewed, issue: str) -> dict:
    manifest = decode(reviewed.properties)
    if manifest is None:
        if ISSUE_PROP in reviewed.properties:
            raise UsageError(f"{reviewed.path}：文档中的同步信息已损坏，无法同步，未修改任何文件")
        raise UsageError(f"{reviewed.path}：不是由 qcbrief build 生成的简报（缺少同步信息），无法同步，未修改任何文件；"
                         "来稿请用 qcbrief import 导入")
    if manifest.get("issue") != issue:
        raise UsageError(f"{reviewed.path}：这是第 {manifest.get('issue')} 期的简报，不是 {issue}，未修改任何文件")
    return manifest


def _regions(paras: list[RPara], manifest: dict) -> dict[str, list[int]]:
    """Paragraph indices of each part: by anchors, and for an article whose anchor
    was lost, by its center line or title."""
    starts: dict[str, int] = {}
    for i, p in enumerate(paras):
        for a in p.anchors:
            starts.setdefault(a, i)
    taken = set(starts.values())
    for n, art in enumerate(manifest["articles"]):
        name = article_anchor(n)
        if name in starts:
            continue
        heads = [t for k, t in art["units"] if k in ("center", "title")]
        for i, p in enumerate(paras):
            if i not in taken and heads and p.accept in heads:
                if i + 1 < len(paras) and p.accept == heads[0] and len(heads) > 1 and paras[i + 1].accept != heads[1]:
                    continue  # a TOC-like line, not the head of the article
                starts[name] = i
                taken.add(i)
                break
    # an article whose center line and title were deleted, by its own paragraphs (so that its
    # body is not taken for paragraphs added to the article before it)
    texts_at: dict[str, list[int]] = {}
    for i, p in enumerate(paras):
        texts_at.setdefault(p.accept, []).append(i)
    for n, art in enumerate(manifest["articles"]):
        name = article_anchor(n)
        body = [t for k, t in art["units"] if k not in ("center", "title", "label") and len(t) > 8]
        if name in starts or not body:
            continue
        found = [i for t in body for i in texts_at.get(t, [])[:1] if i not in taken]
        if len(found) * 2 >= len(body):
            start = min(found)
            # its first paragraphs may be edited: step back over those that resemble its own
            while start > 0 and start - 1 not in taken and any(
                    similarity(paras[start - 1].accept, t) >= 0.6 for t in body):
                start -= 1
            starts[name] = start
            taken.add(start)

    # the other parts, by their text (the anchors of a copy pasted into a new document are gone)
    fixed = dict(manifest.get("fixed", {}))
    if manifest.get("preface"):
        fixed["p"] = [manifest["preface"]]
    for name, texts in fixed.items():
        if name in starts or not texts:
            continue
        want = fixed_norm(name[:1], texts[0])
        for i, p in enumerate(paras):
            if i not in taken and p.accept.strip() and (fixed_norm(name[:1], p.accept) == want or (
                    name == "p" and difflib.SequenceMatcher(None, p.accept, texts[0]).ratio() > 0.6)):
                starts[name] = i
                taken.add(i)
                break
    order = sorted(starts.items(), key=lambda kv: kv[1])
    out: dict[str, list[int]] = {"": list(range(0, order[0][1] if order else len(paras)))}
    for (name, i), nxt in zip(order, order[1:] + [("", len(paras))]):
        out[name] = list(range(i, nxt[1]))
    return out


FIXED_STYLES = ("报头名称", "报头期号", "报头单位", "按语", "目录标题", "目录", "简讯分组", "版记")


def _split_new(idx: list[int], paras: list[RPara], brief: bool) -> tuple[list[int], list[list[int]]]:
    """An article's paragraphs, and any articles a reviewer added after it
    (paragraphs in the 中心署名 style, or a 标题 not right after one, start one)."""
    end = next((k for k, i in enumerate(idx) if k > 0 and paras[i].style in FIXED_STYLES), len(idx))
    idx = idx[:end]  # a masthead, TOC or 版记 paragraph never belongs to an article
    cut = [k for k, i in enumerate(idx) if k > 1 and (
        paras[i].style == "中心署名" or (paras[i].style == "标题" and paras[idx[k - 1]].style != "中心署名"))]
    cut = [k for k in cut if k > 0]
    if not cut:
        return idx, []
    bounds = cut + [len(idx)]
    return idx[:cut[0]], [idx[a:b] for a, b in zip(bounds, bounds[1:])]


def _heads(new: "NewArticle") -> tuple[str, str]:
    """(center, title) of an added article, as the new file will have them."""
    from .apply import CENTER_END

    center = next((CENTER_END.sub("", p.accept.strip()) for p in new.paras[:1] if p.style == "中心署名"), "")
    title = next((p.accept for p in new.paras[:2] if p.style in ("标题", "小标题3")), "")
    return center, re.sub(r"\s", "", title)


def _reload(path: Path, stem: str, text: str):
    found = []

    def report(code, p, line, col, msg):
        if code in ("QC100", "QC101", "QC104"):
            found.append(msg)

    loader = _load_markdown if path.suffix.lower() == ".md" else _load_yaml_article
    return loader(path, stem, text, report), found


def _source_line(units: list[Unit], base_units: list, text: str) -> int:
    for u in units:
        if text and text in u.text:
            return u.line
    return units[0].line if units else 0


def plan_sync(reviewed: Reviewed, loaded: LoadedIssue, wording, layout, mode: str) -> Plan:
    bulletin = loaded.bulletin
    manifest = manifest_of(reviewed, bulletin.issue)
    plan = Plan(bulletin.issue)
    paras = reviewed.texts(mode)
    regions = _regions(paras, manifest)
    current = {a.stem: a for a in bulletin.articles()}
    section_of = {a.stem: s.heading for s in bulletin.sections for a in s.articles}
    known = {(a.center, re.sub(r"\s", "", a.title)) for a in bulletin.articles()}
    para_article: dict[int, ArticlePlan] = {}
    para_units: dict[int, list[Unit]] = {}

    # --- parts from config and templates ------------------------------------------------
    for name, base in sorted(manifest.get("fixed", {}).items()):
        if name not in regions:
            continue  # neither its anchor nor its text found: nothing to compare
        idx = regions[name]
        got = [fixed_norm(name[:1], paras[i].accept) for i in idx if paras[i].accept.strip()]
        if got != [fixed_norm(name[:1], t) for t in base]:
            src, _, what = FIXED_SOURCES[name[:1]].partition("（")
            plan.unsynced_parts.append(f"未同步：来自 {src} 的{what.rstrip('）')}在审阅稿中有改动，请到 {src} 中修改")

    stray = [paras[i].accept for i in regions.get("", []) if paras[i].accept.strip()]
    if stray:
        plan.unsynced_parts.append(f"未同步：报头之前的文字“{stray[0][:20]}”不属于任何文章，请手工处理")

    # --- 按语 -----------------------------------------------------------------------------
    issue_path = bulletin.folder / ISSUE_FILE
    if manifest.get("preface") and "p" in regions:
        theirs = [paras[i].accept for i in regions["p"] if paras[i].accept.strip()]
        src = open_source(issue_path)
        line = 0
        try:
            doc = load_yaml(src.text, issue_path)
            if isinstance(doc.data, dict) and "preface" in doc.data:
                line = doc.line_of("preface")
        except Exception:  # noqa: BLE001 - an unreadable issue.yaml: load_issue reported it
            line = 0
        u = preface_unit(bulletin.preface, wording, line)
        ours = [u] if u else []
        for x in ours:
            x.end = src.next_key(x.line) if x.line else 0
        merged = merge_article([manifest["preface"]], theirs, ours, src, bool(ours) and ours[0].text == manifest["preface"])
        ap = ArticlePlan("按语", issue_path, "按语（issue.yaml 的 preface）", merged)
        if merged.text is not None:
            ap.new_bytes = src.src.encode(merged.text)
        for i in regions["p"]:
            para_article[i], para_units[i] = ap, ours
        plan.preface = ap

    # --- articles -----------------------------------------------------------------------
    seen_order: list[tuple[int, str]] = []
    for n, art in enumerate(manifest["articles"]):
        stem = art["stem"]
        name = article_anchor(n)
        base = [t for _, t in art["units"]]
        idx = regions.get(name)
        a = current.get(stem)
        if idx is None:
            if stem in current:  # (a deletion already made in issue.yaml is not reported again)
                plan.deleted.append(stem)
            continue
        own, extra = _split_new(idx, paras, art["kind"] == "brief")
        seen_order.append((idx[0], stem))
        for chunk in extra:
            new = NewArticle(stem, section_of.get(stem), [paras[i] for i in chunk if paras[i].accept.strip()])
            if _heads(new) not in known:  # an article added by an earlier sync of this file is not added again
                plan.added.append(new)
        theirs = [paras[i].accept for i in own if paras[i].accept.strip()]
        revs = [r for i in own for r in paras[i].revisions]
        plan.revisions.extend(revs)
        if a is None or a.meta_unreadable:
            merged = Merged()
            if theirs != base:
                merged.conflicts.append("这篇文章已不在本期目录中（或文件无法读取），审阅稿中的修改未同步")
            ap = ArticlePlan(stem, None, next((t for k, t in art["units"] if k == "title"), stem), merged, revs)
            plan.articles.append(ap)
            continue
        source = open_source(a.path, a.body_line)
        units = article_units(a, wording, layout)
        set_spans(units, source, a)
        same = file_hash(a.path) == art["sha"] and [u.text for u in units] == base
        runs = [paras[i].inlines() for i in own if paras[i].accept.strip()]
        merged = merge_article(base, theirs, units, source, same, runs)
        ap = ArticlePlan(stem, a.path, a.title or (units[0].text if units else stem), merged, revs)
        if merged.text is not None:
            again, problems = _reload(a.path, stem, merged.text)
            got = article_units(again, wording, layout)
            # a title is compared without spaces: where a long title breaks (and drops a space) is layout
            squeeze = lambda u, t: re.sub(r"\s", "", t) if u.kind == "title" else t  # noqa: E731
            if problems or len(got) != len(merged.expected) or any(
                    squeeze(u, u.text) != squeeze(u, t) for u, t in zip(got, merged.expected)):
                merged.unsynced.append("写回后文章读出的文字与审阅稿不一致，为安全起见未修改这篇文章，请手工修改（这篇文章未修改）")
                merged.text = None
            else:
                ap.new_bytes = source.src.encode(merged.text)
        for i in own:
            para_article[i], para_units[i] = ap, units
        plan.articles.append(ap)

    # --- moved articles -------------------------------------------------------------------
    new_order = [s for _, s in sorted(seen_order) if s in current]
    now = [a.stem for a in bulletin.articles() if a.stem in new_order]  # the toc as it is now
    if new_order != now:
        plan.order = new_order

    # --- comments -------------------------------------------------------------------------
    for c in reviewed.comments.values():
        at = reviewed.index_map.get(c.para, -1)
        ap = para_article.get(at)
        if ap is None:
            plan.loose_comments.append(c)
            continue
        ap.comments.append((c, _source_line(para_units.get(at, []), [], c.quoted)))
    return plan
