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
from qcbrief.write.pdf.linebreak import CLOSING, OPENING, clusters

from conftest import CORPUS, HAVE_CORPUS, INVENTED, NO_CORPUS, REPO, make_workspace, needs_corpus

SAMPLE = REPO / "articles" / "2026Q1"

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
    articles without 点评 when the corpus is there, else invented sample articles with
    their 点评 removed, and sample articles with 点评 in every label variant),
    Chinese and ASCII file names, then a 简讯 section of n_briefs items."""
    ws = make_workspace(dest, SAMPLE.parent, issues=[])
    with_comment = sorted(p for p in SAMPLE.glob("*.md")
                          if "点评：" in p.read_text(encoding="utf-8") and "images/" not in p.read_text(encoding="utf-8"))
    corpus = CORPUS if HAVE_CORPUS else INVENTED  # the real corpus's articles, else the invented twin's
    plain = [p.read_text(encoding="utf-8") for p in sorted((corpus / "articles" / "2023Q4").glob("c*.md"))]
    folder = ws / "articles" / "BIG"
    folder.mkdir(parents=True)
    stems = []
    for k in range(n):
        stem = f"x{k + 1:03d}" if k % 3 else f"{k + 1:02d}-市州质控中心来稿"
        if k % 2:
            text = with_comment[k % len(with_comment)].read_text(encoding="utf-8")
            text = text.replace("\n点评：\n", "\n" + LABEL_VARIANTS[k % len(LABEL_VARIANTS)] + "\n", 1)
        else:
            text = plain[k % len(plain)]
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
        stems.append(stem)
    briefs = []
    brief_src = sorted(SAMPLE.glob("b*.md"))
    for k in range(n_briefs):
        stem = f"简讯{k + 1:02d}"
        shutil.copy(brief_src[k % len(brief_src)], folder / f"{stem}.md")
        briefs.append(stem)
    lines = ['subtitle: "测试用大型简报"', "date: 2026-06-30", "number: 2", "commentary: optional", "toc:"]
    lines += [f'  - "{s}"' for s in stems]
    if briefs:
        lines += ["  - section: 简讯", f"    articles: [{', '.join(briefs)}]"]
    (folder / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ws


def make_issue(dest: Path, n: int, *, config: dict | None = None) -> Path:
    """An issue of n full articles made of the (invented) sample articles in turn, with
    the sample's masthead lines and 按语; config: layout settings to change."""
    ws = make_workspace(dest, SAMPLE.parent, issues=[])
    folder = ws / "articles" / "GEN"
    shutil.copytree(SAMPLE / "images", folder / "images")
    full = sorted(p for p in SAMPLE.iterdir()
                  if p.suffix in (".md", ".yaml") and not p.name.startswith("b") and p.name != "issue.yaml")
    stems = []
    for k in range(n):
        src = full[k % len(full)]
        shutil.copy(src, folder / f"g{k + 1:03d}{src.suffix}")
        stems.append(f"g{k + 1:03d}")
    head = (SAMPLE / "issue.yaml").read_text(encoding="utf-8").split("toc:")[0]
    (folder / "issue.yaml").write_text(head + "toc:\n" + "".join(f"  - {s}\n" for s in stems), encoding="utf-8")
    if config:
        text = (ws / "config.yaml").read_text(encoding="utf-8")
        for key, value in config.items():
            text, k = re.subn(rf"(?m)^(  {key}:) *[^#\n]*", rf"\g<1> {value}  ", text)
            assert k == 1, key
        (ws / "config.yaml").write_text(text, encoding="utf-8")
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
            if name == "corpus" and not HAVE_CORPUS:
                pytest.skip(NO_CORPUS)
            ws = make_workspace(tmp / "ws", (CORPUS if name == "corpus" else INVENTED) / "articles")
            r = build(ws, "2023Q4", tmp / "out.pdf")
        elif name == "big":
            ws = make_big(tmp / "ws")
            r = build(ws, "BIG", tmp / "out.pdf")
        elif name == "toc20":
            ws = make_issue(tmp / "ws", 20)
            r = build(ws, "GEN", tmp / "out.pdf")
        elif name == "toc4":  # front matter on one page: article 1 (page 1) on physical page 2
            ws = make_issue(tmp / "ws", 4)
            r = build(ws, "GEN", tmp / "out.pdf")
        elif name == "toc50":
            ws = make_issue(tmp / "ws", 50)
            r = build(ws, "GEN", tmp / "out.pdf")
        elif name == "cover":
            ws = make_issue(tmp / "ws", 20, config={"page_numbering": "cover"})
            r = build(ws, "GEN", tmp / "out.pdf")
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

    def printed(self, i: int) -> int | None:
        """The page number printed at the foot of page i (0-based), None when there is none."""
        m = re.fullmatch(r"—(\d+)—", norm(self.page_number_text(i)[0]))
        return int(m.group(1)) if m else None

    def front_matter(self) -> int:
        """Pages before the first article (masthead, 按语, TOC)."""
        return min(p for p in article_start_pages(self).values() if p) - 1

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


