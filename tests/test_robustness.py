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

from hostile import CASES, ISSUE, Case  # noqa: E402

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


@pytest.mark.parametrize("case", [c for c in CASES if c.exit], ids=lambda c: c.id)
def test_hostile_input_is_refused_clearly(case, tmp_path):
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
            f["code"] == case.code and case.where in f["path"] and (case.line is None or f["line"] == case.line)
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


def test_unparsable_front_matter_is_reported_once(tmp_path):
    bad = "---\ncenter 湖北省护理质量控制中心\ntitle: [\n---\n正文，没有点评。\n"
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE, "a02.md": bad})
    found = json.loads(run("check", "T", "--root", str(root), "--format", "json").stdout)
    assert [(f["code"], f["path"].split("/")[-1]) for f in found] == [("QC101", "a02.md")]


# ------------------------------------------------------------------ property: all text printed, or a QC error
ALNUM = re.compile(r"[^\w]|_", re.UNICODE)
TEXT = st.text(alphabet=st.sampled_from(list("质控中心医院督查发现问题整改合格率提高简报")
                                        + list("，。、；：？！（）《》“”…—％")
                                        + list("0123456789 abcXYZ.%-/") + list("*#->`\n")),
               min_size=1, max_size=120)


def _alnum(s: str) -> str:
    return ALNUM.sub("", s)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=TEXT)
def test_generated_text_is_printed_or_refused(body, tmp_path_factory):
    root = workspace(tmp_path_factory.mktemp("prop"), {"a01.md": HEAD_PROP + body + "\n"},
                     "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n")
    res = run("build", "T", "--root", str(root))
    assert "Traceback" not in res.output and "内部错误" not in res.output, res.output
    if res.exit_code != 0:
        assert res.exit_code == 1 and re.search(r"QC\d{3}|错误", res.output), res.output
        return
    pdf_text, docx_text = _printed(root / "build" / "T")
    want = _alnum(body)
    assert want in _alnum(pdf_text), (body, pdf_text)
    assert want in _alnum(docx_text), (body, docx_text)


HEAD_PROP = "---\ncenter: 湖北省护理质量控制中心\ntitle: 织密基层网络\n---\n\n"
