"""The named paragraph styles of the bulletin and the styles.xml built from Layout.

Every size and font comes from Layout.role(); restyling in Word is one change to
one of these named styles.  Style ids are ASCII (robust in every consumer), the
names are Chinese so an editor finds them in Word's style pane.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...layout import Layout
from .estimate import toc_gap, toc_line_height
from .ooxml import nsdecls, parse_xml, pt_half, twips

EXACT_LINE = "exact"
# no automatic space between Chinese and Latin letters or digits ("2026年3月31日", as in the PDF)
NO_AUTOSPACE = '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'


@dataclass(frozen=True)
class StyleSpec:
    id: str
    name: str
    role: str  # Layout.role name
    jc: str | None = None  # left|center|right|both
    first_indent: bool = False  # two-character first-line indent
    before: int = 0  # twips
    after: int = 0
    line: int | None = None  # exact line height in twips; None = body line pitch
    line_rule: str = EXACT_LINE
    snap: bool = True
    outline: int | None = None  # 0-based outline level
    keep_next: bool = False
    keep_lines: bool = False
    color: str | None = None
    tighten: bool = False  # body text: -0.25 pt so 28 characters fill a line
    tabs: tuple = ()  # (val, pos twips, leader)
    next_id: str | None = None
    bold: bool | None = None  # None: as the role says
    extra: tuple = field(default=())  # extra pPr children (xml strings)


def geometry(layout: Layout) -> dict[str, int]:
    """Page geometry in twips."""
    return {
        "page_w": twips(layout.page_width),
        "page_h": twips(layout.page_height),
        "top": twips(layout.margin_top),
        "left": twips(layout.margin_left),
        "right": twips(layout.margin_right),
        "bottom": twips(layout.margin_bottom),
        "type_w": twips(layout.type_width),
        "type_h": twips(layout.type_height),
        # floor: 22 lines of 579 twips fit the 225 mm type area (580 would not)
        "line": int(layout.line_pitch * 20),
        "indent": int(round(layout.indent * 20)),
        "char": int(round(layout.char_pitch * 20)),
    }


def style_specs(layout: Layout) -> list[StyleSpec]:
    g = geometry(layout)
    line = g["line"]
    half = line // 2
    title_line = twips(layout.title_size * 1.45)
    name_line = twips(layout.name_size * 1.3)
    # 0.35 line above and below the title, as in the PDF: center line + a one-line title take
    # three grid lines in both (the body then starts on the same line of the page)
    title_gap = round(0.35 * line)
    return [
        StyleSpec("Body", "正文", "body", "both", first_indent=True, tighten=True),
        StyleSpec("ArticleTitle", "标题", "title", "center", before=title_gap, after=title_gap, line=title_line,
                  snap=False, outline=0, keep_next=True, keep_lines=True, next_id="Body"),
        StyleSpec("CenterLine", "中心署名", "center", "left", keep_next=True, next_id="ArticleTitle"),
        StyleSpec("Heading1", "小标题1", "heading1", "left", keep_next=True, keep_lines=True, outline=1,
                  next_id="Body"),
        StyleSpec("Heading2", "小标题2", "heading2", "left", keep_next=True, keep_lines=True, outline=2,
                  next_id="Body"),
        StyleSpec("Heading3", "小标题3", "heading3", "left", keep_next=True, keep_lines=True, outline=3,
                  next_id="Body"),
        StyleSpec("CommentaryLabel", "点评标签", "commentary_label", "left", before=line, keep_next=True,
                  keep_lines=True, next_id="Commentary", bold=True),
        StyleSpec("Commentary", "点评", "commentary", "both", first_indent=True, tighten=True),
        StyleSpec("Preface", "按语", "preface", "both", first_indent=True, before=half, tighten=True),
        StyleSpec("TocHeading", "目录标题", "toc_heading", "center", before=half, after=half, keep_next=True,
                  next_id="TocEntry"),
        # one line per entry where it fits, at layout.toc_size (4号) on a tighter line than the body
        StyleSpec("TocEntry", "目录", "toc_entry", "left", tabs=(("right", g["type_w"], "middleDot"),),
                  tighten=True, line=twips(toc_line_height(layout)), before=twips(toc_gap(layout)), snap=False,
                  keep_lines=True),
        StyleSpec("MastheadName", "报头名称", "name", "center", before=line, line=name_line, snap=False,
                  color=layout.name_color.lstrip("#").upper(), after=half),
        StyleSpec("MastheadNumber", "报头期号", "issue_line", "center"),
        StyleSpec("MastheadOffice", "报头单位", "office_line", "left", before=half,
                  tabs=(("right", g["type_w"], None),)),
        StyleSpec("SectionHeading", "简讯分组", "section_heading", "center", after=line, keep_next=True, outline=0,
                  next_id="CenterLine"),
        StyleSpec("Caption", "图题", "caption", "center", after=half, snap=False, line=twips(layout.role("caption").size * 1.5)),
        StyleSpec("Figure", "图片", "body", "center", line=240, line_rule="auto", snap=False, keep_next=True,
                  next_id="Caption"),
        StyleSpec("TableText", "表格", "table", None, line=twips(layout.table_size * 1.5), snap=False),
        StyleSpec("Colophon", "版记", "colophon", "left"),
        StyleSpec("PageNumber", "页码", "page_number", None, line=twips(layout.page_number_size * 1.25), snap=False),
    ]


def _ppr(spec: StyleSpec, layout: Layout) -> str:
    g = geometry(layout)
    parts = []
    if spec.keep_next:
        parts.append("<w:keepNext/>")
    if spec.keep_lines:
        parts.append("<w:keepLines/>")
    if spec.tabs:
        tabs = "".join(
            f'<w:tab w:val="{val}" w:pos="{pos}"' + (f' w:leader="{leader}"' if leader else "") + "/>"
            for val, pos, leader in spec.tabs
        )
        parts.append(f"<w:tabs>{tabs}</w:tabs>")
    parts.append(NO_AUTOSPACE)
    if not spec.snap:
        parts.append('<w:snapToGrid w:val="0"/>')
    line = spec.line if spec.line is not None else g["line"]
    parts.append(f'<w:spacing w:before="{spec.before}" w:after="{spec.after}" w:line="{line}" '
                 f'w:lineRule="{spec.line_rule}"/>')
    if spec.first_indent:
        parts.append(f'<w:ind w:firstLineChars="200" w:firstLine="{g["indent"]}"/>')
    elif spec.id == "Colophon":
        c = twips(layout.colophon_size)
        parts.append(f'<w:ind w:left="{c}" w:right="{c}" w:firstLine="0"/>')
    else:
        parts.append('<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/>')
    if spec.jc:
        parts.append(f'<w:jc w:val="{spec.jc}"/>')
    if spec.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{spec.outline}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def _rpr(font: str, size: float, bold: bool = False, color: str | None = None, tighten: bool = False) -> str:
    parts = [
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}" w:hint="eastAsia"/>',
    ]
    if bold:
        parts.append("<w:b/><w:bCs/>")
    else:
        parts.append('<w:b w:val="0"/><w:bCs w:val="0"/>')
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if tighten:
        parts.append('<w:spacing w:val="-5"/>')
    parts.append(f'<w:sz w:val="{pt_half(size)}"/><w:szCs w:val="{pt_half(size)}"/>')
    parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def style_xml(spec: StyleSpec, layout: Layout, fonts: dict[str, str]) -> str:
    role = layout.role(spec.role)
    font = fonts[role.font]
    nxt = f'<w:next w:val="{spec.next_id}"/>' if spec.next_id else ""
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{spec.id}">'
        f'<w:name w:val="{spec.name}"/><w:basedOn w:val="Normal"/>{nxt}<w:qFormat/>'
        f"{_ppr(spec, layout)}{_rpr(font, role.size, role.bold if spec.bold is None else spec.bold, spec.color, spec.tighten)}</w:style>"
    )


def toc1_style_xml(layout: Layout) -> str:
    """Word's built-in "toc 1" (used when Word regenerates the TOC), looking like 目录."""
    g = geometry(layout)
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/>'
        f'<w:basedOn w:val="TocEntry"/><w:next w:val="Body"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
        f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="middleDot" w:pos="{g["type_w"]}"/></w:tabs>{NO_AUTOSPACE}</w:pPr>'
        "</w:style>"
    )


