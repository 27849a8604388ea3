"""Untrusted strings (file names, article text quoted in messages) never inject: not into the
YAML front matter `import` writes, not into the terminal (ESC sequences, C0/C1 controls, bidi
overrides such as U+202E, rich markup), not into the preview page; and an imported article that
would not load back is an import failure, with nothing written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import GOOD_ARTICLE, REPO, run, workspace
from qcbrief.safetext import SafeConsole, drop_invisible, json_safe, visible

SUBMISSION = "湖北省护理质量控制中心——\n\n织密基层网络 筑牢安全底线\n\n2026年1月，中心组织专家对12家医院开展督查。\n\n点评：\n\n做法值得借鉴。\n"
# What must never reach a terminal raw: ESC (and so CSI/OSC sequences), BEL, other C0 and C1
# controls (\x9b is an 8-bit CSI), bidi overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

HOSTILE_NAMES = {
    "newline": "稿件\nkind: brief\ncenter: 假冒中心\n#.txt",
    "escape": "稿件\x1b[2J\x1b]0;标题被改\x07\x9b31m.txt",
    "rtl": "稿件\u202etxt.exe\u202c.txt",
    "markup": "稿件[bold]粗[link=x]链[red.txt",
}


def new_ws(tmp: Path) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config.yaml", tmp / "config.yaml")
    return tmp


def front_matter(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[0].split("\n")[1:]


@pytest.mark.parametrize("kind", list(HOSTILE_NAMES))
def test_hostile_file_name_is_imported_as_data(tmp_path, kind):
    ws = new_ws(tmp_path / "ws")
    src = tmp_path / "in" / HOSTILE_NAMES[kind]
    src.parent.mkdir()
    src.write_text(SUBMISSION, encoding="utf-8")
    res = run("import", str(src), "--issue", "X", "--root", str(ws))
    assert res.exit_code == 0, res.output
    assert not RAW.search(res.output), repr(res.output)
    [md] = sorted((ws / "articles" / "X").glob("*.md"))
    assert not RAW.search(md.name)
    lines = front_matter(md)
    # exactly the comment, center and title: the name added no key, and the comment is one line
    assert [ln.split(":")[0] for ln in lines[1:]] == ["center", "title"], lines
    assert lines[0].startswith("# 导入自 ") and not RAW.search(lines[0]), lines
    assert "center: 湖北省护理质量控制中心" in lines and not [ln for ln in lines if ln.startswith("kind")]
    if kind != "markup":  # the name stays recognisable: its odd characters shown as escapes
        assert any(e in lines[0] for e in ("\\n", "\\x1b", "\\u202e")), lines[0]
    else:
        assert HOSTILE_NAMES[kind] in lines[0]  # nothing to escape in YAML; on the terminal it is text, not markup
        flat = re.sub(r"[\s│┃]", "", res.output)
        assert "稿件[bold]粗" in flat, res.output
    found = json.loads(run("check", "X", "--root", str(ws), "--format", "json").stdout)
    assert not [f for f in found if f["code"] in ("QC101", "QC107", "QC117")], found


def test_name_that_is_the_center_loses_its_controls(tmp_path):
    """A submission without a center line takes the center from the file name: the controls of
    the name do not become the printed center or the article's file name."""
    ws = new_ws(tmp_path / "ws")
    src = tmp_path / "湖北省\u202e护理\x1b质量控制中心.txt"
    src.write_text("织密基层网络\n\n2026年1月，中心组织专家开展督查。\n", encoding="utf-8")
    res = run("import", str(src), "--issue", "X", "--root", str(ws))
    assert res.exit_code == 0 and not RAW.search(res.output), repr(res.output)
    [md] = sorted((ws / "articles" / "X").glob("*.md"))
    assert not RAW.search(md.read_text(encoding="utf-8")) and not RAW.search(md.name)
    assert front_matter(md)[1].startswith("center: 湖北省护理质量控制中心  #")


