"""The web / 公众号 edition (`build --format html`), read back with lxml:
content and order, inline styles only, embedded images, escaped text, and —
when Chromium is installed — real rendering at phone and desktop widths."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html
from PIL import Image as PILImage

from browser import chromium, measure, screenshot
from conftest import CORPUS, make_workspace
from helpers import GOOD_ARTICLE, run, workspace
from qcbrief.config import load_config
from qcbrief.load.issue import load_issue
from qcbrief.model import Image, ListBlock, Table, plain
from qcbrief.wording import Wording

RED = "#E60012"  # config.yaml bulletin.name_color


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def build_html(root: Path, issue: str, *extra: str) -> Path:
    res = run("build", issue, "--root", str(root), "--format", "html", *extra)
    assert res.exit_code == 0, res.output
    return root / "build" / issue


def parse(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def bulletin_of(root: Path, issue: str):
    return load_issue(root, issue, load_config(root)).bulletin


def article_texts(article, wording: Wording) -> list[str]:
    """Every piece of text an article prints, in order."""
    out = [wording.center_line(article) if article.center else "", article.title]
    for blocks, label in ((article.blocks, None), (article.commentary.blocks if article.commentary else [], "点评：")):
        if label and blocks:
            out.append(label)
        for b in blocks:
            if isinstance(b, ListBlock):
                out.extend(i.text for i in b.items)
            elif isinstance(b, Table):
                out.append(plain(b.caption))
                out.extend(plain(c) for row in [b.header, *b.rows] for c in row)
            elif isinstance(b, Image):
                out.append(b.caption)
            else:
                out.append(b.text)
    return [squash(t) for t in out if squash(t)]


def assert_in_order(page_text: str, expected: list[str], start: int = 0) -> int:
    pos = start
    for want in expected:
        at = page_text.find(want, pos)
        assert at >= 0, f"not found in order after {pos}: {want[:40]!r}"
        pos = at + len(want)
    return pos


def body_text(doc) -> str:
    return squash(doc.body.text_content())


# --- fixtures ---------------------------------------------------------------------------
def png_bytes(size=(120, 80), color=(30, 120, 200)) -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


TRICKY = """---
center: 某市检验质量控制中心
title: 标题里的<script>alert(1)</script>与&amp;
---

正文写到 \\<b>不加粗\\</b>、\\&amp; 和 {{ 姓名 }} 以及 {% if x %}模板{% endif %}，都应原样显示。网址 https://example.org/a/very/long/path/that/keeps/going/and/going/without/any/space/at/all/index.html 也不能撑破页面。

**加粗引语。**随后是正文。

| 指标 | 2025年 | 2026年 | 说明\\<i> |
| --- | ---: | ---: | --- |
| 甲项&lt;指标&gt; | 1.52% | 1.41% | 下降 |

![示意图](images/pic.png)

点评：

