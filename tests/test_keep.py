"""Keep-together rules (qcbrief/keep.py, README 分页规则) on every issue the suite has.

Each issue is built to PDF and read back with pdfplumber.  The test knows every source
paragraph's text, finds the lines that print it, and checks that
- no page ends with a 点评 label, a sub-heading, a center line or a title line;
- no page starts with a 点评 label unless the paragraph before it is too long to carry over
  (more than keep.CARRY_MAX lines);
- no paragraph that breaks across pages leaves fewer than two lines at the foot or head.

Issues: the sample (articles/2026Q1), the invented twin (tests/fixtures/corpus), the real
2023 Q4 bulletin when present, a synthetic issue crafted so that, without the rules, a
sub-heading, a 点评 label (with two lines, run-in with one line, and after a paragraph too
long to carry), a center line, a one-line and a two-line title, a lone first line and a lone
last line each fall at a page break (the test recomputes those positions on the 22 × 28 grid and checks the PDF's line
counts agree with the arithmetic), and a `toc: never` issue whose short first article's
点评 would spill alone onto the next page.  The synthetic issue's DOCX is also rendered by
LibreOffice: the same properties hold there, and it breaks pages where the PDF does."""

from __future__ import annotations

import math
import re
import shutil
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CORPUS, INVENTED, NO_CORPUS, HAVE_CORPUS, REPO, make_workspace
from helpers import lo_convert, require_soffice
from qcbrief.build import BuildContext
from qcbrief.config import load_config
from qcbrief.keep import CARRY_MAX
from qcbrief.layout import Layout
from qcbrief.load.issue import load_issue
from qcbrief.model import Heading, ListBlock, Paragraph
from qcbrief.wording import Wording
from qcbrief.write.docx import write_docx
from qcbrief.write.pdf import write_pdf

pdfplumber = pytest.importorskip("pdfplumber")

PER_PAGE, PER_LINE = 22, 28
# LibreOffice drops the blank pages it inserts itself unless told to keep them
KEEP_BLANK_PAGES = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def norm(s: str) -> str:
    """Printed text: no whitespace, no invisible characters."""
    return "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch) != "Cf")


# ------------------------------------------------------------------ building and reading
@dataclass
class Line:
    page: int
    text: str  # normalised
    baseline: float
    size: float


@dataclass
class Built:
    bulletin: object
    ctx: object
    root: Path
    pdf: Path
    pages: list[list[Line]]  # lines of the type area of each page


def context(root: Path):
    cfg = load_config(root)
    return cfg, BuildContext(config=cfg, layout=Layout.from_config(cfg), wording=Wording(root), root=root)


def read_pages(pdf: Path) -> list[list[Line]]:
    """The lines of each page above the page-number line, grouped by baseline."""
    pages = []
    with pdfplumber.open(pdf) as doc:
        for k, pg in enumerate(doc.pages):
            groups: dict[float, list] = {}
            for c in pg.chars:
                if c["top"] > pg.height * 0.88 or not norm(c["text"]):
                    continue
                base = pg.height - c["matrix"][5]
                key = next((b for b in groups if abs(b - base) < 2.5), base)
                groups.setdefault(key, []).append(c)
            lines = []
            for base, cs in sorted(groups.items()):
                cs.sort(key=lambda c: c["x0"])
                lines.append(Line(k, norm("".join(c["text"] for c in cs)), base, max(c["size"] for c in cs)))
            pages.append(lines)
    return pages


def build_pdf(root: Path, issue: str) -> Built:
    _, ctx = context(root)
    bulletin = load_issue(root, issue, ctx.config).bulletin
    out = root / "build" / f"{issue}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_pdf(bulletin, ctx, out)
    return Built(bulletin, ctx, root, out, read_pages(out))


def render_docx(b: Built) -> list[list[Line]]:
    out = b.root / "build" / f"{b.bulletin.issue}.docx"
    write_docx(b.bulletin, b.ctx, out)
    return read_pages(lo_convert(out, KEEP_BLANK_PAGES, out.parent / "lo"))


def set_layout(root: Path, **values) -> None:
    cfg = root / "config.yaml"
    text = cfg.read_text(encoding="utf-8")
    for key, value in values.items():
        text, n = re.subn(rf"(?m)^(  {key}:\s*)\S+", rf"\g<1>{value}", text)
        assert n == 1, key
    cfg.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ what the source says
