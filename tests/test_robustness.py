"""Odd real-world input: never a traceback, always valid JSON, problems named by path."""

from __future__ import annotations

import json

from helpers import GOOD_ARTICLE, run, workspace

ODD_FILES = {
    "e01.md": "",
    "e02.md": "---\n---\n",
    "e03.md": "---\n- a\n- b\n---\n正文\n",
    "e04.md": "---\ncenter: [a, b]\ntitle: {x: 1}\n---\n正文\n",
    "e05.md": "---\ncenter: 2025\ntitle: 2026\n---\n正文\n",
    "e06.md": "\x00\x01\x02binary\xff\xfe".encode("latin-1").decode("latin-1"),
    "e07.yaml": "- 不是映射\n",
    "e08.yaml": "center: 湖北\ntitle: 标题\nbody:\n  - 列表\n",
    "e09.md": "---\ncenter: 湖北\ntitle: 标题\n---\n```\n点评：\n```\n\n| a |\n|---|\n\n- \n\n# \n\n![](images/)\n",
    "e10.md": "正文但没有文章信息\n\n点评：正文写在同一行\n",
    "e11.md": "---\ncenter: 湖北\ntitle: 标题\nkind: brief\n---\n" + "长" * 5000 + "\n",
    "e12.md": "---\r\ncenter: 湖北\r\ntitle: 标题\r\n---\r\n\r\n正文。\r\n\r\n点评\r\n\r\n好。\r\n",
}

ODD_ISSUE = """subtitle: 测试
date: not-a-date
number: 第一
toc:
  - e01
  - e02
  -
  - [x]
  - section:
    articles: e03
  - section: 分组
    articles: [e04, e05, e06, e07, e08, null, {a: 1}]
  - e09
  - e10
  - e11
  - e12
  - e01
"""


def test_odd_files_never_traceback(tmp_path):
    files = dict(ODD_FILES)
    files["e06.md"] = b"\x00\x01\x02binary\xff\xfe"
    root = workspace(tmp_path / "ws", files, ODD_ISSUE)
    res = run("check", "--root", str(root), "--format", "json")
    assert "Traceback" not in res.output and "内部错误" not in res.output, res.output
    found = json.loads(res.stdout)
    assert res.exit_code == 1
    paths = {f["path"].split("/")[-1] for f in found}
    assert {"issue.yaml", "e01.md", "e03.md", "e04.md", "e06.md", "e07.yaml", "e08.yaml", "e10.md"} <= paths
    for f in found:
        assert {"path", "line", "column", "code", "severity", "message"} <= set(f)
        assert f["line"] >= 1 and f["column"] >= 1 and f["severity"] in ("error", "warning")
    # the build refuses, cleanly
    res = run("build", "T", "--root", str(root))
    assert res.exit_code in (1, 2) and "Traceback" not in res.output


def test_empty_issue_yaml_and_missing_issue_yaml(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE}, "")
    res = run("check", "T", "--root", str(root), "--format", "json")
    found = json.loads(res.stdout)
    assert any(f["code"] == "QC120" for f in found) and res.exit_code == 1


def test_config_passed_as_target_is_ignored(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE})
    res = run("check", str(root / "config.yaml"), str(root / "articles" / "T" / "a01.md"), "--root", str(root))
    assert res.exit_code == 0, res.output


# ------------------------------------------------------------------ classes of hostile input
import re  # noqa: E402
import time  # noqa: E402

import pdfplumber  # noqa: E402
import pytest  # noqa: E402
from docx import Document  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hostile import CASES, IMPORT_CASES, ISSUE, Case, ImportCase  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
EARLIER = {"T.pdf": b"%PDF earlier good output", "T.docx": b"PK earlier good output"}


def _ws(tmp_path, case: Case):
    root = workspace(tmp_path / "ws", case.files, case.issue if case.issue is not None else ISSUE)
    if case.setup:
        case.setup(root)
    out = root / "build" / "T"
    out.mkdir(parents=True)
    for name, data in EARLIER.items():
        (out / name).write_bytes(data)
    return root, out


def _printed(out):
    with pdfplumber.open(out / "T.pdf") as pdf:
        pdf_text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pdf.pages))
    d = Document(str(out / "T.docx"))
    docx_text = re.sub(r"\s+", "", "".join(p.text for p in d.paragraphs))
    return pdf_text, docx_text


def test_at_least_35_classes():
    assert len({c.id for c in CASES}) == len(CASES) >= 35
    assert len({c.id for c in IMPORT_CASES}) == len(IMPORT_CASES) >= 7


