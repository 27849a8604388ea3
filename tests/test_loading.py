"""Loading real-world files: encodings, line ends, YAML, Markdown into the model, config."""

from __future__ import annotations

import json
import shutil

from helpers import GOOD_ARTICLE, check_json, run, workspace

from qcbrief.config import load_config
from qcbrief.load.issue import load_issue
from qcbrief.model import Heading, Image, ListBlock, Paragraph, Table


def load(root, issue="T"):
    cfg = load_config(root)
    return load_issue(root, issue, cfg)


def test_bom_and_crlf_are_accepted(tmp_path):
    text = GOOD_ARTICLE.replace("\n", "\r\n")
    root = workspace(tmp_path / "ws", {"a01.md": b"\xef\xbb\xbf" + text.encode("utf-8")})
    loaded = load(root)
    art = loaded.bulletin.full_articles[0]
    assert art.center == "湖北省护理质量控制中心" and art.title == "织密基层网络 筑牢安全底线"
    assert art.commentary is not None and art.commentary.blocks[0].text == "该中心以督查促整改，做法值得借鉴。"
    assert loaded.findings == []


def test_gbk_file_names_encoding_and_fix(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE.encode("gb18030")})
    exit_code, found = check_json(root)
    assert exit_code == 1
    f = [x for x in found if x["code"] == "QC100"][0]
    assert f["path"].endswith("a01.md") and "GBK" in f["message"] and "UTF-8" in f["message"] and "qcbrief import" in f["message"]
    assert f["line"] == 2  # the first line with a non-ASCII byte


def test_bold_lead_in_parsed_with_cjk_emphasis_rules(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE})
    para = load(root).bulletin.full_articles[0].blocks[0]
    assert isinstance(para, Paragraph)
    assert para.inlines[0].bold and para.inlines[0].text == "聚焦薄弱环节，开展专项督查。"
    assert not para.inlines[1].bold and para.inlines[1].text.startswith("2026年1月")


def test_blocks_of_every_kind(tmp_path):
    body = """---
center: 湖北省医院感染管理质量控制中心
title: 数据驱动强感控
---

第一段第一行
接第二行，不加空格。

### 一、加强监测

1. 第一项
2. 第二项

- 甲
- 乙

表1 指标

| 指标 | 2025年 | 2026年 |
|---|:-:|--:|
| 达标率 | 90% | 95% |

![图1 达标率](images/x.png)

#### （一）细化要求

`{{ 代码 }}` 与 {{ 模板 }} 原样保留。

点评：

好。
"""
    root = workspace(tmp_path / "ws", {"a01.md": body})
    art = load(root).bulletin.full_articles[0]
    kinds = [type(b).__name__ for b in art.blocks]
    assert kinds == ["Paragraph", "Heading", "ListBlock", "ListBlock", "Table", "Image", "Heading", "Paragraph"]
    assert art.blocks[0].text == "第一段第一行接第二行，不加空格。"
    h1, h2 = art.blocks[1], art.blocks[6]
    assert isinstance(h1, Heading) and (h1.level, h2.level) == (1, 2) and h1.line == 9
    lst = art.blocks[2]
    assert isinstance(lst, ListBlock) and lst.ordered and [i.text for i in lst.items] == ["第一项", "第二项"]
    table = art.blocks[4]
    assert isinstance(table, Table) and [c[0].text for c in table.header] == ["指标", "2025年", "2026年"]
    assert [i.text for i in table.caption] == ["表1 指标"]  # the "表1" paragraph before it is its caption
    assert table.aligns == [None, "center", "right"] and table.rows[0][2][0].text == "95%"
    img = art.blocks[5]
    assert isinstance(img, Image) and img.caption == "图1 达标率" and img.line == 23
    assert art.blocks[7].text == "{{ 代码 }} 与 {{ 模板 }} 原样保留。"


def test_yaml_syntax_error_in_issue_file(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE}, "subtitle: 测试\ntoc:\n  - a01\n - a02\n")
    exit_code, found = check_json(root)
    f = [x for x in found if x["code"] == "QC101"][0]
    assert f["path"].endswith("issue.yaml") and f["line"] == 4 and exit_code == 1


