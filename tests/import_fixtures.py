"""Invented Word submissions and bulletins for the import tests (no real text).

Everything is written in code: python-docx for .docx, a generated PNG, and
HTML/Markdown sources that LibreOffice and pandoc turn into .docx.
"""

from __future__ import annotations

import tempfile
import zlib
import struct
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from helpers import lo_convert, soffice  # noqa: F401 - the import tests call F.soffice / F.lo_convert

CENTER = "湖北省示范专科质量控制中心"
TITLE = "夯实基层网络 提升服务质量"
INTRO = "为推进本专业质控工作，中心在2026年第1季度围绕网络建设、指标监测和人才培养开展了三项重点工作。"
LEAD = "建立联络员制度。"
LEAD_REST = "中心在各市州设立质控联络员12名，每月汇总一次工作进展，并在季度会议上通报。"
SUBHEADING = "一、完善组织体系"
LIST_ITEMS = ["每季度开展一次数据核查；", "每半年召开一次专家会议；", "每年发布一次质控报告。"]
TABLE = [["指标", "2025年", "2026年第1季度"], ["上报及时率", "91.2%", "95.6%"], ["数据完整率", "88.0%", "93.4%"]]
CAPTION = "图1 各片区上报情况"
CLOSING = "下一步，中心将继续完善质控网络，推动指标监测常态化。"
COMMENT = "该中心以制度建设带动网络完善，以数据核查保障监测质量，做法扎实，可供各专业借鉴。"

LABEL_FORMS = {
    "plain": ("点评：", "plain"),
    "ascii-colon": ("点评:", "plain"),
    "no-colon": ("点评", "plain"),
    "bold": ("点评：", "bold"),
    "heading": ("点评：", "heading"),
    "inline": ("点评：", "inline"),
    "brackets": ("【点评】", "plain"),
}