@dataclass
class Source:
    labels: set[str]
    centers: set[str]
    headings: set[str]
    titles: list[str]
    paragraphs: list[str]  # in printing order


def source(b: Built) -> Source:
    w = b.ctx.wording
    centers, headings, titles, paragraphs = set(), set(), [], []
    for a in b.bulletin.articles():
        if w.center_line(a):
            centers.add(norm(w.center_line(a)))
        if a.title:
            titles.append(norm(a.title))
        for blk in a.all_blocks():
            if isinstance(blk, Paragraph):
                # a hard line break starts a new, separately placed line
                paragraphs += [t for t in (norm(x) for x in blk.text.split("\n")) if t]
            elif isinstance(blk, Heading):
                headings.add(norm(blk.text))
            elif isinstance(blk, ListBlock):
                paragraphs += [norm(m + i.text) for m, i in zip(blk.markers(), blk.items)]
        if a.is_brief and a.title:
            headings.add(norm(a.title))
    return Source({norm(w.labels.get("commentary_label", "点评："))}, centers, headings, titles, paragraphs)


def is_title(line: Line, src: Source) -> bool:
    return line.size > 18 and any(line.text in t for t in src.titles)


def content_pages(pages: list[list[Line]], src: Source) -> list[list[Line]]:
    """The pages from the first center line on, without the 版记 page."""
    first = next(k for k, p in enumerate(pages) if any(ln.text in src.centers for ln in p))
    return [p for p in pages[first:] if not any("分送" in ln.text or "投稿" in ln.text for ln in p)]


def paragraph_segments(pages: list[list[Line]], src: Source) -> tuple[list[tuple[str, list[int]]], int]:
    """For each source paragraph found on whole lines: the number of its lines on each page it spans
    (and, in `last_lines`, its total line count by the last line it ends on)."""
    lines = [ln for p in pages for ln in p]
    starts, text = [], ""
    for ln in lines:
        starts.append(len(text))
        text += ln.text
    ends = starts[1:] + [len(text)]
    found, missed, cursor = [], 0, 0
    last_lines.clear()
    for para in src.paragraphs:
        k = text.find(para, cursor)
        if k < 0:
            missed += 1
            continue
        i, j = bisect_right(starts, k) - 1, bisect_right(starts, k + len(para) - 1) - 1
        if starts[i] != k or ends[j] != k + len(para):
            missed += 1  # shares a line with other text: not a paragraph of its own here
            continue
        cursor = k + len(para)
        last_lines[id(lines[j])] = j - i + 1
        counts: dict[int, int] = {}
        for ln in lines[i:j + 1]:
            counts[ln.page] = counts.get(ln.page, 0) + 1
        found.append((para, list(counts.values())))
    return found, missed


last_lines: dict[int, int] = {}  # id(Line) -> lines of the paragraph ending on it (paragraph_segments)


def assert_keeps(pages: list[list[Line]], src: Source, what: str) -> None:
    pages = content_pages(pages, src)
    for p in pages:
        if not p:
            continue
        last = p[-1]
        where = f"{what}, page {last.page + 1}"
        assert last.text not in src.labels, f"{where} ends with the 点评 label"
        assert last.text not in src.headings, f"{where} ends with the sub-heading {last.text!r}"
        assert last.text not in src.centers, f"{where} ends with the center line {last.text!r}"
        assert not is_title(last, src), f"{where} ends with the title line {last.text!r}"
    found, missed = paragraph_segments(pages, src)
    for prev, p in zip(pages, pages[1:]):
        if p and p[0].text in src.labels:  # the 点评 starts a page: only after a paragraph too long to carry
            n = last_lines.get(id(prev[-1]), 0)
            assert n > CARRY_MAX, f"{what}, page {p[0].page + 1}: the 点评 starts a page alone ({n}-line paragraph before)"
    assert len(found) >= 0.9 * len(src.paragraphs), f"{what}: only {len(found)} of {len(src.paragraphs)} found"
    for para, counts in found:
        if len(counts) > 1:
            assert counts[0] >= 2, f"{what}: a lone first line at a page foot: {para[:20]}… {counts}"
            assert counts[-1] >= 2, f"{what}: a lone last line at a page head: {para[:20]}… {counts}"


def page_starts(pages: list[list[Line]], src: Source) -> list[str]:
    return [p[0].text[:16] for p in content_pages(pages, src) if p]