def toc_numbers(doc: Doc) -> list[int]:
    front = doc.front_matter()
    toc_text = norm("".join(doc.text(i) for i in range(front)))
    toc_text = toc_text[toc_text.index("目录"):]
    return [int(n) for n in re.findall(r"（(\d+)）", toc_text)]


@pytest.mark.parametrize("name", ALL + ["toc20", "toc4", "cover"])
def test_toc_page_numbers_match_article_starts(built, name):
    """Every TOC number is the number printed on the page where its article starts."""
    doc = built(name)
    starts = article_start_pages(doc)
    assert all(starts.values()), starts
    wanted = []
    for section in doc.b.sections:
        if section.heading:  # a section (简讯 …) has its own entry: the page where its heading stands
            heading_page = next(i for i in range(doc.front_matter(), len(doc.pages))
                                if norm(doc.text(i)).startswith(norm(section.heading)))
            wanted.append(doc.printed(heading_page))
        wanted += [doc.printed(starts[a.stem] - 1) for a in section.articles if not a.is_brief]
    assert None not in wanted
    assert toc_numbers(doc) == wanted
    # entries carry number, title and center
    front = doc.front_matter()
    toc_text = norm("".join(doc.text(i) for i in range(front)))
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


def paired_marks(text: str) -> int:
    """Marks set in half a cell because their blank half faces the next mark
    (closing + closing/opening: the first; opening + opening: the second)."""
    return sum(1 for x, y in zip(text, text[1:])
               if (x in CLOSING and (y in CLOSING or y in OPENING)) or (x in OPENING and y in OPENING))


