"""`qcbrief import` of whole published bulletins, made the way editors' files really are.

Each issue — the sample (articles/2026Q1, and 2026Q2 in a few variants), the invented twin
(tests/fixtures/corpus) and the real 2023 Q4 corpus when present — is rendered to the plain text it prints (masthead, 按语, 目录
with leaders and page numbers, center lines, titles, bodies, 点评, 简讯, 版记), one paragraph
per line in one style, and turned into Word files through pandoc (which makes "--" into "–"),
LibreOffice (from HTML) and python-docx, in the variants of tests/import_bulletins.py: the TOC
as paragraphs, a bulleted list with line breaks under "目 录", a table or one paragraph of
lines; wrapped entries; masthead as Heading 1, Word's Title or a large red paragraph; every
center-line dash; a center line lost; a 按语 over two paragraphs.  The import must give the same
articles in the same order (center, title, body lines, 点评, kind), the same preface, no
article made of masthead or TOC, and an issue that builds.

The conversions are made once per module (one LibreOffice run for all its files).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

import import_bulletins as IB
from conftest import CORPUS, HAVE_CORPUS, INVENTED, NO_CORPUS, REPO, make_workspace
from helpers import lo_convert_all, require_soffice, run, soffice
from import_util import load

from qcbrief.importer.toc import match_titles, parse_entry, read_toc
from qcbrief.importer.source import Para
from qcbrief.model import Inline

ISSUES = {"sample": (REPO / "articles", "2026Q1"), "invented": (INVENTED / "articles", "2023Q4"),
          "real": (CORPUS / "articles", "2023Q4"), "sample-q2": (REPO / "articles", "2026Q2")}
_REAL = pytest.mark.skipif(not HAVE_CORPUS, reason=NO_CORPUS)
# every variant of the sample, the twin and the real corpus; the second sample issue in the variants that build
CASES = [pytest.param(which, v, id=f"{which}-{v.name}", marks=[_REAL] if which == "real" else [])
         for which in ("sample", "invented", "real", "sample-q2") for v in IB.VARIANTS
         if which != "sample-q2" or v.build or v.producer == "libreoffice"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    """{(corpus, variant name): (source bulletin, Word file or None with the reason)} for every corpus
    present; all LibreOffice conversions in one run."""
    base = tmp_path_factory.mktemp("whole")
    out: dict = {}
    html: list[tuple[tuple, Path]] = []
    for which, (articles, issue) in ISSUES.items():
        if which == "real" and not HAVE_CORPUS:
            continue
        ws = make_workspace(base / which / "src", articles, [issue])
        bulletin = load(ws, issue).bulletin
        for v in IB.VARIANTS:
            if which == "sample-q2" and not (v.build or v.producer == "libreoffice"):
                continue
            nodes = IB.render(bulletin, v)
            src = IB.write_source(nodes, v, base / which / "in", f"{which}-{v.name}")
            key = (which, v.name)
            if v.producer == "pandoc":
                if shutil.which("pandoc") is None:
                    out[key] = (bulletin, None, "pandoc not installed")
                    continue
                dst = src.with_suffix(".docx")
                subprocess.run(["pandoc", str(src), "-o", str(dst)], check=True, timeout=120)
                out[key] = (bulletin, dst, "")
            elif v.producer == "libreoffice":
                html.append((key, src))
                out[key] = (bulletin, None, "LibreOffice (soffice) not installed")
            else:
                out[key] = (bulletin, src, "")
    if html and soffice() is not None:
        docs = lo_convert_all([s for _, s in html], "docx:MS Word 2007 XML", base / "lo")
        for (key, _), dst in zip(html, docs):
            out[key] = (out[key][0], dst, "")
    return out


def _new_ws(tmp: Path) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config.yaml", tmp / "config.yaml")
    return tmp


def _import_docx(tmp: Path, d) -> tuple:
    """Save python-docx document d as a bulletin, import it into a new workspace as issue X:
    (the CLI result, the imported bulletin)."""
    src = tmp / "旧简报.docx"
    d.save(str(src))
    ws = _new_ws(tmp / "ws")
    result = run("import", str(src), "--issue", "X", "--root", str(ws))
    assert result.exit_code == 0, result.output
    return result, load(ws, "X").bulletin


def _paragraph_texts(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


@pytest.mark.parametrize("which,variant", CASES)
def test_whole_bulletin_imports_article_by_article(made, tmp_path, which, variant):
    bulletin, src, why = made[(which, variant.name)]
    if src is None:
        if variant.producer == "libreoffice":
            require_soffice()  # fails in CI (which installs it), skips elsewhere
        pytest.skip(why)
    ws = _new_ws(tmp_path / "ws")
    result = run("import", str(src), "--issue", "X", "--root", str(ws))
    assert result.exit_code == 0, result.output
    back = load(ws, "X").bulletin
    want, got = IB.expected(bulletin, variant), IB.imported_view(back)

    # the same articles in the same order: center, title, body and 点评 lines, kind
    assert [a["title"] for a in got["articles"]] == [a["title"] for a in want["articles"]]
    for g, w in zip(got["articles"], want["articles"]):
        assert g == w, w["title"] or w["center"]
    assert len(got["articles"]) == len(want["articles"])
    assert got["preface"] == want["preface"]
    # the masthead and the old TOC are no article and in none
    name = bulletin.publication.name
    for a in back.articles():
        text = "".join(str(x) for x in IB.lines_of(a.blocks))
        assert name not in text and "目录" not in text.replace(" ", "") and a.title != name
        assert "……" not in text and "....." not in text
    # the center line the file lost comes from the TOC entry, and the editor is told so
    if variant.lost_center is not None:
        assert "取自原目录" in result.output
    # the masthead's facts and the 简讯 section
    assert (back.subtitle, back.date, back.number, back.total_number) == (
        bulletin.subtitle, bulletin.date, bulletin.number, bulletin.total_number)
    assert [s.heading for s in back.sections] == [s.heading for s in bulletin.sections]
    assert back.commentary_required == bulletin.commentary_required  # optional when an article printed none
    # the 版记 is dropped; it printed config.yaml's values, so the issue overrides none of them
    issue_yaml = (ws / "articles" / "X" / "issue.yaml").read_text(encoding="utf-8")
    assert "distribution" not in issue_yaml and "contact" not in issue_yaml
    assert not {x for a in got["articles"] for x in a["body"] if isinstance(x, str)} & set(back.publication.publishers)

    # the imported issue builds; the DOCX prints the centers and titles in the source's order
    if not variant.build:
        return  # (the same articles as in the variants that build)
    out = tmp_path / "out"
    built = run("build", "X", "--root", str(ws), "--out", str(out), "--format", "docx")
    assert built.exit_code == 0, built.output
    paras = _paragraph_texts(out / "X.docx")
    titles = [re.sub(r"\s+", "", t) for s, t in paras if s == "标题"]  # a long title is set over two lines
    assert titles == [a["title"] for a in want["articles"] if a["title"]]
    centers = [t for s, t in paras if s == "中心署名"]
    assert centers == [a["center"] + "——" for a in want["articles"]]


# --------------------------------------------------------------------------- TOC forms, one by one
@pytest.mark.parametrize("line,want", [
    ("1.织网行动 同心同行……湖北省甲质量控制中心（3）", (1, "织网行动 同心同行", "湖北省甲质量控制中心", 3)),
    ("1．织网行动.....湖北省甲质量控制中心(3)", (1, "织网行动", "湖北省甲质量控制中心", 3)),
    ("12、织网行动…..湖北省甲质量控制中心（12）", (12, "织网行动", "湖北省甲质量控制中心", 12)),
    ("3.织网行动···········湖北省甲质量控制中心 7", (3, "织网行动", "湖北省甲质量控制中心", 7)),
    ("3.织网行动\t湖北省甲质量控制中心\t7", (3, "织网行动", "湖北省甲质量控制中心", 7)),
    ("3.织网行动\t湖北省甲质量控制中心7", (3, "织网行动", "湖北省甲质量控制中心", 7)),
    ("织网行动\t7", (None, "织网行动", "", 7)),
    ("3.织网行动……湖北省甲质量控制中心", (3, "织网行动", "湖北省甲质量控制中心", None)),
    ("简讯……（15）", (None, "简讯", "", 15)),
])
def test_toc_entry_forms(line, want):
    e = parse_entry(line)
    assert e is not None and (e.number, e.title, e.center, e.page) == want


@pytest.mark.parametrize("line", [
    "湖北省医疗质量控制中心管理办公室    2026年3月31日",  # masthead
    "2026年1月，中心组织专家（3）",  # a sentence
    "第1期（总第9期）",
    "湖北省甲质量控制中心——",
])
def test_not_toc_entries(line):
    assert parse_entry(line) is None


def _p(text: str, kind: str = "p") -> Para:
    return Para(kind, [Inline(text)])


def test_toc_wrapped_entries_and_where_it_ends():
    """Entries over two paragraphs, two lines of one paragraph, three entries in one paragraph;
    the TOC ends at the first article's center line."""
    items = [_p("目    录"),
             _p("1.织网行动 同心同行"), _p("……湖北省甲质量控制中心（1）"),
             _p("2.规范诊疗行为\n……湖北省乙质量控制中心（3）"),
             _p("3.数据驱动质控……湖北省丙质量控制中心（5）\n4.质控强基层……湖北省丁质量控制中心（6）\n简讯……（8）"),
             _p("湖北省甲质量控制中心——"), _p("织网行动 同心同行"), _p("正文。")]
    entries, end = read_toc(items, 0)
    assert [(e.number, e.title, e.center, e.page, e.section) for e in entries] == [
        (1, "织网行动 同心同行", "湖北省甲质量控制中心", 1, False), (2, "规范诊疗行为", "湖北省乙质量控制中心", 3, False),
        (3, "数据驱动质控", "湖北省丙质量控制中心", 5, False), (4, "质控强基层", "湖北省丁质量控制中心", 6, False),
        (None, "简讯", "", 8, True)]
    assert end == 5


