"""The PDF writer: build real issues, read the PDF back and check the layout rules."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from qcbrief.build import BuildContext
from qcbrief.config import load_config
from qcbrief.layout import MM, Layout
from qcbrief.load.issue import load_issue
from qcbrief.model import Heading, Paragraph
from qcbrief.text.cjk import NO_LINE_END, NO_LINE_START, is_cjk
from qcbrief.wording import Wording
from qcbrief.write.pdf import write_pdf
from qcbrief.write.pdf.linebreak import CLOSING, clusters

from conftest import CORPUS, HAVE_CORPUS, INVENTED, REPO, make_workspace, needs_corpus

OFFICE = "湖北省医疗质量控制中心管理办公室"
TOL = 1 * MM


# ---------------------------------------------------------------- building
def build(root: Path, issue: str, out: Path, **ctx_kw):
    cfg = load_config(root)
    b = load_issue(root, issue, cfg).bulletin
    ctx = BuildContext(config=cfg, layout=Layout.from_config(cfg), wording=Wording(root), root=root, **ctx_kw)
    write_pdf(b, ctx, out)
    return b, ctx, out


LABEL_VARIANTS = ["点评：", "点评:", "**点评：**", "#### **点评：**", "### 点评：", "点评"]


def make_big(dest: Path, n: int = 60, n_briefs: int = 30) -> Path:
    """A real-sized bulletin like the 2025 Q4 issue: n full articles (real corpus
    articles without 点评 and sample articles with 点评 in every label variant),
    Chinese and ASCII file names, then a 简讯 section of n_briefs items."""
    corpus = CORPUS if HAVE_CORPUS else INVENTED
    ws = make_workspace(dest, corpus / "articles")
    src = sorted((corpus / "articles" / "2023Q4").glob("c*.md"))
    with_comment = sorted(p for p in (REPO / "articles" / "2026Q1").glob("*.md")
                          if "点评：" in p.read_text(encoding="utf-8") and "images/" not in p.read_text(encoding="utf-8"))
    folder = ws / "articles" / "BIG"
    folder.mkdir(parents=True)
    stems = []
    for k in range(n):
        stem = f"x{k + 1:03d}" if k % 3 else f"{k + 1:02d}-市州质控中心来稿"
        if k % 2:
            text = with_comment[k % len(with_comment)].read_text(encoding="utf-8")
            text = text.replace("\n点评：\n", "\n" + LABEL_VARIANTS[k % len(LABEL_VARIANTS)] + "\n", 1)
            (folder / f"{stem}.md").write_text(text, encoding="utf-8")
        else:
            shutil.copy(src[k % len(src)], folder / f"{stem}.md")
        stems.append(stem)
    briefs = []
    brief_src = sorted((REPO / "articles" / "2026Q1").glob("b*.md"))
    for k in range(n_briefs):
        stem = f"简讯{k + 1:02d}"
        shutil.copy(brief_src[k % len(brief_src)], folder / f"{stem}.md")
        briefs.append(stem)
    lines = ['subtitle: "测试用大型简报"', "date: 2026-06-30", "number: 2", "commentary: optional", "toc:"]
    lines += [f'  - "{s}"' for s in stems]
    lines += ["  - section: 简讯", f"    articles: [{', '.join(briefs)}]"]
    (folder / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ws


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Builds shared by the tests of this module (each is made once)."""
    cache = {}

    def get(name: str):
        if name in cache:
            return cache[name]
        tmp = tmp_path_factory.mktemp(name)
        if name == "sample":
            ws = make_workspace(tmp / "ws", REPO / "articles")
            r = build(ws, "2026Q1", tmp / "out.pdf")
        elif name in ("corpus", "invented"):
            ws = make_workspace(tmp / "ws", (CORPUS if name == "corpus" else INVENTED) / "articles")
            r = build(ws, "2023Q4", tmp / "out.pdf")
        elif name == "big":
            ws = make_big(tmp / "ws")
            r = build(ws, "BIG", tmp / "out.pdf")
        elif name == "draft":
            ws = make_workspace(tmp / "ws", REPO / "articles")
            r = build(ws, "2026Q1", tmp / "out.pdf", draft=True)
        else:  # pragma: no cover
            raise KeyError(name)
        cache[name] = Doc(*r)
        return cache[name]

    yield get
    for d in cache.values():
        d.close()


