"""The base document: a package built in code (A4, zh-CN, no theme, nothing
Japanese or Letter-sized), or the workspace's templates/reference.docx with its
body cleared and its style definitions kept."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document

from ...layout import Layout
from .ooxml import nsdecls, parse_xml, qn
from .styles import geometry, merge_into, styles_xml

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>
</Relationships>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:language>zh-CN</dc:language></cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>qcbrief</Application></Properties>"""


def sect_pr_xml(layout: Layout, footer_distance: int, start: str | None = None, v_align: str | None = None) -> str:
    g = geometry(layout)
    typ = f'<w:type w:val="{start}"/>' if start else ""
    valign = f'<w:vAlign w:val="{v_align}"/>' if v_align else ""
    return (
        f"<w:sectPr {nsdecls('w')}>{typ}"
        f'<w:pgSz w:w="{g["page_w"]}" w:h="{g["page_h"]}"/>'
        f'<w:pgMar w:top="{g["top"]}" w:right="{g["right"]}" w:bottom="{g["bottom"]}" w:left="{g["left"]}" '
        f'w:header="851" w:footer="{footer_distance}" w:gutter="0"/>'
        '<w:pgNumType w:fmt="decimal"/>'
        '<w:cols w:space="425"/>'
        f"{valign}"
        f'<w:docGrid w:type="lines" w:linePitch="{g["line"]}"/>'
        "</w:sectPr>"
    )


def settings_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {nsdecls("w")}>'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
        '<w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:updateFields w:val="true"/>'
        '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>'
        '<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        "</w:compat>"
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


def font_table_xml(fonts: dict[str, str]) -> str:
    body = "".join(f'<w:font w:name="{name}"><w:charset w:val="86"/><w:family w:val="auto"/></w:font>'
                   for name in dict.fromkeys(fonts.values()))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {nsdecls("w")}>{body}</w:fonts>'


def document_xml(layout: Layout, footer_distance: int) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {nsdecls("w", "r")}><w:body>'
        + sect_pr_xml(layout, footer_distance).replace(f" {nsdecls('w')}", "")
        + "</w:body></w:document>"
    )


def base_package(layout: Layout, fonts: dict[str, str], footer_distance: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", document_xml(layout, footer_distance))
        z.writestr("word/styles.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + styles_xml(layout, fonts))
        z.writestr("word/settings.xml", settings_xml())
        z.writestr("word/fontTable.xml", font_table_xml(fonts))
        z.writestr("docProps/core.xml", CORE)
        z.writestr("docProps/app.xml", APP)
    return buf.getvalue()


def _open_reference(reference: Path) -> Document:
    """The workspace's reference.docx, read like any DOCX (bounded: no zip bomb)."""
    from docx.opc.exceptions import PackageNotFoundError

    from ...errors import ConfigError
    from ...safezip import UnsafeZip, open_docx

    try:
        return open_docx(reference)
    except UnsafeZip as exc:
        raise ConfigError(f"参考模板无法使用：{exc.message}", reference) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ConfigError(f"参考模板已损坏或不是 Word 文档（{type(exc).__name__}）", reference) from None


def open_base(root: Path, layout: Layout, fonts: dict[str, str], footer_distance: int) -> Document:
    """The document to fill: reference.docx (body cleared) when the workspace has one."""
    reference = Path(root) / "templates" / "reference.docx"
    if not reference.is_file():
        return docx.Document(io.BytesIO(base_package(layout, fonts, footer_distance)))
    document = _open_reference(reference)
    body = document.element.body
    for child in list(body):
        body.remove(child)
    body.append(parse_xml(sect_pr_xml(layout, footer_distance)))
    styles_el = document.styles.element
    merge_into(styles_el, layout, fonts)
    # never let a reference template's Japanese language tags through
    for e in styles_el.iter(qn("w:lang")):
        if e.get(qn("w:eastAsia")) and e.get(qn("w:eastAsia")) != "zh-CN":
            e.set(qn("w:eastAsia"), "zh-CN")
    settings_el = document.settings.element
    for e in settings_el.iter(qn("w:themeFontLang")):
        e.set(qn("w:eastAsia"), "zh-CN")
    # evenAndOddHeaders / updateFields in schema order is loose in practice; python-docx handles evenAndOdd
    document.settings.odd_and_even_pages_header_footer = True
    if settings_el.find(qn("w:updateFields")) is None:
        upd = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
        after = [settings_el.find(qn(t)) for t in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                                                    "w:docVars", "w:rsids", "w:themeFontLang")]
        after = [a for a in after if a is not None]
        if after:
            after[0].addprevious(upd)
        else:
            settings_el.append(upd)
    return document
