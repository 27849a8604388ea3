"""A .docx file -> source paragraphs (python-docx for the package, its XML for the body).

The body is walked in document order, into content controls (w:sdt, where
Word keeps its TOC), hyperlinks, insertions and simple fields; deleted text
and field instructions (w:instrText: TOC, PAGEREF, PAGE codes) are not text.
Bold, alignment, outline level and numbering are resolved through the style
chain, as Word does, so "bold because the style says so" counts.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError

from ..model import Inline, Table
from ..safezip import UnsafeZip, open_docx
from .source import ImageData, ImportError_, Para

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _on(el) -> bool | None:
    """A toggle property (w:b, w:i): None when absent."""
    if el is None:
        return None
    val = el.get(_w("val"))
    return val is None or val.lower() not in ("0", "false", "off", "none")


# qcbrief's own paragraph styles (ids, and the Chinese names an editor sees in
# Word) and Word's built-in ones -> roles the splitter understands.
ROLE_BY_ID = {
    "centerline": "center", "articletitle": "title", "commentarylabel": "commentary_label",
    "commentary": "commentary", "preface": "preface", "tocheading": "toc_heading", "tocentry": "toc",
    "mastheadname": "masthead_name", "mastheadnumber": "masthead_number", "mastheadoffice": "masthead_office",
    "sectionheading": "section", "caption": "caption", "figure": "figure", "colophon": "colophon",
    "title": "title", "imagecaption": "caption", "tablecaption": "caption", "body": "body",
}
ROLE_BY_NAME = {
    "中心署名": "center", "标题": "title", "点评标签": "commentary_label", "点评": "commentary", "按语": "preface",
    "目录标题": "toc_heading", "目录": "toc", "报头名称": "masthead_name", "报头期号": "masthead_number",
    "报头单位": "masthead_office", "简讯分组": "section", "图题": "caption", "题注": "caption", "图片": "figure",
    "版记": "colophon", "title": "title", "caption": "caption", "toc heading": "toc_heading",
    "image caption": "caption", "table caption": "caption", "正文": "body",
}
_HEADING_NAME = re.compile(r"^(?:heading|标题|小标题)\s*(\d)$", re.I)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*\d$", re.I)


class _Styles:
    """Paragraph/character style properties resolved along basedOn."""

    def __init__(self, document):
        self.by_id = {}
        root = document.styles.element
        for s in root.findall(_w("style")):
            self.by_id[s.get(_w("styleId"))] = s
        self.default_para = None
        for s in root.findall(_w("style")):
            if s.get(_w("type")) == "paragraph" and s.get(_w("default")) in ("1", "true"):
                self.default_para = s.get(_w("styleId"))
        self._cache: dict = {}
        sz = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('sz')}")
        self.default_size = int(sz.get(_w("val"))) / 2 if sz is not None and sz.get(_w("val", )) else 10.5

    def name(self, sid: str | None) -> str:
        s = self.by_id.get(sid)
        if s is None:
            return ""
        n = s.find(_w("name"))
        return (n.get(_w("val")) if n is not None else "") or ""

    def prop(self, sid: str | None, path: str):
        """First element at path (e.g. 'w:rPr/w:b') along the style chain."""
        key = (sid, path)
        if key in self._cache:
            return self._cache[key]
        found, seen = None, set()
        parts = [_w(p.split(":", 1)[1]) for p in path.split("/")]
        while sid and sid not in seen and found is None:
            seen.add(sid)
            s = self.by_id.get(sid)
            if s is None:
                break
            el = s
            for p in parts:
                el = el.find(p) if el is not None else None
            found = el
            b = s.find(_w("basedOn"))
            sid = b.get(_w("val")) if b is not None else None
        self._cache[key] = found
        return found


class _Numbering:
    def __init__(self, document):
        self.fmt: dict[tuple[str, int], tuple[str, int]] = {}
        try:
            part = document.part.numbering_part
        except Exception:  # no numbering part
            return
        root = part.element
        abstract = {}
        for an in root.findall(_w("abstractNum")):
            levels = {}
            for lvl in an.findall(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                start = lvl.find(_w("start"))
                levels[int(lvl.get(_w("ilvl"), "0"))] = (
                    fmt.get(_w("val")) if fmt is not None else "decimal",
                    int(start.get(_w("val"))) if start is not None else 1,
                )
            abstract[an.get(_w("abstractNumId"))] = levels
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            levels = abstract.get(ref.get(_w("val")) if ref is not None else None, {})
            for ilvl, v in levels.items():
                self.fmt[(num.get(_w("numId")), ilvl)] = v

    def ordered(self, num_id: str, ilvl: int) -> tuple[bool, int]:
        fmt, start = self.fmt.get((num_id, ilvl), ("decimal", 1))
        return fmt not in ("bullet", "none"), start


class DocxReader:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.doc = open_docx(path)  # bounded: a zip bomb is refused before it is inflated
        except UnsafeZip as exc:
            raise ImportError_(exc.message) from None
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise ImportError_(f"文件已损坏或不是 Word 文档（{type(exc).__name__}）") from None
        self.styles = _Styles(self.doc)
        self.numbering = _Numbering(self.doc)
        self.paras: list[Para] = []

    # --- paragraphs -------------------------------------------------------
    def read(self) -> list[Para]:
        self._container(self.doc.element.body)
        return self.paras

    def _container(self, el) -> None:
        for child in el:
            tag = _local(child)
            if tag == "p":
                self._paragraph(child)
            elif tag == "tbl":
                self._table(child)
            elif tag in ("sdt", "sdtContent", "customXml", "ins"):
                self._container(child)

    def _style_id(self, p) -> str | None:
        ppr = p.find(_w("pPr"))
        ps = ppr.find(_w("pStyle")) if ppr is not None else None
        return ps.get(_w("val")) if ps is not None else self.styles.default_para

    def _ppr(self, p, sid, tag):
        ppr = p.find(_w("pPr"))
        el = ppr.find(_w(tag)) if ppr is not None else None
        return el if el is not None else self.styles.prop(sid, f"w:pPr/w:{tag}")

    def _role(self, sid: str | None, name: str) -> tuple[str | None, int]:
        low = (sid or "").lower()
        m = re.fullmatch(r"heading(\d)", low) or _HEADING_NAME.match(name.strip())
        if m:
            return "heading", int(m.group(1))
        if low in ROLE_BY_ID:
            return ROLE_BY_ID[low], 0
        if name.strip().lower() in ROLE_BY_NAME:
            return ROLE_BY_NAME[name.strip().lower()], 0
        if re.fullmatch(r"toc\d", low) or _TOC_NAME.match(name.strip()):
            return "toc", 0
        return None, 0

    def _paragraph(self, p, in_table: bool = False) -> list[Para]:
        sid = self._style_id(p)
        name = self.styles.name(sid)
        role, level = self._role(sid, name)
        jc = self._ppr(p, sid, "jc")
        centered = jc is not None and jc.get(_w("val")) == "center"
        if not level:
            ol = self._ppr(p, sid, "outlineLvl")
            if ol is not None and role in (None, "body") and ol.get(_w("val")) not in (None, "9"):
                level = int(ol.get(_w("val"))) + 1
                role = "heading"
        pb = _on(self._ppr(p, sid, "pageBreakBefore")) or False
        para_bold = _on(self.styles.prop(sid, "w:rPr/w:b"))
        psz = self.styles.prop(sid, "w:rPr/w:sz")
        para_size = int(psz.get(_w("val"))) / 2 if psz is not None else self.styles.default_size
        sizes: list[float] = []
        para_italic = _on(self.styles.prop(sid, "w:rPr/w:i"))
        runs: list[Inline] = []
        images: list[ImageData] = []
        state = {"instr": 0, "page_break": False}

        def add(text: str, bold: bool, italic: bool) -> None:
            if not text:
                return
            if runs and (runs[-1].bold, runs[-1].italic) == (bold, italic):
                runs[-1].text += text
            else:
                runs.append(Inline(text, bold=bold, italic=italic))

        def run(r) -> None:
            rpr = r.find(_w("rPr"))
            rs = rpr.find(_w("rStyle")) if rpr is not None else None
            rsid = rs.get(_w("val")) if rs is not None else None
            bold = _on(rpr.find(_w("b"))) if rpr is not None else None
            if bold is None:
                bold = _on(self.styles.prop(rsid, "w:rPr/w:b")) if rsid else None
            if bold is None:
                bold = para_bold or False
            italic = _on(rpr.find(_w("i"))) if rpr is not None else None
            if italic is None:
                italic = (_on(self.styles.prop(rsid, "w:rPr/w:i")) if rsid else None) or para_italic or False
            vanish = rpr is not None and _on(rpr.find(_w("vanish")))
            sz = rpr.find(_w("sz")) if rpr is not None else None
            if sz is None and rsid:
                sz = self.styles.prop(rsid, "w:rPr/w:sz")
            try:
                size = int(sz.get(_w("val"))) / 2 if sz is not None else para_size
            except (TypeError, ValueError):
                size = para_size
            for c in r:
                t = _local(c)
                if t == "fldChar":
                    kind = c.get(_w("fldCharType"))
                    if kind == "begin":
                        state["instr"] += 1
                    elif kind == "separate":
                        state["instr"] = max(0, state["instr"] - 1)
                    continue
                if state["instr"] or vanish:
                    continue
                if t == "t":
                    add(c.text or "", bold, italic)
                    if (c.text or "").strip():
                        sizes.append(size)
                elif t == "tab":
                    add("\t", bold, italic)
                elif t in ("br", "cr"):
                    if c.get(_w("type")) == "page":
                        if not "".join(i.text for i in runs).strip():
                            state["page_break"] = True
                        continue
                    if c.get(_w("type")) == "column":
                        continue
                    add("\n", bold, italic)
                elif t == "noBreakHyphen":
                    add("-", bold, italic)
                elif t in ("drawing", "pict", "object", "AlternateContent"):
                    found = self._images(c)
                    images.extend(found)
                    if not found and any(_local(n) == "chart" for n in c.iter()):
                        add("［此处是 Word 图表，未能导入：请在 Word 中另存为图片后插入］", False, False)

        def walk(el) -> None:
            for c in el:
                t = _local(c)
                if t == "r":
                    run(c)
                elif t in ("hyperlink", "smartTag", "ins", "fldSimple", "customXml", "sdt", "sdtContent", "dir",
                           "bdo", "moveTo"):
                    walk(c)

        walk(p)
        pb = pb or state["page_break"]
        num = self._ppr(p, sid, "numPr")
        out: list[Para] = []
        for img in images:
            out.append(Para("image", image=img, role="figure", page_break=pb))
            pb = False
        text = "".join(i.text for i in runs)
        if text.strip():
            para = Para("p", runs, role=role, style=name or (sid or ""), level=level, centered=centered,
                        page_break=pb, size=max(sizes) if sizes else para_size)
            if num is not None and role not in ("heading", "title", "toc") and not in_table:
                nid = num.find(_w("numId"))
                ilvl = num.find(_w("ilvl"))
                num_id = nid.get(_w("val")) if nid is not None else "0"
                if num_id != "0":
                    depth = int(ilvl.get(_w("val"))) if ilvl is not None else 0
                    para.kind = "list"
                    para.ordered, _ = self.numbering.ordered(num_id, depth)
                    para.depth = depth
                    para.list_id = num_id
            out.append(para)
        elif pb and not images:
            out.append(Para("p", [], page_break=True))
        if not in_table:
            self.paras.extend(out)
        return out

    def _images(self, el) -> list[ImageData]:
        found: list[ImageData] = []
        seen: set[str] = set()
        # Inside mc:AlternateContent only the first choice counts (the fallback repeats it).
        for node in el.iter():
            if _local(node) == "Fallback":
                continue
            rid = None
            if _local(node) == "blip":
                rid = node.get(f"{{{R}}}embed") or node.get(f"{{{R}}}link")
            elif _local(node) == "imagedata":
                rid = node.get(f"{{{R}}}id")
            if not rid or rid in seen:
                continue
            if any(_local(a) == "Fallback" for a in node.iterancestors()):
                continue
            seen.add(rid)
            part = self.doc.part.related_parts.get(rid)
            if part is None:
                continue
            ext = Path(str(part.partname)).suffix.lower() or ".png"
            found.append(ImageData(part.blob, ".jpeg" if ext == ".jpg" else ext))
        return found

    # --- tables -----------------------------------------------------------
    def _table(self, tbl) -> None:
        rows = []
        header_rows = 0
        for tr in tbl.findall(_w("tr")):
            cells = []
            for tc in tr.findall(_w("tc")):
                paras = []
                for child in tc:
                    if _local(child) == "p":
                        paras.extend(self._paragraph(child, in_table=True))
                    elif _local(child) == "tbl":  # nested table: its text
                        for p in child.iter(_w("p")):
                            paras.extend(self._paragraph(p, in_table=True))
                    elif _local(child) == "sdt":
                        for p in child.iter(_w("p")):
                            paras.extend(self._paragraph(p, in_table=True))
                tcpr = tc.find(_w("tcPr"))
                span, cont = 1, False
                if tcpr is not None:
                    gs = tcpr.find(_w("gridSpan"))
                    span = int(gs.get(_w("val"), "1")) if gs is not None else 1
                    vm = tcpr.find(_w("vMerge"))
                    cont = vm is not None and vm.get(_w("val")) in (None, "continue")
                cells.append((paras, span, cont))
            trpr = tr.find(_w("trPr"))
            if trpr is not None and trpr.find(_w("tblHeader")) is not None and len(rows) == header_rows:
                header_rows += 1
            rows.append(cells)
        if not rows:
            return
        # A one-cell table is a frame around text (or a masthead): its content, unwrapped.
        if len(rows) == 1 and len(rows[0]) == 1:
            for para in rows[0][0][0]:
                self.paras.append(para)
            return
        grid: list[list[list[Inline]]] = []
        for cells in rows:
            row: list[list[Inline]] = []
            for paras, span, cont in cells:
                inl: list[Inline] = []
                if not cont:
                    for k, para in enumerate(p for p in paras if p.kind != "image"):
                        if k:
                            inl.append(Inline("\n"))
                        inl.extend(Inline(i.text.replace("\t", " "), bold=i.bold, italic=i.italic)
                                   for i in para.inlines)
                row.append(_strip(inl))
                row.extend([] for _ in range(span - 1))
            grid.append(row)
        width = max(len(r) for r in grid)
        for r in grid:
            r.extend([] for _ in range(width - len(r)))
        header = grid[0]
        if all(i.bold for c in header for i in c if i.text.strip()):
            header = [[Inline(i.text) for i in c] for c in header]
        lines = ["\t".join("".join(i.text for i in c) for c in r) for r in grid]
        self.paras.append(Para("table", block=Table(header=header, rows=grid[1:], aligns=[None] * width),
                               lines=lines))


def _strip(inl: list[Inline]) -> list[Inline]:
    """Trim whitespace at both ends of a run list; merge equal neighbours."""
    out: list[Inline] = []
    for i in inl:
        if out and (out[-1].bold, out[-1].italic) == (i.bold, i.italic):
            out[-1] = Inline(out[-1].text + i.text, bold=i.bold, italic=i.italic)
        elif i.text:
            out.append(Inline(i.text, bold=i.bold, italic=i.italic))
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    if out:
        out[0] = Inline(out[0].text.lstrip(" \t\u3000"), bold=out[0].bold, italic=out[0].italic)
        out[-1] = Inline(out[-1].text.rstrip(" \t\u3000"), bold=out[-1].bold, italic=out[-1].italic)
    return out


def read_docx(path: Path) -> list[Para]:
    return DocxReader(path).read()