# ---------------------------------------------------------------- reading back
class Doc:
    def __init__(self, bulletin, ctx, path: Path):
        self.b, self.ctx, self.path = bulletin, ctx, path
        lay = ctx.layout
        self.lay = lay
        self.left, self.right = lay.margin_left, lay.margin_left + lay.type_width
        self.top, self.bottom = lay.margin_top, lay.margin_top + lay.type_height  # from the page top
        self.pdf = pdfplumber.open(path)
        self.pages = self.pdf.pages
        self.chars = [[dict(c, page_height=p.height) for c in p.chars] for p in self.pages]

    def close(self):
        self.pdf.close()

    def in_area(self, c) -> bool:
        return self.top - TOL <= c["top"] and c["bottom"] <= self.bottom + TOL

    def lines(self, i: int, size: float | None = None):
        """Lines of page i: chars grouped by baseline, sorted by x (inside the type area)."""
        groups = defaultdict(list)
        for c in self.chars[i]:
            if not self.in_area(c):
                continue
            if size is not None and abs(c["size"] - size) > 0.1:
                continue
            groups[round(baseline(c), 0)].append(c)
        return [sorted(g, key=lambda c: c["x0"]) for _, g in sorted(groups.items())]

    def text(self, i: int, size: float | None = None) -> str:
        return "".join("".join(c["text"] for c in ln) for ln in self.lines(i, size))

    def page_number_text(self, i: int) -> tuple[str, list]:
        cs = [c for c in self.chars[i] if c["top"] > self.bottom + 2 * MM]
        cs.sort(key=lambda c: c["x0"])
        return "".join(c["text"] for c in cs), cs

    def title_pages(self) -> dict[str, int]:
        """Normalised article title -> 1-based page where it is set in title size."""
        out = {}
        for i in range(len(self.pages)):
            t = norm(self.text(i, self.lay.title_size))
            if t:
                out.setdefault(t, i + 1)
                for k in range(len(t)):  # a page can hold the end of one title and a new one: keep both
                    pass
        return out


def baseline(c) -> float:
    """y of a char's baseline from the page top (independent of the font's descent)."""
    return c["page_height"] - c["matrix"][5] if "page_height" in c else c["bottom"]


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def right_extent(c) -> float:
    """Right edge of a glyph's ink cell: closing punctuation only uses its left half."""
    if c["text"] in CLOSING:
        return c["x0"] + 0.5 * c["size"]
    return c["x1"]


def article_start_pages(doc: Doc) -> dict[str, int]:
    """stem -> page where the article's title is set (titles may repeat: search in order)."""
    size = doc.lay.title_size
    titles = [norm(doc.text(i, size)) for i in range(len(doc.pages))]
    out, page, used = {}, 0, ""
    for a in doc.b.full_articles:
        t = norm(a.title)
        while page < len(titles):
            rest = titles[page][len(used):] if used else titles[page]
            k = rest.find(t[:10])
            if k >= 0:
                out[a.stem] = page + 1
                used = (used + rest[:k + len(t)]) if used else rest[:k + len(t)]
                break
            page, used = page + 1, ""
        else:
            out[a.stem] = None
    return out


ALL = ["sample", "invented", pytest.param("corpus", marks=needs_corpus), "big"]


# ---------------------------------------------------------------- tests
@pytest.mark.parametrize("name", ALL)
def test_text_in_toc_order(built, name):
    doc = built(name)
    starts = article_start_pages(doc)
    first = min(p for p in starts.values() if p)
    body = norm("".join(doc.text(i) for i in range(first - 1, len(doc.pages))))
    pos = 0
    for a in doc.b.articles():
        wanted = []
        if a.title:
            wanted.append(a.title)
        for blk in a.all_blocks():
            if isinstance(blk, (Paragraph, Heading)):
                wanted.append(blk.text[:20])
        for w in wanted:
            k = body.find(norm(w), pos)
            assert k >= 0, f"{a.stem}: {w!r} missing or out of order"
            pos = k


@pytest.mark.parametrize("name", ALL)
def test_toc_page_numbers_match_article_starts(built, name):
    doc = built(name)
    starts = article_start_pages(doc)
    assert all(starts.values()), starts
    first = min(starts.values())
    toc_text = norm("".join(doc.text(i) for i in range(first)))
    toc_text = toc_text[toc_text.index("目录"):]
    nums = [int(n) for n in re.findall(r"（(\d+)）", toc_text)]
    wanted = [starts[a.stem] for a in doc.b.full_articles]
    assert nums[-len(wanted):] == wanted
    # entries carry number, title and center
    for a in doc.b.full_articles:
        assert norm(f"{a.number}.{a.title}") in toc_text and norm(a.center) in toc_text