def test_toc_table_with_header_row():
    table = Para("table", lines=["序号\t标题\t供稿单位\t页码", "1\t织网行动 同心同行\t湖北省甲质量控制中心\t1",
                                 "2\t规范诊疗行为\t湖北省乙质量控制中心\t（3）"])
    entries, end = read_toc([_p("目录"), table, _p("湖北省甲质量控制中心——")], 0)
    assert [(e.number, e.title, e.center, e.page) for e in entries] == [
        (1, "织网行动 同心同行", "湖北省甲质量控制中心", 1), (2, "规范诊疗行为", "湖北省乙质量控制中心", 3)]
    assert end == 2


def test_titles_found_again_fuzzily():
    """Spaces, full-width spaces and punctuation differ; a long title set over two paragraphs."""
    entries, _ = read_toc([_p("1.织网行动，同心同行……湖北省甲质量控制中心（1）"),
                           _p("2.找问题 拿措施 补短板 优环境 提质量 共谋发展大计……湖北省乙质量控制中心（3）")], 0)
    items = [_p("织网行动\u3000同心同行"), _p("正文一。"), _p("找问题 拿措施 补短板"), _p("优环境 提质量 共谋发展大计"),
             _p("正文二。")]
    found = match_titles(items, 0, entries)
    assert {i: span for i, (_, span) in found.items()} == {0: 1, 2: 2}


