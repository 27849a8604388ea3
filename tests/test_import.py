"""`qcbrief import`: Word/text submissions and whole bulletins -> article files.

Fixtures are made in code (tests/import_fixtures.py) three ways: python-docx,
LibreOffice (from HTML, and .doc), pandoc (from Markdown); text files in GBK
and UTF-16.  Round trips build the sample issue and the real corpus with
qcbrief, import the DOCX back and compare article by article.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest

import import_fixtures as F
from conftest import CORPUS, make_workspace
from helpers import REPO, run
from import_util import bulletin_view, load, squash

from qcbrief.importer.mdwriter import paragraph_md
from qcbrief.importer.text_reader import decode_text
from qcbrief.load.markdown import parse_blocks
from qcbrief.model import Heading, Image, Inline, ListBlock, Paragraph, Table


def new_ws(tmp: Path) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config.yaml", tmp / "config.yaml")
    return tmp


def do_import(ws: Path, *args: str):
    return run("import", *[str(a) for a in args], "--root", str(ws))


def article(ws: Path, issue: str, stem: str | None = None):
    """The one (or the named) article of an issue, as the loader reads it."""
    arts = list(load(ws, issue).bulletin.articles())
    if stem is None:
        assert len(arts) == 1, [a.stem for a in arts]
        return arts[0]
    return next(a for a in arts if a.stem == stem)


def check_findings(ws: Path, issue: str) -> list[dict]:
    result = run("check", issue, "--root", str(ws), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def structural(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["severity"] == "error" and f["code"].startswith("QC1")]


def assert_submission(a, *, commentary: bool = True, table: bool = True, image: bool = True,
                      lst: bool = True) -> None:
    assert a.center == F.CENTER
    assert squash(a.title) == squash(F.TITLE)
    paras = [b for b in a.blocks if isinstance(b, Paragraph)]
    assert paras[0].text == F.INTRO  # typed indentation dropped
    lead = next(p for p in paras if p.text.startswith(F.LEAD))
    assert lead.inlines[0].bold and lead.inlines[0].text == F.LEAD
    assert lead.text == F.LEAD + F.LEAD_REST and not lead.inlines[1].bold
    heads = [b for b in a.blocks if isinstance(b, Heading)]
    assert [h.text for h in heads] == [F.SUBHEADING]
    if lst:
        lists = [b for b in a.blocks if isinstance(b, ListBlock)]
        assert len(lists) == 1 and lists[0].ordered and [i.text for i in lists[0].items] == F.LIST_ITEMS
    if table:
        t = next(b for b in a.blocks if isinstance(b, Table))
        assert ["".join(i.text for i in c) for c in t.header] == F.TABLE[0]
        assert [["".join(i.text for i in c) for c in r] for r in t.rows] == F.TABLE[1:]
    if image:
        img = next(b for b in a.blocks if isinstance(b, Image))
        assert img.path.is_file() and img.path.read_bytes().startswith(b"\x89PNG")
        assert img.caption == F.CAPTION
    assert paras[-1].text == F.CLOSING
    if commentary:
        assert a.commentary is not None
        assert [b.text for b in a.commentary.blocks] == [F.COMMENT]
        assert a.commentary.label == "点评："  # written in the canonical form


# --------------------------------------------------------------------------- python-docx submissions
@pytest.mark.parametrize("form", list(F.LABEL_FORMS))
def test_submission_every_label_form(tmp_path, form):
    ws = new_ws(tmp_path / "ws")
    src = F.submission_docx(tmp_path / f"示范-{form}.docx", form)
    result = do_import(ws, src, "--issue", "2026Q2")
    assert result.exit_code == 0, result.output
    a = article(ws, "2026Q2")
    assert_submission(a)
    assert a.stem == "01-示范专科"
    assert "01-示范专科.md" in result.output and "有" in result.output  # summary table row
    assert structural(check_findings(ws, "2026Q2")) == []


@pytest.mark.parametrize("dash,title_style", [("--", "Heading 1"), ("——", "centered-bold")])
def test_submission_center_dash_and_title_forms(tmp_path, dash, title_style):
    ws = new_ws(tmp_path / "ws")
    src = F.submission_docx(tmp_path / "a.docx", center_dash=dash, title_style=title_style)
    assert do_import(ws, src, "--issue", "X").exit_code == 0
    assert_submission(article(ws, "X"))


def test_center_from_option_then_file_name(tmp_path):
    ws = new_ws(tmp_path / "ws")
    src = F.submission_docx(tmp_path / "湖北省示例质量控制中心.docx", with_center=False)
    result = do_import(ws, src, "--issue", "X", "--center", "湖北省选项质量控制中心")
    assert result.exit_code == 0, result.output
    assert article(ws, "X").center == "湖北省选项质量控制中心"
    ws2 = new_ws(tmp_path / "ws2")
    result = do_import(ws2, src, "--issue", "X")
    assert article(ws2, "X").center == "湖北省示例质量控制中心"
    assert "取自文件名" in result.output


# --------------------------------------------------------------------------- a whole bulletin in Word
@pytest.mark.parametrize("variant", ["styled", "plain"])
def test_bulletin_split(tmp_path, variant):
    """styled: bold titles at page breaks; plain: titles only larger, no page
    breaks, the 版记 in a table, briefs with the center line run into the text,
    the TOC before the 按语."""
    ws = new_ws(tmp_path / "ws")
    plain = variant == "plain"
    src = F.bulletin_docx(tmp_path / "旧简报.docx", plain_titles=plain, colophon_table=plain, inline_briefs=plain,
                          toc_first=plain)
    result = do_import(ws, src, "--issue", "2026Q2")
    assert result.exit_code == 0, result.output
    b = bulletin_view(ws, "2026Q2")
    assert b["preface"] == F.PREFACE
    assert b["subtitle"] == "2026年第2季度·示范篇"
    assert str(b["date"]) == "2026-06-30" and b["number"] == 3
    arts = b["articles"]
    assert [a["title"] for a in arts if a["kind"] == "article"] == [squash(t) for _, t, _, _ in F.ARTICLES]
    # the center line missing in the file comes from the bulletin's own TOC entry
    assert [a["center"] for a in arts][:3] == [c or "湖北省乙专业质量控制中心" for c, _, _, _ in F.ARTICLES]
    assert "取自原目录" in result.output
    # the paragraph cut by a page break is whole again; the TOC, page number and 版记 are gone
    second = [p[1] for p in arts[1]["body"]]
    assert second == [F.ARTICLES[1][2][0] + F.ARTICLES[1][2][1], F.ARTICLES[1][2][2]]
    assert [a["commentary"][0][1] for a in arts[:3]] == [c for *_, c in F.ARTICLES]
    everything = json.dumps(arts, ensure_ascii=False)
    for gone in ("目", "PAGEREF", "报：", "投稿地址", "湖北省临床检验中心", "工作简报"):
        assert gone not in everything.replace("目录", "") or gone == "目"
    # 简讯 under their heading: briefs in a toc section
    assert b["sections"][-1][0] == "简讯"
    briefs = [a for a in arts if a["kind"] == "brief"]
    assert [(a["center"], a["body"][0][1]) for a in briefs] == F.BRIEFS
    # the issue's own 版记 differs from config.yaml: kept as a per-issue override
    text = (ws / "articles" / "2026Q2" / "issue.yaml").read_text(encoding="utf-8")
    assert "省示范委员会办公室" in text and "分送" not in text
    assert structural(check_findings(ws, "2026Q2")) == []


def test_briefs_without_a_heading(tmp_path):
    """Center line + a short text, no title, no 点评: a brief, kept where it stands."""
    ws = new_ws(tmp_path / "ws")
    src = F.bulletin_docx(tmp_path / "旧简报.docx", brief_heading=False, toc="word")
    assert do_import(ws, src, "--issue", "X").exit_code == 0
    b = bulletin_view(ws, "X")
    assert [a["kind"] for a in b["articles"]] == ["article"] * 3 + ["brief"] * 2
    assert [s[0] for s in b["sections"]] == [None]
    assert structural(check_findings(ws, "X")) == [f for f in structural(check_findings(ws, "X")) if f["code"] == "QC102"]


def test_bulletin_with_word_toc_and_missing_center(tmp_path):
    """Word's own TOC (title, tab, page; no centers) and a date in Chinese numerals:
    the article without a center line is imported and reported as needing one."""
    ws = new_ws(tmp_path / "ws")
    src = F.bulletin_docx(tmp_path / "旧简报.docx", toc="word", chinese_date=True)
    result = do_import(ws, src, "--issue", "X")
    assert result.exit_code == 0, result.output
    b = bulletin_view(ws, "X")
    assert str(b["date"]) == "2026-06-30"
    arts = b["articles"]
    assert [a["title"] for a in arts if a["kind"] == "article"] == [squash(t) for _, t, _, _ in F.ARTICLES]
    assert arts[1]["center"] == ""
    assert "缺少中心署名" in result.output
    findings = check_findings(ws, "X")
    assert [f["code"] for f in structural(findings)] == ["QC102"]
    assert "03-" not in "".join(f["path"] for f in findings) and "02-" in findings[0]["path"]


def test_byline_and_line_breaks(tmp_path):
    """"（……供稿）" names the center; a paragraph of Shift+Enter lines is split
    where a line ends a sentence, and kept whole where it does not."""
    d = docx.Document()
    d.add_paragraph(F.TITLE, style="Title")
    d.add_paragraph(F.INTRO + "\n" + F.CLOSING)
    d.add_paragraph("这一句在行中\n断开了。")
    d.add_paragraph(f"（{F.CENTER}供稿）")
    src = tmp_path / "稿.docx"
    d.save(str(src))
    ws = new_ws(tmp_path / "ws")
    assert do_import(ws, src, "--issue", "X").exit_code == 0
    a = article(ws, "X")
    assert a.center == F.CENTER
    assert [b.text for b in a.blocks] == [F.INTRO, F.CLOSING, "这一句在行中\n断开了。"]


def test_title_on_two_centered_paragraphs(tmp_path):
    d = docx.Document()
    d.add_paragraph(F.CENTER + "——")
    for half in F.TITLE.split():
        t = d.add_paragraph()
        t.alignment = 1
        t.add_run(half).bold = True
    d.add_paragraph(F.INTRO)
    d.add_paragraph("点评：")
    d.add_paragraph(F.COMMENT)
    src = tmp_path / "稿.docx"
    d.save(str(src))
    ws = new_ws(tmp_path / "ws")
    assert do_import(ws, src, "--issue", "X").exit_code == 0
    a = article(ws, "X")
    assert a.title == F.TITLE and [b.text for b in a.blocks] == [F.INTRO]


def test_markdown_submission_without_front_matter(tmp_path):
    src = tmp_path / "稿.md"
    src.write_text(f"**{F.CENTER}——**\n\n## {F.TITLE}\n\n{F.INTRO}\n\n#### **点评：**\n\n{F.COMMENT}\n", encoding="utf-8")
    ws = new_ws(tmp_path / "ws")
    assert do_import(ws, src, "--issue", "X").exit_code == 0
    a = article(ws, "X")
    assert (a.center, a.title, [b.text for b in a.blocks]) == (F.CENTER, F.TITLE, [F.INTRO])
    assert [b.text for b in a.commentary.blocks] == [F.COMMENT]


def _build(ws: Path, issue: str, out: Path, fmt: str = "docx") -> Path:
    result = run("build", issue, "--root", str(ws), "--out", str(out), "--format", fmt)
    assert result.exit_code == 0, result.output
    return out / f"{issue}.docx"


def _roundtrip(ws: Path, issue: str, tmp: Path) -> None:
    built = _build(ws, issue, tmp / "built")
    target = new_ws(tmp / "back")
    result = do_import(target, built, "--issue", "BACK")
    assert result.exit_code == 0, result.output
    original, back = bulletin_view(ws, issue), bulletin_view(target, "BACK")
    for key in ("preface", "subtitle", "date", "number"):
        assert back[key] == original[key], key
    assert [s[0] for s in back["sections"]] == [s[0] for s in original["sections"]]
    assert len(back["articles"]) == len(original["articles"])
    for a, b in zip(original["articles"], back["articles"]):
        assert b == a, a["center"]
    findings = check_findings(target, "BACK")
    assert structural(findings) == []
    # the imported issue builds, and the PDF prints its articles in the same order
    out = tmp / "rebuilt"
    result = run("build", "BACK", "--root", str(target), "--out", str(out))
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out / "BACK.pdf") as pdf:
        text = squash("".join(p.extract_text() or "" for p in pdf.pages))
    pos = [text.find(squash(a["center"]) + "——") for a in original["articles"]]
    assert -1 not in pos and pos == sorted(pos)
    d = docx.Document(str(out / "BACK.docx"))
    titles = [squash(p.text) for p in d.paragraphs if p.style.name == "标题"]
    assert titles == [a["title"] for a in original["articles"] if a["title"]]


def test_roundtrip_sample_issue(sample_ws, tmp_path):
    _roundtrip(sample_ws, "2026Q1", tmp_path)


@pytest.mark.skipif(not (CORPUS / "articles" / "2023Q4").is_dir(), reason="corpus ../shared/corpus absent")
def test_roundtrip_corpus(tmp_path):
    ws = make_workspace(tmp_path / "corpus", CORPUS / "articles")
    _roundtrip(ws, "2023Q4", tmp_path)


def test_single_forces_one_article(tmp_path):
    ws = new_ws(tmp_path / "ws")
    src = F.bulletin_docx(tmp_path / "b.docx")
    result = do_import(ws, src, "--issue", "X", "--single", "--center", "湖北省某质量控制中心")
    assert result.exit_code == 0, result.output
    assert len(list((ws / "articles" / "X").glob("*.md"))) == 1


# --------------------------------------------------------------------------- other producers
needs_soffice = pytest.mark.skipif(F.soffice() is None, reason="LibreOffice (soffice) not installed")


@needs_soffice
def test_libreoffice_docx_from_html(tmp_path):
    html = tmp_path / "来稿.html"
    html.write_text(F.SUBMISSION_HTML, encoding="utf-8")
    src = F.lo_convert(html, "docx:MS Word 2007 XML", tmp_path)
    ws = new_ws(tmp_path / "ws")
    result = do_import(ws, src, "--issue", "X")
    assert result.exit_code == 0, result.output
    assert_submission(article(ws, "X"), image=False, lst=False)


@needs_soffice
def test_doc_through_libreoffice(tmp_path):
    src = F.submission_docx(tmp_path / "来稿.docx")
    (tmp_path / "doc").mkdir()
    doc = F.lo_convert(src, "doc", tmp_path / "doc")
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    ws = new_ws(tmp_path / "ws")
    result = do_import(ws, doc, "--issue", "X")
    assert result.exit_code == 0, result.output
    assert_submission(article(ws, "X"))


@needs_soffice
def test_web_page_saved_as_doc(tmp_path):
    """Word's "web page" .doc files are HTML inside: LibreOffice reads them too."""
    src = tmp_path / "网页格式.doc"
    src.write_text(F.SUBMISSION_HTML, encoding="utf-8")
    ws = new_ws(tmp_path / "ws")
    result = do_import(ws, src, "--issue", "X")
    assert result.exit_code == 0, result.output
    assert_submission(article(ws, "X"), image=False, lst=False)


