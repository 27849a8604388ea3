"""Punctuation rules (QC2xx): flagged at line and column, clean text not flagged, exact fix."""

from __future__ import annotations

import pytest

from rules_util import article, assert_rule_case, fix, lint

CASES = [
    # code, bad body, column, fixed body (None = not fixable), good body
    ("QC201", "12月2日,湖北省召开会议.", 6, "12月2日，湖北省召开会议。", "12月2日，湖北省召开会议。"),
    ("QC201", "会议内容:培训;考核?是!", 5, "会议内容：培训；考核？是！", "会议内容：培训；考核？是！"),
    ("QC201", "印发方案(2023年版)。", 5, "印发方案（2023年版）。", "印发方案（2023年版）。"),
    ("QC201", "措施有(1)加强培训。", 4, "措施有（1）加强培训。", "通过 ISO 15189, 2022 认可，会议9:30开始，增长1.5倍。"),
    ("QC201", "合格率98.82%,平均为96.5%。", 10, "合格率98.82%，平均为96.5%。", "合格率98.82%，8:30开始，比例1:2，版本V2.3.1。"),
    ("QC201", "获评A+,创新项目3项;通过率95%.", 5, "获评A+，创新项目3项；通过率95%。", "获评A+，创新项目3项；通过率95%。"),
    ("QC201", "平均, A+, 创新。", 3, "平均，A+，创新。", "平均，A+，创新。"),
    ("QC201", "共抽查病历300.", 9, "共抽查病历300。", "分别是：1.培训班；2.学习班。"),
    ("QC202", '会议提出"织网行动"的思路。', 5, "会议提出“织网行动”的思路。", "会议提出“织网行动”的思路。"),
    ("QC202", "推行'一对一'指导。", 3, "推行‘一对一’指导。", "引用 Parkinson's disease 的说法。"),
    ("QC203", "会议印发《工作要点，要求落实。", 5, None, "会议印发《工作要点》，要求落实。"),
    ("QC203", "他说：“要抓落实。", 4, None, "措施：1）加强培训；2）严格考核。"),
    ("QC204", "开展培训、督查...等工作。", 8, "开展培训、督查……等工作。", "开展培训、督查……等工作。"),
    ("QC204", "开展培训、督查。。。等工作。", 8, "开展培训、督查……等工作。", "see p. 3... ok 中文。"),
    ("QC204", "开展培训、督查…等工作。", 8, "开展培训、督查……等工作。", "开展培训、督查……等工作。"),
    ("QC205", "改进目标--提高使用率。", 5, "改进目标——提高使用率。", "改进目标——提高使用率。"),
    ("QC205", "改进目标――提高使用率。", 5, "改进目标——提高使用率。", "《方案（2023—2025年）》，建立省—市—县网络。"),
    ("QC205", "改进目标———提高使用率。", 5, "改进目标——提高使用率。", "改进目标——提高使用率。"),
    ("QC206", "成效明显！！！", 5, "成效明显！", "成效明显！"),
    ("QC206", "成效明显，，继续。", 5, "成效明显，继续。", "成效明显？！继续。"),
    ("QC207", "修订了《制度》、《细则》。", 8, "修订了《制度》《细则》。", "修订了《制度》《细则》。"),
    ("QC208", "分享经验。 10月20日，中心 ，参会。", 6, "分享经验。10月20日，中心，参会。", "分享经验。10月20日参会。"),
    ("QC209", "会议总结了全年工作 部署了任务。", 10, None, "以“社区友善 八方支援”为主题。"),
    ("QC210", "热依拉•买买提参会。", 4, "热依拉·买买提参会。", "热依拉·买买提参会。"),
    ("QC210", "●加强培训●严格考核。", 6, None, "加强培训，严格考核。"),
]


@pytest.mark.parametrize("code, bad, col, fixed, good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule(tmp_path, code, bad, col, fixed, good):
    assert_rule_case(tmp_path, code, bad, col, fixed, good)


def test_title_is_prose_and_fixed_in_front_matter(tmp_path):
    text = article("正文。", title='"推进(安宁)疗护"')
    found = lint(tmp_path, text, "QC201")
    assert [(f["line"], f["column"]) for f in found] == [(3, 11), (3, 14)]
    assert fix(tmp_path, text) == article("正文。", title='"推进（安宁）疗护"')


def test_markdown_syntax_is_not_prose(tmp_path):
    body = ("### 小标题 一\n\n- 列表项，内容。\n\n**加粗，** 正文。\n\n`code, here;` 与 https://example.com/a,b 及 x@y.cn。\n\n"
            "| 指标 | 2025年 |\n|---|---|\n| 合格率 | 90% |\n\n<!-- 注释, 不检查 -->\n\n```\n代码,块\n```\n")
    found = lint(tmp_path, article(body))
    assert [f for f in found if f["code"].startswith(("QC2", "QC3"))] == [f for f in found if f["code"] == "QC208"]
    assert [(f["line"], f["column"]) for f in found if f["code"] == "QC208"] == [(10, 8)]


def test_yaml_article_body_positions(tmp_path):
    text = "center: 湖北省病案质控中心\ntitle: 严把病案首页关\nbody: |\n  第一段,正文。\n\n  第二段。\n"
    found = lint(tmp_path, text, "QC201", name="a01.yaml")
    assert [(f["line"], f["column"]) for f in found] == [(4, 6)]
    assert fix(tmp_path, text, name="a01.yaml").splitlines()[3] == "  第一段，正文。"


def test_issue_yaml_preface(tmp_path):
    issue = "subtitle: 测试\ndate: 2026-03-31\npreface: 本期编发稿件,供交流。\ncommentary: optional\ntoc:\n  - a01\n"
    found = lint(tmp_path, article("正文。"), "QC201", issue=issue)
    assert [(f["path"].endswith("issue.yaml"), f["line"], f["column"]) for f in found] == [(True, 3, 16)]


def test_primes_are_not_quotes(tmp_path):
    text = article("检测3'端与5'端序列，5′端完整，引用Parkinson's disease的说法。")
    assert lint(tmp_path, text, "QC202") == []
    assert fix(tmp_path, text) == text


def test_primes_left_alone_while_real_quotes_fixed(tmp_path):
    text = article("检测3'端序列，推行'一对一'指导。")
    found = lint(tmp_path, text, "QC202")
    assert [(f["line"], f["column"]) for f in found] == [(6, 11), (6, 15)]
    assert fix(tmp_path, text) == article("检测3'端序列，推行‘一对一’指导。")


def test_bullets_rewritten_all_or_none(tmp_path):
    text = article("措施：●加强培训●严格考核●定期反馈。\n\n热依拉•买买提、阿依古丽•吐尔逊参会。")
    found = lint(tmp_path, text, "QC210")
    assert [(f["line"], f["column"], f["fixable"]) for f in found] == [(6, 9, False), (6, 14, False), (8, 4, True), (8, 13, True)]
    assert fix(tmp_path, text) == article("措施：●加强培训●严格考核●定期反馈。\n\n热依拉·买买提、阿依古丽·吐尔逊参会。")
