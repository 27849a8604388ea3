"""Read a (reviewed) DOCX: its paragraphs in order with their text as accepted and as
rejected (tracked changes), the sync anchors, tracked-change proposals with their
authors, reviewer comments and the custom document properties.

Plain lxml over the package parts: python-docx does not expose tracked changes,
comments or custom properties, and a reviewed file may come from Word, WPS or
LibreOffice in any of their shapes (runs split anywhere, hyperlinks, content
controls, fields).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import UsageError
from ..safezip import UnsafeZip, check_archive, read_member
from .units import FIGURE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ANCHOR = "_qcbs_"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Revision:
    kind: str  # 插入 | 删除 | 移入 | 移出 | 格式
    author: str
    text: str
    date: str = ""


@dataclass
class Comment:
    ident: str
    author: str
    text: str
    date: str = ""
    quoted: str = ""  # the commented text
    para: int = -1  # index of the paragraph where the commented range starts


@dataclass
class RPara:
    style: str = ""  # the paragraph style's name (survives LibreOffice's renaming of ids)
    accept: str = ""
    reject: str = ""
    anchors: list[str] = field(default_factory=list)
    mark_ins: bool = False
    mark_del: bool = False
    revisions: list[Revision] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    table: bool = False
    bold: list[tuple[int, int]] = field(default_factory=list)  # bold (start, end) spans of the accepted text

    def inlines(self) -> list:
        """The accepted text as model runs, bold where the reviewer's runs are bold."""
        from ..model import Inline

        out, pos = [], 0
        for a, b in self.bold:
            if a > pos:
                out.append(Inline(self.accept[pos:a]))
            out.append(Inline(self.accept[a:b], bold=True))
            pos = b
        if pos < len(self.accept):
            out.append(Inline(self.accept[pos:]))
        return [i for i in out if i.text]


@dataclass
class Reviewed:
    path: Path
    paras: list[RPara]
    comments: dict[str, Comment]
    properties: dict[str, str]
    index_map: dict[int, int] = field(default_factory=dict)  # raw paragraph -> texts() paragraph

    def texts(self, mode: str) -> list[RPara]:
        """Paragraphs as the document reads with tracked changes accepted ("accept") or
        rejected ("reject"): a paragraph mark inserted (rejected) or deleted (accepted)
        joins its paragraph with the next one."""
        out: list[RPara] = []
        carry: RPara | None = None
        self.index_map: dict[int, int] = {}
        for n, p in enumerate(self.paras):
            self.index_map[n] = len(out)
            text = p.accept if mode == "accept" else p.reject
            bold = list(p.bold) if mode == "accept" else []
            if carry is not None:
                shift = len(carry.accept)
                merged = RPara(carry.style, anchors=carry.anchors + p.anchors, revisions=carry.revisions + p.revisions,
                               comments=carry.comments + p.comments, table=p.table,
                               bold=carry.bold + [(a + shift, b + shift) for a, b in bold])
                text = carry.accept + text
                p2 = merged
            else:
                p2 = RPara(p.style, anchors=list(p.anchors), revisions=list(p.revisions), comments=list(p.comments),
                           table=p.table, bold=bold)
            p2.accept = p2.reject = text
            joined = (p.mark_del if mode == "accept" else p.mark_ins) and not p.table
            if joined:
                own = p.accept if mode == "accept" else p.reject
                if not own.strip():  # a paragraph deleted whole: its anchors go with it
                    p2.anchors = carry.anchors if carry is not None else []
                carry = p2
                continue
            carry = None
            out.append(p2)
        if carry is not None:
            out.append(carry)
        return out


def _bad(path: Path, what: str) -> UsageError:
    return UsageError(f"{path}：{what}，未修改任何文件")


def open_package(path: Path) -> zipfile.ZipFile:
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise UsageError(f"{path}：无法读取（{exc.strerror or exc}）") from None
    if head == OLE_MAGIC:
        raise _bad(path, "文件有密码保护（或是旧版 .doc 格式），请在 Word 中取消密码并另存为 .docx 后再同步")
    try:
        z = zipfile.ZipFile(path)
        z.getinfo("word/document.xml")
        check_archive(z)  # sizes, ratio and member count before anything is inflated
        return z
    except (zipfile.BadZipFile, KeyError, OSError):
        raise _bad(path, "不是有效的 Word 文档（.docx），文件可能已损坏") from None
    except UnsafeZip as exc:
        raise _bad(path, exc.message) from None