def test_unclosed_front_matter(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": "---\ncenter: 湖北\ntitle: 标题\n正文\n"})
    _, found = check_json(root)
    assert any(f["code"] == "QC101" and f["line"] == 1 and "结束" in f["message"] for f in found)


def test_center_line_dash_is_not_part_of_the_name(tmp_path):
    text = GOOD_ARTICLE.replace("center: 湖北省护理质量控制中心", "center: 湖北省护理质量控制中心——")
    root = workspace(tmp_path / "ws", {"a01.md": text})
    assert load(root).bulletin.full_articles[0].center == "湖北省护理质量控制中心"


def test_sections_and_numbering(tmp_path):
    brief = "---\ncenter: 十堰市医院感染管理质量控制中心\nkind: brief\n---\n\n简讯正文。\n"
    issue = "subtitle: 测试\ntoc:\n  - a01\n  - a02\n  - section: 简讯\n    articles: [b01, b02]\n"
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE, "a02.md": GOOD_ARTICLE, "b01.md": brief, "b02.md": brief}, issue)
    b = load(root).bulletin
    assert [s.heading for s in b.sections] == [None, "简讯"]
    assert [a.number for a in b.articles()] == [1, 2, 0, 0]
    assert [a.stem for a in b.sections[1].articles] == ["b01", "b02"]


def test_issue_overrides_distribution_and_contact(tmp_path):
    issue = "subtitle: 测试\ntoc: [a01]\ndistribution:\n  报: 省卫健委医政医管处\ncontact:\n  电话: 027-12345678\n"
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE}, issue)
    pub = load(root).bulletin.publication
    assert [(d.label, d.recipients) for d in pub.distribution][0] == ("报", ["省卫健委医政医管处"])
    assert pub.distribution[1].label == "分送"
    assert dict(pub.contact)["电话"] == "027-12345678" and "邮箱" in dict(pub.contact)


def test_config_unknown_key_did_you_mean(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE})
    cfg = (root / "config.yaml").read_text(encoding="utf-8").replace("  margin_top:", "  margin_tpo:")
    (root / "config.yaml").write_text(cfg, encoding="utf-8")
    line = cfg.splitlines().index(next(l for l in cfg.splitlines() if "margin_tpo" in l)) + 1
    result = run("check", "--root", str(root))
    assert result.exit_code == 2
    assert f"config.yaml:{line}" in result.stderr and "margin_top" in result.stderr and "Traceback" not in result.output


def test_config_wrong_type_and_missing_value(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE})
    base = (root / "config.yaml").read_text(encoding="utf-8")
    (root / "config.yaml").write_text(base.replace("lines_per_page: 22", "lines_per_page: 二十二"), encoding="utf-8")
    result = run("check", "--root", str(root))
    assert result.exit_code == 2 and "lines_per_page" in result.stderr and "整数" in result.stderr
    (root / "config.yaml").write_text(base.replace("  name: 湖北医疗质控管理工作简报\n", ""), encoding="utf-8")
    result = run("check", "--root", str(root))
    assert result.exit_code == 2 and "bulletin.name" in result.stderr


def test_config_yaml_syntax_error(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE})
    (root / "config.yaml").write_text("bulletin:\n  name: [简报\n", encoding="utf-8")
    result = run("check", "--root", str(root))
    assert result.exit_code == 2 and "config.yaml:" in result.stderr and "YAML" in result.stderr


def test_build_refuses_issue_with_errors_and_keeps_old_output(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE.replace("title:", "titel:")})
    out = root / "build" / "T"
    out.mkdir(parents=True)
    (out / "T.docx").write_bytes(b"previous good output")
    result = run("build", "T", "--root", str(root), "--format", "docx")
    assert result.exit_code in (1, 2)
    assert (out / "T.docx").read_bytes() == b"previous good output"
    assert "Traceback" not in result.output


def test_unknown_issue_is_usage_error(repo):
    result = run("check", "1999Q9", "--root", str(repo))
    assert result.exit_code == 2 and "2026Q1" in result.stderr


def test_github_and_text_formats(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE.replace("title:", "titel:")})
    gh = run("check", "--root", str(root), "--format", "github")
    line = [l for l in gh.stdout.splitlines() if "QC107" in l][0]
    assert line.startswith("::error file=") and ",line=3,col=1,title=QC107::" in line
    text = run("check", "--root", str(root))
    assert "a01.md:3:1 QC107" in text.stdout and text.exit_code == 1


def test_check_article_file_targets(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE, "a02.md": GOOD_ARTICLE.replace("title:", "titel:")})
    a1 = root / "articles" / "T" / "a01.md"
    a2 = root / "articles" / "T" / "a02.md"
    assert run("check", str(a1), "--root", str(root)).exit_code == 0
    res = run("check", str(a2), "--root", str(root), "--format", "json")
    assert res.exit_code == 1 and {f["path"].split("/")[-1] for f in json.loads(res.stdout)} == {"a02.md"}


