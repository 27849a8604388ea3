"""`qcbrief status`: every roster center for an issue, totals and the 催稿 list
(table, JSON and CSV against an invented workspace and the sample), mailto: links, .eml."""

from __future__ import annotations

import email
import email.policy
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from helpers import REPO, run

DESK = REPO / "tests" / "fixtures" / "desk"
SAMPLE_MISSING = ["湖北省临床用血质量控制中心", "湖北省病理质量控制中心", "湖北省放射影像质量控制中心",
                  "湖北省康复医学质量控制中心", "湖北省口腔医学质量控制中心", "武汉市护理质量控制中心",
                  "襄阳市医院感染管理质量控制中心", "孝感市临床检验质量控制中心", "襄阳市麻醉质量控制中心"]


def body_chars(path: Path) -> int:
    """Independent count: non-space characters of the body (front matter and 点评 left out).
    The fixture's articles are plain paragraphs, so the Markdown is the text."""
    text = path.read_text(encoding="utf-8").split("---", 2)[2]
    text = text.split("\n点评：\n")[0]
    return sum(1 for ch in text if not ch.isspace())


def status_json(root: Path, issue: str) -> dict:
    res = run("status", issue, "--root", str(root), "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_status_json_fixture_exact():
    data = status_json(DESK, "2025Q4")
    q = DESK / "articles" / "2025Q4"
    rows = data["centers"]
    assert [(r["center"], r["status"]) for r in rows] == [
        ("江南省护理质量控制中心", "已交稿"), ("江南省急诊医学质量控制中心", "已交稿"),
        ("江南省病理质量控制中心", "未交稿"), ("青州市护理质量控制中心", "未交稿"),
        ("白河县医院感染管理质量控制中心", "已交稿"), ("江南省临床药学质量控制中心", "不在名单")]
    assert rows[0] == {
        "center": "江南省护理质量控制中心", "short": "护理", "kind": "省级", "status": "已交稿",
        "articles": 1, "briefs": 0, "files": ["articles/2025Q4/a01.md"], "titles": ["护理质控年终盘点"],
        "words": body_chars(q / "a01.md"), "pages": 1.0, "commentary": [False], "errors": 0, "warnings": 0,
        "contact": "甲一", "email": "hl@example.cn", "phone": "0000-1001"}
    assert rows[1]["commentary"] == [True] and rows[1]["words"] == body_chars(q / "a02.md")
    assert rows[2]["files"] == [] and rows[2]["words"] == 0 and rows[2]["contact"] == "丙三"
    assert rows[4]["briefs"] == 1 and rows[4]["commentary"] == ["brief"] and 0 < rows[4]["pages"] < 1
    assert rows[5]["short"] == "" and rows[5]["files"] == ["articles/2025Q4/a03.md"]
    assert rows[5]["warnings"] == 1  # QC140: not in the roster
    assert data["missing"] == ["江南省病理质量控制中心", "青州市护理质量控制中心"]
    assert data["reminder"]["subject"] == "请报送《江南医疗质控工作简报》2025年第4季度稿件"
    assert "　　2. 青州市护理质量控制中心（丁四，0000-2001）\n" in data["reminder"]["body"]
    words = sum(body_chars(q / f) for f in ("a01.md", "a02.md", "a03.md", "b01.md"))
    assert data["totals"] == {"articles": 3, "briefs": 1, "pages": 4, "words": words, "centers": 5, "sent": 3,
                              "missing": 2, "unlisted": 1, "errors": 0, "warnings": 1}


def test_status_alias_and_errors_fixture():
    data = status_json(DESK, "2025Q3")
    by = {r["center"]: r for r in data["centers"]}
    # written under the old name (an alias): counted for the renamed center
    assert by["江南省急诊医学质量控制中心"]["status"] == "已交稿"
    assert by["江南省急诊医学质量控制中心"]["errors"] == 1  # QC105: no 点评 though required
    assert data["missing"] == ["江南省病理质量控制中心", "白河县医院感染管理质量控制中心"]


def test_status_csv_fixture_exact():
    res = run("status", "2025Q4", "--root", str(DESK), "--format", "csv")
    assert res.exit_code == 0
    raw = res.stdout_bytes
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel opens UTF-8 CSV with a BOM correctly
    lines = raw.decode("utf-8-sig").split("\r\n")
    q = DESK / "articles" / "2025Q4"
    w = {f: body_chars(q / f) for f in ("a01.md", "a02.md", "a03.md", "b01.md")}
    assert lines == [
        "中心,简称,类别,状态,文章,简讯,文件,标题,字数,估计页数,点评,错误,警告,联系人,邮箱,电话",
        f"江南省护理质量控制中心,护理,省级,已交稿,1,0,articles/2025Q4/a01.md,护理质控年终盘点,{w['a01.md']},1,无,0,0,甲一,hl@example.cn,0000-1001",
        f"江南省急诊医学质量控制中心,急诊医学,省级,已交稿,1,0,articles/2025Q4/a02.md,胸痛卒中绿色通道全覆盖,{w['a02.md']},1,有,0,0,乙二,jz@example.cn,0000-1002",
        "江南省病理质量控制中心,病理,省级,未交稿,0,0,,,0,0,,0,0,丙三,bl@example.cn,0000-1003",
        "青州市护理质量控制中心,青州护理,市州,未交稿,0,0,,,0,0,,0,0,丁四,qzhl@example.cn,0000-2001",
        f"白河县医院感染管理质量控制中心,白河院感,县级,已交稿,0,1,articles/2025Q4/b01.md,（简讯）,{w['b01.md']},0.1,—,0,0,戊五,,0000-3001",
        f"江南省临床药学质量控制中心,,,不在名单,1,0,articles/2025Q4/a03.md,处方点评常态化,{w['a03.md']},1,无,0,1,,,",
        "",
    ]


def test_status_table_and_reminder_fixture():
    res = run("status", "2025Q4", "--root", str(DESK), "--deadline", "2025年12月10日")
    assert res.exit_code == 0, res.output
    out = res.stdout
    table, _, rest = out.partition("催稿名单")
    names = ["江南省护理质量控制中心", "江南省急诊医学质量控制中心", "江南省病理质量控制中心", "青州市护理质量控制中心",
             "白河县医院感染管理质量控制中心", "江南省临床药学质量控制中心"]
    positions = [table.index(n) for n in names]
    assert positions == sorted(positions)
    row = next(line for line in table.splitlines() if "江南省临床药学质量控制中心" in line)
    assert "不在名单" in row and "a03.md" in row and "处方点评常态化" in row
    assert "合计：文章 3 篇，简讯 1 条" in table and "估计全期 4 页" in table
    assert "名单 5 个中心：已交稿 3，未交稿 2；另有 1 个供稿单位不在名单中。" in table
    listed = re.findall(r"^  \d+\. (\S+?)（", rest, flags=re.M)
    assert listed == ["江南省病理质量控制中心", "青州市护理质量控制中心"]  # exactly the missing centers
    notice = rest.split("催稿通知")[1]
    assert "主题：请报送《江南医疗质控工作简报》2025年第4季度稿件" in notice
    assert "请于2025年12月10日前报送" in notice
    assert "　　1. 江南省病理质量控制中心（丙三，0000-1003）" in notice
    assert "　　2. 青州市护理质量控制中心（丁四，0000-2001）" in notice
    assert "邮箱：zkb@example.cn" in notice and notice.rstrip().endswith("江南省医疗质量控制中心管理办公室")
    assert "白河县" not in notice and "临床药学" not in notice


def test_mailto_links_decode_back():
    res = run("status", "2025Q4", "--root", str(DESK), "--mailto", "--deadline", "2025年12月10日")
    assert res.exit_code == 0
    links = res.stdout.strip().split("\n")
    assert len(links) == 2 and all(re.fullmatch(r"mailto:[\x21-\x7e]+", link) for link in links)  # ASCII only
    parts = [urlsplit(link) for link in links]
    assert [unquote(p.path) for p in parts] == ["bl@example.cn", "qzhl@example.cn"]
    q = parse_qs(parts[1].query)
    assert q["subject"] == ["请报送《江南医疗质控工作简报》2025年第4季度稿件"]
    body = q["body"][0]
    assert body.startswith("青州市护理质量控制中心丁四同志：\r\n\r\n")
    assert "贵中心的稿件尚未收到。请于2025年12月10日前报送" in body
    assert body.rstrip().endswith("江南省医疗质量控制中心管理办公室")


def test_mailto_eml_batch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767139200")
    out = tmp_path / "催稿"
    res = run("status", "2025Q4", "--root", str(DESK), "--mailto", "--out", str(out))
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in out.iterdir())
    assert files == ["01-病理.eml", "02-青州护理.eml"]
    msg = email.message_from_bytes((out / "02-青州护理.eml").read_bytes(), policy=email.policy.default)
    assert msg["To"] == "qzhl@example.cn" and msg["From"] == "zkb@example.cn" and msg["X-Unsent"] == "1"
    assert msg["Subject"] == "请报送《江南医疗质控工作简报》2025年第4季度稿件"
    assert msg["Date"].datetime.isoformat() == "2025-12-31T00:00:00+00:00"
    body = msg.get_content()
    assert body.startswith("青州市护理质量控制中心丁四同志：") and "尽快报送" in body


