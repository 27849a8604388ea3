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
    ("QC504", "患儿欧阳小明因发热就诊。", 3, "患儿欧阳某某因发热就诊，患者满意度提升，保障患者安全，患者家属知情。"),
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