def test_chinese_numbers_editor_note_forms_and_section_entries(tmp_path):
    """"一、" numbered entries, a section entry without a center ("二、简讯"), 【编者按】 over two
    paragraphs, 第三期 in Chinese numerals, a TOC line the reader cannot place (reported, not an article)."""
    d = docx.Document()
    for line in ["湖北医疗质控管理工作简报", "第三期（总第十二期）", "湖北省医疗质量控制中心管理办公室　　2026年6月30日",
                 "【编者按】本期编发两篇稿件。", "另辑录简讯一则。", "目次",
                 "一、织网行动 同心同行……湖北省甲质量控制中心（1）", "二、规范诊疗行为……湖北省乙质量控制中心（3）",
                 "三、简讯……（5）", "（以上页码为印刷版页码）",
                 "湖北省甲质量控制中心——", "织网行动　同心同行", "甲中心本季度完成了哨点医院的遴选工作。", "点评：", "做法扎实。",
                 "规范诊疗行为", "乙中心制定了本专业的诊疗规范并在全省推广。", "点评：", "以规范促提升。",
                 "简讯", "丙市示范质量控制中心——", "3月，丙市示范质量控制中心召开全市质控工作会议。"]:
        d.add_paragraph(line)
    result, b = _import_docx(tmp_path, d)
    assert (b.number, b.total_number, b.preface) == (3, 12, "本期编发两篇稿件。\n另辑录简讯一则。")
    arts = list(b.articles())
    assert [(a.center, a.title, a.kind) for a in arts] == [
        ("湖北省甲质量控制中心", "织网行动　同心同行", "article"), ("湖北省乙质量控制中心", "规范诊疗行为", "article"),
        ("丙市示范质量控制中心", "", "brief")]
    assert [[x.text for x in a.blocks] for a in arts] == [
        ["甲中心本季度完成了哨点医院的遴选工作。"], ["乙中心制定了本专业的诊疗规范并在全省推广。"],
        ["3月，丙市示范质量控制中心召开全市质控工作会议。"]]
    assert [s.heading for s in b.sections] == [None, "简讯"]
    assert "取自原目录" in result.output and "以上页码" in result.output  # the stray line is named, not imported