# ------------------------------------------------------------------ the synthetic issue
HAN = ("质控中心组织专家开展督查培训指标分析覆盖医院问题整改落实推进"
       "工作制度流程规范管理能力水平持续改进提升服务安全")


def han(n: int, seed: int) -> str:
    """n invented Chinese characters ending with 。 (no digits or Latin: the same line breaks everywhere)."""
    return "".join(HAN[(seed * 5 + k * 7) % len(HAN)] for k in range(n - 1)) + "。"


def para_text(lines: int, seed: int) -> str:
    """A paragraph of exactly `lines` full lines (two-character indent, 28 characters a line)."""
    return han(lines * PER_LINE - 2, seed)


# each section starts a page: heading (grid line 0), a blank line, then its articles set on
# one after the other (article_new_page: false).  An article: center line, title, blocks.
# blocks: ("p", lines) paragraph, ("h",) sub-heading, ("c", lines) 点评 (label, a blank line
# before it), ("r", 1) 点评 written run-in ("点评：……" on one line).
SECTIONS = {
    "heading": [dict(blocks=[("p", 4)] * 4 + [("h",), ("p", 4), ("p", 3)])],
    "label": [dict(blocks=[("p", 4)] * 3 + [("p", 3), ("c", 2)])],
    "center": [dict(blocks=[("p", 4)] * 3 + [("p", 3)]), dict(blocks=[("p", 3)])],
    "title": [dict(blocks=[("p", 4)] * 3 + [("p", 1)]), dict(blocks=[("p", 3)])],
    "runin": [dict(blocks=[("p", 4)] * 3 + [("p", 3), ("r", 1)])],
    "title2": [dict(blocks=[("p", 4)] * 3), dict(blocks=[("p", 3)], title2=True)],
    "orphan": [dict(blocks=[("p", 4)] * 4 + [("p", 4), ("p", 2)])],
    "widow": [dict(blocks=[("p", 4)] * 3 + [("p", 1), ("p", 5), ("p", 2)])],
    "long": [dict(blocks=[("p", 4), ("p", 5), ("p", 6), ("c", 2)])],
}
# where, without the rules, the crafted element would stand: (kind, article, block index or None)
CRAFTED = {
    "heading": ("heading", 0, 4), "label": ("label", 0, 4), "center": ("center", 1, None),
    "title": ("title", 1, None), "runin": ("label", 0, 4), "title2": ("title", 1, None),
    "orphan": ("first", 0, 4), "widow": ("last", 0, 4), "long": ("label", 0, 3),
}
SECTION_NAMES = dict(zip(SECTIONS, [f"专题{n}" for n in "一二三四五六七八九"]))
TITLE_PITCH = 22 * 1.45  # title line height, points


def title_grid_lines(n: int, pitch: float) -> int:
    """Grid lines a title of n lines takes: 0.35 line above and below, then the next grid line."""
    return math.ceil(0.7 + n * TITLE_PITCH / pitch - 1e-6)


def naive_positions(arts: list[dict], pitch: float) -> dict:
    """Grid positions (counted from the section's first line) on a flow with no keep rules at all."""
    pos, out = 2, {}
    for k, art in enumerate(arts):
        if k:
            pos += 1  # blank line between articles
        out[("center", k, None)] = (pos, pos)
        pos += 1
        h = title_grid_lines(2 if art.get("title2") else 1, pitch)
        out[("title", k, None)] = (pos, pos + h - 1)
        pos += h
        for i, blk in enumerate(art["blocks"]):
            if blk[0] == "p":
                out[("first", k, i)] = out[("last", k, i)] = (pos, pos + blk[1] - 1)
                pos += blk[1]
            elif blk[0] == "h":
                out[("heading", k, i)] = (pos, pos)
                pos += 1
            else:  # 点评: a blank line, the label, the text
                out[("label", k, i)] = (pos + 1, pos + 1)
                pos += 2 + blk[1]
    return out