def png_bytes(w: int = 40, h: int = 24) -> bytes:
    """A small valid PNG (solid colour), without Pillow."""
    raw = b"".join(b"\x00" + bytes((200, 60, 40)) * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _bold_lead(doc, lead: str, rest: str, style: str | None = None):
    p = doc.add_paragraph(style=style)
    r = p.add_run(lead)
    r.bold = True
    p.add_run(rest)
    return p


def submission_docx(path: Path, label_form: str = "plain", center_dash: str = "——", with_center: bool = True,
                    title_style: str = "Title") -> Path:
    """A contributor's article as Word writes it: center line, title, body with a
    sub-heading, a bold lead-in, a numbered list, a table with a header row, a
    picture with a caption, and the 点评 in the given label form."""
    doc = docx.Document()
    if with_center:
        doc.add_paragraph(CENTER + center_dash)
    if title_style == "centered-bold":
        t = doc.add_paragraph()
        t.alignment = WD_ALIGN_PARAGRAPH.CENTER
        t.add_run(TITLE).bold = True
    else:
        doc.add_paragraph(TITLE, style=title_style)
    doc.add_paragraph("\u3000\u3000" + INTRO)  # typed indentation
    doc.add_paragraph(SUBHEADING, style="Heading 2")
    _bold_lead(doc, LEAD, LEAD_REST)
    for item in LIST_ITEMS:
        doc.add_paragraph(item, style="List Number")
    table = doc.add_table(rows=len(TABLE), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    img = Path(tempfile.mkdtemp()) / "chart.png"
    img.write_bytes(png_bytes())
    doc.add_picture(str(img))
    cap = doc.add_paragraph(CAPTION, style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(CLOSING)
    label, how = LABEL_FORMS[label_form]
    if how == "inline":
        doc.add_paragraph(label + COMMENT)
    elif how == "heading":
        doc.add_paragraph(label, style="Heading 3")
        doc.add_paragraph(COMMENT)
    else:
        p = doc.add_paragraph()
        p.add_run(label).bold = how == "bold"
        doc.add_paragraph(COMMENT)
    doc.save(str(path))
    return path


# --------------------------------------------------------------------------- a published bulletin
BULLETIN_NAME = "湖北医疗质控管理工作简报"
ARTICLES = [
    # (center or None when the file lost its center line, title, paragraphs, commentary)
    ("湖北省甲专业质量控制中心", "织密质控网络 守护患者安全",
     ["甲中心本季度完成了全省哨点医院的遴选工作，共确定哨点医院36家。", "中心组织专家开展现场指导，覆盖医院18家。"],
     "甲中心抓住了网络建设这个关键。"),
    (None, "规范诊疗行为 提升服务能力",
     ["乙中心制定了本专业的诊疗规范，并在全省推广使用，首批试点医院共有24家，试点周期为六个月，期间每月召开一次",
      "进度会，及时解决试点中发现的问题。",
      "中心还编写了培训教材，培训基层医务人员500余人次。"],
     "乙中心以规范促提升，效果明显。"),
    ("湖北省丙专业质量控制中心", "数据驱动质控 精准改进质量",
     ["丙中心建立了质控指标月报制度，按月向各医院反馈排名情况。"],
     "丙中心用数据说话，值得推广。"),
]
BRIEFS = [
    ("甲市示范质量控制中心", "3月，甲市示范质量控制中心召开全市质控工作会议，部署全年重点任务。"),
    ("乙州示范质量控制中心", "乙州示范质量控制中心完成了全州基层医院的督导，共发现问题41条。"),
]
PREFACE = "本期集中编发各专业质控中心的工作稿件，供各级质控组织交流借鉴。"


def _pageref_entry(doc, number: int, title: str, center: str, page: int):
    """A TOC line as the new qcbrief DOCX writes it: static text, a dot-leader tab
    and a PAGEREF field whose code must not be read as text."""
    p = doc.add_paragraph()
    p.add_run(f"{number}.{title}")
    p.add_run("\t")
    p.add_run(f"{center}（")
    for kind, text in (("begin", None), (None, f" PAGEREF _Toc{number:04d} \\h "), ("separate", None),
                       (None, None), ("end", None)):
        r = p.add_run()
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._r.append(fc)
        elif text:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            r._r.append(it)
        else:
            r.text = str(page)
    p.add_run("）")
    return p


def _word_toc_entry(doc, title: str, page: int):
    """A line of Word's own TOC field result: title, tab, page (style "toc 1")."""
    try:
        style = doc.styles["toc 1"]
    except KeyError:
        from docx.enum.style import WD_STYLE_TYPE

        style = doc.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    p = doc.add_paragraph(style=style)
    p.add_run(f"{title}\t{page}")
    return p


def bulletin_docx(path: Path, distribution_report: str = "省示范委员会办公室", toc: str = "pageref",
                  chinese_date: bool = False, plain_titles: bool = False, colophon_table: bool = False,
                  inline_briefs: bool = False, toc_first: bool = False, brief_heading: bool = True) -> Path:
    """plain_titles: titles set only by size (22 pt on 16 pt text, not bold) and no
    page breaks; colophon_table: the 版记 as a table; inline_briefs: "中心——正文" lines."""
    """A past bulletin as an office would have laid it out in Word by hand:
    no qcbrief styles, a TOC with PAGEREF fields, an article whose center line
    is missing, a paragraph cut by a page break, 简讯 and the 版记."""
    doc = docx.Document()
    name = doc.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = name.add_run(BULLETIN_NAME)
    r.bold = True
    r.font.size = Pt(36)
    c = doc.add_paragraph("第3期（总第21期）")
    c.alignment = WD_ALIGN_PARAGRAPH.CENTER
    c = doc.add_paragraph("（2026年第2季度·示范篇）")
    c.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("湖北省医疗质量控制中心管理办公室\t" + ("二〇二六年六月三十日" if chinese_date else "2026年6月30日"))
    def preface():
        p = doc.add_paragraph()
        p.add_run("按：").bold = True
        p.add_run(PREFACE)

    if not toc_first:
        preface()
    t = doc.add_paragraph("目  录")
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for k, (center, title, _, _) in enumerate(ARTICLES, 1):
        if toc == "pageref":
            _pageref_entry(doc, k, title, center or "湖北省乙专业质量控制中心", k * 2 - 1)
        else:
            _word_toc_entry(doc, title, k * 2 - 1)
    if toc == "pageref":
        doc.add_paragraph("简讯……（7）")
    else:
        _word_toc_entry(doc, "简讯", 7)
    if toc_first:
        preface()
    if plain_titles:
        doc.styles["Normal"].font.size = Pt(16)
    for k, (center, title, paras, comment) in enumerate(ARTICLES):
        first = None
        if center:
            first = doc.add_paragraph(center + "——")
        t = doc.add_paragraph()
        t.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = t.add_run(title)
        if plain_titles:
            run.font.size = Pt(22)
        else:
            run.bold = True
        first = first or t
        first.paragraph_format.page_break_before = not plain_titles
        for text in paras:
            doc.add_paragraph(text)
        doc.add_paragraph().add_run("点评：").bold = True
        doc.add_paragraph(comment)
    if brief_heading:
        h = doc.add_paragraph("简讯")
        h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        h.paragraph_format.page_break_before = True
    for center, text in BRIEFS:
        if inline_briefs:
            p = doc.add_paragraph()
            p.add_run(center + "——").bold = True
            p.add_run(text)
        else:
            doc.add_paragraph(center + "——")
            doc.add_paragraph(text)
    doc.add_paragraph("7")  # a page number left in the text flow
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("湖北省临床检验中心")
    lines = [f"报：{distribution_report}。",
             "分送：各市、州、县卫生健康委（局）；委直属直管单位；各医疗卫生单位；各省级医疗质控中心。",
             "投稿地址：武汉市武昌区丁字桥60号（湖北省临床检验中心）",
             "电话：027-87830166\u3000\u3000邮箱：HBYLZGB@163.com"]
    if colophon_table:
        table = doc.add_table(rows=len(lines), cols=1)
        for row, text in zip(table.rows, lines):
            row.cells[0].text = text
        table.add_column(Pt(20))  # two columns, so it is not taken for a frame
    else:
        for text in lines:
            doc.add_paragraph(text)
    doc.save(str(path))
    return path


def encrypted_docx(path: Path, plain: Path) -> Path:
    """A password-protected .docx as Word writes it (an OLE file with an
    EncryptedPackage stream), made with msoffcrypto-tool."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(plain, "rb") as src, open(path, "wb") as out:
        OOXMLFile(src).encrypt("invented-password", out)
    return path


# --------------------------------------------------------------------------- other tools
SUBMISSION_HTML = f"""<html><head><meta charset="utf-8"></head><body>
<p>{CENTER}——</p>
<h1 style="text-align:center">{TITLE}</h1>
<p>{INTRO}</p>
<h2>{SUBHEADING}</h2>
<p><b>{LEAD}</b>{LEAD_REST}</p>
<table border="1"><thead><tr>{''.join(f'<th>{c}</th>' for c in TABLE[0])}</tr></thead>
<tbody>{''.join('<tr>' + ''.join(f'<td>{c}</td>' for c in row) + '</tr>' for row in TABLE[1:])}</tbody></table>
<p>{CLOSING}</p>
<p><b>点评：</b></p>
<p>{COMMENT}</p>
</body></html>
"""

SUBMISSION_MD = f"""{CENTER}——

# {TITLE}

{INTRO}

## {SUBHEADING}

**{LEAD}**{LEAD_REST}

1. {LIST_ITEMS[0]}
2. {LIST_ITEMS[1]}
3. {LIST_ITEMS[2]}

| {' | '.join(TABLE[0])} |
| --- | --- | --- |
""" + "".join(f"| {' | '.join(r)} |\n" for r in TABLE[1:]) + f"""
{CLOSING}

### 点评：

{COMMENT}
"""