def test_out_without_mailto_is_a_usage_error(tmp_path):
    res = run("status", "2025Q4", "--root", str(DESK), "--out", str(tmp_path))
    assert res.exit_code == 2 and "--mailto" in res.stderr


# --------------------------------------------------------------------------- the sample
def test_status_sample_json():
    data = status_json(REPO, "2026Q1")
    rows = data["centers"]
    assert len(rows) == 26 and all(r["status"] != "不在名单" for r in rows)
    assert data["missing"] == SAMPLE_MISSING
    sent = [r for r in rows if r["status"] == "已交稿"]
    assert sum(r["articles"] for r in sent) == 12 and sum(r["briefs"] for r in sent) == 5
    assert all(r["commentary"] == [True] for r in sent if r["articles"])
    by = {r["center"]: r for r in rows}
    assert by["湖北省病案管理质量控制中心"]["files"] == ["articles/2026Q1/a06.yaml"]
    assert by["湖北省护理质量控制中心"]["titles"] == ["织密质控网络　守护护理安全"]
    assert data["totals"]["articles"] == 12 and data["totals"]["briefs"] == 5
    assert data["totals"]["sent"] == 17 and data["totals"]["missing"] == 9


def markdown_chars(path: Path) -> int:
    """Independent count for sample articles written with bold lead-ins and ### headings only."""
    text = re.split(r"\n点评[：:]?\s*\n", path.read_text(encoding="utf-8").split("---", 2)[2])[0]
    text = re.sub(r"(?m)^#+\s*", "", text.replace("**", ""))
    return sum(1 for ch in text if not ch.isspace())