def line_cells(doc: Doc, ln) -> float:
    """Characters on a line in cells: Chinese 1, Latin by width, a mark paired with the
    next 1/2; marks squeezed at the line end (only when the line would overflow) 1/2."""
    text = "".join(c["text"] for c in ln)
    total = 0.0
    for a in ln:
        cjk = is_cjk(a["text"]) and not a["text"].isspace() or a["text"] == "\u3000"
        total += 1 if cjk else (a["x1"] - a["x0"]) / a["size"]
    total -= 0.5 * paired_marks(text)
    squeezable = sum(1 for ch in text if ch in CLOSING or ch in OPENING) - paired_marks(text)
    if total > 28 + 0.01 and total - min(2, 0.5 * squeezable) <= 28 + 0.01:
        total = 28.0  # squeezed: the line keeps its last character and the mark after it
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
        # (marks are drawn where their ink hugs the neighbour: an opening mark starting a
        # line may be drawn right of the edge, a closing mark ending it left of its cell)
        starts = abs(ln[0]["x0"] - doc.left) < 1 or (ln[0]["text"] in OPENING and 0 <= ln[0]["x0"] - doc.left < cp / 2)
        if starts and doc.right - ln[-1]["x0"] < 1.5 * cp and ln[-1]["x1"] > doc.right - cp / 2:
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
    """Body lines sit on the 22-line grid (pitch = type height / 22, the first baseline
    in the first slot); the fullest page holds exactly 22 lines, the last one in the
    last slot of the type area."""
    doc = built(name)
    size, pitch, n = doc.lay.body_size, doc.lay.line_pitch, doc.lay.lines_per_page
    assert pitch == pytest.approx(225 * MM / 22)
    first_base = (pitch - size) / 2 + 0.88 * size  # baseline of slot 0, from the type area's top
    fullest = []
    for i in range(doc.front_matter(), len(doc.pages)):
        # body-size lines of body text (body, 点评, headings, lists): on the grid
        lines = [ln for ln in doc.lines(i, size) if any(not c["text"].isspace() for c in ln)]
        if doc.pages[i].images or any(abs(c["size"] - doc.lay.table_size) < 0.1 for c in doc.chars[i]):
            continue  # text below a table or picture snaps back to the grid but may skip a slot
        slots = []
        for ln in lines:
            k = (baseline(ln[0]) - doc.top - first_base) / pitch
            if abs(k - round(k)) < 0.01:
                slots.append(round(k))
        if not slots:
            continue
        assert 0 <= min(slots) and max(slots) <= n - 1, (i + 1, slots)
        assert len(set(slots)) == len(slots)
        fullest.append((len(slots), i + 1, slots))
    most = max(fullest)
    assert most[0] == n, most
    assert most[2] == list(range(n))


@pytest.mark.parametrize("name", ALL + ["toc20", "toc4", "cover"])
def test_page_numbers(built, name):
    """Default (page_numbering: first_article): the masthead, 按语 and TOC pages carry no
    number and the first article is page 1; with `cover` the masthead page is page 1.
    Odd printed numbers at the right, even at the left, one character in."""
    doc = built(name)
    one = doc.lay.page_number_size
    n = len(doc.pages)
    front = doc.front_matter()
    offset = 0 if doc.lay.page_numbering == "cover" else front
    assert front >= 1 and offset == (0 if name == "cover" else front)
    if name == "toc4":
        assert front == 1  # the TOC fits under the 按语: page 1 is the back of the first sheet
    for i in range(n):
        text, cs = doc.page_number_text(i)
        if i < offset:
            assert not text.strip(), (i + 1, text)  # front matter: unnumbered
            continue
        if i == n - 1 or not doc.chars[i]:
            continue  # the 版记 page (when alone) and blank pages carry no number
        printed = i + 1 - offset
        assert norm(text) == f"—{printed}—", (i + 1, text)
        x0, x1 = cs[0]["x0"], cs[-1]["x1"]
        if printed % 2:
            assert abs(x1 - (doc.right - one)) < TOL, (i + 1, x1)
        else:
            assert abs(x0 - (doc.left + one)) < TOL, (i + 1, x0)
        top = min(c["top"] for c in cs)
        assert abs(top - (doc.bottom + doc.lay.page_number_offset)) < 2 * MM


@pytest.mark.parametrize("name", ["sample", "cover"])
def test_page_labels_match_printed_numbers(built, name):
    """PDF viewers show the printed numbers: i, ii for the front matter, then 1, 2…"""
    doc = built(name)
    labels = PdfReader(str(doc.path)).page_labels
    front = doc.front_matter() if name == "sample" else 0
    assert labels[:front] == ["i", "ii", "iii", "iv"][:front]
    for i in range(front, len(doc.pages)):
        assert labels[i] == str(i + 1 - front)
        if doc.printed(i) is not None:
            assert doc.printed(i) == int(labels[i])


@pytest.mark.parametrize("name, entries, pages", [("sample", 12, 2), ("toc20", 20, 2), ("toc50", 50, 3)])
def test_front_matter_is_compact(built, name, entries, pages):
    """Masthead + 按语 + TOC take at most 2 pages for 20 entries, 3 for 50."""
    doc = built(name)
    assert len(doc.b.full_articles) == entries
    assert doc.front_matter() <= pages
    assert len(toc_numbers(doc)) == entries + sum(1 for s in doc.b.sections if s.heading)