def test_masthead_in_a_table(tmp_path):
    """A masthead laid out in a two-column table (name | 第5期 / （总第20期）, office | date):
    its facts are read, and it is no article."""
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "湖北医疗质控管理工作简报", "第5期\n（总第20期）"
    t.cell(1, 0).text, t.cell(1, 1).text = "湖北省医疗质量控制中心管理办公室", "2026年6月30日"
    for line in ["（2026年第2季度·示范篇）", "按：本期编发两篇稿件。", "湖北省甲质量控制中心——", "织网行动 同心同行",
                 "甲中心完成了哨点医院的遴选工作。", "湖北省乙质量控制中心——", "规范诊疗行为", "乙中心制定了本专业的诊疗规范。"]:
        d.add_paragraph(line)
    result, b = _import_docx(tmp_path, d)
    assert (b.subtitle, str(b.date), b.number, b.total_number) == ("2026年第2季度·示范篇", "2026-06-30", 5, 20)
    assert [(a.center, a.title, [x.text for x in a.blocks]) for a in b.articles()] == [
        ("湖北省甲质量控制中心", "织网行动 同心同行", ["甲中心完成了哨点医院的遴选工作。"]),
        ("湖北省乙质量控制中心", "规范诊疗行为", ["乙中心制定了本专业的诊疗规范。"])]


def test_title_worded_like_an_earlier_sub_heading():
    """A sub-heading of article 1 reads like article 2's title: the title under the center line wins."""
    entries, _ = read_toc([_p("1.织网行动 同心同行……湖北省甲质量控制中心（1）"),
                           _p("2.强化人才培养 提升同质水平……湖北省乙质量控制中心（3）")], 0)
    items = [_p("湖北省甲质量控制中心——"), _p("织网行动 同心同行"), _p("正文一。"), _p("强化人才培养 提升同质水平"),
             _p("正文二。"), _p("湖北省乙质量控制中心——"), _p("强化人才培养　提升同质水平"), _p("正文三。")]
    assert sorted(match_titles(items, 0, entries)) == [1, 6]


def test_titles_numbered_as_in_the_toc(tmp_path):
    """Titles printed "1.标题" like their TOC entries: found, and written without the number."""
    d = docx.Document()
    for line in ["湖北医疗质控管理工作简报", "按：本期编发两篇稿件。", "目录", "1.织网行动 同心同行……湖北省甲质量控制中心（1）",
                 "2.规范诊疗行为……湖北省乙质量控制中心（3）", "1.织网行动 同心同行", "甲中心完成了哨点医院的遴选工作。",
                 "湖北省乙质量控制中心——", "2.规范诊疗行为", "乙中心制定了本专业的诊疗规范。"]:
        d.add_paragraph(line)
    _, b = _import_docx(tmp_path, d)
    assert [(a.center, a.title, [x.text for x in a.blocks]) for a in b.articles()] == [
        ("湖北省甲质量控制中心", "织网行动 同心同行", ["甲中心完成了哨点医院的遴选工作。"]),
        ("湖北省乙质量控制中心", "规范诊疗行为", ["乙中心制定了本专业的诊疗规范。"])]
