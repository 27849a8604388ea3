"""The contributor's workflow: pre-commit targets, the hook, --diff, paths."""

from __future__ import annotations

import json
import os

import yaml

from helpers import REPO, run, workspace
from qcbrief.commands.check import word_diff
from rules_util import article

ISSUE = "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n  - a02\n"


def _ws(tmp_path):
    return workspace(tmp_path / "ws", {"a01.md": article("12月2日,召开会议。"), "a02.md": article("覆盖 69 个县。")}, ISSUE)


def test_precommit_targets_report_each_finding_once(tmp_path):
    root = _ws(tmp_path)
    folder = root / "articles" / "T"
    targets = [str(folder / "issue.yaml"), str(folder / "a01.md"), str(folder / "a02.md"), str(folder / "a01.md")]
    result = run("check", *targets, "--root", str(root), "--format", "json")
    found = json.loads(result.stdout)
    keys = [(f["path"], f["line"], f["column"], f["code"]) for f in found]
    assert sorted(keys) == [("articles/T/a01.md", 6, 6, "QC201"), ("articles/T/a02.md", 6, 3, "QC301"),
                            ("articles/T/a02.md", 6, 6, "QC301")]
    text = run("check", *targets, "--root", str(root))
    assert text.stdout.count("a01.md:6:6 QC201") == 1


def test_hook_is_verbose_and_lints_articles():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "qcbrief-check")
    assert hook["verbose"] is True and hook["pass_filenames"] is True
    assert hook["entry"] == "qcbrief check"


def test_diff_is_character_level(tmp_path):
    long = "质控" * 150
    root = workspace(tmp_path / "ws", {"a01.md": article(long + "前文, 后文" + long), "a02.md": article("正文。")}, ISSUE)
    before = (root / "articles" / "T" / "a01.md").read_text(encoding="utf-8")
    result = run("check", "--root", str(root), "--diff")
    assert result.stdout.strip() == "articles/T/a01.md:6: …质控质控质控前文[-, -]{+，+}后文质控质控质控…"
    assert (root / "articles" / "T" / "a01.md").read_text(encoding="utf-8") == before


def test_word_diff_merges_close_changes():
    assert word_diff("甲乙,丙 丁", "甲乙，丙丁") == [(1, [("=", "甲乙"), ("-", ","), ("+", "，"), ("=", "丙"), ("-", " "), ("=", "丁")])]
    assert word_diff("a\nb", "a\nb") == []


def test_paths_are_relative_to_root_in_every_format(tmp_path):
    _ws(tmp_path)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        found = json.loads(run("check", "--root", "ws", "--format", "json").stdout)
        gh = run("check", "--root", "ws", "--format", "github").stdout
        text = run("check", "--root", "ws").stdout
    finally:
        os.chdir(cwd)
    assert {f["path"] for f in found} == {"articles/T/a01.md", "articles/T/a02.md"}
    assert "file=articles/T/a01.md,line=6,col=6" in gh
    assert "articles/T/a01.md:6:6 QC201" in text


def test_rules_command_describes_connectors_and_cites_clauses():
    one = run("rules", "QC211").stdout
    assert "GB/T 15834-2011 4.13" in one and "省—市—县" in one and "整改一核查一提升" in one
    assert "部分可自动修正" in one
    listing = run("rules").stdout
    for code in ("QC205", "QC211", "QC212", "QC213", "QC305"):
        assert code in listing


def test_readme_rule_table_lists_every_typography_rule():
    from qcbrief.check.registry import RULES
    from qcbrief.check.runner import load_rule_modules

    load_rule_modules()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in readme.splitlines() if line.startswith("| QC")}
    for code, rule in RULES.items():
        if code[:3] in ("QC2", "QC3", "QC5"):
            assert code in rows, f"{code} missing from the README rule table"
            if rule.clause.startswith("GB/T"):
                assert rule.clause.split("；")[0].split(" ")[0] in rows[code]
            fix_col = rows[code].split("|")[3].strip()
            assert fix_col == (("部分" if rule.partly else "是") if rule.fixable else ""), code
