"""`qcbrief volume`: the year's 合订本 as PDF and DOCX, read back.

The year TOC and the index of centers cite "第N期 第P页" (numbering as printed): every
citation is checked against the PDF itself — the page of issue N whose footer reads
"— P —" must carry the cited article's title and center line.  Issues are found by
their mastheads (bulletin name and the issue's date), page numbers by the footer text.
The same parse runs on LibreOffice's rendering of the DOCX volume, whose numbers are
PAGEREF fields computed by LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pytest
import yaml
from docx import Document
from pypinyin import Style, lazy_pinyin

from conftest import CORPORA, REPO, corpus_root, make_workspace
from helpers import lo_convert, run

from qcbrief.config import load_config
from qcbrief.load.issue import load_issue

NAME = "湖北医疗质控管理工作简报"
OFFICE = "湖北省医疗质量控制中心管理办公室"
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")  # (whitespace is squashed before matching)
KEEP_BLANK = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


# --------------------------------------------------------------------------- expectations from the sources
@dataclass
class Expected:
    folder: str
    label: str  # 第N期, else the subtitle
    date: str  # 2026年3月31日
    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title or section, center)
    centers: list[tuple[str, str]] = field(default_factory=list)  # (center, stem) of articles and briefs


def expected(ws: Path, folders: list[str]) -> list[Expected]:
    config = load_config(ws)
    out = []
    for f in folders:
        data = yaml.safe_load((ws / "articles" / f / "issue.yaml").read_text(encoding="utf-8"))
        b = load_issue(ws, f, config).bulletin
        label = f"第{data['number']}期" if data.get("number") else data.get("subtitle") or f
        e = Expected(f, label, b.date_text)
        for section in b.sections:
            if section.heading:
                e.entries.append(("section", section.heading, ""))
            for a in section.articles:
                e.centers.append((squash(a.center).rstrip("—"), a.stem))
                if not a.is_brief:
                    e.entries.append(("article", f"{a.number}.{a.title}", a.center))
        out.append(e)
    return out


# --------------------------------------------------------------------------- reading a PDF back
@dataclass
class PdfPage:
    index: int  # physical, 0-based
    lines: list[str]
    text: str  # whitespace removed
    printed: int | None  # the footer's number
    issue: int | None = None  # which issue the page belongs to (by masthead), None: volume pages


def page_lines(pdf: Path) -> list[tuple[list[str], str]]:
    """(body lines, footer text) of each page.  poppler's pdftotext when installed (a tenth of
    the time), else pdfplumber; the footer is the page's last line when it reads "— N —"."""
    exe = shutil.which("pdftotext")
    if exe:
        out = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
        texts = out.split("\f")[:-1]
    else:
        with pdfplumber.open(pdf) as doc:
            texts = [pg.extract_text() or "" for pg in doc.pages]
    pages = []
    for text in texts:
        lines = [ln for ln in (squash(x) for x in text.splitlines()) if ln]
        foot = lines.pop() if lines and PAGE_NUMBER.fullmatch(lines[-1]) else ""
        pages.append((lines, foot))
    return pages


def read_pdf(pdf: Path, issues: list[Expected]) -> list[PdfPage]:
    pages = []
    for k, (lines, foot) in enumerate(page_lines(pdf)):
        m = PAGE_NUMBER.search(foot)
        pages.append(PdfPage(k, lines, "".join(lines), int(m.group(1)) if m else None))
    # issues by their mastheads, in order: first line the bulletin name, the issue's date on the page
    k = 0
    current = None
    starts = []
    for p in pages[1:]:  # page 0 is the volume's title page
        if k < len(issues) and p.lines and p.lines[0] == NAME and squash(issues[k].date) in p.text:
            current = k
            starts.append(p.index)
            k += 1
        if p.lines and p.lines[0] == "供稿单位索引":
            current = None
        p.issue = current
    assert len(starts) == len(issues), f"issue mastheads found on pages {starts}, expected {len(issues)} issues"
    return pages


def page_of(pages: list[PdfPage], issue: int, printed: int) -> PdfPage:
    hits = [p for p in pages if p.issue == issue and p.printed == printed]
    assert len(hits) == 1, f"issue {issue}: {len(hits)} pages printed as {printed}"
    return hits[0]


