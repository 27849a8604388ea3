"""Style rules (QC4xx): titles and lengths."""

from __future__ import annotations

from rules_util import article, fix, lint


def test_title_trailing_punct(tmp_path):
    text = article("正文。", title="织密质控网络，守护护理安全。")
    found = lint(tmp_path / "a", text, "QC401")
    assert [(f["line"], f["column"], f["fixable"]) for f in found] == [(3, 21, True)]
    assert fix(tmp_path, text) == article("正文。", title="织密质控网络，守护护理安全")
    assert lint(tmp_path / "b", article("正文。", title="织密质控网络，守护护理安全"), "QC401") == []


def test_title_exclamation(tmp_path):
    found = lint(tmp_path / "a", article("正文。", title="质控工作再上新台阶！"), "QC402")
    assert [(f["line"], f["column"], f["severity"], f["fixable"]) for f in found] == [(3, 17, "warning", False)]
    assert lint(tmp_path / "b", article("正文。", title="质控工作再上新台阶"), "QC402") == []


def test_title_too_long(tmp_path):
    found = lint(tmp_path / "a", article("正文。", title="质" * 41), "QC403")
    assert [(f["line"], f["column"]) for f in found] == [(3, 8)]
    assert lint(tmp_path / "b", article("正文。", title="质" * 40), "QC403") == []


def test_lengths(tmp_path):
    long_body = "质控" * 2501 + "。"
    assert [f["line"] for f in lint(tmp_path / "a", article(long_body), "QC404")] == [6]
    assert lint(tmp_path / "b", article("质控" * 100 + "。"), "QC404") == []
    brief = "---\ncenter: 恩施州质控中心\nkind: brief\n---\n\n" + "简讯" * 201 + "\n"
    assert [f["line"] for f in lint(tmp_path / "c", brief, "QC405")] == [6]
    comm = article("正文。\n\n点评：\n\n" + "点评" * 201)
    assert [f["line"] for f in lint(tmp_path / "d", comm, "QC406")] == [8]
