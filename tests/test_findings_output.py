"""Many findings: text output is linear (each file split into lines once, not once per finding) and
shows at most 20 findings of a rule per file, then a count; `--all` shows everything; JSON stays
complete. Timings are in bench/bench_findings.py, not here."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from rich.console import Console

from helpers import run, workspace
from qcbrief.check.formatters import PER_RULE_PER_FILE, format_text
from qcbrief.diagnostics import Finding

HEAD = "---\ncenter: 湖北省护理质量控制中心\ntitle: 标题\n---\n\n"
LINE = "督查发现问题,整改落实到位,全省合格率明显提高。\n"  # two QC201 (half-width commas)


class CountingText(str):
    splits = 0

    def split(self, *args, **kwargs):
        CountingText.splits += 1
        return super().split(*args, **kwargs)


def test_each_source_is_split_once_however_many_findings():
    text = CountingText(HEAD + LINE * 400)
    path = Path("/ws/a01.md")
    findings = [Finding(path, 6 + i // 2, 7 if i % 2 == 0 else 14, "QC201", "warning", "半角逗号") for i in range(800)]
    out = io.StringIO()
    CountingText.splits = 0
    format_text(findings, Console(file=out, width=200), None, {path: text}, limit=None)
    assert CountingText.splits == 1
    printed = out.getvalue().split("\n")
    # every finding has its line, its excerpt and a caret under the comma
    heads = [i for i, ln in enumerate(printed) if " QC201 " in ln]
    assert len(heads) == 800
    for i in heads[:50]:
        excerpt, caret = printed[i + 1], printed[i + 2]
        assert caret.strip() == "^" and _at_cell(excerpt, len(caret) - 1) == ",", (excerpt, caret)


def _at_cell(text: str, cell: int) -> str:
    from rich.cells import cell_len

    return next(ch for k, ch in enumerate(text) if cell_len(text[:k]) == cell)


def _ws(tmp_path):
    a01 = HEAD + LINE * 25 + "\n督查 。整改 ，完成 ；提高 。\n"  # 50 x QC201, 4 x QC208
    a02 = HEAD + LINE * 15
    return workspace(tmp_path / "ws", {"a01.md": a01, "a02.md": a02},
                     "subtitle: 测试\ndate: 2026-03-31\ncommentary: optional\ntoc: [a01, a02]\n")


def _shown(output: str, name: str, code: str) -> int:
    return len(re.findall(rf"^articles/T/{name}:\d+:\d+ {code} ", output, re.M))


def test_text_output_caps_a_rule_per_file_and_counts_the_rest(tmp_path):
    root = _ws(tmp_path)
    res = run("check", "T", "--root", str(root))
    out = res.output
    assert PER_RULE_PER_FILE == 20
    assert _shown(out, "a01.md", "QC201") == 20 and _shown(out, "a02.md", "QC201") == 20
    assert _shown(out, "a01.md", "QC208") == 4  # another rule of the same file is not crowded out
    assert "articles/T/a01.md: 另有 30 条 QC201 未显示（用 --all 查看全部）" in out
    assert "articles/T/a02.md: 另有 10 条 QC201 未显示（用 --all 查看全部）" in out
    assert "0 个错误，84 个警告" in out  # the summary counts everything
    # the count follows the file's own findings, before the next file's
    assert out.index("a01.md: 另有") < out.index("articles/T/a02.md:6:")


def test_all_shows_every_finding(tmp_path):
    root = _ws(tmp_path)
    out = run("check", "T", "--root", str(root), "--all").output
    assert _shown(out, "a01.md", "QC201") == 50 and _shown(out, "a02.md", "QC201") == 30
    assert "未显示" not in out


def test_json_is_complete(tmp_path):
    root = _ws(tmp_path)
    found = json.loads(run("check", "T", "--root", str(root), "--format", "json").stdout)
    assert sum(f["code"] == "QC201" for f in found) == 80 and sum(f["code"] == "QC208" for f in found) == 4