def toc_blocks(pages: list[PdfPage], issues: list[Expected]) -> list[list[str]]:
    """The year TOC's lines, split by issue heading (leader dots removed)."""
    first_issue = min(p.index for p in pages if p.issue is not None)
    lines = [re.sub(r"·{2,}", "", ln) for p in pages[1:first_issue] for ln in p.lines]
    assert lines[0] == "目录"
    blocks: list[list[str]] = []
    k = 0
    for ln in lines[1:]:
        if k < len(issues) and ln.startswith(issues[k].label) and not re.match(r"^\d+\.", ln):
            blocks.append([])
            k += 1
        elif blocks:
            blocks[-1].append(ln)
    assert len(blocks) == len(issues), f"TOC headings found for {len(blocks)} of {len(issues)} issues"
    return blocks


def check_toc(pages: list[PdfPage], issues: list[Expected]) -> int:
    """Every TOC entry in the issue's order, and its page number the one printed on the
    page of that issue which carries the article's center line and title."""
    checked = 0
    for k, (block, exp) in enumerate(zip(toc_blocks(pages, issues), issues)):
        entries, cur = [], ""
        for ln in block:
            cur += ln
            m = re.search(r"（(\d+)）$", cur)
            if m:
                entries.append((cur[: m.start()], int(m.group(1))))
                cur = ""
        assert cur == "", f"unterminated TOC entry {cur!r}"
        assert len(entries) == len(exp.entries), (exp.folder, entries)
        for (text, page), (kind, title, center) in zip(entries, exp.entries):
            p = page_of(pages, k, page)
            if kind == "section":
                assert text == squash(title)
                assert squash(title) in p.lines, (title, page)
            else:
                assert text == squash(title) + squash(center), (text, title)
                assert squash(center) + "——" in p.text, (exp.folder, center, page)
                assert squash(title.split(".", 1)[1]) in p.text, (exp.folder, title, page)
            checked += 1
    return checked


