"""The roster (centers.yaml): loading with file/line errors, duplicate and near-duplicate
names, the check's did-you-mean (QC140), and `qcbrief centers import` from xlsx and CSV."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import REPO, check_json, run
from qcbrief.errors import ConfigError
from qcbrief.roster import near_duplicate, parse

DESK = REPO / "tests" / "fixtures" / "desk"


def _ws(tmp_path: Path, roster: str | None = None) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(DESK, root)
    if roster is not None:
        (root / "centers.yaml").write_text(roster, encoding="utf-8")
    return root


# --------------------------------------------------------------------------- loading
@pytest.mark.parametrize("text, line, words", [
    ("centers:\n  - name: 甲省护理质量控制中心\n    kind 省级\n", 4, "YAML 语法错误"),
    ("centers:\n  - name: 甲省护理质量控制中心\n    emial: a@example.cn\n", 3, "您是否想写“email”"),
    ("centers:\n  - name: 甲省护理质量控制中心\n  - short: 护理\n    kind: 省级\n", 3, "缺少中心全称 name"),
    ("centers: 甲省护理质量控制中心\n", 1, "centers 应为列表"),
    ("centres:\n  - name: 甲省护理质量控制中心\n", 1, "未知的键“centres”"),
    ("centers:\n  - name: 甲省护理质量控制中心\n    aliases: {a: b}\n", 3, "aliases 应为曾用名列表"),
])
def test_roster_errors_name_file_and_line(tmp_path, text, line, words):
    with pytest.raises(ConfigError) as info:
        parse(text, tmp_path / "centers.yaml")
    assert info.value.line == line and words in info.value.message
    root = _ws(tmp_path, text)
    res = run("centers", "check", "--root", str(root))
    assert res.exit_code == 2
    assert f"centers.yaml:{line}" in res.stderr and words in res.stderr and "Traceback" not in res.output


def test_roster_findings_duplicates_near_duplicates_kind_email(tmp_path):
    text = ("centers:\n"
            "  - name: 甲省护理质量控制中心\n"         # 2
            "    kind: 省级\n"
            "  - name: 甲省护理质控中心\n"             # 4: the same name (质控 = 质量控制)
            "  - name: 甲省超声医学质量控制中心\n"     # 5
            "  - name: 甲省超声诊断质量控制中心\n"     # 6: near-duplicate of line 5
            "    kind: 省级中心\n"                     # 7
            "    email: cs@example\n"                  # 8
            "  - name: 乙市超声医学质量控制中心\n"     # 9: another place: not a duplicate
            "  - name: 甲省临床用血质量控制中心\n"     # 10: not near 临床检验
            "  - name: 甲省临床检验质量控制中心\n")
    roster = parse(text, tmp_path / "centers.yaml")
    got = [(f.code, f.line) for f in roster.findings]
    assert got == [("QC141", 4), ("QC142", 6), ("QC143", 7), ("QC143", 8)]
    by = {f.line: f.message for f in roster.findings}
    assert "第 2 行" in by[4] and "aliases" in by[4]
    assert "甲省超声医学质量控制中心" in by[6]
    assert "您是否想写“省级”" in by[7]
    root = _ws(tmp_path, text)
    res = run("centers", "check", "--root", str(root))
    assert res.exit_code == 1
    assert "centers.yaml:4:1 QC141" in res.stdout and "centers.yaml:6:1 QC142" in res.stdout


@pytest.mark.parametrize("a, b, near", [
    ("湖北省超声医学质量控制中心", "湖北省超声诊断质量控制中心", True),
    ("湖北省心血管病介入诊疗质量控制中心", "湖北省心血管介入诊疗质量控制中心", True),
    ("湖北省病案管理质量控制中心", "湖北省病案质量管理质量控制中心", True),
    ("湖北省医院感染管理质量控制中心", "湖北省医院感染控制质量控制中心", True),
    ("湖北省临床检验质量控制中心", "湖北省临床用血质量控制中心", False),
    ("湖北省护理质量控制中心", "湖北省儿科质量控制中心", False),
    ("湖北省护理质量控制中心", "宜昌市护理质量控制中心", False),
    ("湖北省护理质量控制中心", "湖北省儿科护理质量控制中心", False),
])
def test_near_duplicate_names(a, b, near):
    assert near_duplicate(a, b) is near


def test_the_sample_roster_is_clean_and_covers_the_sample_issue():
    res = run("centers", "check", "--root", str(REPO))
    assert res.exit_code == 0, res.output
    code, found = check_json(REPO, "2026Q1")
    assert "QC140" not in [f["code"] for f in found]


# --------------------------------------------------------------------------- QC140
def _article(root: Path, center: str) -> Path:
    p = root / "articles" / "2025Q4" / "a03.md"
    p.write_text(f"---\ncenter: {center}\ntitle: 处方点评常态化\n---\n\n中心每月抽取处方开展点评。\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("center, expected", [
    ("江南省护理质控中心", "与中心名单的写法不同，您是否想写“江南省护理质量控制中心”？"),
    ("江南省护里质量控制中心", "您是否想写“江南省护理质量控制中心”"),
    ("江南省病理质控中心——", "您是否想写“江南省病理质量控制中心”？"),
    ("江南省临床药学质量控制中心", "不在中心名单（centers.yaml）中：新中心请加入名单"),
])
def test_check_center_not_in_roster_did_you_mean(tmp_path, center, expected):
    root = _ws(tmp_path)
    path = _article(root, center)
    code, found = check_json(root, str(path))
    hits = [f for f in found if f["code"] == "QC140"]
    assert len(hits) == 1 and hits[0]["line"] == 2 and hits[0]["severity"] == "warning"
    assert expected in hits[0]["message"]


@pytest.mark.parametrize("center", ["江南省护理质量控制中心", "江南省急诊质量控制中心",  # an alias
                                    "江南省护理质量控制中心、青州市护理质量控制中心"])  # joint
def test_check_accepts_roster_names_aliases_and_joint_lines(tmp_path, center):
    root = _ws(tmp_path)
    path = _article(root, center)
    _, found = check_json(root, str(path))
    assert "QC140" not in [f["code"] for f in found]


def test_no_roster_no_finding(tmp_path):
    root = _ws(tmp_path)
    (root / "centers.yaml").unlink()
    path = _article(root, "不存在的中心")
    _, found = check_json(root, str(path))
    assert "QC140" not in [f["code"] for f in found]
    res = run("status", "2025Q4", "--root", str(root), "--format", "json")
    assert res.exit_code == 0 and "没有中心名单" in res.stderr
    data = json.loads(res.stdout)
    assert [(r["center"], r["status"]) for r in data["centers"]] == [
        ("江南省护理质量控制中心", "已交稿"), ("江南省急诊医学质量控制中心", "已交稿"), ("不存在的中心", "已交稿"),
        ("白河县医院感染管理质量控制中心", "已交稿")]
    assert data["missing"] == [] and data["totals"]["centers"] == 0


# --------------------------------------------------------------------------- import
def _load(root: Path) -> list[dict]:
    return yaml.safe_load((root / "centers.yaml").read_text(encoding="utf-8"))["centers"]


def test_import_xlsx_merges_keeping_comments(tmp_path):
    from openpyxl import Workbook

    root = _ws(tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.append(["江南省质控中心联系人名单（2026年）"])  # a title row above the header
    ws.append(["序号", "中心名称", "简称", "级别", "联系人", "电子邮箱", "联系电话"])
    ws.append([1, "江南省护理质量控制中心", "护理", "省级", "庚六", "new@example.cn", "0000-9001"])
    ws.append([2, "江南省口腔医学质量控制中心", "口腔", "省级中心", "辛七", "kq@example.cn", 13800000000])
    ws.append([3, "江南省急诊质量控制中心", None, None, "壬八", None, None])  # an alias: updates 急诊医学
    ws.append([None, None, None, None, None, None, None])
    ws.append([4, "  江南省病理质量控制中心  ", "病理", "省级", "丙三", "bl@example.cn", "0000-1003"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    res = run("centers", "import", str(path), "--root", str(root))
    assert res.exit_code == 0, res.output
    assert "新增 1 个中心，更新 2 个，未变 1 个；名单共 6 个中心" in res.stdout
    text = (root / "centers.yaml").read_text(encoding="utf-8")
    assert "# 虚构的中心名单" in text and "# 更名前" in text  # round trip keeps comments
    centers = {c["name"]: c for c in _load(root)}
    assert centers["江南省护理质量控制中心"]["contact"] == "庚六"
    assert centers["江南省护理质量控制中心"]["email"] == "new@example.cn"
    assert centers["江南省口腔医学质量控制中心"] == {
        "name": "江南省口腔医学质量控制中心", "short": "口腔", "kind": "省级", "contact": "辛七",
        "email": "kq@example.cn", "phone": "13800000000"}
    assert centers["江南省急诊医学质量控制中心"]["contact"] == "壬八"
    assert list(centers)[-1] == "江南省口腔医学质量控制中心"  # appended at the end


def test_import_replace(tmp_path):
    from openpyxl import Workbook

    root = _ws(tmp_path)
    wb = Workbook()
    wb.active.append(["名称", "类别", "邮箱"])
    wb.active.append(["江南省麻醉质量控制中心", "省级", "mz@example.cn"])
    wb.save(tmp_path / "a.xlsx")
    res = run("centers", "import", str(tmp_path / "a.xlsx"), "--replace", "--root", str(root))
    assert res.exit_code == 0, res.output
    assert _load(root) == [{"name": "江南省麻醉质量控制中心", "kind": "省级", "email": "mz@example.cn"}]
    assert (root / "centers.yaml").read_text(encoding="utf-8").startswith("# 虚构的中心名单")


CSV = ("中心名称,简称,类别,联系人,邮箱,手机\n"
       "江南省麻醉质量控制中心,麻醉,省级,癸九,mz@example.cn,13900000000\n"
       "江南省护理质控中心,护理,省级,,,\n"           # the same as 护理质量控制中心: reported
       "江南省超声诊断质量控制中心,超声,省级,,cs@example,\n"
       "江南省超声医学质量控制中心,超声医学,省级,,,\n"  # near-duplicate of the line above
       "江南省麻醉质量控制中心,麻醉,省级,癸九,mz@example.cn,13900000000\n")  # repeated row


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_import_csv_any_common_encoding_reports_duplicates(tmp_path, encoding):
    root = _ws(tmp_path)
    path = tmp_path / "名单.csv"
    path.write_bytes(CSV.encode(encoding))
    res = run("centers", "import", str(path), "--root", str(root))
    assert res.exit_code == 1  # the roster now has errors: named, but the file is written
    assert "第 6 行“江南省麻醉质量控制中心”与第 2 行重复" in res.stderr
    names = [c["name"] for c in _load(root)]
    assert names.count("江南省麻醉质量控制中心") == 1
    assert names[-4:] == ["江南省麻醉质量控制中心", "江南省护理质控中心", "江南省超声诊断质量控制中心",
                          "江南省超声医学质量控制中心"]
    out = res.stdout
    assert "QC141" in out and "江南省护理质控中心" in out  # duplicate of an existing entry
    assert "QC142" in out and "超声" in out  # near-duplicate
    assert "QC143" in out and "cs@example" in out


def test_import_refuses_to_overwrite_a_broken_roster(tmp_path):
    root = _ws(tmp_path, "centers:\n  - name: 甲\n    kind 省级\n")
    before = (root / "centers.yaml").read_bytes()
    path = tmp_path / "a.csv"
    path.write_text("名称\n江南省麻醉质量控制中心\n", encoding="utf-8")
    res = run("centers", "import", str(path), "--root", str(root))
    assert res.exit_code == 2 and "centers.yaml:4" in res.stderr
    assert (root / "centers.yaml").read_bytes() == before


def test_import_outside_a_workspace_writes_nothing(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("名称\n江南省麻醉质量控制中心\n", encoding="utf-8")
    res = run("centers", "import", str(path), "--root", str(tmp_path))
    assert res.exit_code == 2 and "config.yaml" in res.stderr
    assert not (tmp_path / "centers.yaml").exists()


def test_import_without_a_header_is_a_clear_error(tmp_path):
    root = _ws(tmp_path)
    path = tmp_path / "a.csv"
    path.write_text("甲,乙\n丙,丁\n", encoding="utf-8")
    res = run("centers", "import", str(path), "--root", str(root))
    assert res.exit_code == 2 and "找不到表头" in res.stderr and "Traceback" not in res.output


def test_centers_list_json(tmp_path):
    res = run("centers", "list", "--root", str(DESK), "--format", "json")
    import json

    data = json.loads(res.stdout)
    assert [c["name"] for c in data][:2] == ["江南省护理质量控制中心", "江南省急诊医学质量控制中心"]
    assert data[1]["aliases"] == ["江南省急诊质量控制中心"]


@pytest.mark.parametrize("stem, center, suggestions", [
    ("a03", "湖北省院感质控中心", ["湖北省医院感染管理质量控制中心"]),  # not 十堰/襄阳's centers of the same specialty
    ("a09", "湖北省超声诊断质量控制中心", ["湖北省超声医学质量控制中心"]),
    ("a12", "宜昌护理质量控制中心", ["宜昌市护理质量控制中心"]),
])
def test_sample_roster_suggestions(tmp_path, stem, center, suggestions):
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("config.yaml", "centers.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "articles" / "2026Q1", root / "articles" / "2026Q1")
    path = root / "articles" / "2026Q1" / f"{stem}.md"
    path.write_text(re.sub(r"(?m)^center: .*$", f"center: {center}", path.read_text(encoding="utf-8")), encoding="utf-8")
    _, found = check_json(root, str(path))
    msgs = [f["message"] for f in found if f["code"] == "QC140"]
    assert len(msgs) == 1
    assert re.findall(r"您是否想写(.*)？", msgs[0])[0] == "、".join(f"“{s}”" for s in suggestions)


@pytest.mark.parametrize("root", [REPO, DESK])
def test_quick_roster_reads_the_same_names(root):
    """`check` reads the roster with libyaml (names and aliases only); the same entries as the full parse."""
    from qcbrief.roster import _quick, roster_path

    text = roster_path(root).read_text(encoding="utf-8")
    full = parse(text, roster_path(root))
    quick = _quick(text, roster_path(root))
    assert quick is not None
    assert [(c.name, c.short, c.kind, c.aliases) for c in quick.centers] == \
           [(c.name, c.short, c.kind, c.aliases) for c in full.centers]


@pytest.mark.parametrize("text, words", [
    ("centers:\n  - &a\n    name: 甲省护理质量控制中心\n  - *a\n", "别名"),
    ("centers:\n  - name: 甲省护理质量控制中心\n    emial: x\n", "您是否想写“email”"),
])
def test_check_with_a_bad_roster_names_file_and_line(tmp_path, text, words):
    root = _ws(tmp_path, text)
    res = run("check", str(_article(root, "江南省护理质量控制中心")), "--root", str(root))
    assert res.exit_code == 2 and "centers.yaml:" in res.stderr and words in res.stderr