def _xml(z: zipfile.ZipFile, name: str, path: Path):
    try:
        data = read_member(z, name)  # inflated in chunks under a cap (safezip)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _bad(path, "不是有效的 Word 文档（.docx），文件可能已损坏") from None
    except UnsafeZip as exc:
        raise _bad(path, exc.message) from None
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        raise _bad(path, f"文档内容（{name}）已损坏") from None


def read_properties(z: zipfile.ZipFile, path: Path) -> dict[str, str]:
    root = _xml(z, "docProps/custom.xml", path)
    if root is None:
        return {}
    out = {}
    for prop in root:
        name = prop.get("name")
        if name:
            out[name] = "".join(prop.itertext())
    return out


class _Walker:
    def __init__(self, styles: dict[str, str]):
        self.styles = styles
        self.paras: list[RPara] = []
        self.open_comments: dict[str, list[str]] = {}
        self.comment_start: dict[str, int] = {}
        self.quoted: dict[str, str] = {}

    # -- text sinks ------------------------------------------------------------
    def _emit(self, p: RPara, text: str, accept: bool, reject: bool) -> None:
        if accept:
            p.accept += text
            for buf in self.open_comments.values():
                buf.append(text)
        if reject:
            p.reject += text

    def _run(self, r, p: RPara, accept: bool, reject: bool, rev: Revision | None) -> None:
        b = r.find(f"{w('rPr')}/{w('b')}")
        bold = b is not None and b.get(w("val"), "true") not in ("0", "false", "off")
        start = len(p.accept)
        self._run_text(r, p, accept, reject, rev)
        if bold and accept and len(p.accept) > start:
            if p.bold and p.bold[-1][1] == start:
                p.bold[-1] = (p.bold[-1][0], len(p.accept))
            else:
                p.bold.append((start, len(p.accept)))

    def _run_text(self, r, p: RPara, accept: bool, reject: bool, rev: Revision | None) -> None:
        for c in r:
            tag = c.tag
            text = None
            if tag in (w("t"), w("delText")):
                text = c.text or ""
            elif tag == w("tab"):
                text = "\t"
            elif tag in (w("br"), w("cr")):
                if c.get(w("type")) in ("page", "column"):
                    continue
                text = "\n"
            elif tag == w("noBreakHyphen"):
                text = "-"
            elif tag in (w("drawing"), w("pict"), w("object"), f"{{{MC}}}AlternateContent"):
                text = FIGURE
            elif tag == w("rPr"):
                ch = c.find(w("rPrChange"))
                if ch is not None:
                    p.revisions.append(Revision("格式", ch.get(w("author"), ""), "".join(r.itertext()),
                                                ch.get(w("date"), "")))
            if text:
                self._emit(p, text, accept, reject)
                if rev is not None:
                    rev.text += text

    def _inline(self, parent, p: RPara, accept: bool, reject: bool, rev: Revision | None) -> None:
        for c in parent:
            tag = c.tag
            if tag == w("r"):
                self._run(c, p, accept, reject, rev)
            elif tag in (w("ins"), w("moveTo"), w("del"), w("moveFrom")):
                kind = {w("ins"): "插入", w("moveTo"): "移入", w("del"): "删除", w("moveFrom"): "移出"}[tag]
                r2 = Revision(kind, c.get(w("author"), ""), "", c.get(w("date"), ""))
                adding = tag in (w("ins"), w("moveTo"))
                self._inline(c, p, accept and adding, reject and not adding, r2)
                if r2.text:
                    p.revisions.append(r2)
            elif tag == w("bookmarkStart"):
                name = c.get(w("name"), "")
                if name.startswith(ANCHOR):
                    p.anchors.append(name[len(ANCHOR):])
            elif tag == w("commentRangeStart"):
                ident = c.get(w("id"), "")
                self.open_comments[ident] = []
                self.comment_start[ident] = len(self.paras) - 1
                p.comments.append(ident)
            elif tag == w("commentRangeEnd"):
                ident = c.get(w("id"), "")
                if ident in self.open_comments:
                    self.quoted[ident] = "".join(self.open_comments.pop(ident))
            elif tag in (w("hyperlink"), w("smartTag"), w("customXml"), w("fldSimple"), w("sdt"), w("sdtContent"),
                         w("dir"), w("bdo")):
                self._inline(c, p, accept, reject, rev)
            elif tag == f"{{{MC}}}AlternateContent":
                self._emit(p, FIGURE, accept, reject)

    def paragraph(self, el, table: bool = False) -> RPara:
        p = RPara(table=table)
        self.paras.append(p)
        ppr = el.find(w("pPr"))
        if ppr is not None:
            s = ppr.find(w("pStyle"))
            if s is not None:
                p.style = self.styles.get(s.get(w("val"), ""), s.get(w("val"), ""))
            mark = ppr.find(w("rPr"))
            if mark is not None:
                ins = mark.find(w("ins")) if mark.find(w("ins")) is not None else mark.find(w("moveTo"))
                dl = mark.find(w("del")) if mark.find(w("del")) is not None else mark.find(w("moveFrom"))
                p.mark_ins = ins is not None
                p.mark_del = dl is not None
                for m, kind in ((ins, "插入段落"), (dl, "删除段落标记")):
                    if m is not None:
                        p.revisions.append(Revision(kind, m.get(w("author"), ""), "¶", m.get(w("date"), "")))
            ch = ppr.find(w("pPrChange"))
            if ch is not None:
                p.revisions.append(Revision("格式", ch.get(w("author"), ""), "", ch.get(w("date"), "")))
        self._inline(el, p, True, True, None)
        if p.style == "标题":  # an article title's line breaks are layout, not words
            p.accept, p.reject = p.accept.replace("\n", ""), p.reject.replace("\n", "")
            p.bold = []
        return p

    def table(self, tbl) -> None:
        """A table is one paragraph: rows by "\n", cells by "\t" (a cell's paragraphs by " ")."""
        t = RPara(table=True)
        self.paras.append(t)
        acc_rows, rej_rows = [], []
        for tr in tbl.iter(w("tr")):
            acc_cells, rej_cells = [], []
            for tc in tr.findall(w("tc")):
                sub = _Walker(self.styles)
                sub.open_comments = self.open_comments
                ps = [sub.paragraph(p) for p in tc.iter(w("p"))]
                acc_cells.append(" ".join(x.accept for x in ps).replace("\n", " ").replace("\t", " "))
                rej_cells.append(" ".join(x.reject for x in ps).replace("\n", " ").replace("\t", " "))
                for x in ps:
                    t.anchors += x.anchors
                    t.revisions += x.revisions
                    t.comments += x.comments
                    for ident in x.comments:
                        self.comment_start[ident] = len(self.paras) - 1
                self.quoted.update(sub.quoted)
            acc_rows.append("\t".join(acc_cells))
            rej_rows.append("\t".join(rej_cells))
        t.accept, t.reject = "\n".join(acc_rows), "\n".join(rej_rows)

    def body(self, parent) -> None:
        for c in parent:
            if c.tag == w("p"):
                self.paragraph(c)
            elif c.tag == w("tbl"):
                self.table(c)
            elif c.tag in (w("sdt"), w("sdtContent"), w("customXml")):
                self.body(c)
            elif c.tag == w("bookmarkStart") and c.get(w("name"), "").startswith(ANCHOR):
                # an anchor between paragraphs (some editors move them there): the next paragraph's
                nxt = c.getnext()
                while nxt is not None and nxt.tag not in (w("p"), w("tbl")):
                    nxt = nxt.getnext()
                if nxt is not None and nxt.tag == w("p"):
                    start = nxt.find(w("pPr"))
                    (start.addnext if start is not None else lambda e: nxt.insert(0, e))(
                        etree.fromstring(etree.tostring(c)))


