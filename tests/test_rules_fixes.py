"""`check` reports everything `--fix` changes: the fixes the first check
reports, applied once, give exactly what `--fix` writes (no silent fix found
only on a second pass); `--fix` twice = `--fix` once; afterwards no fixable
finding is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import check_json, run, workspace
from qcbrief.check.fix import fixed_texts
from qcbrief.commands.check import _check, resolve_jobs
from rules_util import article

ISSUE = "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n"

INPUTS = [
    article("见鄂卫发[2021]184 号文件。"),
    article("合格率98.82%,平均, A+, 创新;通过率95%."),
    article("占比30% 以上，新增社会面 AED 投放点 120 个。"),
    article("\u3000\u3000会议采用PDCA\u00a0cycle方法\u200b。于10 月 26 日-28 日复赛。"),
    article("建立省-市-县三级网络，北京 – 上海，推进目标--提高使用率，目标-提高。"),
    article("于9月25-27日、10月8～9日开展，合格率15～30%，2025.3.1召开。"),
    article('会议提出"织网行动"，检测3\'端，热依拉•买买提参会，《制度》、《细则》。 10月20日 ，召开。'),
    article("正文。", title="织网 2025 同心同行 ，再出发。"),
    article("各单位 ,要求(一) 做好...等工作！！"),
    article("合格率９８％,覆盖 ６９ 个县，推广 ＰＤＣＡ 循环。"),
    article("印发方案(2023年版):要求各单位考核... 等工作，会议召开。."),
]


def _texts(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "articles").rglob("*.md"))}


def assert_fix_matches_report(root: Path) -> int:
    """Returns the number of fixable findings of the first check."""
    jobs = resolve_jobs([], root)
    expected: dict[str, str] = {}
    fixable = 0
    for job in jobs:
        loaded, findings = _check(job)
        fixable += sum(1 for f in findings if f.fix is not None)
        texts = {p: s.text for p, s in loaded.sources.items()}
        once = fixed_texts(findings, texts)
        expected.update({p.name: once.get(p, t) for p, t in texts.items() if p.suffix == ".md"})
    result = run("check", "--root", str(root), "--fix")
    assert result.exit_code in (0, 1), result.output
    after = _texts(root)
    for name, text in after.items():
        assert text == expected[name], f"{name}: --fix changed more (or less) than the check reported"
    run("check", "--root", str(root), "--fix")
    assert _texts(root) == after, "--fix is not idempotent"
    _, left = check_json(root)
    assert [f for f in left if f["fixable"]] == []
    return fixable


@pytest.mark.parametrize("text", INPUTS, ids=[str(i) for i in range(len(INPUTS))])
def test_fix_applies_exactly_what_check_reports(tmp_path, text):
    root = workspace(tmp_path / "ws", {"a01.md": text}, ISSUE)
    assert assert_fix_matches_report(root) > 0


def test_fix_applies_exactly_what_check_reports_on_corpus(corpus_ws):
    assert assert_fix_matches_report(corpus_ws) > 0