@pytest.mark.parametrize("case", [c for c in CASES if c.exit], ids=lambda c: c.id)
def test_hostile_input_is_refused_clearly(case, tmp_path):
    from qcbrief.safetext import visible

    root, out = _ws(tmp_path, case)
    t0 = time.perf_counter()
    res = run("build", "T", "--root", str(root))
    took = time.perf_counter() - t0
    text = res.output
    assert res.exit_code == case.exit, text
    assert "Traceback" not in text and "内部错误" not in text and not (
        res.exception and not isinstance(res.exception, SystemExit)), text
    assert CJK.search(text), text  # a Chinese message
    loc = case.where + (f":{case.line}" if case.line else "")
    assert loc in text, f"message does not name {loc}: {text}"
    if case.code:
        assert case.code in text, text
    for w in case.words:
        assert w in text, text
    # earlier outputs untouched, no temporary file left behind
    assert {p.name: p.read_bytes() for p in out.iterdir()} == EARLIER
    assert took < 60, "hostile input must be refused promptly"  # a hang guard, not a benchmark
    if case.code:  # `check` names the same finding with file and line
        res = run("check", "T", "--root", str(root), "--format", "json")
        found = json.loads(res.stdout)
        assert res.exit_code == 1 and any(
            f["code"] == case.code and case.where in visible(f["path"]) and (case.line is None or f["line"] == case.line)
            for f in found), found


@pytest.mark.parametrize("case", [c for c in CASES if not c.exit], ids=lambda c: c.id)
def test_odd_but_printable_input_is_printed(case, tmp_path):
    root, out = _ws(tmp_path, case)
    res = run("build", "T", "--root", str(root))
    assert res.exit_code == 0, res.output
    pdf_text, docx_text = _printed(out)
    for want in case.printed:
        assert want in pdf_text, (want, pdf_text[:300])
        assert want in docx_text, (want, docx_text[:300])
    assert not any(ch in pdf_text for ch in "\x00\x07\x1b\u200b\u202e")  # nothing invisible drawn as a box


@pytest.mark.parametrize("case", IMPORT_CASES, ids=lambda c: c.id)
def test_hostile_submission_is_imported_as_data_or_refused(case: ImportCase, tmp_path):
    import shutil

    from helpers import REPO
    from qcbrief.safetext import visible

    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(REPO / "config.yaml", ws / "config.yaml")
    src = tmp_path / "in" / case.name
    src.parent.mkdir()
    case.make(src)
    res = run("import", str(src), "--issue", "X", "--root", str(ws))
    text = res.output
    assert res.exit_code == case.exit, text
    assert "Traceback" not in text and "内部错误" not in text, text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), repr(text)
    assert visible(case.name) in text.replace("\n", "").replace("│", "").replace(" ", "") or case.exit == 0, text
    for w in case.words:
        assert w in text or any(w in p.read_text(encoding="utf-8") for p in (ws / "articles" / "X").glob("*.md")), text
    written = sorted(p.name for p in (ws / "articles" / "X").rglob("*") if p.is_file()) if (ws / "articles").exists() else []
    if case.exit:  # refused: nothing of it written
        assert [n for n in written if n != "issue.yaml"] == [], written
    else:  # imported as data: one article that loads without a front-matter problem
        found = json.loads(run("check", "X", "--root", str(ws), "--format", "json").stdout)
        assert not [f for f in found if f["code"] in ("QC100", "QC101", "QC107", "QC117")], found
        assert len([n for n in written if n.endswith(".md")]) == 1, written


def test_unparsable_front_matter_is_reported_once(tmp_path):
    bad = "---\ncenter 湖北省护理质量控制中心\ntitle: [\n---\n正文，没有点评。\n"
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE, "a02.md": bad})
    found = json.loads(run("check", "T", "--root", str(root), "--format", "json").stdout)
    assert [(f["code"], f["path"].split("/")[-1]) for f in found] == [("QC101", "a02.md")]


# ------------------------------------------------------------------ property: all text printed, or a QC error
from textcheck import docx_words, html_words, markdown_units, missing, pdf_words, words  # noqa: E402

TEXT = st.text(alphabet=st.sampled_from(list("质控中心医院督查发现问题整改合格率提高简报")
                                        + list("，。、；：？！（）《》“”…—％")
                                        + list("0123456789 abcXYZ.%-/") + list("*#->`\n")),
               min_size=1, max_size=120)