@pytest.mark.parametrize("name", ["sample", "toc50"])
def test_toc_entries_one_line_where_they_fit(built, name):
    """TOC entries in 4号 body type on an even grid; an entry takes one line when
    number, title, a leader, center and page fit in the type width, else two, with
    the center and page number right-aligned on the last line."""
    doc = built(name)
    size = doc.lay.toc_size
    front = doc.front_matter()
    lines = [(i, ln) for i in range(front) for ln in doc.lines(i, size)]
    assert lines
    fonts = {c["fontname"].split("+")[-1] for _, ln in lines for c in ln}
    body_fonts = {c["fontname"].split("+")[-1] for i in range(front, len(doc.pages))
                  for c in doc.chars[i] if abs(c["size"] - doc.lay.body_size) < 0.1}
    assert fonts & body_fonts  # the body font (仿宋)
    # evenly spaced: every baseline step on a page is a multiple of one pitch
    for i in range(front):
        bases = sorted({round(baseline(ln[0]), 2) for j, ln in lines if j == i})
        steps = [b - a for a, b in zip(bases, bases[1:])]
        if steps:
            pitch = min(steps)
            assert 1.2 * size <= pitch <= 1.6 * size
            assert all(abs(st / pitch - round(st / pitch)) < 0.01 for st in steps), steps
    # each entry ends with "center（page）" flush with the right edge
    ends = [ln for _, ln in lines if re.search(r"（\d+）$", "".join(c["text"] for c in ln))]
    sections = [s.heading for s in doc.b.sections if s.heading]
    assert len(ends) == len(doc.b.full_articles) + len(sections)
    for ln in ends:
        assert abs(ln[-1]["x1"] - doc.right) < 0.6 * size
    # one line where it fits: an entry starting with its number holds its page number too
    singles = 0
    for a in doc.b.full_articles:
        start = [ln for _, ln in lines if norm("".join(c["text"] for c in ln)).startswith(f"{a.number}.")]
        assert start, a.number
        text = norm("".join(c["text"] for c in start[0]))
        need = sum(1 if is_cjk(ch) else 0.5 for ch in f"{a.number}.{norm(a.title)}{a.center}（00）") + 1.5
        one_line = re.search(r"（\d+）$", text) is not None
        if need <= 31.4:
            assert one_line, (a.number, text)
        elif need > 32.6:
            assert not one_line, (a.number, text)
        singles += one_line
    assert singles >= 1


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


@pytest.mark.parametrize("name", ALL + ["toc20", "toc4", "cover"])
def test_last_page_is_even_and_holds_the_colophon(built, name):
    """The 版记 is on the last page and the page count is even (the back of the last
    sheet), whatever the numbering."""
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


def test_builds_in_one_process_draw_with_their_own_font_conversions(tmp_path, monkeypatch):
    """Two builds with the bundled font for different character sets convert it twice
    (same PostScript name): each PDF draws with its own conversion, no missing glyphs."""
    monkeypatch.setenv("QCBRIEF_CACHE", str(tmp_path / "cache"))
    small = make_workspace(tmp_path / "small", SAMPLE.parent)
    (small / "articles" / "2026Q1" / "issue.yaml").write_text(
        "subtitle: 小\ndate: 2026-03-31\ntoc:\n  - b01\n", encoding="utf-8")
    large = make_workspace(tmp_path / "large", SAMPLE.parent)
    for ws, name in ((small, "s.pdf"), (large, "l.pdf")):
        b, ctx, out = build(ws, "2026Q1", tmp_path / name, use_system_fonts=False)
        with pdfplumber.open(out) as pdf:
            chars = [c["text"] for p in pdf.pages for c in p.chars]
        assert "\x00" not in chars and "" not in chars
        text = norm("".join(chars))
        for a in b.articles():
            for blk in a.all_blocks():
                if isinstance(blk, Paragraph):
                    assert norm(blk.text)[:30] in text