点评里也有 \\<b>标签\\</b> 与 {{ 变量 }}。
"""


@pytest.fixture
def tricky_ws(tmp_path):
    return workspace(tmp_path / "ws", {"a1.md": TRICKY, "a2.md": GOOD_ARTICLE, "images/pic.png": png_bytes()})


@pytest.fixture
def sample_html(sample_ws):
    return sample_ws, build_html(sample_ws, "2026Q1")


# --- content ----------------------------------------------------------------------------
def test_issue_page_has_every_article_in_toc_order(sample_html):
    root, out = sample_html
    b = bulletin_of(root, "2026Q1")
    wording = Wording(root)
    doc = parse(out / "2026Q1.html")
    text = body_text(doc)
    # masthead, 按语, then the TOC (in order), then every article's text in order, then the 版记
    m = wording.masthead(b)
    assert_in_order(text, [squash(m.name), squash(m.number_line), squash(m.issue_line), squash(m.office),
                                   squash(m.date), "按：" + squash(b.preface)])
    toc = doc.get_element_by_id("toc")
    links = [a for a in toc.iter("a")]
    entries = [wording.toc_entry(a) for a in b.full_articles]
    assert [squash(a.text_content()) for a in links if a.get("href") != "#s-2"] == [squash(e.text) for e in entries]
    # every TOC link lands on the article it names
    for link, article in zip([a for a in links if a.get("href") != "#s-2"], b.full_articles):
        target = doc.get_element_by_id(unquote(link.get("href")[1:]))
        assert squash(article.title) in squash(target.text_content())
    body_from = text.find(squash(b.full_articles[0].title), text.find(squash(entries[-1].center)))
    expected = [t for a in b.articles() for t in article_texts(a, wording)]
    end = assert_in_order(text, expected, body_from - len(squash(wording.center_line(b.full_articles[0]))) - 1)
    colophon = [squash(line) for block in wording.colophon(b.publication) for line in block.lines]
    assert_in_order(text, colophon, end)
    assert "简讯" in [squash(h.text_content()) for h in doc.iter("h2")]


def test_one_page_per_article_ready_to_paste(sample_html):
    root, out = sample_html
    b = bulletin_of(root, "2026Q1")
    wording = Wording(root)
    pages = sorted(p.stem for p in (out / "html").glob("*.html"))
    assert pages == sorted(a.stem for a in b.articles())
    for a in b.articles():
        doc = parse(out / "html" / f"{a.stem}.html")
        text = body_text(doc)
        assert_in_order(text, article_texts(a, wording))
        # only that article: no masthead, no TOC, no other article's title
        assert squash(wording.masthead(b).name) not in text
        assert doc.find(".//nav") is None
        others = [x.title for x in b.full_articles if x is not a and x.title and x.title not in a.title]
        assert not any(squash(t) in text for t in others)


def test_inline_styles_only_no_script_no_classes(sample_html, tricky_ws):
    root, out = sample_html
    tricky = build_html(tricky_ws, "T")
    files = [out / "2026Q1.html", *sorted((out / "html").glob("*.html")), tricky / "T.html",
             *sorted((tricky / "html").glob("*.html"))]
    for f in files:
        raw = f.read_text(encoding="utf-8")
        doc = parse(f)
        assert not doc.xpath("//script|//style|//link|//iframe|//object|//embed"), f
        assert not doc.xpath("//*[@class]"), f"{f.name}: class attributes (WeChat drops them)"
        assert not re.search(r"\son[a-z]+\s*=", raw), f"{f.name}: event handler attribute"
        assert "@font-face" not in raw and "url(" not in raw, f"{f.name}: external fonts"
        for el in doc.body.iter():
            if not isinstance(el.tag, str) or el.tag in ("br", "wbr"):
                continue
            assert (el.get("style") or "").strip(), f"{f.name}: <{el.tag}> without an inline style: {lxml_html.tostring(el)[:120]!r}"
        for a in doc.iter("a"):
            assert a.get("href", "").startswith("#"), f"{f.name}: link leaves the page: {a.get('href')}"


def test_look_is_carried_by_inline_styles(sample_html):
    root, out = sample_html
    doc = parse(out / "2026Q1.html")
    name = doc.find(".//header/h1")
    style = name.get("style")
    assert f"color:{RED}" in style and "text-align:center" in style
    b = bulletin_of(root, "2026Q1")
    a = b.full_articles[0]
    section = doc.get_element_by_id("a-" + a.stem)
    center, title = section.findall("p")[0], section.find("h1")
    assert "KaiTi" in center.get("style") and "楷体" in center.get("style")
    ts = title.get("style")
    assert "text-align:center" in ts and int(re.search(r"font-size:(\d+)px", ts).group(1)) >= 20
    body = [p for p in section.findall("p")[1:] if p.get("style", "").find("text-indent:2em") >= 0]
    assert body
    for p in body:
        s = p.get("style")
        size = int(re.search(r"font-size:(\d+)px", s).group(1))
        assert 16 <= size <= 17 and "line-height:1.75" in s and "FangSong" in s
    leads = [p.find("strong") for p in body if p.find("strong") is not None]
    assert leads and all("font-weight:bold" in s.get("style") for s in leads)
    box = section.find("section")
    assert "border" in box.get("style") and "background" in box.get("style")
    label = box.find("p")
    assert label.text_content() == "点评：" and "SimHei" in label.get("style") and "黑体" in label.get("style")
    # tables: borders, a header row in <thead>, wrapped in a horizontally scrolling box
    tables = doc.xpath("//table")
    assert tables
    for t in tables:
        assert t.find("thead/tr/th") is not None
        assert all("border:1px solid" in c.get("style") for c in t.iter("th", "td"))
        assert "overflow-x:auto" in t.getparent().get("style")
    for img in doc.iter("img"):
        assert "max-width:100%" in img.get("style")


def test_images_are_embedded_and_resolve(sample_html, tricky_ws):
    root, out = sample_html
    tricky = build_html(tricky_ws, "T")
    sources = {"2026Q1": root / "articles" / "2026Q1" / "images", "T": tricky_ws / "articles" / "T" / "images"}
    seen = 0
    for issue, page in (("2026Q1", out / "2026Q1.html"), ("T", tricky / "T.html"), ("T", tricky / "html" / "a1.html")):
        originals = {p.read_bytes() for p in sources[issue].iterdir()}
        for img in parse(page).iter("img"):
            src = img.get("src")
            m = re.match(r"data:(image/[a-z+]+);base64,(.*)$", src, re.S)
            assert m, src[:60]
            data = base64.b64decode(m.group(2))
            assert data in originals  # the original bytes, not a re-encoding
            with PILImage.open(io.BytesIO(data)) as im:
                im.verify()
            seen += 1
    assert seen >= 3


def test_text_that_looks_like_markup_prints_literally(tricky_ws):
    out = build_html(tricky_ws, "T")
    b = bulletin_of(tricky_ws, "T")
    a = b.full_articles[0]
    for page in (out / "T.html", out / "html" / "a1.html"):
        doc = parse(page)
        text = doc.body.text_content()
        assert "标题里的<script>alert(1)</script>与&amp;" in text
        assert "<b>不加粗</b>、&amp; 和 {{ 姓名 }} 以及 {% if x %}模板{% endif %}" in text
        assert "点评里也有 <b>标签</b> 与 {{ 变量 }}。" in text
        assert "甲项<指标>" in text and "说明<i>" in text
        # none of it became an element
        assert not doc.xpath("//script|//b|//i")
        section = doc.get_element_by_id("a-a1")
        assert [squash(s.text_content()) for s in section.iter("strong")] == ["加粗引语。"]
    assert a.title == "标题里的<script>alert(1)</script>与&amp;"


def test_formats_combine_and_outputs_are_replaced_atomically(sample_ws):
    res = run("build", "2026Q1", "--root", str(sample_ws), "--format", "docx,pdf,html")
    assert res.exit_code == 0, res.output
    out = sample_ws / "build" / "2026Q1"
    assert {p.name for p in out.iterdir() if p.is_file()} == {"2026Q1.docx", "2026Q1.pdf", "2026Q1.html"}
    assert "html/" in res.output
    good = (out / "2026Q1.html").read_bytes()
    # a broken workspace template: a clear message naming the file, and the old page stays
    tdir = sample_ws / "templates" / "html"
    tdir.mkdir(parents=True, exist_ok=True)
    (tdir / "article.html.j2").write_text("{% extends 'html/page.html.j2' %}\n{% block content %}{{ a.title \n",
                                          encoding="utf-8")
    res = run("build", "2026Q1", "--root", str(sample_ws), "--format", "html")
    assert res.exit_code == 2
    assert "article.html.j2" in res.output and "模板" in res.output and "Traceback" not in res.output
    assert (out / "2026Q1.html").read_bytes() == good
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no temp files left behind


def test_workspace_templates_override_the_defaults(sample_ws):
    tdir = sample_ws / "templates" / "html"
    tdir.mkdir(parents=True, exist_ok=True)
    (tdir / "article.html.j2").write_text(
        "{% extends 'html/page.html.j2' %}{% import 'html/macros.html.j2' as m with context %}"
        "{% block content %}<p style=\"{{ s.center }}\">本文转自{{ b.masthead.name }}</p>{{ m.article(a, true) }}{% endblock %}",
        encoding="utf-8")
    out = build_html(sample_ws, "2026Q1")
    doc = parse(out / "html" / "01-护理.html")
    assert doc.body.text_content().find("本文转自湖北医疗质控管理工作简报") >= 0
    # a template can't reach into Python (sandbox)
    (tdir / "article.html.j2").write_text("{{ a.__class__.__mro__ }}", encoding="utf-8")
    res = run("build", "2026Q1", "--root", str(sample_ws), "--format", "html")
    assert res.exit_code == 2 and "模板" in res.output


def test_pages_of_removed_articles_are_removed(tricky_ws):
    out = build_html(tricky_ws, "T")
    assert (out / "html" / "a2.html").is_file()
    issue = tricky_ws / "articles" / "T" / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("  - a2\n", ""), encoding="utf-8")
    (tricky_ws / "articles" / "T" / "a2.md").unlink()
    build_html(tricky_ws, "T")
    assert sorted(p.name for p in (out / "html").iterdir()) == ["a1.html"]


def test_corpus_bulletin_in_order(tmp_path):
    if not (CORPUS / "articles" / "2023Q4").is_dir():
        pytest.skip("the real 2023Q4 corpus (../shared/corpus) is not present in this checkout")
    ws = make_workspace(tmp_path / "corpus", CORPUS / "articles")
    out = build_html(ws, "2023Q4")
    b = bulletin_of(ws, "2023Q4")
    wording = Wording(ws)
    text = body_text(parse(out / "2023Q4.html"))
    first = squash(b.full_articles[0].title)
    toc_end = text.find(squash(wording.toc_entry(b.full_articles[-1]).center))
    start = text.find(first, toc_end) - 200
    assert_in_order(text, [t for a in b.articles() for t in article_texts(a, wording)], max(start, 0))


# --- real browser -------------------------------------------------------------------------
needs_chromium = pytest.mark.skipif(chromium() is None, reason="headless Chromium is not installed "
                                    "(Debian package `chromium`; .ci/run installs it)")


def red_rows(png: Path, color: str = RED) -> list[int]:
    """Rows of the screenshot holding pixels of the bulletin's red."""
    r0, g0, b0 = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    with PILImage.open(png) as im:
        im = im.convert("RGB")
        w, h = im.size
        px = im.load()
        return [y for y in range(h) if sum(1 for x in range(0, w, 2)
                                           if abs(px[x, y][0] - r0) + abs(px[x, y][1] - g0) + abs(px[x, y][2] - b0) < 90) > 3]


