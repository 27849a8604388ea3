"""The DOCX writer, checked on real output read back with python-docx / lxml
(and, when LibreOffice is available, converted to PDF and read with pdfplumber)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from qcbrief.build import BuildContext
from qcbrief.config import load_config
from qcbrief.layout import Layout
from qcbrief.load.issue import load_issue
from qcbrief.model import Heading, Image, ListBlock, Paragraph, Table
from qcbrief.wording import Wording
from qcbrief.write.docx import write_docx

from conftest import corpus_root, make_workspace, needs_corpus
from helpers import lo_convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
BODY_FONT = "仿宋_GB2312"  # config.yaml: fonts.body[0]
NAMED_STYLES = ["正文", "标题", "中心署名", "小标题1", "小标题2", "点评标签", "点评", "按语", "目录标题", "目录",
                "报头名称", "报头期号", "报头单位", "简讯分组", "图题", "表格", "版记", "页码"]


def q(tag: str) -> str:
    p, _, local = tag.partition(":")
    return f"{{{W}}}{local}"


def build(root: Path, issue: str, messages: list | None = None):
    cfg = load_config(root)
    bulletin = load_issue(root, issue, cfg).bulletin
    ctx = BuildContext(config=cfg, layout=Layout.from_config(cfg), wording=Wording(root), root=root,
                       progress=(messages.append if messages is not None else (lambda m: None)))
    out = root / "build" / f"{issue}.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_docx(bulletin, ctx, out)
    return bulletin, ctx, out


def para_text(p) -> str:
    out = []
    for e in p.iter(q("w:t"), q("w:tab"), q("w:br"), q("w:instrText")):
        if e.tag == q("w:t"):
            out.append(e.text or "")
        elif e.tag == q("w:tab"):
            out.append("\t")
        elif e.tag == q("w:br"):
            out.append("\n")
    return "".join(out)


def body_paragraphs(document) -> list:
    """Every w:p of the body in document order (table cells included)."""
    return list(document.element.body.iter(q("w:p")))


def style_of(p) -> str | None:
    s = p.find("w:pPr/w:pStyle", NS)
    return s.get(q("w:val")) if s is not None else None


def expected_sequence(bulletin, wording) -> list[str]:
    """Texts that must appear, in this order, as (parts of) paragraphs."""
    seq = []

    def blocks(bs):
        for b in bs:
            if isinstance(b, (Paragraph, Heading)):
                seq.append(b.text)
            elif isinstance(b, ListBlock):
                seq.extend(i.text for i in b.items)
            elif isinstance(b, Table):
                for cell in b.header:
                    seq.append("".join(i.text for i in cell))
                for row in b.rows:
                    for cell in row:
                        seq.append("".join(i.text for i in cell))
            elif isinstance(b, Image) and b.caption:
                seq.append(b.caption)

    for section in bulletin.sections:
        if section.heading:
            seq.append(section.heading)
        for a in section.articles:
            if a.center:
                seq.append(wording.center_line(a))
            if a.title:
                seq.append(a.title)
            blocks(a.blocks)
            if a.commentary:
                seq.append(wording.labels["commentary_label"])
                blocks(a.commentary.blocks)
    return [s for s in seq if s.strip()]


def assert_in_order(texts: list[str], expected: list[str], start: int = 0) -> int:
    texts = [t.replace("\n", " ") for t in texts]  # a long title breaks between phrases
    i = start
    for want in expected:
        j = i
        while j < len(texts) and want not in texts[j]:
            j += 1
        assert j < len(texts), f"not found in order (after paragraph {i}): {want[:40]!r}"
        i = j + 1 if want == texts[j] or texts[j].endswith(want) else j
    return i


def first_article_index(document) -> int:
    """Index just after the TOC (so TOC entries don't satisfy the order check)."""
    paras = body_paragraphs(document)
    toc = [k for k, p in enumerate(paras) if style_of(p) in ("TocEntry", "TocHeading", "Preface")]
    return toc[-1] + 1 if toc else 0


@pytest.fixture
def sample_built(sample_ws):
    return build(sample_ws, "2026Q1")


@pytest.fixture
def corpus_built(corpus_ws):
    """Issue 2023Q4 built: the invented twin, and the real corpus when present (corpus_ws)."""
    return build(corpus_ws, "2023Q4")


@pytest.fixture
def invented_built(tmp_path):
    return build(make_workspace(tmp_path / "invented", corpus_root("invented") / "articles"), "2023Q4")


@pytest.fixture
def real_built(tmp_path):
    return build(make_workspace(tmp_path / "real", corpus_root("real") / "articles"), "2023Q4")


BUILT = ["sample", "invented", pytest.param("real", marks=needs_corpus)]


# --- content -------------------------------------------------------------------------
@pytest.mark.parametrize("which", BUILT)
def test_all_content_present_in_toc_order(which, request):
    bulletin, ctx, out = request.getfixturevalue(f"{which}_built")
    document = docx.Document(str(out))
    texts = [para_text(p).replace("\n", " ") for p in body_paragraphs(document)]  # long titles break between phrases
    start = first_article_index(document)
    assert_in_order(texts, expected_sequence(bulletin, ctx.wording), start)
    # titles strictly in TOC order, each once in the body (after the TOC)
    title_idx = [texts.index(a.title, start) for a in bulletin.full_articles]
    assert title_idx == sorted(title_idx)


def test_sample_features_rendered(sample_built):
    bulletin, ctx, out = sample_built
    document = docx.Document(str(out))
    paras = body_paragraphs(document)
    by_style: dict[str, list[str]] = {}
    for p in paras:
        by_style.setdefault(style_of(p), []).append(para_text(p))
    # masthead
    assert by_style["MastheadName"] == [bulletin.publication.name]
    assert "第1期（总第9期）" in by_style["MastheadNumber"]
    assert f"（{bulletin.subtitle}）" in by_style["MastheadNumber"]
    assert by_style["MastheadOffice"] == [f"{bulletin.publication.office}\t{bulletin.date_text}"]
    # 按语: bold label then the preface
    pre = next(p for p in paras if style_of(p) == "Preface")
    runs = pre.findall("w:r", NS)
    assert para_text(runs[0]) == "按：" and runs[0].find("w:rPr/w:b", NS) is not None
    assert para_text(pre) == "按：" + bulletin.preface.strip()
    # 点评 labels: one per article with commentary
    assert by_style["CommentaryLabel"].count("点评：") == sum(1 for a in bulletin.full_articles if a.commentary)
    # section heading, on a new page
    sec = next(p for p in paras if style_of(p) == "SectionHeading")
    assert para_text(sec) == "简讯" and sec.find("w:pPr/w:pageBreakBefore", NS) is not None
    # every article starts a new page (its first paragraph), briefs don't; the first
    # article starts the numbered section (a section break, not a page break)
    first_center = next(p for p in paras if style_of(p) == "CenterLine")
    prev = paras[paras.index(first_center) - 1]
    assert prev.find("w:pPr/w:sectPr", NS) is not None and style_of(prev) == "TocEntry"
    for p in paras:
        if style_of(p) == "CenterLine" and p is not first_center:
            t = para_text(p)
            art = next(a for a in bulletin.articles() if a.center and ctx.wording.center_line(a) == t)
            if not art.is_brief:
                assert p.find("w:pPr/w:pageBreakBefore", NS) is not None
            else:
                assert p.find("w:pPr/w:pageBreakBefore", NS) is None
    # bold lead-ins are bold runs
    lead = [r for p in paras if style_of(p) == "Body" for r in p.findall("w:r", NS)
            if r.find("w:rPr/w:b", NS) is not None]
    assert any(para_text(r) == "完成专家委员会调整，明确分工职责。" for r in lead)
    # ordered list numbers are text
    assert any(t.startswith("1.") for t in by_style["Body"])
    # the image is an inline picture within the type area, caption below in 图题
    figs = [p for p in paras if style_of(p) == "Figure"]
    assert figs, "no picture paragraph"
    extent = figs[0].find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    layout = ctx.layout
    assert int(extent.get("cx")) <= layout.type_width * 12700 + 1
    assert int(extent.get("cy")) <= layout.type_height / 2 * 12700 + 1
    nxt = figs[0].getnext()
    assert style_of(nxt) == "Caption" and para_text(nxt)


def test_table_is_real_with_repeating_header(sample_built):
    _, ctx, out = sample_built
    document = docx.Document(str(out))
    assert document.tables, "the sample has a table"
    for t in document.tables:
        first = t._tbl.findall("w:tr", NS)[0]
        assert first.find("w:trPr/w:tblHeader", NS) is not None
        assert int(t._tbl.find("w:tblPr/w:tblW", NS).get(q("w:w"))) == round(ctx.layout.type_width * 20)
        assert t._tbl.find("w:tblPr/w:tblBorders/w:insideH", NS) is not None
        cell_p = first.find(".//w:p", NS)
        assert style_of(cell_p) == "TableText"


# --- styles, fonts, language ----------------------------------------------------------
def test_named_styles_and_fonts(sample_built):
    _, ctx, out = sample_built
    document = docx.Document(str(out))
    names = {s.name for s in document.styles}
    for name in NAMED_STYLES:
        assert name in names, name
    styles = document.styles.element
    body = styles.find("w:style[@w:styleId='Body']", NS)
    assert body.find("w:name", NS).get(q("w:val")) == "正文"
    assert body.find("w:rPr/w:rFonts", NS).get(q("w:eastAsia")) == BODY_FONT
    sp = body.find("w:pPr/w:spacing", NS)
    assert sp.get(q("w:line")) == "579" and sp.get(q("w:lineRule")) == "exact"
    ind = body.find("w:pPr/w:ind", NS)
    assert ind.get(q("w:firstLineChars")) == "200" and 600 < int(ind.get(q("w:firstLine"))) < 660
    for sid in ("ArticleTitle", "MastheadName"):
        assert styles.find(f"w:style[@w:styleId='{sid}']/w:pPr/w:snapToGrid", NS).get(q("w:val")) == "0"
    assert styles.find("w:style[@w:styleId='ArticleTitle']/w:pPr/w:outlineLvl", NS).get(q("w:val")) == "0"
    assert styles.find("w:style[@w:styleId='MastheadName']/w:rPr/w:color", NS).get(q("w:val")) == "E60012"
    assert styles.find("w:style[@w:styleId='MastheadName']/w:rPr/w:sz", NS).get(q("w:val")) == "84"
    defaults = styles.find("w:docDefaults", NS)
    assert defaults.find(".//w:lang", NS).get(q("w:eastAsia")) == "zh-CN"
    assert defaults.find(".//w:kinsoku", NS).get(q("w:val")) == "1"
    assert defaults.find(".//w:overflowPunct", NS).get(q("w:val")) == "0"
    # runs of body paragraphs carry the body font for every script (punctuation too)
    runs = [r for p in body_paragraphs(document) if style_of(p) == "Body" for r in p.findall("w:r", NS)]
    assert runs
    for r in runs:
        f = r.find("w:rPr/w:rFonts", NS)
        assert f is not None and f.get(q("w:eastAsia")) == BODY_FONT and f.get(q("w:ascii")) == BODY_FONT
    # commentary in 楷体, labels in 黑体
    kai = ctx.config["fonts"]["kai"][0]
    assert styles.find("w:style[@w:styleId='Commentary']/w:rPr/w:rFonts", NS).get(q("w:eastAsia")) == kai


def test_no_japanese_or_theme_fonts_anywhere(sample_built):
    _, _, out = sample_built
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            text = z.read(name).decode("utf-8")
            for bad in ("ja-JP", "Jpan", "Mincho", "ＭＳ", "asciiTheme", "eastAsiaTheme", "hAnsiTheme"):
                assert bad not in text, f"{bad} in {name}"
        assert not any(n.startswith("word/theme") for n in z.namelist())


def test_document_properties(sample_built):
    bulletin, _, out = sample_built
    cp = docx.Document(str(out)).core_properties
    assert cp.title == f"{bulletin.publication.name}（{bulletin.subtitle}）"
    assert cp.subject == bulletin.subtitle
    assert cp.author == bulletin.publication.author
    assert cp.language == "zh-CN"


# --- page geometry, numbers, sections -------------------------------------------------
@pytest.mark.parametrize("which", BUILT)
def test_page_geometry(which, request):
    _, _, out = request.getfixturevalue(f"{which}_built")
    document = docx.Document(str(out))
    for sect in document.element.body.iter(q("w:sectPr")):
        size = sect.find("w:pgSz", NS)
        assert (int(size.get(q("w:w"))), int(size.get(q("w:h")))) == (11906, 16838)
        mar = sect.find("w:pgMar", NS)
        for side, twips in (("top", 2098), ("left", 1588), ("right", 1474), ("bottom", 1984)):
            assert abs(int(mar.get(q(f"w:{side}"))) - twips) <= 5, side
        grid = sect.find("w:docGrid", NS)
        assert grid.get(q("w:type")) == "lines" and grid.get(q("w:linePitch")) == "579"


def _footer_paras(part):
    return part._element.findall("w:p", NS)


@pytest.mark.parametrize("which", BUILT)
def test_page_number_footers(which, request):
    _, _, out = request.getfixturevalue(f"{which}_built")
    document = docx.Document(str(out))
    settings = document.settings.element
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    assert settings.find("w:updateFields", NS).get(q("w:val")) == "true"
    front, main = document.sections[0], document.sections[1]
    for part in (front.footer, front.even_page_footer):  # masthead, 按语, 目录: unnumbered
        assert not part.is_linked_to_previous and not list(part._element.iter(q("w:instrText")))
    odd, even = main.footer, main.even_page_footer
    assert not odd.is_linked_to_previous and not even.is_linked_to_previous
    for part, jc, side in ((odd, "right", "right"), (even, "left", "left")):
        p = _footer_paras(part)[0]
        instr = "".join(t.text for t in p.iter(q("w:instrText")))
        assert "PAGE" in instr
        text = para_text(p)
        assert text.startswith("— ") and text.endswith(" —")
        assert p.find("w:pPr/w:jc", NS).get(q("w:val")) == jc
        assert int(p.find("w:pPr/w:ind", NS).get(q(f"w:{side}"))) > 0
        assert style_of(p) == "PageNumber"
    # the 版记 section: no page number
    last = document.sections[-1]
    for part in (last.footer, last.even_page_footer):
        assert not part.is_linked_to_previous
        assert not list(part._element.iter(q("w:instrText")))


@pytest.mark.parametrize("which", BUILT)
def test_colophon_on_even_page_at_the_foot(which, request):
    bulletin, ctx, out = request.getfixturevalue(f"{which}_built")
    document = docx.Document(str(out))
    texts = [para_text(p) for p in body_paragraphs(document)]
    last_article_text = expected_sequence(bulletin, ctx.wording)[-1]
    last_idx = max(i for i, t in enumerate(texts) if last_article_text in t)
    want = "报：湖北省卫生健康委领导；湖北省卫生健康委医政医管处、中医医政处。"
    assert want in texts and texts.index(want) > last_idx
    for block in ctx.wording.colophon(bulletin.publication):
        for line in block.lines:
            assert line in texts[last_idx:]
    last = document.sections[-1]._sectPr
    # an odd/even section start (by the printed number) as the safety net; see writer.py
    assert last.find("w:type", NS).get(q("w:val")) in ("evenPage", "oddPage")
    assert last.find("w:vAlign", NS).get(q("w:val")) == "bottom"
    # the 版记 paragraphs are all in that last section (after the previous section break)
    body = document.element.body
    breaks = [i for i, p in enumerate(body.iter(q("w:p"))) if p.find("w:pPr/w:sectPr", NS) is not None]
    assert texts.index(want) > breaks[-1]
    # rules: first and last thick, between thin
    col = [p for p in body_paragraphs(document) if style_of(p) == "Colophon"]
    tops = [p.find("w:pPr/w:pBdr/w:top", NS) for p in col]
    sizes = [int(t.get(q("w:sz"))) for t in tops if t is not None]
    assert sizes[0] == 8 and all(s == 6 for s in sizes[1:])
    assert int(col[-1].find("w:pPr/w:pBdr/w:bottom", NS).get(q("w:sz"))) == 8


def test_toc_entries_in_order_with_estimated_page_numbers(sample_built):
    bulletin, ctx, out = sample_built
    document = docx.Document(str(out))
    paras = [p for p in body_paragraphs(document) if style_of(p) == "TocEntry"]
    cached = [para_text(p) for p in paras]
    entries = [ctx.wording.toc_entry(a) for a in bulletin.full_articles]
    assert len(cached) == len(entries) + 1  # + the 简讯 section entry
    for got, e, a in zip(cached, entries, bulletin.full_articles):
        assert got.startswith(f"{a.number}.{a.title}")
        assert re.search(re.escape(e.center) + r"（\d+）$", got), got
        assert "\t" in got
    pages = [int(re.search(r"（(\d+)）$", t).group(1)) for t in cached]
    assert pages == sorted(pages) and pages[0] == 1  # numbering starts at the first article
    assert cached[-1].startswith("简讯\t")


def test_template_syntax_in_article_prints_as_typed(sample_ws):
    art = sample_ws / "articles" / "2026Q1" / "a06.yaml"
    md = sample_ws / "articles" / "2026Q1" / "01-护理.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n这段话里有 {{ x }} 和 {% if y %}不应被解释{% endif %}。\n",
                  encoding="utf-8")
    assert art.exists()
    _, _, out = build(sample_ws, "2026Q1")
    texts = [para_text(p) for p in body_paragraphs(docx.Document(str(out)))]
    assert "这段话里有 {{ x }} 和 {% if y %}不应被解释{% endif %}。" in texts


