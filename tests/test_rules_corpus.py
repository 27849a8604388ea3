"""The typography rules on the real corpus, --fix idempotence, clean text, suppression."""

from __future__ import annotations

from pathlib import Path

from helpers import check_json, run
from qcbrief.check import runner
from qcbrief.check.registry import RULES
from rules_util import article, fix, lint


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "articles").rglob("*")) if p.is_file()}


def test_corpus_real_defects_flagged(corpus_ws):
    _, found = check_json(corpus_ws)
    where = {(Path(f["path"]).name, f["line"], f["code"]) for f in found}
    assert ("c02.md", 6, "QC301") in where  # "完成 2023 年"
    assert ("c12.md", 6, "QC201") in where  # "12月2日,湖北省"
    assert ("c02.md", 12, "QC208") in where  # "。 10月20日"
    assert ("c05.md", 6, "QC207") in where  # 》、《
    c12 = [f for f in found if f["code"] == "QC201" and f["path"].endswith("c12.md")]
    assert (c12[0]["line"], c12[0]["column"]) == (6, 6)


def test_corpus_fix_is_idempotent(corpus_ws):
    result = run("check", "--root", str(corpus_ws), "2023Q4", "--fix")
    assert result.exit_code in (0, 1), result.output
    once = _snapshot(corpus_ws)
    result = run("check", "--root", str(corpus_ws), "2023Q4", "--fix")
    assert _snapshot(corpus_ws) == once
    _, found = check_json(corpus_ws)
    runner.load_rule_modules()
    assert [f for f in found if RULES[f["code"]].fixable and f["fixable"]] == []
    assert [f for f in found if f["severity"] == "error"] == []


def test_planted_defects_fix_converges(tmp_path):
    body = ('会议提出"织网行动",要求...各单位 ,于2025.3.1前完成(第1阶段)!!合格率15～30%。\n\n'
            "修订《制度》、《细则》--并印发鄂卫发[2025]3号。\n\n覆盖 69 个县，热依拉•买买提参会。")
    text = article(body, title="织密质控网络：")
    once = fix(tmp_path / "a", text)
    assert fix(tmp_path / "b", once) == once
    assert once == article('会议提出“织网行动”，要求……各单位，于2025年3月1日前完成（第1阶段）！合格率15%～30%。\n\n'
                           "修订《制度》《细则》——并印发鄂卫发〔2025〕3号。\n\n覆盖69个县，热依拉·买买提参会。",
                           title="织密质控网络")
    runner.load_rule_modules()
    left = [f for f in lint(tmp_path / "c", once) if f["fixable"]]
    assert left == []


def test_crlf_and_bom_kept(tmp_path):
    text = article("12月2日,召开会议。")
    raw = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    from helpers import workspace

    root = workspace(tmp_path / "ws", {"a01.md": raw}, "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n")
    run("check", "--root", str(root), "--fix")
    out = (root / "articles" / "T" / "a01.md").read_bytes()
    assert out == ("\ufeff" + article("12月2日，召开会议。").replace("\n", "\r\n")).encode("utf-8")


CLEAN = """我省持续推进医疗质量安全改进工作。2026年第1季度，中心组织48名专家分成8个督查组，对17个市州（林区）的41家医疗机构开展专项督查，
重点检查高警示药品管理、危重患者交接等内容。督查发现问题217条，整改时限为30个工作日；住院患者跌倒发生率为0.058‰，
波动范围为0.8%～11.6%。中心印发《护理质量改进提示函》《工作考核细则》，要求各单位运用PDCA循环、“一对一”跟踪指导……
联系邮箱 qc@example.org，详见 https://example.org/a?b=1,2。患者张某，男，65岁，因胸痛入院，住院号已隐去。"""


def test_clean_text_raises_nothing(tmp_path):
    found = lint(tmp_path, article(CLEAN))
    assert found == []


def test_suppression_comments(tmp_path):
    body = ("<!-- qcbrief: disable-next-line=QC504 -->\n患者张伟，男。\n\n<!-- qcbrief: disable=QC5,QC201 -->\n"
            "患者李明,电话13812345678。\n<!-- qcbrief: enable=QC5,QC201 -->\n\n患者王强,男。\n\n<!-- qcbrief: disable -->\n\n鄂卫发[2025]3号")
    found = lint(tmp_path, article(body))
    assert sorted((f["line"], f["code"]) for f in found) == [(13, "QC201"), (13, "QC504")]


def test_suppression_applies_to_structural_findings(tmp_path):
    text = "<!-- qcbrief: disable -->\n" + article("正文。")
    found = lint(tmp_path, text)
    assert [f for f in found if f["line"] == 1] == []