def styles_xml(layout: Layout, fonts: dict[str, str]) -> str:
    """A complete styles.xml: docDefaults in the body font, zh-CN; Normal; the named styles."""
    g = geometry(layout)
    body = layout.role("body")
    bf = fonts[body.font]
    defaults = (
        "<w:docDefaults><w:rPrDefault>"
        f'<w:rPr><w:rFonts w:ascii="{bf}" w:hAnsi="{bf}" w:eastAsia="{bf}" w:cs="{bf}"/>'
        f'<w:kern w:val="2"/><w:sz w:val="{pt_half(body.size)}"/><w:szCs w:val="{pt_half(body.size)}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
        "</w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:kinsoku w:val="1"/><w:overflowPunct w:val="0"/>' + NO_AUTOSPACE +
        f'<w:spacing w:before="0" w:after="0" w:line="{g["line"]}" w:lineRule="exact"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    normal = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl/><w:kinsoku w:val="1"/><w:overflowPunct w:val="0"/>' + NO_AUTOSPACE
        + '<w:jc w:val="both"/></w:pPr>'
        + _rpr(bf, body.size) + "</w:style>"
    )
    char_default = (
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    )
    table_default = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    )
    numbering_default = (
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    )
    named = "".join(style_xml(s, layout, fonts).replace(f" {nsdecls('w')}", "") for s in style_specs(layout))
    toc1 = toc1_style_xml(layout).replace(f" {nsdecls('w')}", "")
    return (
        f'<w:styles {nsdecls("w")}>' + defaults + normal + char_default + table_default + numbering_default
        + named + toc1 + "</w:styles>"
    )


def merge_into(styles_element, layout: Layout, fonts: dict[str, str]) -> None:
    """Add the named styles a reference.docx lacks (its own definitions win)."""
    from .ooxml import qn

    existing_names = {s.find(qn("w:name")).get(qn("w:val")) for s in styles_element.findall(qn("w:style"))
                      if s.find(qn("w:name")) is not None}
    existing_ids = {s.get(qn("w:styleId")) for s in styles_element.findall(qn("w:style"))}
    for spec in style_specs(layout):
        if spec.name in existing_names:
            # make sure our id refers to it: rename the reference style's id if needed
            for s in styles_element.findall(qn("w:style")):
                n = s.find(qn("w:name"))
                if n is not None and n.get(qn("w:val")) == spec.name and s.get(qn("w:styleId")) != spec.id:
                    if spec.id not in existing_ids:
                        old = s.get(qn("w:styleId"))
                        s.set(qn("w:styleId"), spec.id)
                        for ref in styles_element.iter(qn("w:basedOn"), qn("w:next"), qn("w:link")):
                            if ref.get(qn("w:val")) == old:
                                ref.set(qn("w:val"), spec.id)
            continue
        if spec.id in existing_ids:
            continue
        styles_element.append(parse_xml(style_xml(spec, layout, fonts)))
    if "TOC1" not in existing_ids and "toc 1" not in existing_names:
        styles_element.append(parse_xml(toc1_style_xml(layout)))