def test_big_bulletin_builds_in_order(corpus_built, corpus_ws):
    issue_dir = corpus_ws / "articles" / "2023Q4"
    sources = sorted(issue_dir.glob("c*.md"))
    stems = []
    for i in range(40):
        src = sources[i % len(sources)]
        stem = f"x{i:02d}"
        shutil.copy(src, issue_dir / f"{stem}.md")
        stems.append(stem)
    y = (issue_dir / "issue.yaml").read_text(encoding="utf-8")
    y = re.sub(r"toc:\n(  - .*\n)+", "toc:\n" + "".join(f'  - "{s}"\n' for s in stems), y)
    (issue_dir / "issue.yaml").write_text(y, encoding="utf-8")
    messages: list[str] = []
    bulletin, ctx, out = build(corpus_ws, "2023Q4", messages)
    assert len(bulletin.full_articles) == 40
    document = docx.Document(str(out))
    texts = [para_text(p) for p in body_paragraphs(document)]
    start = first_article_index(document)
    assert_in_order(texts, expected_sequence(bulletin, ctx.wording), start)
    assert any("40" in m for m in messages)  # progress per 10 articles


def test_reference_docx_styles_win(sample_ws):
    # a reference.docx whose 正文 is 楷体 18 pt, with some body text that must not survive
    _, _, first = build(sample_ws, "2026Q1")
    ref = docx.Document(str(first))
    body = ref.styles.element.find("w:style[@w:styleId='Body']", NS)
    fonts = body.find("w:rPr/w:rFonts", NS)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(q(f"w:{attr}"), "楷体")
    body.find("w:rPr/w:sz", NS).set(q("w:val"), "36")
    (sample_ws / "templates").mkdir(exist_ok=True)
    ref.save(str(sample_ws / "templates" / "reference.docx"))
    _, _, out = build(sample_ws, "2026Q1")
    document = docx.Document(str(out))
    b = document.styles.element.find("w:style[@w:styleId='Body']", NS)
    assert b.find("w:rPr/w:sz", NS).get(q("w:val")) == "36"
    runs = [r for p in body_paragraphs(document) if style_of(p) == "Body" for r in p.findall("w:r", NS)]
    assert all(r.find("w:rPr/w:rFonts", NS).get(q("w:eastAsia")) == "楷体" for r in runs)
    texts = [para_text(p) for p in body_paragraphs(document)]
    assert texts.count("织密质控网络　守护护理安全") == 1  # the reference's own body was cleared
    assert len(document.sections) == len(docx.Document(str(first)).sections)