def synthetic_articles() -> tuple[dict[str, str], list[str]]:
    files, toc, seed = {}, ["commentary: optional", "toc:"], 0
    for s_no, (name, arts) in enumerate(SECTIONS.items()):
        stems = []
        for k, art in enumerate(arts):
            stem = f"k{s_no}{k}"
            stems.append(stem)
            title = "测试标题 分页规则" if not art.get("title2") else \
                "加强质控网络建设推动服务同质提升　夯实基层能力基础守护群众健康安全"
            body = []
            for blk in art["blocks"]:
                seed += 1
                if blk[0] == "p":
                    body.append(para_text(blk[1], seed))
                elif blk[0] == "h":
                    body.append("### 规范管理流程 推进整改落实")
                elif blk[0] == "c":
                    body.append("点评：\n\n" + para_text(blk[1], seed))
                else:  # run-in: "点评：" and its one-line text on the same source line
                    body.append("点评：" + han(PER_LINE - 2, seed))
            files[f"{stem}.md"] = (f"---\ncenter: 测试第{s_no}{k}专业质量控制中心\ntitle: {title}\n---\n\n"
                                   + "\n\n".join(body) + "\n")
        toc += [f"  - section: {SECTION_NAMES[name]}", f"    articles: [{', '.join(stems)}]"]
    issue = "subtitle: 分页规则测试\ndate: 2026-03-31\n" + "\n".join(toc) + "\n"
    return files, issue


def write_issue(root: Path, issue: str, files: dict[str, str], issue_yaml: str) -> None:
    folder = root / "articles" / issue
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "issue.yaml").write_text(issue_yaml, encoding="utf-8")


# ------------------------------------------------------------------ fixtures (one build each)
@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Built:
    return build_pdf(make_workspace(tmp_path_factory.mktemp("sample"), REPO / "articles"), "2026Q1")


@pytest.fixture(scope="module")
def invented(tmp_path_factory) -> Built:
    return build_pdf(make_workspace(tmp_path_factory.mktemp("invented"), INVENTED / "articles"), "2023Q4")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Built:
    if not HAVE_CORPUS:
        pytest.skip(NO_CORPUS)
    return build_pdf(make_workspace(tmp_path_factory.mktemp("corpus"), CORPUS / "articles", ["2023Q4"]), "2023Q4")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Built:
    root = make_workspace(tmp_path_factory.mktemp("synthetic"), REPO / "articles", issues=[])
    set_layout(root, toc="never", article_new_page="false")
    write_issue(root, "K", *synthetic_articles())
    return build_pdf(root, "K")


@pytest.fixture(scope="module")
def synthetic_lo(synthetic) -> list[list[Line]]:
    require_soffice()  # skips without LibreOffice (fails in CI, which installs it)
    return render_docx(synthetic)


NEVER_COMMENT = "该中心以督查促整改，做法值得借鉴。建议持续跟踪，把成熟经验推广至全省县级医院。"


def never_issue(root: Path, body_lines: list[int]) -> Built:
    """toc: never — the first article shares page 1 with the masthead; a two-line 点评."""
    paras = "\n\n".join(para_text(n, 40 + i) for i, n in enumerate(body_lines))
    first = (f"---\ncenter: 湖北省测试护理质量控制中心\ntitle: 织密基层网络 筑牢安全底线\n---\n\n{paras}\n\n"
             f"点评：\n\n{NEVER_COMMENT}\n")
    second = ("---\ncenter: 湖北省测试急诊质量控制中心\ntitle: 畅通生命通道\n---\n\n"
              "正文为测试虚构。\n\n点评：\n\n做法务实。\n")
    folder = root / "articles" / "N"
    if folder.exists():
        shutil.rmtree(folder)
    write_issue(root, "N", {"n1.md": first, "n2.md": second},
                "subtitle: 测试\ndate: 2026-03-31\ntoc:\n  - n1\n  - n2\n")
    return build_pdf(root, "N")


def grid_line(line: Line, ctx) -> int:
    """The grid line (0-based) a line of text stands on."""
    lay = ctx.layout
    return round((line.baseline - lay.margin_top - (lay.line_pitch - line.size) / 2 - 0.88 * line.size)
                 / lay.line_pitch)


@pytest.fixture(scope="module")
def never(tmp_path_factory) -> tuple[Built, int]:
    """The first article is sized from a probe build: its body ends one line above the page
    foot, so that without the rules the blank line before the 点评 would end page 1 and the
    label and its two lines would stand alone on page 2."""
    root = make_workspace(tmp_path_factory.mktemp("never"), REPO / "articles", issues=[])
    set_layout(root, toc="never")
    probe = never_issue(root, [1])
    src = source(probe)
    body = next(ln for ln in probe.pages[0] if ln.text in src.paragraphs)
    free = PER_PAGE - grid_line(body, probe.ctx)  # body lines page 1 has room for
    assert free >= 6, f"the masthead leaves {free} lines for the first article's body"
    return never_issue(root, [free - 4, 3]), free