# Structured Markdown of random depth: nested lists (on one line or indented), quotes, lists
# inside quotes, emphasis nested many times, code spans, tables. Depths run past markdown-it's
# nesting limit (20 levels: ten lists, twenty quotes).
WORD = st.text(alphabet=st.sampled_from(list("质控中心医院督查发现整改合格率提高简报安全护理急诊") + list("abcXYZ0123")),
               min_size=1, max_size=6)


@st.composite
def inline(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        w = draw(WORD)
        form = draw(st.sampled_from(["plain", "emph", "code"]))
        if form == "code":
            w = f"`{w}`"
        elif form == "emph":
            for mark in draw(st.lists(st.sampled_from(["*", "**", "_"]), max_size=24)):
                w = f"{mark}{w}{mark}"
        parts.append(w)
    return draw(st.sampled_from(["，", "。", "和"])).join(parts)


@st.composite
def block(draw) -> str:
    kind = draw(st.sampled_from(["para", "list-line", "list-indented", "quote", "mixed", "table", "note"]))
    depth = draw(st.integers(1, 26))
    if kind == "para":
        return "\n".join(draw(st.lists(inline(), min_size=1, max_size=3)))
    if kind == "list-line":
        return draw(st.sampled_from(["- ", "* ", "1. "])) * depth + draw(inline())
    if kind == "list-indented":
        ordered = draw(st.booleans())
        return "\n".join((" " * 3 * i + "1. " if ordered else " " * 2 * i + "- ") + draw(inline()) for i in range(depth))
    if kind == "quote":
        return ">" * depth + " " + draw(inline())
    if kind == "note":  # looks like a link reference definition: "[注]: 数据来源于…"
        return f"[{draw(WORD)}]: " + draw(inline()).replace("`", "")
    if kind == "mixed":
        return "".join(draw(st.lists(st.sampled_from(["> ", "- ", "1. "]), min_size=depth, max_size=depth))) \
            + draw(inline())
    cols = draw(st.integers(1, 3))
    rows = [[draw(inline()) for _ in range(cols)] for _ in range(draw(st.integers(2, 4)))]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join([lines[0], "|" + "---|" * cols] + lines[1:])


MARKDOWN = st.builds(lambda blocks, comment: "\n\n".join(blocks) + "\n\n点评：\n\n" + comment,
                     st.lists(block(), min_size=1, max_size=6), inline())


def _model_words(article) -> str:
    from qcbrief.model import Image, ListBlock, Table, plain

    out = []
    for b in article.all_blocks():
        if isinstance(b, ListBlock):
            out += [i.text for i in b.items]
        elif isinstance(b, Table):
            out += [plain(c) for row in [b.caption and [b.caption] or [], b.header, *b.rows] for c in row]
        elif isinstance(b, Image):
            out.append(b.caption)
        else:
            out.append(b.text)
    return words("".join(out) + "点评")  # the label is the writers' (a unit of its own)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=MARKDOWN)
def test_generated_markdown_loses_no_text_in_the_model(body, tmp_path_factory):
    """Fast and wide: the loader keeps every source line's text (the printed check is below)."""
    from qcbrief.load.article import load_article

    path = tmp_path_factory.mktemp("model") / "a01.md"
    path.write_text(HEAD_PROP + body + "\n", encoding="utf-8")
    found = []
    article = load_article(path, "a01", lambda *f: found.append(f), {})
    assert not [f for f in found if f[0] != "QC116"], found
    assert article.commentary is not None and article.commentary.blocks, body
    units = markdown_units(body)
    assert not missing(units, _model_words(article)), (body, missing(units, _model_words(article)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.one_of(TEXT.map(lambda t: (t, False)), MARKDOWN.map(lambda m: (m, True))))
def test_generated_text_is_printed_or_refused(case, tmp_path_factory):
    body, structured = case
    root = workspace(tmp_path_factory.mktemp("prop"), {"a01.md": HEAD_PROP + body + "\n"},
                     "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n")
    res = run("build", "T", "--root", str(root), "--format", "docx,pdf,html")
    assert "Traceback" not in res.output and "内部错误" not in res.output, res.output
    if res.exit_code != 0:
        assert not structured, res.output  # generated structure is always printable
        assert res.exit_code == 1 and re.search(r"QC\d{3}|错误", res.output), res.output
        return
    out = root / "build" / "T"
    units = markdown_units(body)
    for fmt, read in (("pdf", pdf_words), ("docx", docx_words), ("html", html_words)):
        printed = read(out / f"T.{fmt}")
        assert not missing(units, printed), (fmt, body, missing(units, printed))


HEAD_PROP = "---\ncenter: 湖北省护理质量控制中心\ntitle: 织密基层网络\n---\n\n"