@pytest.mark.parametrize("name", ALL)
def test_no_line_starts_or_ends_with_forbidden_punctuation(built, name):
    doc = built(name)
    bad = []
    for i in range(len(doc.pages)):
        for ln in doc.lines(i):
            # split a baseline into separate lines where text jumps (office … date, TOC leaders)
            seg = [ln[0]]
            for c in ln[1:] + [None]:
                if c is None or c["x0"] - seg[-1]["x1"] > 2 * c["size"]:
                    t = "".join(x["text"] for x in seg)
                    marker = t[0] == "·" and seg[0]["x0"] > doc.left + doc.lay.char_pitch  # list bullet
                    if (t[0] in NO_LINE_START and not marker) or t[-1] in NO_LINE_END:
                        bad.append((i + 1, t))
                    seg = [c] if c else []
                else:
                    seg.append(c)
    assert not bad


def line_cells(doc: Doc, ln) -> float:
    """Characters on a line in cells: Chinese 1, Latin by width, squeezed punctuation 1/2."""
    cp = doc.lay.char_pitch
    total = 0.0
    for a, b in zip(ln, ln[1:] + [None]):
        cjk = is_cjk(a["text"]) and not a["text"].isspace() or a["text"] == "\u3000"
        nat = cp if cjk else (a["x1"] - a["x0"])
        total += 1 if cjk else nat / a["size"]
        if b is not None and b["x0"] - a["x0"] - nat < -0.3 * cp:
            total -= 0.5  # squeezed punctuation: half a cell
        if b is None and a["text"] in CLOSING and doc.right - a["x0"] < 0.75 * cp:
            total -= 0.5  # squeezed at the line end
    return total


def full_body_lines(doc: Doc):
    """(page, line, next line text) for body-size lines running from the left edge to the
    right edge of the type area, in the articles."""
    cp = doc.lay.char_pitch
    first = min(p for p in article_start_pages(doc).values() if p) - 1
    seq = [(i, ln) for i in range(first, len(doc.pages)) for ln in doc.lines(i, doc.lay.body_size)]
    for k, (i, ln) in enumerate(seq):
        nxt = "".join(c["text"] for c in seq[k + 1][1]) if k + 1 < len(seq) else ""
        gaps = [b["x0"] - a["x1"] for a, b in zip(ln, ln[1:])]
        if gaps and max(gaps) > cp:
            continue  # not one run of text (e.g. a label and a value)
        if abs(ln[0]["x0"] - doc.left) < 1 and abs(right_extent(ln[-1]) - doc.right) < 0.6 * cp:
            yield i, ln, nxt


def first_cluster_cells(text: str) -> float:
    if not text:
        return 0.0
    s, e = clusters(text)[0]
    return sum(1 if is_cjk(ch) else 0.5 for ch in text[s:e])