# ------------------------------------------------------------------ tests
@pytest.mark.parametrize("name", ["sample", "invented", "corpus", "synthetic"])
def test_no_page_ends_with_a_label_heading_center_or_title_and_no_lone_lines(name, request):
    b = request.getfixturevalue(name)
    assert_keeps(b.pages, source(b), name)


def test_synthetic_issue_would_break_at_each_element_without_the_rules(synthetic):
    """The positions the issue was crafted for, recomputed on the 22-line grid, and the PDF's
    line counts and first lines match the arithmetic."""
    pitch = synthetic.ctx.layout.line_pitch
    assert title_grid_lines(1, pitch) == 2 and title_grid_lines(2, pitch) == 3
    for name, arts in SECTIONS.items():
        kind, art, blk = CRAFTED[name]
        first, last = naive_positions(arts, pitch)[(kind, art, blk)]
        if kind == "first":
            assert first % PER_PAGE == PER_PAGE - 1, name  # the first line alone at the foot
        elif kind == "last":
            assert last % PER_PAGE == 0 and last - first >= 1, name  # the last line alone at the head
        else:
            assert last % PER_PAGE == PER_PAGE - 1, (name, first, last)  # the element ends the page
    src = source(synthetic)
    pages = content_pages(synthetic.pages, src)
    # every paragraph prints on exactly the lines the arithmetic gives it
    found, missed = paragraph_segments(pages, src)
    wanted = [lines for arts in SECTIONS.values() for art in arts for kind, *rest in art["blocks"]
              for lines in rest if kind in "pcr"]
    assert missed == 0 and [sum(c) for _, c in found] == wanted
    # each section's first page: heading on grid line 0, center line on line 2, title, body from line 4
    heads = [p for p in pages if p and p[0].text in set(SECTION_NAMES.values())]
    assert len(heads) == len(SECTIONS)
    for p in heads:
        assert grid_line(p[0], synthetic.ctx) == 0 and p[1].text in src.centers
        assert grid_line(p[1], synthetic.ctx) == 2 and is_title(p[2], src)
        assert grid_line(p[3], synthetic.ctx) == 2 + 1 + title_grid_lines(1, pitch)


def test_synthetic_rules_applied_as_chosen(synthetic):
    """What the rules do with each crafted break (README 分页规则)."""
    src = source(synthetic)
    pages = content_pages(synthetic.pages, src)
    by_section = {}
    for p in pages:
        if p and p[0].text in set(SECTION_NAMES.values()):
            by_section[p[0].text] = pages.index(p)
    for name, arts in SECTIONS.items():
        k = by_section[SECTION_NAMES[name]]
        first, second = pages[k], pages[k + 1]
        if name == "heading":  # the heading goes over with the first two lines of its paragraph
            assert second[0].text in src.headings and len(second) > 2
        elif name in ("label", "runin"):  # the label, its text and the last body lines go over
            label = next(i for i, ln in enumerate(second) if ln.text in src.labels)
            assert label >= 2 and len(second) - label - 1 == (2 if name == "label" else 1)
        elif name == "center":  # center line, title and first lines go over together
            assert second[0].text in src.centers and is_title(second[1], src) and len(second) >= 4
        elif name in ("title", "title2"):
            assert second[0].text in src.centers and is_title(second[1], src)
            assert first[-1].text not in src.centers and not is_title(first[-1], src)
        elif name == "orphan":  # a 4-line paragraph starting on the last line goes over whole
            assert grid_line(first[-1], synthetic.ctx) == PER_PAGE - 2
        elif name == "widow":  # 4 + 1 becomes 3 + 2
            assert grid_line(first[-1], synthetic.ctx) == PER_PAGE - 2 and len(second) >= 2
        elif name == "long":  # a paragraph of more than CARRY_MAX lines stays: the 点评 starts the page
            assert second[0].text in src.labels and len(second) == 3