def test_doc_without_libreoffice_says_how(tmp_path, monkeypatch):
    from qcbrief.importer import convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    doc = tmp_path / "来稿.doc"
    doc.write_bytes(convert.OLE_MAGIC + b"\x00" * 600)
    ws = new_ws(tmp_path / "ws")
    result = do_import(ws, doc, "--issue", "X")
    assert result.exit_code == 1
    assert "来稿.doc" in result.output and "LibreOffice" in result.output and "另存为" in result.output


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_pandoc_docx_from_markdown(tmp_path):
    md = tmp_path / "来稿.md"
    md.write_text(F.SUBMISSION_MD, encoding="utf-8")
    src = tmp_path / "来稿.docx"
    subprocess.run(["pandoc", str(md), "-o", str(src)], check=True, timeout=120)
    ws = new_ws(tmp_path / "ws")
    result = do_import(ws, src, "--issue", "X")
    assert result.exit_code == 0, result.output
    assert_submission(article(ws, "X"), image=False)


def _pandoc_articles() -> list[Path]:
    files = sorted((REPO / "articles" / "2026Q1").glob("*.md"))
    if (CORPUS / "articles" / "2023Q4").is_dir():
        files += sorted((CORPUS / "articles" / "2023Q4").glob("*.md"))
    return files


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_pandoc_docx_of_every_sample_article(tmp_path):
    """Each article of the sample issue (and of the corpus, when present) as a
    Word submission made by pandoc: center line, title, body, 点评 -> the same article."""
    from import_util import article_view

    from qcbrief.load.article import load_article, split_front_matter

    ws = new_ws(tmp_path / "ws")
    for i, path in enumerate(_pandoc_articles()):
        original = load_article(path, path.stem, lambda *a: None, {})
        _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if original.commentary and original.commentary.from_front_matter:
            body += "\n\n点评：\n\n" + "\n\n".join(b.text for b in original.commentary.blocks)
        md = tmp_path / f"{i}.md"
        md.write_text(f"{original.center}——\n\n" + (f"# {original.title}\n\n" if original.title else "") + body,
                      encoding="utf-8")
        src = tmp_path / f"{path.stem}.docx"
        subprocess.run(["pandoc", str(md), "-o", str(src), "--resource-path", str(path.parent)], check=True,
                       timeout=120)
        result = do_import(ws, src, "--issue", f"P{i}")
        assert result.exit_code == 0, result.output
        back = article(ws, f"P{i}")
        assert article_view(back) == article_view(original), path.name


