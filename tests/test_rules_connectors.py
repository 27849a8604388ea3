"""Dashes and connectors (QC205, QC211) and hyphens in ranges (QC305), after
GB/T 15834-2011 4.10 and 4.13: exact places, exact text after --fix, and a
precision check over the real corpus and an invented issue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import check_json, workspace
from rules_util import BODY_LINE, article, fix, lint

HAN = "\u4e00-\u9fff"


def where(found, code):
    return [(f["line"], f["column"], f["fixable"]) for f in found if f["code"] == code]


def test_single_em_dash_between_chinese_is_a_correct_connector(tmp_path):
    body = "建立省—市—县三级网络，打通医院—社区—居家服务链，推行分析—培训—反馈—整改的做法，开通北京—上海专线。"
    found = lint(tmp_path, article(body))
    assert [f for f in found if f["code"] in ("QC205", "QC211")] == []
    assert fix(tmp_path / "f", article(body)) == article(body)


def test_hyphen_chain_flagged_and_fixed(tmp_path):
    text = article("建立省-市-县三级网络，形成评估－反馈－整改闭环。")
    assert where(lint(tmp_path, text), "QC211") == [(BODY_LINE, 4, True), (BODY_LINE, 6, True),
                                                    (BODY_LINE, 17, True), (BODY_LINE, 20, True)]
    assert fix(tmp_path, text) == article("建立省—市—县三级网络，形成评估—反馈—整改闭环。")


def test_single_hyphen_between_chinese_reported_not_fixed(tmp_path):
    text = article("推进改进目标-提高使用率。")
    found = [f for f in lint(tmp_path, text) if f["code"] == "QC211"]
    assert [(f["line"], f["column"], f["fixable"]) for f in found] == [(BODY_LINE, 7, False)]
    assert "——" in found[0]["message"] and "—" in found[0]["message"]
    assert fix(tmp_path, text) == text


def test_mixed_connectors_in_one_file_point_to_the_good_one(tmp_path):
    text = article("建立省—市—县网络。\n\n推进目标-提高使用率。")
    found = [f for f in lint(tmp_path, text) if f["code"] == "QC211"]
    assert [(f["line"], f["column"]) for f in found] == [(BODY_LINE + 2, 5)]
    assert f"第 {BODY_LINE} 行" in found[0]["message"]


def test_wrong_connector_glyphs_fixed(tmp_path):
    text = article("开通北京 – 上海、成都―重庆专线。")
    assert where(lint(tmp_path, text), "QC211") == [(BODY_LINE, 6, True), (BODY_LINE, 13, True)]
    assert fix(tmp_path, text) == article("开通北京—上海、成都—重庆专线。")


def test_digit_like_yi_chain_reported_never_fixed(tmp_path):
    text = article("开展整改一核查一提升闭环管理。")
    assert where(lint(tmp_path, text), "QC211") == [(BODY_LINE, 5, False), (BODY_LINE, 8, False)]
    assert fix(tmp_path, text) == text


def test_yi_in_ordinary_words_not_flagged(tmp_path):
    body = "逐一排查一个个问题，做到统一一致，同一一线人员进一步一体化推进，一人一档一策，第一时间一站式服务。"
    assert where(lint(tmp_path, article(body)), "QC211") == []


def test_hyphen_left_alone_where_the_standard_wants_it(tmp_path):
    body = "诊断为格林-巴利综合征，见表2-8，依据GB/T 9704-2012，电话027-87830166，住3-2-11室。"
    found = lint(tmp_path, article(body))
    assert [f for f in found if f["code"] in ("QC205", "QC211", "QC305")] == []


@pytest.mark.parametrize("bad, col, fixed", [
    ("于12月1日-3日开展督查。", 7, "于12月1日～3日开展督查。"),
    ("于9月25-27日开展督查。", 6, "于9月25～27日开展督查。"),
    ("1-11月累计培训30场。", 2, "1～11月累计培训30场。"),
    ("落实方案（2023-2025年）。", 10, "落实方案（2023～2025年）。"),
])
def test_hyphen_in_chinese_ranges(tmp_path, bad, col, fixed):
    found = lint(tmp_path, article(bad), "QC305")
    assert [(f["line"], f["column"], f["fixable"]) for f in found] == [(BODY_LINE, col, True)]
    assert fix(tmp_path, article(bad)) == article(fixed)


def test_hyphen_ranges_follow_the_files_em_dash(tmp_path):
    text = article("落实方案（2023—2025年），于9月25-27日开展督查。")
    assert where(lint(tmp_path, text), "QC305") == [(BODY_LINE, 23, True)]
    assert fix(tmp_path, text) == article("落实方案（2023—2025年），于9月25—27日开展督查。")


def test_hyphen_ranges_follow_the_setting(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": article("于9月25-27日开展督查。")},
                     "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n")
    cfg = root / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("range_connector: auto", "range_connector: \"-\""),
                   encoding="utf-8")
    _, found = check_json(root)
    assert [f for f in found if f["code"] == "QC305"] == []


# ------------------------------------------------------------------ precision
_GOOD = re.compile(f"(?<=[{HAN}])(?<!—)—(?!—)(?=[{HAN}])")
_HYPHEN = re.compile(f"(?<=[{HAN}])[-－](?=[{HAN}])")


def assert_connector_precision(root: Path, issue: str) -> int:
    """No QC205/QC211 on a correct connector; a QC211 at every hyphen between
    Chinese words.  Returns how many places were looked at."""
    _, found = check_json(root, issue)
    at = {(Path(f["path"]).name, f["line"], f["column"]) for f in found if f["code"] in ("QC205", "QC211")}
    looked = 0
    for path in sorted((root / "articles" / issue).glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for n, line in enumerate(lines, 1):
            if line.strip() == "---":
                continue
            for m in _GOOD.finditer(line):
                looked += 1
                assert (path.name, n, m.start() + 1) not in at, f"{path.name}:{n}:{m.start() + 1} correct connector flagged"
            for m in _HYPHEN.finditer(line):
                looked += 1
                assert (path.name, n, m.start() + 1) in at, f"{path.name}:{n}:{m.start() + 1} hyphen connector missed"
    return looked


def test_connector_precision_on_corpus(corpus_ws):
    assert assert_connector_precision(corpus_ws, "2023Q4") >= 2


INVENTED = {
    "a01.md": article("建立省—市—县三级质控网络，推行分析—培训—反馈—整改闭环，开通北京—上海远程会诊。\n\n"
                      "推进改进目标-提高使用率。\n\n落实医院-社区-居家延续护理，召开甲省-乙省交流会。"),
    "a02.md": article("成立“院—科—组”三级架构，制定《考核细则（2026—2028年）》。\n\n"
                      "实行县-乡-村一体化管理，开展评估－反馈－改进，会议于3月2日—4日举行。", title="织网 2026 同心同行"),
}


def test_connector_precision_on_invented_issue(tmp_path):
    root = workspace(tmp_path / "ws", INVENTED, "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n  - a02\n")
    assert assert_connector_precision(root, "T") == 16