def test_status_sample_csv_rows_and_missing_list():
    res = run("status", "2026Q1", "--root", str(REPO), "--format", "csv")
    lines = res.stdout_bytes.decode("utf-8-sig").strip().split("\r\n")
    assert len(lines) == 27
    q = REPO / "articles" / "2026Q1"
    assert lines[1] == ("湖北省护理质量控制中心,护理,省级,已交稿,1,0,articles/2026Q1/01-护理.md,织密质控网络　守护护理安全,"
                        f"{markdown_chars(q / '01-护理.md')},4,有,0,0,李文静,hlzk@example.cn,027-00000101")
    assert lines[12] == "湖北省临床用血质量控制中心,临床用血,省级,未交稿,0,0,,,0,0,,0,0,马俊,yxzk@example.cn,027-00000112"
    assert lines[18] == ("十堰市医院感染管理质量控制中心,十堰医院感染管理,市州,已交稿,0,1,articles/2026Q1/b01.md,（简讯）,"
                         f"{markdown_chars(q / 'b01.md')},0.3,—,0,0,罗刚,sygk@example.cn,0719-0000001")
    missing = [line.split(",")[0] for line in lines[1:] if line.split(",")[3] == "未交稿"]
    assert missing == SAMPLE_MISSING
    table = run("status", "2026Q1", "--root", str(REPO)).stdout
    listed = re.findall(r"^  \d+\. (\S+?)（", table.partition("催稿名单")[2], flags=re.M)
    assert listed == SAMPLE_MISSING


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("status_pdf")
    res = run("build", "2026Q1", "--root", str(REPO), "--out", str(out), "--format", "pdf")
    assert res.exit_code == 0, res.output
    return out / "2026Q1.pdf"


def test_status_page_estimates_match_the_printed_sample(sample_pdf):
    """The estimate `status` reuses (write/docx/estimate.py) against the PDF as printed:
    each article's pages (from its center line to the next article) and the issue's total."""
    import pdfplumber

    data = status_json(REPO, "2026Q1")
    with pdfplumber.open(sample_pdf) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
    starts = []
    for r in data["centers"]:
        if r["articles"]:
            first = next(i for i, t in enumerate(texts) if t.replace(" ", "").startswith(r["center"] + "——"))
            starts.append((first, r["center"], r["pages"]))
    starts.sort()
    brief_page = next(i for i, t in enumerate(texts) if t.startswith("简讯"))
    for (first, center, est), nxt in zip(starts, [s[0] for s in starts[1:]] + [brief_page]):
        assert abs((nxt - first) - est) <= 1, center
    assert abs(len(texts) - data["totals"]["pages"]) <= 2


def test_workspace_reminder_template_and_its_errors(tmp_path):
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(DESK, root)
    (root / "templates").mkdir()
    tpl = root / "templates" / "reminder.j2"
    tpl.write_text("主题：催稿 {{ issue }}\n{% for c in centers %}{{ c.short }}；{% endfor %}\n", encoding="utf-8")
    data = status_json(root, "2025Q4")
    assert data["reminder"] == {"subject": "催稿 2025Q4", "body": "病理；青州护理；\n"}
    tpl.write_text("主题：{{ bulletin }\n", encoding="utf-8")
    res = run("status", "2025Q4", "--root", str(root))
    assert res.exit_code == 2 and "reminder.j2:1" in res.stderr and "模板语法错误" in res.stderr
