"""Awkward but valid content through both writers: every word still printed."""

from __future__ import annotations

import re

import pdfplumber
from docx import Document

from helpers import run, workspace

LONG_TITLE = "坚持以人民健康为中心全面加强医疗质量安全管理持续推进全省各级各类医疗机构质量控制体系建设"
URL = "https://wsjkw.hubei.gov.cn/bmdt/ztzl/ylzlkz/202603/t20260315_1234567890abcdefghij.shtml"

ARTICLE = f"""---
center: 湖北省医疗质量控制中心管理办公室
title: {LONG_TITLE}
---

**一、总体情况。**本季度全省二级以上医院共{"1" * 40}例（测试超长数字串），符号≥90%、±2.5℃、μg/mL、㎡、①②③、Ⅰ期、№5、“引号”‘单引号’《书名》〔2026〕。

English paragraph with a very long word Pneumonoultramicroscopicsilicovolcanoconiosis and an e-mail HBYLZGB@163.com, 详见{URL}。

### 一级小标题

#### 二级小标题

##### 三级小标题

1. 第一项
   - 嵌套甲
   - 嵌套乙
2. 第二项

```
code block 原样
```

| 序号 | 质控中心 | 评估结果 | 挂靠单位 | 指标一 | 指标二 | 指标三 | 备注 |
|---|---|---|---|---|---|---|---|
""" + "".join(
    f"| {i} | 湖北省第{i}质量控制中心 | 优秀 | 华中科技大学同济医学院附属协和医院 | 9{i}.5% | 0.{i}‰ | {i}例 | 无 |\n"
    for i in range(1, 41)
) + """
点评：

### 点评里的小标题

点评第一段。

点评第二段。
"""

BRIEF = "---\ncenter: 恩施土家族苗族自治州急诊医学质量控制中心\nkind: brief\n---\n\n" + "简讯正文很长。" * 40 + "\n"


def test_awkward_content_builds_with_all_text(tmp_path):
    issue = "subtitle: 压力测试\ndate: 2026-03-31\ntoc:\n  - a01\n  - section: 简讯\n    articles: [b01, b02]\n"
    root = workspace(tmp_path / "ws", {"a01.md": ARTICLE, "b01.md": BRIEF, "b02.md": BRIEF}, issue)
    res = run("build", "T", "--root", str(root))
    assert res.exit_code == 0, res.output
    out = root / "build" / "T"
    with pdfplumber.open(out / "T.pdf") as pdf:
        pdf_text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pdf.pages))
        assert len(pdf.pages) % 2 == 0
        rows = [[re.sub(r"\s+", "", c or "") for c in row] for p in pdf.pages for t in p.extract_tables() for row in t]
    docx_text = re.sub(r"\s+", "", "".join(p.text for p in Document(str(out / "T.docx")).paragraphs))
    docx_tables = Document(str(out / "T.docx")).tables
    for needle in (LONG_TITLE, "≥90%、±2.5℃、μg/mL、㎡、①②③、Ⅰ期、№5", "HBYLZGB@163.com", "嵌套乙",
                   "codeblock原样", "点评里的小标题", "点评第二段。", "恩施土家族苗族自治州急诊医学质量控制中心——",
                   "Pneumonoultramicroscopicsilicovolcanoconiosis"):
        assert needle in pdf_text, needle
        assert needle in docx_text or any(needle in c.text for t in docx_tables for r in t.rows for c in r.cells), needle
    assert URL.replace("/", "") in pdf_text.replace("/", "")  # a URL longer than a line may break at "/"
    header = ["序号", "质控中心", "评估结果", "挂靠单位", "指标一", "指标二", "指标三", "备注"]
    body_rows = [r for r in rows if r != header]
    assert len(rows) - len(body_rows) >= 2  # the header row is repeated on the next page
    assert body_rows == [[str(i), f"湖北省第{i}质量控制中心", "优秀", "华中科技大学同济医学院附属协和医院",
                          f"9{i}.5%", f"0.{i}‰", f"{i}例", "无"] for i in range(1, 41)]
    assert len(docx_tables) == 1 and len(docx_tables[0].rows) == 41


def test_hard_line_break_starts_a_new_line_in_both_writers(tmp_path):
    text = ("---\ncenter: 湖北省护理质量控制中心\ntitle: 织密基层网络 筑牢安全底线\n---\n\n"
            "地址：武汉市某区某路1号<br>电话：027-00000000\n\n点评：\n\n好。\n")
    root = workspace(tmp_path / "ws", {"a01.md": text})
    assert run("build", "T", "--root", str(root)).exit_code == 0
    with pdfplumber.open(root / "build" / "T" / "T.pdf") as pdf:
        lines = (pdf.pages[0].extract_text() or "").splitlines()
    assert "地址：武汉市某区某路1号" in [l.strip() for l in lines] and "电话：027-00000000" in [l.strip() for l in lines]
    paras = [p.text for p in Document(str(root / "build" / "T" / "T.docx")).paragraphs]
    assert "地址：武汉市某区某路1号\n电话：027-00000000" in paras