def test_lone_article_outside_any_workspace(tmp_path):
    lone = tmp_path / "投稿" / "我的稿件.md"
    lone.parent.mkdir()
    lone.write_text(GOOD_ARTICLE.split("点评：")[0], encoding="utf-8")
    res = run("check", str(lone), "--root", str(tmp_path / "nowhere"), "--format", "json")
    found = json.loads(res.stdout)
    assert [f["code"] for f in found] == ["QC105"] and res.exit_code == 1


def test_real_size_bulletin_with_chinese_names_and_defects(corpus_ws):
    """An 80-article bulletin built from the corpus: no traceback, valid JSON, every planted defect by path."""
    folder = corpus_ws / "articles" / "2023Q4"
    big = corpus_ws / "articles" / "大"
    big.mkdir()
    stems = []
    for i in range(80):
        src = sorted(folder.glob("c*.md"))[i % 17]
        stem = f"{i + 1:02d}-{'武汉市' if i % 2 else '省级'}中心稿件"
        shutil.copy(src, big / f"{stem}.md")
        stems.append(stem)
    (big / f"{stems[3]}.md").write_text("---\ntitle: 无单位\n---\n正文。\n", encoding="utf-8")
    (big / f"{stems[7]}.md").write_text(GOOD_ARTICLE.replace("点评：", "#### **点评：**"), encoding="utf-8")
    (big / "issue.yaml").write_text(
        "subtitle: 大\ncommentary: optional\ntoc:\n" + "".join(f"  - {s}\n" for s in stems[:60])
        + "  - section: 简讯\n    articles:\n" + "".join(f"      - {s}\n" for s in stems[60:]), encoding="utf-8")
    res = run("check", "大", "--root", str(corpus_ws), "--format", "json")
    assert "Traceback" not in res.output
    found = json.loads(res.stdout)
    got = {(f["code"], f["path"].split("/")[-1]) for f in found}
    assert ("QC102", f"{stems[3]}.md") in got
    assert ("QC115", f"{stems[7]}.md") in got


def test_diff_shows_fixes_without_writing(tmp_path):
    bad = GOOD_ARTICLE.replace("2026年1月", "2026 年 1 月")
    root = workspace(tmp_path / "ws", {"a01.md": bad})
    res = run("check", "--root", str(root), "--diff")
    assert "articles/T/a01.md:6: …查。**2026[- -]年[- -]1[- -]月，中心组织专家…" in res.stdout  # character-level
    assert "1 个文件将被修改" in res.stderr and res.exit_code == 0  # digit spacing is a warning
    assert (root / "articles" / "T" / "a01.md").read_text(encoding="utf-8") == bad


def test_html_from_web_pages_keeps_text_not_tags(tmp_path):
    body = GOOD_ARTICLE.replace("点评：", "第一行<br>第二行 <span>文字</span>\n\n<div align=center>居中&amp;文字</div>\n\n点评：")
    root = workspace(tmp_path / "ws", {"a01.md": body})
    texts = [b.text for b in load(root).bulletin.full_articles[0].blocks]
    assert texts[1:] == ["第一行\n第二行 文字", "居中&文字"]


def test_fast_text_rule_gives_markdown_its_own_tokens():
    """qcbrief's markdown `text` rule (a regex up to the characters that start an enabled
    inline rule) parses to exactly the tokens of markdown-it's own rule."""
    import random

    from markdown_it import MarkdownIt
    from mdit_py_cjk_friendly import cjk_friendly

    from qcbrief.load import markdown as M

    reference = MarkdownIt("commonmark", {"html": True}).enable("table").disable("reference").use(cjk_friendly)
    assert M._md.inline.ruler.get_active_rules() == M._TEXT_RULE_FOR  # the fast rule is in use
    rng = random.Random(18)
    alphabet = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \n") + list("abc123中文，。：“”（）点评") + ["**", "](", "&amp;"]
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(3000)]
    samples += ["合格率95.5%，[见附件](a.md)，*重点*、`代码`、<b>粗</b> &lt; 2023-2025年\\*",
                "![图](x.png) **督查：** 12:30 a_b_c [a [b] c](u) <http://x.cn>"]
    for text in samples:
        assert M._md.parse(text) == reference.parse(text), repr(text)