# --------------------------------------------------------------------------- text files
TEXT_SUBMISSION = f"{F.CENTER}——\n{F.TITLE}\n\u3000\u3000{F.INTRO}\n\n\u3000\u3000{F.CLOSING}\n点评：\n{F.COMMENT}\n"


@pytest.mark.parametrize("encoding,bom", [("gbk", b""), ("gb18030", b""), ("utf-16-le", b"\xff\xfe"),
                                          ("utf-16-le", b""), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")])
def test_text_file_encodings(tmp_path, encoding, bom):
    src = tmp_path / "来稿.txt"
    src.write_bytes(bom + TEXT_SUBMISSION.replace("\n", "\r\n").encode(encoding))
    ws = new_ws(tmp_path / "ws")
    result = do_import(ws, src, "--issue", "X")
    assert result.exit_code == 0, result.output
    a = article(ws, "X")
    assert (a.center, a.title) == (F.CENTER, F.TITLE)
    assert [b.text for b in a.blocks] == [F.INTRO, F.CLOSING]
    assert [b.text for b in a.commentary.blocks] == [F.COMMENT]


def test_short_gbk_text_is_not_mistaken():
    for text in ("点评", "中心——", "质控"):
        assert decode_text(text.encode("gbk"))[0] == text


def test_markdown_article_in_gbk_keeps_front_matter(tmp_path):
    src = tmp_path / "稿.md"
    src.write_bytes(f"---\ncenter: {F.CENTER}\ntitle: {F.TITLE}\n---\n\n**{F.LEAD}**{F.LEAD_REST}\n\n点评：\n\n{F.COMMENT}\n"
                    .encode("gb18030"))
    ws = new_ws(tmp_path / "ws")
    assert do_import(ws, src, "--issue", "X").exit_code == 0
    a = article(ws, "X")
    assert a.center == F.CENTER and a.blocks[0].inlines[0] == Inline(F.LEAD, bold=True)
    assert (ws / "articles" / "X" / f"{a.stem}.md").read_bytes().decode("utf-8")  # written as UTF-8


# --------------------------------------------------------------------------- batches, bad files, --force
def test_bad_files_do_not_stop_the_batch(tmp_path):
    bad = {
        "损坏.docx": b"PK\x03\x04 this is not a real zip",
        "空白.txt": b"",
        "扫描件.pdf": b"%PDF-1.4\n",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = F.submission_docx(tmp_path / "正常.docx")
    F.encrypted_docx(tmp_path / "加密.docx", good)
    names = ["损坏.docx", "加密.docx", "空白.txt", "扫描件.pdf", "正常.docx", "不存在.docx"]
    ws = new_ws(tmp_path / "ws")
    result = do_import(ws, *[tmp_path / n for n in names], "--issue", "X")
    assert result.exit_code == 1
    out = result.output
    lines = {n: [ln for ln in out.splitlines() if n in ln] for n in names if n != "正常.docx"}
    assert all(len(v) == 1 for v in lines.values()), out  # one line each, naming the file
    assert "密码" in " ".join(lines["加密.docx"]) and "为空" in " ".join(lines["空白.txt"])
    assert "不支持" in " ".join(lines["扫描件.pdf"]) and "损坏" in " ".join(lines["损坏.docx"])
    assert "Traceback" not in out
    assert_submission(article(ws, "X"))  # the good file went in


def test_never_overwrites_without_force(tmp_path):
    ws = new_ws(tmp_path / "ws")
    src = F.submission_docx(tmp_path / "a.docx")
    assert do_import(ws, src, "--issue", "X").exit_code == 0
    path = ws / "articles" / "X" / "01-示范专科.md"
    path.write_text(path.read_text(encoding="utf-8").replace(F.CLOSING, "编辑改过的一句。"), encoding="utf-8")
    before = path.read_bytes()
    result = do_import(ws, src, "--issue", "X")
    assert result.exit_code == 1 and "--force" in result.output
    assert path.read_bytes() == before
    assert len(list(path.parent.glob("*.md"))) == 1
    result = do_import(ws, src, "--issue", "X", "--force")
    assert result.exit_code == 0, result.output
    assert F.CLOSING in path.read_text(encoding="utf-8")
    toc = (path.parent / "issue.yaml").read_text(encoding="utf-8")
    assert toc.count("01-示范专科") == 1


def test_issue_yaml_keeps_comments_and_after(tmp_path):
    ws = new_ws(tmp_path / "ws")
    folder = ws / "articles" / "X"
    folder.mkdir(parents=True)
    for stem in ("a01", "a02", "b01"):
        kind = "kind: brief\n" if stem.startswith("b") else "title: 已有文章\n"
        (folder / f"{stem}.md").write_text(f"---\ncenter: 湖北省已有质量控制中心{stem}\n{kind}---\n\n已有正文。\n\n"
                                           + ("" if stem.startswith("b") else "点评：\n\n已有点评。\n"),
                                           encoding="utf-8")
    original = ("# 本期说明：编辑写的注释\nsubtitle: 测试期  # 行尾注释\ndate: 2026-03-31\ntoc:\n"
                "  - a01   # 第一篇\n  - a02\n  - section: 简讯\n    articles: [b01]\n")
    (folder / "issue.yaml").write_text(original, encoding="utf-8")
    src = F.submission_docx(tmp_path / "a.docx")
    result = do_import(ws, src, "--issue", "X", "--after", "a01")
    assert result.exit_code == 0, result.output
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert "# 本期说明：编辑写的注释" in text and "# 行尾注释" in text and "# 第一篇" in text
    assert "articles: [b01]" in text
    b = bulletin_view(ws, "X")
    assert b["sections"][0][1] == ["a01", "03-示范专科", "a02"]
    assert b["subtitle"] == "测试期"
    result = do_import(ws, tmp_path / "a.docx", "--issue", "X", "--after", "nope")
    assert result.exit_code == 2 and "nope" in result.output


def test_broken_issue_yaml_stops_before_writing(tmp_path):
    ws = new_ws(tmp_path / "ws")
    folder = ws / "articles" / "X"
    folder.mkdir(parents=True)
    (folder / "issue.yaml").write_text("toc: [a01\n", encoding="utf-8")
    result = do_import(ws, F.submission_docx(tmp_path / "a.docx"), "--issue", "X")
    assert result.exit_code == 2 and "issue.yaml" in result.output
    assert not list(folder.glob("*.md"))


# --------------------------------------------------------------------------- the Markdown writer
@pytest.mark.parametrize("inlines", [
    [Inline("1. 不是列表的开头，*星号*、_下划线_、[方括号]、<标签> 与 &amp; 保持原样。")],
    [Inline("# 不是标题")],
    [Inline("- 不是列表")],
    [Inline("“引号开头的加粗。”", bold=True), Inline("正文接着写。")],
    [Inline("正文中间"), Inline("（括号加粗）", bold=True), Inline("再接正文。")],
    [Inline("abc"), Inline("“quoted”", bold=True), Inline("def")],
    [Inline("第一行\n第二行")],
])
def test_markdown_writer_round_trips(inlines):
    md = paragraph_md(inlines)
    blocks = parse_blocks(md, 1, Path("."))
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "".join(i.text for i in inlines)