def test_an_article_that_would_not_load_is_not_imported(tmp_path, monkeypatch):
    """The safety net: whatever the writer produced, an article that does not load back is an
    import failure (exit 1), and neither the file nor a TOC entry is written."""
    import qcbrief.commands.import_ as imp

    real = imp.article_md
    monkeypatch.setattr(imp, "article_md", lambda *a, **k: real(*a, **k).replace("center:", "center:\n  - [", 1))
    ws = new_ws(tmp_path / "ws")
    src = tmp_path / "稿件.txt"
    src.write_text(SUBMISSION, encoding="utf-8")
    res = run("import", str(src), "--issue", "X", "--root", str(ws))
    assert res.exit_code == 1, res.output
    assert "稿件.txt" in res.output and "无法读取" in res.output and "QC101" in res.output, res.output
    folder = ws / "articles" / "X"
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]  # no article, no issue.yaml


# ----------------------------------------------------------------------------- check output
HOSTILE_ARTICLE = ("---\ncenter: 湖北省护理质量控制中心\ntitle: 织密基层网络\ncentre\u202e: 拼错\n---\n\n"
                   "督查\x1b]0;pwned\x07发现问题,结果\x1b[2J见下 。\n\n点评：\n\n好。\n")


@pytest.fixture
def hostile_ws(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": HOSTILE_ARTICLE, "a\u202e02\x1b[31m.md": GOOD_ARTICLE},
                     "subtitle: 测试\ndate: 2026-03-31\ntoc:\n  - a01\n")
    return root


def test_check_text_output_escapes_controls(hostile_ws):
    res = run("check", "T", "--root", str(hostile_ws))
    out = res.output
    assert res.exit_code == 1
    assert {"QC107", "QC109", "QC201"} <= set(re.findall(r"QC\d{3}", out)), out
    assert not RAW.search(out), repr(out)
    assert "\\u202e" in out and "\\x1b" in out  # shown, recognisably
    # the caret still points under the finding in the excerpt (QC201: the half-width comma)
    lines = out.split("\n")
    i = next(k for k, ln in enumerate(lines) if "QC201" in ln and ":7:" in ln)
    excerpt, caret = lines[i + 1], lines[i + 2]
    from rich.cells import cell_len

    assert cell_len(excerpt[:excerpt.index(",")]) == cell_len(caret) - 1, (excerpt, caret)


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_check_machine_output_escapes_controls(hostile_ws, fmt):
    res = run("check", "T", "--root", str(hostile_ws), "--format", fmt)
    assert res.exit_code == 1 and not RAW.search(res.stdout), repr(res.stdout)
    if fmt == "json":  # the data itself is complete and exact
        found = json.loads(res.stdout)
        assert any("centre\u202e" in f["message"] for f in found)
        assert any("a\u202e02\x1b[31m" in f["path"] for f in found)
    else:
        assert all(line.startswith("::") for line in res.stdout.strip().split("\n"))


def test_preview_panel_escapes_controls(hostile_ws):
    from qcbrief.preview.snapshot import panel, take

    html = str(panel(take(hostile_ws, "T", 1), hostile_ws))
    assert "QC107" in html and not RAW.search(html), repr(html)
    assert "\\u202e" in html


# ----------------------------------------------------------------------------- the helper
def test_helpers():
    assert visible("a\nb\x1b[1m\u202ec\td") == "a\\nb\\x1b[1m\\u202ec\\td"
    assert visible("a\nb\x9b", one_line=False) == "a\nb\\x9b"
    assert drop_invisible("护\u202e理\x1b\u200b中心") == "护理中心"
    assert json.loads(json_safe(json.dumps(["\x1b\u202e\x9b"], ensure_ascii=False))) == ["\x1b\u202e\x9b"]
    assert not RAW.search(json_safe(json.dumps(["\x1b\u202e\x9b"], ensure_ascii=False)))
    import io

    buf = io.StringIO()
    con = SafeConsole(file=buf, force_terminal=True, color_system="standard", highlight=False)
    con.print("[bold]粗[/bold] \x1b[2J\u202e")
    out = buf.getvalue()
    assert "\x1b[1m" in out and "\x1b[2J" not in out and "\\x1b[2J\\u202e" in out  # rich's own codes kept