def test_toc_never_short_first_article_commentary_not_alone(never):
    built, free = never
    src = source(built)
    pages = content_pages(built.pages, src)
    assert_keeps(built.pages, src, "toc: never")
    # without the rules: the body ends on the line above the foot, the blank line ends page 1,
    # and the label and the 点评's two lines stand alone on page 2.  With them, page 2 starts
    # with the body's last paragraph (three lines: it goes over whole).
    found, _ = paragraph_segments(pages, src)
    assert [c for _, c in found[:2]] == [[free - 4], [3]]
    assert pages[1][0].text == found[1][0][:len(pages[1][0].text)]
    label_page = next(k for k, p in enumerate(pages) if any(ln.text in src.labels for ln in p))
    p = pages[label_page]
    label = next(i for i, ln in enumerate(p) if ln.text in src.labels)
    assert label == 3 and all(ln.text not in src.centers for ln in p[:label])
    assert len(p) - label - 1 == 2  # the 点评's two lines follow the label
    # and the page before keeps a full body (no lone first line left behind)
    assert len(pages[0]) >= 4


def test_libreoffice_rendering_keeps_the_same_rules_and_breaks_alike(synthetic, synthetic_lo):
    src = source(synthetic)
    assert_keeps(synthetic_lo, src, "LibreOffice")
    assert page_starts(synthetic_lo, src) == page_starts(synthetic.pages, src)


@pytest.mark.parametrize("n,left,breaks", [
    (5, 10, []),  # fits
    (5, 1, [0]),  # a lone first line would stay behind: the paragraph starts on the next page
    (3, 2, [0]),  # 2 + 1 would leave a lone last line, 1 + 2 a lone first line: three lines never split
    (4, 3, [2]),  # 3 + 1 becomes 2 + 2
    (6, 4, [4]),  # 4 + 2
    (24, 22, [22]),  # a paragraph longer than a page starting at the top: 22 + 2
    (23, 22, [21]),  # 22 + 1 becomes 21 + 2
    (46, 1, [0, 22, 44]),  # three pages: 0 + 22 + 22 + 2
    (45, 1, [0, 22, 43]),  # 22 + 22 + 1 becomes 22 + 21 + 2
])
def test_paragraph_breaks(n, left, breaks):
    from qcbrief.keep import para_breaks

    got = para_breaks(n, left, PER_PAGE)
    assert got == breaks
    # every segment but a whole moved start has at least two lines
    bounds = [0] + [b for b in got if b] + [n]
    assert all(b - a >= 2 for a, b in zip(bounds, bounds[1:]))


def test_docx_carries_the_rules_in_its_styles_and_paragraphs(synthetic):
    """keepNext (+ keepLines) on the center line, title, sub-headings and 点评 label styles, widow
    control for every paragraph, and keepNext + keepLines on a short paragraph before a 点评 label
    (not on one longer than CARRY_MAX lines)."""
    import docx

    out = synthetic.root / "build" / "K-xml.docx"
    write_docx(synthetic.bulletin, synthetic.ctx, out)
    d = docx.Document(str(out))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styles = {s.get(W + "styleId"): s for s in d.styles.element.iter(W + "style")}

    def ppr(style_id: str) -> set[str]:
        p = styles[style_id].find(W + "pPr")
        return {c.tag[len(W):] for c in p} if p is not None else set()

    for sid in ("CenterLine", "ArticleTitle", "Heading1", "Heading2", "Heading3", "CommentaryLabel"):
        assert "keepNext" in ppr(sid), sid
    for sid in ("ArticleTitle", "Heading1", "CommentaryLabel"):
        assert "keepLines" in ppr(sid), sid
    wc = styles["Normal"].find(f"{W}pPr/{W}widowControl")
    assert wc is not None and wc.get(W + "val") in (None, "1", "true")
    paras = list(d.element.body.iter(W + "p"))

    def style(p):
        s = p.find(f"{W}pPr/{W}pStyle")
        return s.get(W + "val") if s is not None else None

    kept = []
    for prev, p in zip(paras, paras[1:]):
        if style(p) == "CommentaryLabel":
            own = {c.tag[len(W):] for c in prev.find(W + "pPr")}
            kept.append({"keepNext", "keepLines"} <= own)
    # sections label, runin (3-line paragraphs: carried) and long (6 lines: not)
    assert kept == [True, True, False]


def test_toc_never_libreoffice_rendering(never):
    """The DOCX of the `toc: never` issue in LibreOffice: the same rules hold, and the page
    estimate (which places the 版记 on an even page, with at most one blank page before it)
    follows LibreOffice's breaks: no second blank page."""
    built, _ = never
    require_soffice()
    pages = render_docx(built)
    src = source(built)
    assert_keeps(pages, src, "toc: never, LibreOffice")
    assert len(pages) % 2 == 0
    assert all(p for p in pages[:-2]), [len(p) for p in pages]
