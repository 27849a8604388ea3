"""`qcbrief build` end to end: both writers from one model, options, atomic output."""

from __future__ import annotations

import re

import pdfplumber
from docx import Document
from docx.oxml.ns import qn

from helpers import run


def _pdf_pages(path):
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_docx_and_pdf_carry_the_same_articles_in_the_same_order(sample_ws):
    res = run("build", "2026Q1", "--root", str(sample_ws))
    assert res.exit_code == 0, res.output
    out = sample_ws / "build" / "2026Q1"
    doc = Document(str(out / "2026Q1.docx"))
    docx_text = _squash("".join(p.text for p in doc.paragraphs))
    pdf_text = _squash("".join(_pdf_pages(out / "2026Q1.pdf")))
    from qcbrief.config import load_config
    from qcbrief.load.issue import load_issue

    b = load_issue(sample_ws, "2026Q1", load_config(sample_ws)).bulletin
    titles = [_squash(a.title) for a in b.full_articles]
    for text in (docx_text, pdf_text):
        # after the TOC: the last title's first occurrence in the body follows the others
        body_from = text.rfind(titles[0])
        positions = [text.find(t, body_from) for t in titles]
        assert -1 not in positions and positions == sorted(positions)
        assert "报：湖北省卫生健康委领导；湖北省卫生健康委医政医管处、中医医政处。" in text


def test_articles_can_flow_without_page_breaks(sample_ws):
    cfg = sample_ws / "config.yaml"
    run("build", "2026Q1", "--root", str(sample_ws))
    paged = len(_pdf_pages(sample_ws / "build" / "2026Q1" / "2026Q1.pdf"))
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("article_new_page: true", "article_new_page: false"), encoding="utf-8")
    res = run("build", "2026Q1", "--root", str(sample_ws))
    assert res.exit_code == 0, res.output
    pages = _pdf_pages(sample_ws / "build" / "2026Q1" / "2026Q1.pdf")
    assert len(pages) < paged
    # some page holds the 点评 (end) of one article and, after it, the center line and title of the next
    from qcbrief.config import load_config
    from qcbrief.load.issue import load_issue

    titles = [_squash(a.title) for a in load_issue(sample_ws, "2026Q1", load_config(sample_ws)).bulletin.full_articles]
    shared = [p for p in map(_squash, pages[2:]) if "点评：" in p
              and any(p.find(t) > p.find("点评：") for t in titles)]
    assert shared
    doc = Document(str(sample_ws / "build" / "2026Q1" / "2026Q1.docx"))
    breaks_before_titles = 0
    for p in doc.paragraphs:
        if p.style.name == "标题":
            ppr = p._p.pPr
            if ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None:
                breaks_before_titles += 1
    assert breaks_before_titles == 0