@needs_chromium
@pytest.mark.parametrize("width", [375, 1280])
def test_renders_without_horizontal_overflow(width, sample_html, tricky_ws, tmp_path):
    root, out = sample_html
    tricky = build_html(tricky_ws, "T")
    pages = [out / "2026Q1.html", out / "html" / "05-临床检验.html", out / "html" / "a03.html",
             tricky / "T.html", tricky / "html" / "a1.html"]
    for page in pages:
        m = measure(page, width)
        assert m["inner"] == width
        assert m["scroll"] <= width and m["body"] <= width, f"{page.name} at {width}px: {m}"
        assert not m["offenders"], f"{page.name} at {width}px: {m['offenders']}"
    png = screenshot(out / "2026Q1.html", tmp_path / f"issue-{width}.png", width, 900)
    rows = red_rows(png)
    # the masthead: the red name and the red rule, both near the top
    assert rows and rows[0] < 120, rows[:5]
    assert max(rows) < 400
    with PILImage.open(png) as im:
        assert im.size == (width, 900)


@needs_chromium
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name,lines", [("湖北医疗质控管理工作简报", 1), ("某某省医疗质量控制中心管理办公室医疗质控工作简报", 2),
                                        ("某某省医疗质量控制\\n工作简报", 2)])
def test_masthead_name_lines_as_in_print(width, name, lines, tmp_path):
    """The name keeps the lines of the print edition (text/masthead.py): a name that fits
    stays on one line at any screen width, a long one or one with a break takes two."""
    ws = workspace(tmp_path / "ws", {"a1.md": GOOD_ARTICLE})
    cfg = ws / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("name: 湖北医疗质控管理工作简报", f'name: "{name}"'),
                   encoding="utf-8")
    out = build_html(ws, "T")
    png = screenshot(out / "T.html", tmp_path / "top.png", width, 300)
    rows = red_rows(png)
    # bands of red text rows (the name's lines) and the red rule further down
    bands, last = [], None
    for y in rows:
        if last is None or y > last + 3:
            bands.append([y, y])
        else:
            bands[-1][1] = y
        last = y
    text_bands = [b for b in bands if b[1] - b[0] > 8]
    assert len(text_bands) == lines, bands
    assert bands[-1][1] - bands[-1][0] <= 4 and bands[-1][0] > text_bands[0][1]  # the rule, below the name


def test_draft_pages_say_so(tricky_ws):
    out = build_html(tricky_ws, "T", "--draft")
    for page in (out / "T.html", out / "html" / "a1.html"):
        first = parse(page).body.find("div/p")
        assert re.fullmatch(r"草稿　生成于 \d{4}-\d\d-\d\d \d\d:\d\d", first.text_content())