def style_names(styles_root) -> dict[str, str]:
    out = {}
    if styles_root is None:
        return out
    for s in styles_root.findall(w("style")):
        n = s.find(w("name"))
        if n is not None:
            out[s.get(w("styleId"), "")] = n.get(w("val"), "")
    return out


def read_body(body, styles: dict[str, str]) -> list[RPara]:
    """Paragraphs of a w:body element (also used on a just-built document)."""
    walker = _Walker(styles)
    walker.body(body)
    return walker.paras


def read_reviewed(path: Path) -> Reviewed:
    z = open_package(path)
    with z:
        doc = _xml(z, "word/document.xml", path)
        styles = style_names(_xml(z, "word/styles.xml", path))
        props = read_properties(z, path)
        comments_root = _xml(z, "word/comments.xml", path)
    body = doc.find(w("body")) if doc is not None else None
    if body is None:
        raise _bad(path, "不是有效的 Word 文档（缺少正文）")
    walker = _Walker(styles)
    walker.body(body)
    comments: dict[str, Comment] = {}
    if comments_root is not None:
        for c in comments_root.findall(w("comment")):
            ident = c.get(w("id"), "")
            text = "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in c.iter(w("p"))).strip()
            comments[ident] = Comment(ident, c.get(w("author"), ""), text, c.get(w("date"), ""),
                                      walker.quoted.get(ident, ""), walker.comment_start.get(ident, -1))
    return Reviewed(path, walker.paras, comments, props)
