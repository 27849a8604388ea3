"""Privacy rules (QC5xx): planted identifiers flagged; the real corpus and the sample raise nothing."""

from __future__ import annotations

import pytest

from helpers import check_json
from qcbrief.check.privacy import is_resident_id
from rules_util import BODY_LINE, article, lint


def valid_id(base17: str = "42010219800101123") -> str:
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return base17 + "10X98765432"[sum(int(c) * k for c, k in zip(base17, w)) % 11]


def test_checksum():
    good = valid_id()
    assert is_resident_id(good)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    assert not is_resident_id(bad)
    assert not is_resident_id("420102198013011234")  # month 13


CASES = [
    ("QC501", f"患者身份证号{valid_id()}。", 7, "患者身份证号已隐去，病例数420102198001011230份。"),
    ("QC502", "联系电话13812345678。", 5, "联系电话027-87830166，抽查12345678901234份。"),
    ("QC502", "联系电话138-1234-5678。", 5, "联系电话138****5678。"),
    ("QC503", "患者（住院号：20230456）发热。", 8, "患者（住院号：2023****）发热。"),
    ("QC504", "患者张伟，男，65岁，因胸痛入院。", 3, "患者张某，男，65岁，因胸痛入院。"),
    ("QC501", f"身份证号：{valid_id()[:17]}{'1' if valid_id()[17] != '1' else '2'}。", 6, "身份证号：4201**********1234，病例数420102198001011230份。"),
    ("QC503", "患者（住院号：ZY20240456）发热。", 8, "患者（住院号：2024XXXX）发热，门诊号：2024****。"),
    ("QC504", "患者张伟反映夜间疼痛。", 3, "患者张某反映夜间疼痛，患者李某某表示满意，患者王XX和家属，患者赵**入院。"),
    ("QC504", "患者李明表示满意。", 3, "患者平稳出院，患者马上被送往上级医院，家属都满意，患者高热，患者周末就诊。"),
    ("QC504", "患者王强和家属一同返院。", 3, "患者及家属一同返院，患者满意度提升，患者安全，患者于今日出院，患者由家属陪同。"),
    ("QC504", "患儿欧阳小明因发热就诊。", 3, "患儿欧阳某某因发热就诊，患者满意度提升，保障患者安全，患者家属知情。"),
    # place names of any province (data/places.txt): not names
    ("QC504", "患儿许明，男，5岁。", 3, "患儿许昌市人，患者恩施籍，患者武汉人，患儿周口市人，患者长阳人，患者张家口市人，患者甘南藏族自治州人。"),
]


@pytest.mark.parametrize("code, bad, col, good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule(tmp_path, code, bad, col, good):
    found = lint(tmp_path / "bad", article(bad), code)
    assert [(f["line"], f["column"], f["severity"], f["fixable"]) for f in found] == [(BODY_LINE, col, "error", False)]
    assert lint(tmp_path / "good", article(good), code) == []


def test_no_privacy_findings_on_corpus(corpus_ws):
    _, found = check_json(corpus_ws)
    assert [f for f in found if f["code"].startswith("QC5")] == []


def test_no_privacy_findings_on_sample(sample_ws):
    if not (sample_ws / "articles").is_dir():
        pytest.skip("no sample issue yet")
    _, found = check_json(sample_ws)
    assert [f for f in found if f["code"].startswith("QC5")] == []


def test_name_followed_by_verb_reports_the_name(tmp_path):
    found = lint(tmp_path, article("患者张伟反映夜间疼痛，家属李明表示理解。"), "QC504")
    assert [(f["line"], f["column"]) for f in found] == [(BODY_LINE, 3), (BODY_LINE, 14)]
    assert "“张伟”" in found[0]["message"] and "“李明”" in found[1]["message"]


def test_surname_and_stop_lists_are_data_files():
    from qcbrief.check.privacy import stop_words, surnames

    single, compound = surnames()
    assert len(single) >= 390 and {"平", "马", "高", "周", "都", "张"} <= single
    assert {"欧阳", "司马", "诸葛"} <= compound
    stop_single, by_first = stop_words()
    assert "都" in stop_single and "平稳" in by_first["平"] and "马上" in by_first["马"]