def test_uncovered_character_fails_the_build_and_keeps_previous_output(sample_ws):
    assert run("build", "2026Q1", "--root", str(sample_ws), "--format", "pdf").exit_code == 0
    pdf = sample_ws / "build" / "2026Q1" / "2026Q1.pdf"
    before = pdf.read_bytes()
    art = sample_ws / "articles" / "2026Q1" / "a04.md"
    art.write_text(art.read_text(encoding="utf-8").replace("。", "\U000F0001。", 1), encoding="utf-8")
    res = run("build", "2026Q1", "--root", str(sample_ws), "--format", "pdf")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "U+F0001" in res.output
    assert pdf.read_bytes() == before
    assert [p.name for p in pdf.parent.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_typography_defects_do_not_stop_the_build_but_strict_does(corpus_ws):
    res = run("build", "2023Q4", "--root", str(corpus_ws), "--format", "docx")
    assert res.exit_code == 0, res.output
    assert "排版或体例问题" in res.output
    res = run("build", "2023Q4", "--root", str(corpus_ws), "--format", "docx", "--strict")
    assert res.exit_code == 1


def test_unknown_format_is_a_usage_error(sample_ws):
    res = run("build", "2026Q1", "--root", str(sample_ws), "--format", "odt")
    assert res.exit_code == 2 and "docx" in res.output and "pdf" in res.output


def test_out_option_and_file_names(sample_ws, tmp_path):
    res = run("build", "2026Q1", "--root", str(sample_ws), "--out", str(tmp_path / "出版"), "--format", "pdf")
    assert res.exit_code == 0, res.output
    assert [p.name for p in (tmp_path / "出版").iterdir()] == ["2026Q1.pdf"]
    assert (tmp_path / "出版" / "2026Q1.pdf").read_bytes().startswith(b"%PDF-")


def test_first_article_under_masthead_and_under_section_heading(tmp_path):
    """No TOC: article 1 starts on page 1 under the masthead; a section heading
    keeps its first article on the same page (no orphaned heading)."""
    from helpers import GOOD_ARTICLE, workspace

    second = GOOD_ARTICLE.replace("织密基层网络 筑牢安全底线", "市县联动强质控 同质管理惠百姓")
    issue = "subtitle: 测试\ntoc:\n  - a01\n  - section: 市州来稿\n    articles: [a02]\n"
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE, "a02.md": second}, issue)
    assert run("build", "T", "--root", str(root), "--format", "pdf").exit_code == 0
    pages = [_squash(p) for p in _pdf_pages(root / "build" / "T" / "T.pdf")]
    assert "湖北医疗质控管理工作简报" in pages[0] and "织密基层网络筑牢安全底线" in pages[0]
    holder = [p for p in pages if "市州来稿" in p]
    assert len(holder) == 1 and "市县联动强质控同质管理惠百姓" in holder[0]


def test_table_caption_centered_above_the_table_in_both_writers(sample_ws):
    assert run("build", "2026Q1", "--root", str(sample_ws)).exit_code == 0
    out = sample_ws / "build" / "2026Q1"
    doc = Document(str(out / "2026Q1.docx"))
    body = list(doc.element.body)
    tbl = next(i for i, el in enumerate(body) if el.tag == qn("w:tbl"))
    from docx.text.paragraph import Paragraph

    cap = Paragraph(body[tbl - 1], doc)
    assert cap.text.startswith("表1") and cap.style.name == "图题"
    with pdfplumber.open(out / "2026Q1.pdf") as pdf:
        for page in pdf.pages:
            words = [w for w in page.extract_words() if w["text"].startswith("表1")]
            if words and page.find_tables():
                line = [c for c in page.chars if abs(c["top"] - words[0]["top"]) < 2]
                mid = (min(c["x0"] for c in line) + max(c["x1"] for c in line)) / 2
                assert abs(mid - (28 + 156 / 2) * 72 / 25.4) < 3  # centered in the type area
                assert words[0]["top"] < page.find_tables()[0].bbox[1]
                break
        else:
            raise AssertionError("no page with the table and its caption")


def test_interpunct_centered_in_its_cell(sample_ws):
    """“第1季度·省级”: the · sits in the middle between its neighbours, not at the left."""
    assert run("build", "2026Q1", "--root", str(sample_ws), "--format", "pdf").exit_code == 0
    with pdfplumber.open(sample_ws / "build" / "2026Q1" / "2026Q1.pdf") as pdf:
        chars = pdf.pages[0].chars
    k = next(i for i, c in enumerate(chars) if c["text"] == "·")
    before, dot, after = chars[k - 1], chars[k], chars[k + 1]
    left_gap, right_gap = dot["x0"] - before["x1"], after["x0"] - dot["x1"]
    assert abs(left_gap - right_gap) < 1.5, (left_gap, right_gap)


def test_no_page_holds_a_lone_line(sample_ws, corpus_ws):
    """Widow control: the last line of a paragraph never stands alone at the head of a page."""
    for ws, issue in ((sample_ws, "2026Q1"), (corpus_ws, "2023Q4")):
        assert run("build", issue, "--root", str(ws), "--format", "pdf").exit_code == 0
        for n, text in enumerate(_pdf_pages(ws / "build" / issue / f"{issue}.pdf"), start=1):
            lines = [l for l in text.splitlines() if l.strip() and not re.fullmatch(r"—\s*\d+\s*—", l.strip())]
            assert len(lines) != 1, f"{issue} page {n} holds one line: {lines}"
