"""Number and date rules (QC3xx): flagged at line and column, clean text not flagged, exact fix."""

from __future__ import annotations

import pytest

from rules_util import article, assert_rule_case

CASES = [
    ("QC301", "2025 年 11 月召开会议。", 5, "2025年11月召开会议。", "2025年11月召开会议，使用 ICD 编码。"),
    ("QC301", "覆盖 69 个中心。", 3, "覆盖69个中心。", "覆盖69个中心。"),
    ("QC302", "２０２５年抽查１２．５％。", 1, "2025年抽查12.5％。", "2025年抽查12.5％。"),
    ("QC302", "开展ＰＤＣＡ循环。", 3, "开展PDCA循环。", "开展PDCA循环。"),
    ("QC303", "23年度工作总结。", 1, None, "从事护理工作23年。"),
    ("QC303", "总结’23年工作。", 3, None, "总结2023年工作。"),
    ("QC304", "中心于2025.3.1召开培训会。", 4, "中心于2025年3月1日召开培训会。", "中心于2025年3月1日召开培训会，版本v2025.3.1。"),
    ("QC304", "中心于2025-03-01召开培训会。", 4, "中心于2025年3月1日召开培训会。", "电话027-87830166。"),
    ("QC304", "中心于2025/3/1召开培训会，版本号2025.3.1，V2.3.1，第2.1.3条。", 4,
     "中心于2025年3月1日召开培训会，版本号2025.3.1，V2.3.1，第2.1.3条。", "版本号2025.3.1，V2.3.1，第2.1.3条，第2025.1.1条。"),
    ("QC305", "范围为5%～10%，于9月25-27日开展，又于10月8～9日复查。", 16,
     "范围为5%～10%，于9月25～27日开展，又于10月8～9日复查。", "于9月25～27日开展，又于10月8～9日复查。"),
    ("QC305", "于9月25~27日开展。", 6, "于9月25～27日开展。", "于9月25～27日开展。"),
    ("QC306", "合格率为15～30%。", 7, "合格率为15%～30%。", "合格率为15%～30%，温度-36～-8℃。"),
    ("QC306", "投入13～17万元。", 5, None, "投入13万～17万元。"),
    ("QC307", "根据《通知》（鄂卫办发[2025]12号）。", 12, "根据《通知》（鄂卫办发〔2025〕12号）。", "根据《通知》（鄂卫办发〔2025〕12号）。"),
    ("QC307", "见鄂卫发[2021]184 号。", 5, "见鄂卫发〔2021〕184号。", "见鄂卫发〔2021〕184号。"),
    ("QC307", "见鄂卫发【2024】3号。", 5, "见鄂卫发〔2024〕3号。", "见鄂卫发〔2024〕3号。"),
]


@pytest.mark.parametrize("code, bad, col, fixed, good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule(tmp_path, code, bad, col, fixed, good):
    assert_rule_case(tmp_path, code, bad, col, fixed, good)


def test_digit_space_allowed_by_config(tmp_path):
    from helpers import check_json, workspace

    root = workspace(tmp_path / "ws", {"a01.md": article("2025 年 11 月召开会议。")},
                     "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n")
    cfg = root / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("digit_space: forbid", "digit_space: allow"), encoding="utf-8")
    _, found = check_json(root)
    assert [f for f in found if f["code"] == "QC301"] == []


def test_range_connector_setting(tmp_path):
    from helpers import check_json, workspace

    root = workspace(tmp_path / "ws", {"a01.md": article("于9月25～27日、10月8～9日开展。")},
                     "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n  - a01\n")
    cfg = root / "config.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("range_connector: auto", "range_connector: \"—\""), encoding="utf-8")
    _, found = check_json(root)
    assert [(f["line"], f["column"]) for f in found if f["code"] == "QC305"] == [(6, 6), (6, 15)]