def test_cli_build_docx(sample_ws):
    exe = shutil.which("qcbrief")
    if exe is None:
        pytest.skip("qcbrief console script not installed")
    r = subprocess.run([exe, "build", "2026Q1", "--root", str(sample_ws), "--format", "docx"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    out = sample_ws / "build" / "2026Q1" / "2026Q1.docx"
    texts = [para_text(p) for p in body_paragraphs(docx.Document(str(out)))]
    assert "织密质控网络　守护护理安全" in texts


# --- rendered with LibreOffice ---------------------------------------------------------
def _to_pdf(docx_path: Path, tmp_path: Path) -> Path:
    return lo_convert(docx_path, "pdf", tmp_path / "pdf")


@pytest.mark.parametrize("which", BUILT)
def test_rendered_pdf(which, request, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    bulletin, ctx, out = request.getfixturevalue(f"{which}_built")
    pdf_path = _to_pdf(out, tmp_path)
    with pdfplumber.open(pdf_path) as pdf:
        pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in pdf.pages]
    n = len(pages)
    assert n % 2 == 0, f"{n} pages: the 版记 must end on an even page"
    alltext = "".join(pages)
    assert "Notableofcontents" not in alltext and "Notableofcontentsentries" not in alltext
    # TOC entries: each numbered title with its center, in order, on the first pages
    front = "".join(pages[:4])
    pos = 0
    for a in bulletin.full_articles:
        e = ctx.wording.toc_entry(a)
        head = re.sub(r"\s+", "", e.text)[:12]
        k = front.find(head, pos)
        assert k >= 0, f"TOC entry missing: {e.text}"
        pos = k
    # titles and 版记
    for a in bulletin.full_articles:
        assert re.sub(r"\s+", "", a.title) in alltext
    last = pages[-1]
    assert "报：湖北省卫生健康委领导" in last and "分送：" in last
    assert "—" not in last.replace("——", "")  # no page number on the 版记 page
    # the masthead is on page 1
    assert bulletin.publication.name in pages[0]


def test_reference_docx_with_custom_properties_gives_one_properties_part(sample_ws):
    """A reference.docx that is an earlier qcbrief DOCX carries custom properties (the sync
    manifest): the new DOCX has one docProps/custom.xml, with this build's manifest."""
    import warnings
    import zipfile

    from qcbrief.sync.reviewed import open_package, read_properties

    _, _, first = build(sample_ws, "2026Q1")
    old = read_properties(open_package(first), first)
    (sample_ws / "templates").mkdir(exist_ok=True)
    shutil.copy(first, sample_ws / "templates" / "reference.docx")
    a = sample_ws / "articles" / "2026Q1" / "01-护理.md"
    a.write_text(a.read_text(encoding="utf-8").replace("守护护理安全", "保障护理安全", 1), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # zipfile warns on a duplicate member name
        _, _, out = build(sample_ws, "2026Q1")
    names = zipfile.ZipFile(out).namelist()
    assert names.count("docProps/custom.xml") == 1
    props = read_properties(open_package(out), out)
    assert props and old and props != old  # this build's manifest, not the reference's
    rels = zipfile.ZipFile(out).read("_rels/.rels").decode()
    assert rels.count("custom-properties") == 1