@pytest.mark.parametrize("name", ALL)
def test_full_body_lines_hold_27_to_28_characters(built, name):
    """A full line holds 27-28 characters (squeezed punctuation counts half). Shorter
    only when the next line starts with an unbreakable unit (a number with its unit
    and punctuation) too wide to pull back: then the line is stretched."""
    doc = built(name)
    counts = []
    for i, ln, nxt in full_body_lines(doc):
        counts.append((i + 1, round(line_cells(doc, ln), 2), "".join(c["text"] for c in ln), nxt))
    assert len(counts) > 50
    bad = [c for c in counts if not (27 - 0.01 <= c[1] <= 28.01)]
    assert not [c for c in bad if c[1] < 25.5 or c[1] > 28.01], bad
    unexplained = [c for c in bad if first_cluster_cells(c[3]) < 28 - c[1]]
    assert not unexplained
    assert len(bad) <= max(2, len(counts) // 50), bad

@pytest.mark.parametrize("name", ALL)
def test_22_lines_on_full_body_pages(built, name):
    """Body lines sit on the 22-line grid; pages filled with body text hold 22 lines."""
    doc = built(name)
    size, pitch = doc.lay.body_size, doc.lay.line_pitch
    full = 0
    for i, page in enumerate(doc.pages):
        if page.images or any(abs(c["size"] - size) > 0.1 for c in doc.chars[i] if doc.in_area(c) and c["text"].strip()):
            continue  # titles, tables, captions, 版记: not a plain body page
        lines = doc.lines(i, size)
        if not lines:
            continue
        idx = []
        for ln in lines:
            k = (baseline(ln[0]) - doc.top) / pitch
            idx.append(k)
        slots = [round(k) for k in idx]
        # every baseline at the same place in its grid slot
        assert max(k - s for k, s in zip(idx, slots)) - min(k - s for k, s in zip(idx, slots)) < 0.02, i + 1
        assert max(slots) <= doc.lay.lines_per_page
        if len(set(slots)) == len(slots) and max(slots) - min(slots) + 1 == len(slots) and len(slots) >= 21:
            full += 1
            assert 21 <= len(lines) <= 23, (i + 1, len(lines))
    assert full >= 1


@pytest.mark.parametrize("name", ALL)
def test_page_numbers(built, name):
    doc = built(name)
    one = doc.lay.page_number_size
    n = len(doc.pages)
    for i in range(n):
        text, cs = doc.page_number_text(i)
        if i == n - 1 or not doc.chars[i]:
            continue  # the 版记 page (when alone) and blank pages carry no number
        assert norm(text) == f"—{i + 1}—", (i + 1, text)
        x0, x1 = cs[0]["x0"], cs[-1]["x1"]
        if (i + 1) % 2:
            assert abs(x1 - (doc.right - one)) < TOL, (i + 1, x1)
        else:
            assert abs(x0 - (doc.left + one)) < TOL, (i + 1, x0)
        top = min(c["top"] for c in cs)
        assert abs(top - (doc.bottom + doc.lay.page_number_offset)) < 2 * MM


@pytest.mark.parametrize("name", ALL)
def test_type_area(built, name):
    doc = built(name)
    xs0, xs1, tops, bottoms = [], [], [], []
    for i in range(len(doc.pages)):
        for c in doc.chars[i]:
            if c["top"] > doc.bottom + 2 * MM:
                continue  # page number
            assert doc.in_area(c), (i + 1, c["text"], c["top"], c["bottom"])
            xs0.append(c["x0"])
            xs1.append(right_extent(c))
            tops.append(c["top"])
            bottoms.append(c["bottom"])
    assert abs(min(xs0) - doc.left) < TOL and abs(max(xs1) - doc.right) < TOL
    assert min(tops) >= doc.top - TOL and max(bottoms) <= doc.bottom + TOL
    # body text fills the area: lines reach both edges, first/last grid lines are used
    assert min(bottoms) - doc.top < doc.lay.line_pitch + TOL
    assert doc.bottom - max(bottoms) < doc.lay.line_pitch


@pytest.mark.parametrize("name", ALL)
def test_last_page_is_even_and_holds_the_colophon(built, name):
    doc = built(name)
    n = len(doc.pages)
    assert n % 2 == 0
    last = doc.pages[-1]
    text = norm(doc.text(n - 1))
    pub = doc.b.publication
    for piece in [*pub.publishers, *(r for d in pub.distribution for r in d.recipients), *(v for _, v in pub.contact)]:
        assert norm(piece) in text, piece
    rules = [ln for ln in last.lines if abs(ln["top"] - ln["bottom"]) < 0.1 or ln["height"] < 1.2]
    rules += [r for r in last.rects if r["height"] < 1.2]
    assert rules
    lowest = max(rules, key=lambda r: r["bottom"])
    assert abs((lowest["top"] + lowest["bottom"]) / 2 - doc.bottom) < 0.5 * MM
    assert abs(lowest["x0"] - doc.left) < 0.5 and abs(lowest["x1"] - doc.right) < 0.5
    widths = sorted({round(r.get("linewidth", 0), 2) for r in rules})
    assert widths[-1] == pytest.approx(0.35 * MM, abs=0.02)


@pytest.mark.parametrize("name", ALL)
def test_fonts_embedded_and_subset(built, name):
    doc = built(name)
    out = subprocess.run(["pdffonts", str(doc.path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        cols = row.split()
        emb, sub = cols[-5], cols[-4]
        assert (emb, sub) == ("yes", "yes"), row


@pytest.mark.parametrize("name", ALL)
def test_outline_and_metadata(built, name):
    doc = built(name)
    r = PdfReader(str(doc.path))
    top = r.outline
    flat_top = [e for e in top if not isinstance(e, list)]
    full = doc.b.full_articles
    briefs = [a for a in doc.b.articles() if a.is_brief]
    sections = [s.heading for s in doc.b.sections if s.heading]
    assert len(flat_top) == len(full) + len(sections)
    titles = [e.title for e in flat_top]
    for a in full:
        assert any(norm(a.title) in norm(t) for t in titles), a.title
    nested = [e for sub in top if isinstance(sub, list) for e in sub]
    assert len(nested) == len(briefs)
    # each bookmark points to the page where its article starts
    starts = article_start_pages(doc)
    for e, a in zip([e for e in flat_top if e.title not in sections], full):
        assert r.get_destination_page_number(e) + 1 == starts[a.stem]
    meta = r.metadata
    assert meta.author == OFFICE
    assert meta.creator == "qcbrief"
    assert doc.b.publication.name in meta.title
    assert r.trailer["/Root"]["/Lang"] == "zh-CN"


def test_sample_has_table_with_header_image_and_commentary(built):
    doc = built("sample")
    all_text = norm("".join(doc.text(i) for i in range(len(doc.pages))))
    assert all_text.count("点评：") == len(doc.b.full_articles)
    assert any(p.images for p in doc.pages)
    table_pages = [i for i in range(len(doc.pages)) if doc.lines(i, doc.lay.table_size)]
    assert table_pages
    assert "简讯" in all_text
    # the 按语 and the masthead on page 1
    p1 = norm(doc.text(0))
    assert "按：" in p1 and doc.b.publication.name in p1 and "第1期（总第9期）" in p1


def test_table_header_repeats_on_each_page(tmp_path):
    rows = "\n".join(f"| {k} | 湖北省第{k}医院 | {90 + k % 10}.5% |" for k in range(1, 90))
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    art = ws / "articles" / "2026Q1" / "a04.md"
    text = art.read_text(encoding="utf-8")
    art.write_text(text + "\n\n| 序号 | 医疗机构 | 达标率 |\n| --- | --- | --- |\n" + rows + "\n", encoding="utf-8")
    b, ctx, out = build(ws, "2026Q1", tmp_path / "t.pdf")
    doc = Doc(b, ctx, out)
    try:
        pages = [i for i in range(len(doc.pages)) if "湖北省第" in doc.text(i, doc.lay.table_size)]
        assert len(pages) >= 2
        for i in pages:
            assert "序号医疗机构达标率" in norm(doc.text(i, doc.lay.table_size)), i + 1
        body = "".join(norm(doc.text(i, doc.lay.table_size)) for i in pages)
        for k in (1, 45, 89):
            assert f"湖北省第{k}医院" in body
    finally:
        doc.close()


def test_draft_watermark_and_build_time(built):
    doc = built("draft")
    for i in range(len(doc.pages)):
        t = "".join(c["text"] for c in doc.pages[i].chars)
        assert "草稿" in t, i + 1
    assert f"生成于{doc.ctx.built_at:%Y-%m-%d}" in norm("".join(c["text"] for c in doc.pages[0].chars))


def test_big_bulletin_builds(built):
    doc = built("big")
    assert 40 <= len(doc.pages) <= 400
    assert len(doc.b.full_articles) == 60
    text = "".join(doc.text(i) for i in range(len(doc.pages)))
    # every 点评 label variant is recognised and printed as the one label, no Markdown marks left
    with_comment = [a for a in doc.b.full_articles if a.commentary]
    assert len(with_comment) == 30 and text.count("点评：") == 30
    assert "**" not in text and "####" not in text


def test_cli_without_system_fonts_embeds_fonts(tmp_path):
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    out = tmp_path / "out"
    exe = shutil.which("qcbrief") or str(Path(sys.executable).parent / "qcbrief")
    proc = subprocess.run([exe, "build", "2026Q1", "--root", str(ws), "--out", str(out), "--format", "pdf",
                           "--no-system-fonts"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    pdf = out / "2026Q1.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(r.split()[-5:-3] == ["yes", "yes"] for r in rows), fonts
    assert not any("UMing" in r or "WenQuanYi" in r or "UKai" in r for r in rows), fonts
    with pdfplumber.open(pdf) as p:
        assert "湖北医疗质控管理工作简报" in norm("".join(c["text"] for c in p.pages[0].chars))