def read_index(pages: list[PdfPage], issues: list[Expected]) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(letter, center, [(issue, page), …]) of the index, in printed order."""
    start = next(p.index for p in pages if p.lines and p.lines[0] == "供稿单位索引")
    lines = [re.sub(r"·{2,}", "", ln) for p in pages[start:] for ln in p.lines][1:]
    assert lines[0].startswith("按供稿单位名称的汉语拼音排序")
    labels = {squash(e.label): k for k, e in enumerate(issues)}
    ref = re.compile("(" + "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True)) + r")第([\d、]+)页；?")
    out: list[tuple[str, str, list[tuple[int, int]]]] = []
    letter = None
    for ln in lines[1:]:
        if re.fullmatch(r"[A-Z#]", ln):
            letter = ln
            continue
        m = ref.search(ln)
        name = ln[: m.start()] if m else ln
        refs = [(labels[a], int(n)) for a, pages_ in ref.findall(ln) for n in pages_.split("、")] if m else []
        if name:
            out.append((letter, name, refs))
        else:
            out[-1][2].extend(refs)  # references continued on a line of their own
    return out


def check_index(pages: list[PdfPage], issues: list[Expected]) -> int:
    index = read_index(pages, issues)
    names = [n for _, n, _ in index]
    # every center once, and nothing else
    want = {c for e in issues for c, _ in e.centers}
    assert sorted(names) == sorted(want)
    # pinyin order (syllable by syllable), grouped under the initial letter
    assert names == sorted(names, key=lambda n: (lazy_pinyin(n, style=Style.NORMAL), lazy_pinyin(n, style=Style.TONE3), n))
    letters = [lt for lt, _, _ in index]
    assert letters == sorted(letters)
    for lt, n, _ in index:
        assert lazy_pinyin(n)[0][0].upper() == lt, (lt, n)
    # each reference: that page of that issue carries the center line
    checked = 0
    for _, n, refs in index:
        assert refs, n
        want_issues = sorted({k for k, e in enumerate(issues) for c, _ in e.centers if c == n})
        assert sorted({k for k, _ in refs}) == want_issues, n
        for k, page in refs:
            assert n + "——" in page_of(pages, k, page).text or n in page_of(pages, k, page).text.replace("、", ""), (n, k, page)
            checked += 1
    return checked


# --------------------------------------------------------------------------- fixtures
def build_volume(ws: Path, *args: str) -> tuple[Path, Path]:
    result = run("volume", *args, "--root", str(ws))
    assert result.exit_code == 0, result.output
    year = args[0]
    out = ws / "build" / f"{year}合订本"
    return out / f"{year}合订本.pdf", out / f"{year}合订本.docx"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("vol") / "ws", REPO / "articles")
    pdf, docx = build_volume(ws, "2026")
    issues = expected(ws, ["2026Q1", "2026Q2"])
    return ws, pdf, docx, issues, read_pdf(pdf, issues)


@pytest.fixture(scope="module", params=CORPORA)
def corpus(request, tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("volc") / "ws", corpus_root(request.param) / "articles")
    pdf, docx = build_volume(ws, "2023")
    issues = expected(ws, ["2023Q4"])
    return ws, pdf, docx, issues, read_pdf(pdf, issues)


# --------------------------------------------------------------------------- PDF
def test_sample_year_toc_and_index_cite_printed_pages(sample):
    ws, pdf, _, issues, pages = sample
    assert check_toc(pages, issues) == sum(len(e.entries) for e in issues) == 23
    assert check_index(pages, issues) >= 23


def test_corpus_toc_and_index_cite_printed_pages(corpus):
    ws, pdf, _, issues, pages = corpus
    assert check_toc(pages, issues) == len(issues[0].entries) >= 17
    assert check_index(pages, issues) >= 17


def test_title_page_mastheads_in_order_and_right_hand_starts(sample):
    ws, pdf, _, issues, pages = sample
    title = pages[0]
    assert title.lines[0] == NAME
    assert "2026年合订本" in title.lines
    assert "第1期—第2期（总第9期—总第10期）" in title.lines
    assert OFFICE in title.lines
    assert pages[1].text == ""  # the back of the title page
    starts = [min(p.index for p in pages if p.issue == k) for k in range(len(issues))]
    assert starts == sorted(starts)
    assert all(s % 2 == 0 for s in starts)  # 0-based even = a right-hand page
    assert len(pages) % 2 == 0
    index_start = next(p.index for p in pages if p.lines and p.lines[0] == "供稿单位索引")
    assert index_start % 2 == 0 and index_start > starts[-1]
    # each issue is bound as printed: its masthead lines, its own TOC, its 版记 at its end
    for k, e in enumerate(issues):
        own = [p for p in pages if p.issue == k]
        assert own[0].lines[1] == f"{e.label}（总第{9 + k}期）"
        assert "目录" in own[0].lines or "目录" in own[1].lines
        assert any(p.printed == 1 for p in own)
        assert "版记" not in own[-1].text  # (the 版记 has no heading) …
        assert "投稿地址" in own[-1].text or "邮箱" in own[-1].text  # … but its contacts end the issue
    with pdfplumber.open(pdf) as doc:
        assert doc.metadata["Title"] == f"《{NAME}》2026年合订本"


def test_volume_pdf_page_labels_and_outline(sample):
    from pypdf import PdfReader

    _, pdf, _, issues, pages = sample
    r = PdfReader(str(pdf))
    labels = list(r.page_labels)
    for p in pages:
        if p.issue is not None and p.printed is not None:
            assert labels[p.index] == f"{issues[p.issue].label}·{p.printed}"
    top = [o.title for o in r.outline if not isinstance(o, list)]
    assert top[0] == f"《{NAME}》2026年合订本" and top[-1] == "供稿单位索引"
    assert [t for t in top if t.startswith("第")] == [
        "第1期（总第9期）　2026年第1季度·省级质控中心篇",
        "第2期（总第10期）　2026年第2季度·专项行动篇"]


def test_issues_named_bind_in_given_order(tmp_path):
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    result = run("volume", "2026", "2026Q2", "2026Q1", "--root", str(ws), "--format", "pdf",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    issues = expected(ws, ["2026Q2", "2026Q1"])
    pages = read_pdf(tmp_path / "out" / "2026合订本.pdf", issues)
    assert check_toc(pages, issues) == 23
    assert not (tmp_path / "out" / "2026合订本.docx").exists()


# --------------------------------------------------------------------------- DOCX
def _style(p) -> str:
    return p.style.style_id if p.style is not None else ""


def test_docx_volume_reads_back(sample):
    ws, _, docx, issues, _ = sample
    doc = Document(str(docx))
    paras = doc.paragraphs
    texts = [p.text for p in paras]
    assert texts[0] == NAME and "2026年合订本" in texts[:6] and OFFICE in texts[:6]
    # the year TOC: issue headings, then each issue's entries "N.标题\t中心（页）" in order
    toc_start = texts.index("目录")
    first_masthead = next(i for i, p in enumerate(paras) if i > 0 and _style(p) == "MastheadName")
    toc = [p for p in paras[toc_start + 1:first_masthead] if _style(p) in ("Heading1", "TocEntry")]
    k = -1
    got: list[list[tuple[str, str]]] = []
    for p in toc:
        if _style(p) == "Heading1":
            k += 1
            assert p.text.startswith(issues[k].label)
            got.append([])
        else:
            text, _, tail = p.text.partition("\t")
            got[k].append((squash(text), squash(tail)))
    assert len(got) == len(issues)
    for e, entries in zip(issues, got):
        assert [t for t, _ in entries] == [squash(t) for _, t, _ in e.entries]
        assert all(re.fullmatch(re.escape(squash(c)) + r"（\d+）", tail) for (_, tail), (_, _, c) in zip(entries, e.entries))
    # every issue as printed: its masthead, then its articles' center lines in order
    mast = [i for i, p in enumerate(paras) if _style(p) == "MastheadName"]
    assert len(mast) == 1 + len(issues)
    index_at = texts.index("供稿单位索引")
    bounds = mast[1:] + [index_at]
    for k, e in enumerate(issues):
        centers = [squash(p.text).rstrip("—") for p in paras[bounds[k]:bounds[k + 1]] if _style(p) == "CenterLine"]
        assert centers == [c for c, _ in e.centers]
        assert paras[bounds[k] + 1].text.startswith(e.label)
    # the index: letters and centers in pinyin order, references as PAGEREF fields
    names = [p.text.partition("\t")[0] for p in paras[index_at:] if _style(p) == "TocEntry"]
    assert names == sorted(names, key=lambda n: (lazy_pinyin(n, style=Style.NORMAL), lazy_pinyin(n, style=Style.TONE3), n))
    assert set(names) == {c for e in issues for c, _ in e.centers}
    letters = [p.text for p in paras[index_at:] if _style(p) == "Heading1"]
    assert letters == sorted(set(lazy_pinyin(n)[0][0].upper() for n in names))
    xml = doc.element.body.xml
    refs = re.findall(r"PAGEREF (_qcb\d+)", xml)
    marks = set(re.findall(r'w:name="(_qcb\d+)"', xml))
    assert refs and set(refs) <= marks
    assert doc.core_properties.title == f"《{NAME}》2026年合订本"


@pytest.fixture(scope="module")
def rendered(sample, tmp_path_factory):
    ws, _, docx, issues, _ = sample
    out = tmp_path_factory.mktemp("lo")
    src = out / "v.docx"
    shutil.copy(docx, src)
    return lo_convert(src, KEEP_BLANK, out), issues


def test_docx_volume_rendered_by_libreoffice_numbers_match_its_pages(rendered):
    pdf, issues = rendered
    pages = read_pdf(pdf, issues)
    assert check_toc(pages, issues) == 23
    assert check_index(pages, issues) >= 23
    starts = [min(p.index for p in pages if p.issue == k) for k in range(len(issues))]
    assert all(s % 2 == 0 for s in starts), starts  # issues on right-hand pages
    assert len(pages) % 2 == 0


# --------------------------------------------------------------------------- errors
def test_unknown_issue_and_empty_year(tmp_path):
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    r = run("volume", "2026", "2026Q9", "--root", str(ws))
    assert r.exit_code == 2 and "找不到这一期：2026Q9" in r.output and "2026Q1" in r.output
    r = run("volume", "2031", "--root", str(ws))
    assert r.exit_code == 2 and "没有日期在 2031 年的期" in r.output
    r = run("volume", "26", "--root", str(ws))
    assert r.exit_code == 2 and "年份“26”不对" in r.output
    r = run("volume", "2026", "--root", str(ws), "--format", "html")
    assert r.exit_code == 2 and "合订本不支持输出格式“html”" in r.output
    assert not (ws / "build").exists()


def test_broken_issue_names_file_and_keeps_previous_volume(tmp_path):
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    pdf, docx = build_volume(ws, "2026")
    before = pdf.read_bytes(), docx.read_bytes()
    art = ws / "articles" / "2026Q2" / "04-病理.md"
    art.write_text(art.read_text(encoding="utf-8").replace("center: 湖北省病理质量控制中心\n", ""), encoding="utf-8")
    r = run("volume", "2026", "--root", str(ws))
    assert r.exit_code == 1
    assert "04-病理.md:1" in r.output and "QC102" in r.output and "合订本未生成" in r.output
    assert (pdf.read_bytes(), docx.read_bytes()) == before
    assert [p.name for p in pdf.parent.iterdir() if p.name.startswith(".")] == []
    # a broken issue.yaml: the year cannot be told, file and line named
    (ws / "articles" / "2026Q2" / "issue.yaml").write_text("date: 2026-06-30\ntoc: [a\n", encoding="utf-8")
    r = run("volume", "2026", "--root", str(ws))
    assert r.exit_code == 1 and "issue.yaml:" in r.output and "无法判断这一期是否属于该年" in r.output
    assert "Traceback" not in r.output


def test_cover_numbering_and_odd_issues_still_cite_printed_pages(tmp_path):
    """Numbering from the masthead page and no even-page 版记: the citations still match the
    printed numbers, and an issue of an odd page count is followed by a blank page so that
    the next one starts on a right-hand page."""
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    cfg = ws / "config.yaml"
    text = cfg.read_text(encoding="utf-8")
    text = text.replace("page_numbering: first_article", "page_numbering: cover")
    text = text.replace("colophon_even_page: true", "colophon_even_page: false")
    cfg.write_text(text, encoding="utf-8")
    # without its last article 2026Q2 has an odd number of pages (19)
    q2 = ws / "articles" / "2026Q2"
    (q2 / "09-感染.md").unlink()
    (q2 / "issue.yaml").write_text((q2 / "issue.yaml").read_text(encoding="utf-8").replace("  - 09-感染\n", ""),
                                   encoding="utf-8")
    pdf, docx = build_volume(ws, "2026")
    issues = expected(ws, ["2026Q1", "2026Q2"])
    pages = read_pdf(pdf, issues)
    assert check_toc(pages, issues) == 22
    assert check_index(pages, issues) >= 23
    starts = [min(p.index for p in pages if p.issue == k) for k in range(len(issues))]
    assert all(s % 2 == 0 for s in starts) and len(pages) % 2 == 0
    assert pages[starts[0]].printed == 1  # cover numbering: the masthead page is page 1
    index_start = next(p.index for p in pages if p.lines and p.lines[0] == "供稿单位索引")
    assert index_start - starts[1] == 20 and pages[index_start - 1].text == ""  # 19 pages + a blank one
    # the DOCX volume as LibreOffice lays it out: the same properties with its own page numbers
    lo = read_pdf(lo_convert(docx, KEEP_BLANK, tmp_path / "lo"), issues)
    assert check_toc(lo, issues) == 22 and check_index(lo, issues) >= 22
    lo_starts = [min(p.index for p in lo if p.issue == k) for k in range(len(issues))]
    lo_index = next(p.index for p in lo if p.lines and p.lines[0] == "供稿单位索引")
    assert all(s % 2 == 0 for s in lo_starts + [lo_index]) and len(lo) % 2 == 0


def test_index_centers_normalised_joint_and_pinyin_initials():
    from qcbrief.model import Article
    from qcbrief.volume import centers_of, initial, normalise_center, sort_key

    assert normalise_center(" 湖北省护理质量控制中心 —— ") == "湖北省护理质量控制中心"
    joint = Article("x", Path("x.md"), center="武汉市护理质量控制中心、武汉市医院感染管理质量控制中心")
    assert centers_of(joint) == ["武汉市护理质量控制中心", "武汉市医院感染管理质量控制中心"]
    one = Article("y", Path("y.md"), center="湖北省职业健康检查和职业病诊断技术质量控制中心")
    assert centers_of(one) == ["湖北省职业健康检查和职业病诊断技术质量控制中心"]
    # polyphonic first characters read as in the words (pypinyin's phrase dictionary)
    assert initial("重庆市急诊医学质量控制中心") == "C" and initial("重症医学质量控制中心") == "Z"
    assert initial("长沙市护理质量控制中心") == "C"
    assert initial("ICU质控小组") == "I" and initial("（筹）质控中心") == "#"
    names = ["襄阳市麻醉质量控制中心", "湖北省护理质量控制中心", "黄冈市病案管理质量控制中心", "恩施州急诊医学质量控制中心",
             "湖北省病案管理质量控制中心"]
    assert sorted(names, key=sort_key) == ["恩施州急诊医学质量控制中心", "湖北省病案管理质量控制中心", "湖北省护理质量控制中心",
                                           "黄冈市病案管理质量控制中心", "襄阳市麻醉质量控制中心"]


def test_four_issues_long_references_wrap_and_still_cite_printed_pages(tmp_path):
    """A center in every issue of a four-issue year: its references no longer fit beside its
    name and go on lines of their own (split after a "；"), each still the printed page."""
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    for n, (src, month) in enumerate((("2026Q1", 9), ("2026Q2", 12)), start=3):
        dst = ws / "articles" / f"2026Q{n}"
        shutil.copytree(ws / "articles" / src, dst)
        data = (dst / "issue.yaml").read_text(encoding="utf-8")
        data = re.sub(r"date: .*", f"date: 2026-{month:02d}-30", data)
        data = re.sub(r"\nnumber: \d+", f"\nnumber: {n}", data)
        data = re.sub(r"total_number: \d+", f"total_number: {8 + n}", data)
        (dst / "issue.yaml").write_text(data, encoding="utf-8")
    result = run("volume", "2026", "--root", str(ws), "--format", "pdf")
    assert result.exit_code == 0, result.output
    issues = expected(ws, ["2026Q1", "2026Q2", "2026Q3", "2026Q4"])
    pages = read_pdf(ws / "build" / "2026合订本" / "2026合订本.pdf", issues)
    assert check_toc(pages, issues) == 46
    assert check_index(pages, issues) >= 46
    index = read_index(pages, issues)
    nurse = next(refs for _, n, refs in index if n == "湖北省护理质量控制中心")
    assert [k for k, _ in nurse] == [0, 1, 2, 3]
    start = next(p.index for p in pages if p.lines and p.lines[0] == "供稿单位索引")
    lines = [ln for p in pages[start:] for ln in p.lines]
    at = lines.index("湖北省护理质量控制中心")  # the name alone on its line, references below
    assert lines[at + 1].startswith("第1期第1页；")


def test_roster_joins_one_center_written_two_ways_in_the_index(tmp_path):
    """With centers.yaml, a center spelled "质控中心" in one issue and "质量控制中心" in
    another (or under an old name) is one index entry citing both issues."""
    ws = make_workspace(tmp_path / "ws", REPO / "articles", ["2026Q1", "2026Q2"])
    q2 = ws / "articles" / "2026Q2" / "01-护理.md"
    q2.write_text(q2.read_text(encoding="utf-8").replace("center: 湖北省护理质量控制中心", "center: 湖北省护理质控中心", 1),
                  encoding="utf-8")
    # without a roster the two spellings are two entries
    result = run("volume", "2026", "--root", str(ws), "--format", "pdf", "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    issues = expected(ws, ["2026Q1", "2026Q2"])
    names = [n for _, n, _ in read_index(read_pdf(tmp_path / "a" / "2026合订本.pdf", issues), issues)]
    assert "湖北省护理质控中心" in names and "湖北省护理质量控制中心" in names
    shutil.copy(REPO / "centers.yaml", ws / "centers.yaml")
    result = run("volume", "2026", "--root", str(ws), "--format", "pdf", "--out", str(tmp_path / "b"))
    assert result.exit_code == 0, result.output
    index = read_index(read_pdf(tmp_path / "b" / "2026合订本.pdf", issues), issues)
    names = [n for _, n, _ in index]
    assert "湖北省护理质控中心" not in names
    refs = next(r for _, n, r in index if n == "湖北省护理质量控制中心")
    assert {k for k, _ in refs} == {0, 1}
