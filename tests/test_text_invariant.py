"""No silent loss: every character of body text in the source reaches every output (PDF, DOCX,
HTML), over the sample issue, the corpus (real when present, and its invented twin) and articles
nested deeper than the Markdown parser's limit. The generated-Markdown property is in
test_robustness.py (test_generated_text_is_printed_or_refused)."""

from __future__ import annotations

import json

import pytest

from conftest import CORPORA, REPO, corpus_root, make_workspace
from helpers import run, workspace
from textcheck import docx_words, html_words, issue_units, missing, pdf_words

WRITERS = {"pdf": pdf_words, "docx": docx_words, "html": html_words}


def _build(root, issue):
    res = run("build", issue, "--root", str(root), "--format", "docx,pdf,html")
    assert res.exit_code == 0, res.output
    out = root / "build" / issue
    return {fmt: read(out / f"{issue}.{fmt}") for fmt, read in WRITERS.items()}


@pytest.fixture(scope="module", params=["sample"] + CORPORA)
def built(request, tmp_path_factory):
    which = request.param
    src = REPO / "articles" if which == "sample" else corpus_root(which) / "articles"
    issue = "2026Q1" if which == "sample" else "2023Q4"
    root = make_workspace(tmp_path_factory.mktemp(which), src, [issue])
    return issue_units(root / "articles" / issue), _build(root, issue)


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_body_line_reaches_the_output(built, fmt):
    units, printed = built
    assert sum(map(len, units.values())) > 20  # the sources were read
    lost = {name: miss for name, u in units.items() if (miss := missing(u, printed[fmt]))}
    assert not lost, f"{fmt}: text of these source lines is not in the output: {lost}"


# ---------------------------------------------------------------- deeper than the parser's limit
HEAD = "---\ncenter: 湖北省护理质量控制中心\ntitle: 层层嵌套的来稿\n---\n\n"
DEEP = {
    # ten and more nested list levels on one line, then the body and the 点评 go on
    "d01.md": HEAD + "第一段照常排出。\n\n" + "- " * 12 + "十二层列表里的文字\n\n后面的段落也要排出。\n\n点评：\n\n点评一字不少。\n",
    # an indented list, fourteen levels, each a line of its own
    "d02.md": HEAD + "".join("  " * i + f"- 第{i + 1}层缩进列表\n" for i in range(14))
    + "\n缩进列表之后的段落。\n\n点评：\n\n缩进列表的点评。\n",
    # quotes far past the limit, quotes inside lists, ordered lists
    "d03.md": HEAD + ">" * 40 + " 四十层引用的文字\n\n" + "- > " * 11 + "列表与引用交替\n\n"
    + "".join("   " * i + "1. " + f"编号第{i + 1}层\n" for i in range(12)) + "\n点评：\n\n混合嵌套的点评。\n",
}


@pytest.fixture(scope="module")
def deep(tmp_path_factory):
    root = workspace(tmp_path_factory.mktemp("deep"), DEEP,
                     "subtitle: 测试\ndate: 2026-03-31\ncommentary: required\ntoc: [d01, d02, d03]\n")
    return root, issue_units(root / "articles" / "T"), _build(root, "T")


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_nesting_past_the_parser_limit_loses_nothing(deep, fmt):
    _, units, printed = deep
    for name, u in units.items():
        assert len(u) >= 4 and not missing(u, printed[fmt]), (fmt, name, missing(u, printed[fmt]))


def test_nesting_past_the_limit_is_a_warning_not_a_missing_commentary(deep):
    root = deep[0]
    res = run("check", "T", "--root", str(root), "--format", "json")
    found = json.loads(res.stdout)
    assert res.exit_code == 0, res.output  # a warning: the text is printed, flattened
    assert "QC105" not in {f["code"] for f in found}
    qc116 = sorted((f["path"].split("/")[-1], f["line"]) for f in found if f["code"] == "QC116")
    assert qc116 == [("d01.md", 8), ("d02.md", 13), ("d03.md", 6)], found

