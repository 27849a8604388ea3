"""Structural rules (QC1xx): one planted defect flagged at the right file and
line, and the same place written right not flagged."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from hostile import png
from helpers import GOOD_ARTICLE, check_json, codes, run, workspace

PNG = png()  # a valid 4 x 4 PNG (the writers decode it)


def findings_for(tmp_path, files, issue_yaml=None, code=None):
    root = workspace(tmp_path / "ws", files, issue_yaml)
    exit_code, found = check_json(root)
    if code:
        found = [f for f in found if f["code"] == code]
    return exit_code, found


def test_good_article_is_clean(tmp_path):
    exit_code, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE})
    assert found == [] and exit_code == 0


@pytest.mark.parametrize(
    "code, bad, line",
    [
        ("QC102", GOOD_ARTICLE.replace("center: 湖北省护理质量控制中心\n", ""), 1),
        ("QC102", GOOD_ARTICLE.replace("center: 湖北省护理质量控制中心", "center: "), 2),
        ("QC103", GOOD_ARTICLE.replace("title: 织密基层网络 筑牢安全底线\n", ""), 1),
        ("QC103", GOOD_ARTICLE.replace("title: 织密基层网络 筑牢安全底线", "title: ''"), 3),
        ("QC104", "---\ncenter: 湖北省护理质量控制中心\ntitle: 标题\n---\n\n点评：\n\n点评正文。\n", 5),
        ("QC105", GOOD_ARTICLE.split("点评：")[0], 6),
        ("QC106", GOOD_ARTICLE.split("点评：")[0] + "点评：\n", 8),
        ("QC107", GOOD_ARTICLE.replace("title:", "titel:"), 3),
        ("QC101", "---\ncenter 湖北\ntitle: [a\n---\n正文\n", 3),
        ("QC117", GOOD_ARTICLE.replace("---\n\n", "kind: 简讯\n---\n\n", 1), 4),
    ],
)
def test_article_rule_flags_bad_case(tmp_path, code, bad, line):
    exit_code, found = findings_for(tmp_path, {"a01.md": bad}, code=code)
    assert found, f"{code} not reported"
    assert found[0]["path"].endswith("articles/T/a01.md")
    assert found[0]["line"] == line
    assert found[0]["severity"] == "error" and exit_code == 1


def test_unknown_key_suggests_the_right_one(tmp_path):
    _, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE.replace("title:", "titel:")}, code="QC107")
    assert "title" in found[0]["message"]


def test_brief_needs_no_title_or_commentary(tmp_path):
    brief = "---\ncenter: 十堰市医院感染管理质量控制中心\nkind: brief\n---\n\n3月5日，中心召开季度例会。\n"
    exit_code, found = findings_for(tmp_path, {"b01.md": brief})
    assert found == [] and exit_code == 0


def test_commentary_optional_issue(tmp_path):
    issue = "subtitle: 测试\ncommentary: optional\ntoc:\n  - a01\n"
    exit_code, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE.split("点评：")[0]}, issue)
    assert found == [] and exit_code == 0


@pytest.mark.parametrize(
    "label, canonical",
    [("点评：", True), ("点评:", False), ("**点评：**", False), ("#### **点评：**", False), ("### 点评：", False), ("点评", False)],
)
def test_every_label_variant_is_recognised(tmp_path, label, canonical):
    text = GOOD_ARTICLE.replace("点评：", label)
    exit_code, found = findings_for(tmp_path, {"a01.md": text})
    assert "QC105" not in codes(found)
    warnings = [f for f in found if f["code"] == "QC115"]
    assert (warnings == []) == canonical
    if warnings:
        assert warnings[0]["line"] == 8 and warnings[0]["severity"] == "warning" and exit_code == 0


def test_commentary_in_front_matter_and_alias(tmp_path):
    body = GOOD_ARTICLE.split("点评：")[0]
    a = body.replace("---\n\n", "点评: 做法可借鉴。\n---\n\n", 1)
    b = body.replace("---\n\n", "comment: |\n  做法可借鉴。\n---\n\n", 1)
    exit_code, found = findings_for(tmp_path, {"a01.md": a, "a02.md": b.replace("湖北省护理", "湖北省急诊")})
    assert found == [] and exit_code == 0


def test_commentary_given_twice(tmp_path):
    text = GOOD_ARTICLE.replace("---\n\n", "点评: 做法可借鉴。\n---\n\n", 1)
    _, found = findings_for(tmp_path, {"a01.md": text}, code="QC119")
    assert found and found[0]["line"] == 4


def test_toc_entry_without_file(tmp_path):
    issue = "subtitle: 测试\ntoc:\n  - a01\n  - a99\n"
    _, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE}, issue, code="QC108")
    assert len(found) == 1 and found[0]["line"] == 4 and found[0]["path"].endswith("issue.yaml")
    assert "a99" in found[0]["message"]


def test_file_not_in_toc(tmp_path):
    issue = "subtitle: 测试\ntoc:\n  - a01\n"
    _, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE, "a02.md": GOOD_ARTICLE}, issue, code="QC109")
    assert len(found) == 1 and found[0]["path"].endswith("a02.md") and found[0]["line"] == 1


def test_files_starting_with_underscore_are_not_articles(tmp_path):
    issue = "subtitle: 测试\ntoc:\n  - a01\n"
    _, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE, "_draft.md": "草稿"}, issue)
    assert found == []


def test_duplicate_toc_entry(tmp_path):
    issue = "subtitle: 测试\ntoc:\n  - a01\n  - section: 简讯\n    articles:\n      - a01\n"
    _, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE}, issue, code="QC110")
    assert len(found) == 1 and found[0]["line"] == 6


def test_same_stem_md_and_yaml(tmp_path):
    yaml_form = "center: 湖北省护理质量控制中心\ntitle: 标题\nbody: 正文。\n点评: 好。\n"
    _, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE, "a01.yaml": yaml_form}, "toc: [a01]\n", code="QC111")
    assert len(found) == 1 and found[0]["path"].endswith("a01.yaml")


def test_yaml_article_form_with_lines(tmp_path):
    yaml_form = "center: 湖北省护理质量控制中心\ntitle: 标题\nbody: |\n  正文第一段。\n\n  ![图1](images/none.png)\n点评: 好。\n"
    _, found = findings_for(tmp_path, {"a01.yaml": yaml_form}, code="QC112")
    assert len(found) == 1 and found[0]["line"] == 6


@pytest.mark.parametrize(
    "code, ref, files, expect",
    [
        ("QC112", "images/none.png", {}, True),
        ("QC112", "images/ok.png", {"images/ok.png": PNG}, False),
        ("QC112", "images/图1达标率.png", {"images/图1达标率.png": PNG}, False),
        ("QC112", "images/图1.png", {"images/图2.png": PNG}, True),
        ("QC113", "images/list.docx", {"images/list.docx": b"PK\x03\x04 not a picture"}, True),
        ("QC113", "images/ok.png", {"images/ok.png": PNG}, False),
        ("QC114", "../../outside.png", {}, True),
        ("QC114", "images/ok.png", {"images/ok.png": PNG}, False),
    ],
)
def test_image_rules(tmp_path, code, ref, files, expect):
    text = GOOD_ARTICLE.replace("点评：", f"![图1 达标率]({ref})\n\n点评：")
    all_files = {"a01.md": text, **files}
    root = workspace(tmp_path / "ws", all_files, "subtitle: 测试\ntoc: [a01]\n")
    (root / "outside.png").write_bytes(PNG)
    _, found = check_json(root)
    hits = [f for f in found if f["code"] == code]
    if expect:
        assert hits and hits[0]["line"] == 8 and hits[0]["path"].endswith("a01.md")
    else:
        assert hits == []
        assert [f for f in found if f["severity"] == "error"] == []


def test_issue_yaml_unknown_key_and_bad_date(tmp_path):
    issue = "subtitel: 测试\ndate: 2026年13月1日\ntoc: [a01]\n"
    _, found = findings_for(tmp_path, {"a01.md": GOOD_ARTICLE}, issue)
    by = {f["code"]: f for f in found}
    assert by["QC121"]["line"] == 1 and "subtitle" in by["QC121"]["message"]
    assert by["QC122"]["line"] == 2


def test_chinese_stems_and_extensions_in_toc(tmp_path):
    issue = "subtitle: 测试\ntoc:\n  - 03-武汉市护理质量控制中心\n  - b01.md\n"
    brief = "---\ncenter: 十堰市医院感染管理质量控制中心\nkind: brief\n---\n\n简讯正文。\n"
    _, found = findings_for(tmp_path, {"03-武汉市护理质量控制中心.md": GOOD_ARTICLE, "b01.md": brief}, issue)
    assert found == []


def test_numeric_stems_keep_leading_zeros(tmp_path):
    issue = "subtitle: 测试\ntoc:\n  - 01\n  - 02\n"
    _, found = findings_for(tmp_path, {"01.md": GOOD_ARTICLE, "02.md": GOOD_ARTICLE}, issue)
    assert found == []


def test_corpus_checks_with_no_error(corpus_ws):
    """The real bulletin: no error (exit 0); its real typography defects are flagged as warnings."""
    exit_code, found = check_json(corpus_ws)
    assert [f for f in found if f["severity"] == "error"] == [] and exit_code == 0
    assert any(f["code"] == "QC301" and f["path"].endswith("c02.md") for f in found)


def test_corpus_planted_defects_reported_by_path(corpus_ws):
    folder = corpus_ws / "articles" / "2023Q4"
    text = (folder / "c05.md").read_text(encoding="utf-8")
    (folder / "c05.md").write_text(re.sub(r"(?m)^center:.*\n", "", text, count=1), encoding="utf-8")
    (folder / "c18.md").write_text(GOOD_ARTICLE, encoding="utf-8")
    (folder / "issue.yaml").write_text((folder / "issue.yaml").read_text(encoding="utf-8").replace('  - "c17"', '  - "c17"\n  - "c19"'), encoding="utf-8")
    shutil.copy(folder / "c02.md", folder / "c02.yaml")
    exit_code, found = check_json(corpus_ws, "2023Q4")
    got = {(f["code"], f["path"].split("/")[-1]) for f in found}
    assert ("QC102", "c05.md") in got
    assert ("QC109", "c18.md") in got
    assert ("QC108", "issue.yaml") in got
    assert any(c == "QC111" and p in ("c02.md", "c02.yaml") for c, p in got)
    assert exit_code == 1


def test_sample_issue_checks_clean(repo):
    result = run("check", "2026Q1", "--root", str(repo), "--format", "json")
    found = json.loads(result.stdout)
    assert [f for f in found if f["severity"] == "error"] == [], found
    assert result.exit_code == 0


def test_label_fix_rewrites_the_line_and_is_idempotent(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE.replace("点评：", "#### **点评:**")})
    art = root / "articles" / "T" / "a01.md"
    assert run("check", "--root", str(root), "--fix").exit_code == 0
    assert art.read_text(encoding="utf-8") == GOOD_ARTICLE
    assert run("check", "--root", str(root), "--fix").exit_code == 0
    assert art.read_text(encoding="utf-8") == GOOD_ARTICLE
