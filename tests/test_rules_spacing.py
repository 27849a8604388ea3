"""Spaces (QC212, QC213, and the space cases of QC208/QC301): flagged at line
and column, fixed exactly, title phrase separators kept."""

from __future__ import annotations

import pytest

from rules_util import BODY_LINE, article, assert_rule_case, fix, lint

CASES = [
    # code, bad body, column, fixed body (None = not fixable), good body
    ("QC301", "占比30% 以上，增长5‰ 左右。", 6, "占比30%以上，增长5‰左右。", "占比30%以上，增长5‰左右。"),
    ("QC301", "覆盖\u300069个县。", 3, "覆盖69个县。", "覆盖69个县。"),
    ("QC212", "新增社会面 AED 投放点。", 6, "新增社会面AED投放点。", "新增社会面AED投放点，通过ISO 15189认可。"),
    ("QC212", "推广\u00a0PDCA 循环。", 3, "推广PDCA循环。", "推广PDCA循环。"),
    ("QC213", "\u3000\u3000会议采用PDCA cycle方法。", 1, "会议采用PDCA cycle方法。", "会议采用PDCA cycle方法。"),
    ("QC213", "会议采用PDCA\u00a0cycle方法。", 9, "会议采用PDCA cycle方法。", "会议采用PDCA cycle方法。"),
    ("QC213", "会议\u200b召开。", 3, "会议召开。", "会议召开。"),
    ("QC208", "分享经验。\u3000会议召开。", 6, "分享经验。会议召开。", "分享经验。会议召开。"),
    ("QC209", "会议总结了全年工作\u3000部署了任务。", 10, None, "会议总结了全年工作，部署了任务。"),
]


@pytest.mark.parametrize("code, bad, col, fixed, good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule(tmp_path, code, bad, col, fixed, good):
    assert_rule_case(tmp_path, code, bad, col, fixed, good)


def test_every_han_latin_space_reported(tmp_path):
    text = article("新增社会面 AED 投放点，推广 PDCA 循环。")
    found = lint(tmp_path, text, "QC212")
    assert [(f["line"], f["column"]) for f in found] == [(BODY_LINE, 6), (BODY_LINE, 10), (BODY_LINE, 17), (BODY_LINE, 22)]
    assert fix(tmp_path, text) == article("新增社会面AED投放点，推广PDCA循环。")


def test_title_and_heading_phrase_separators_kept(tmp_path):
    text = article("## 质控 2026 再出发\n\n正文。", title="织网 2025 同心同行")
    found = lint(tmp_path, text)
    assert [f for f in found if f["code"] in ("QC208", "QC212", "QC213", "QC301")] == []
    assert fix(tmp_path, text) == text


def test_title_number_unit_space_and_punct_space_still_fixed(tmp_path):
    text = article("正文。", title="织网行动 “同心同行” 2025 年 总结 ，再出发")
    found = lint(tmp_path, text)
    assert [(f["code"], f["line"], f["column"]) for f in found if f["code"] in ("QC208", "QC301")] == \
        [("QC301", 3, 24), ("QC208", 3, 29)]
    assert fix(tmp_path, text) == article("正文。", title="织网行动 “同心同行” 2025年 总结，再出发")


def test_digit_space_allow_turns_off_latin_spaces_too(tmp_path):
    from helpers import check_json, workspace

    root = workspace(tmp_path / "ws", {"a01.md": article("新增社会面 AED 投放点 120 个。")},
                     "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n")
    cfg = root / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("digit_space: forbid", "digit_space: allow"), encoding="utf-8")
    _, found = check_json(root)
    assert [f for f in found if f["code"] in ("QC212", "QC301")] == []
