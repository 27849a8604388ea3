"""Odd real-world input: never a traceback, always valid JSON, problems named by path."""

from __future__ import annotations

import json

from helpers import GOOD_ARTICLE, run, workspace

ODD_FILES = {
    "e01.md": "",
    "e02.md": "---\n---\n",
    "e03.md": "---\n- a\n- b\n---\n正文\n",
    "e04.md": "---\ncenter: [a, b]\ntitle: {x: 1}\n---\n正文\n",
    "e05.md": "---\ncenter: 2025\ntitle: 2026\n---\n正文\n",
    "e06.md": "\x00\x01\x02binary\xff\xfe".encode("latin-1").decode("latin-1"),
    "e07.yaml": "- 不是映射\n",
    "e08.yaml": "center: 湖北\ntitle: 标题\nbody:\n  - 列表\n",
    "e09.md": "---\ncenter: 湖北\ntitle: 标题\n---\n```\n点评：\n```\n\n| a |\n|---|\n\n- \n\n# \n\n![](images/)\n",
    "e10.md": "正文但没有文章信息\n\n点评：正文写在同一行\n",
    "e11.md": "---\ncenter: 湖北\ntitle: 标题\nkind: brief\n---\n" + "长" * 5000 + "\n",
    "e12.md": "---\r\ncenter: 湖北\r\ntitle: 标题\r\n---\r\n\r\n正文。\r\n\r\n点评\r\n\r\n好。\r\n",
}

ODD_ISSUE = """subtitle: 测试
date: not-a-date
number: 第一
toc:
  - e01
  - e02
  -
  - [x]
  - section:
    articles: e03
  - section: 分组
    articles: [e04, e05, e06, e07, e08, null, {a: 1}]
  - e09
  - e10
  - e11
  - e12
  - e01
"""


def test_odd_files_never_traceback(tmp_path):
    files = dict(ODD_FILES)
    files["e06.md"] = b"\x00\x01\x02binary\xff\xfe"
    root = workspace(tmp_path / "ws", files, ODD_ISSUE)
    res = run("check", "--root", str(root), "--format", "json")
    assert "Traceback" not in res.output and "内部错误" not in res.output, res.output
    found = json.loads(res.stdout)
    assert res.exit_code == 1
    paths = {f["path"].split("/")[-1] for f in found}
    assert {"issue.yaml", "e01.md", "e03.md", "e04.md", "e06.md", "e07.yaml", "e08.yaml", "e10.md"} <= paths
    for f in found:
        assert {"path", "line", "column", "code", "severity", "message"} <= set(f)
        assert f["line"] >= 1 and f["column"] >= 1 and f["severity"] in ("error", "warning")
    # the build refuses, cleanly
    res = run("build", "T", "--root", str(root))
    assert res.exit_code in (1, 2) and "Traceback" not in res.output


def test_empty_issue_yaml_and_missing_issue_yaml(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE}, "")
    res = run("check", "T", "--root", str(root), "--format", "json")
    found = json.loads(res.stdout)
    assert any(f["code"] == "QC120" for f in found) and res.exit_code == 1


def test_config_passed_as_target_is_ignored(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE})
    res = run("check", str(root / "config.yaml"), str(root / "articles" / "T" / "a01.md"), "--root", str(root))
    assert res.exit_code == 0, res.output
