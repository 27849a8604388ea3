"""Zip bombs in DOCX import: a part that inflates to 1 GiB (a picture, or document.xml) is refused
before it is inflated, with a Chinese message naming the file and the part, in bounded memory
(the child process's peak RSS is measured); headers that lie about sizes are caught too.
The bombs are built in the test in about a second each (tests/hostile.py)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import REPO
from hostile import GiB, docx_bomb, docx_lying_sizes, submission_docx
from qcbrief.safezip import Limits, UnsafeZip, check_archive, extract, open_docx, read_member

MB = 1 << 20
RSS_BOUND_MB = 350  # a normal import peaks near 100 MB; the unbounded reader took 2.1 GB


def run_child(*args: str) -> tuple[int, str, int]:
    """Run `python -m qcbrief ARGS` in a fresh child, return (exit code, output, peak RSS in MB).
    The peak is read by an intermediate process whose only child is the qcbrief run."""
    probe = ("import json, resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
             "print(json.dumps([r.returncode, r.stdout + r.stderr, rss]))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    res = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "qcbrief", *args],
                         capture_output=True, text=True, env=env, timeout=300)
    code, output, rss = json.loads(res.stdout)
    return code, output, rss // (1 << 20 if sys.platform == "darwin" else 1 << 10)


def _ws(tmp: Path) -> Path:
    ws = tmp / "ws"
    ws.mkdir()
    shutil.copy(REPO / "config.yaml", ws / "config.yaml")
    return ws


@pytest.mark.parametrize("part,name", [("image", "word/media/image1.png"), ("document", "word/document.xml")])
def test_bomb_is_refused_in_bounded_memory(tmp_path, part, name):
    bomb = docx_bomb(tmp_path / "来稿.docx", part, GiB)
    assert bomb.stat().st_size < 4 * MB and zipfile.ZipFile(bomb).getinfo(name).file_size == GiB
    ws = _ws(tmp_path)
    code, output, rss = run_child("import", str(bomb), "--issue", "X", "--root", str(ws))
    assert code == 1, output
    assert "来稿.docx" in output and name in output and "压缩炸弹" in output, output
    assert "Traceback" not in output and "内部错误" not in output, output
    assert rss < RSS_BOUND_MB, f"peak RSS {rss} MB"
    folder = ws / "articles" / "X"
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.suffix in (".md", ".png")]


def test_the_same_submission_without_the_bomb_imports(tmp_path):
    src = tmp_path / "来稿.docx"
    src.write_bytes(submission_docx())
    ws = _ws(tmp_path)
    code, output, rss = run_child("import", str(src), "--issue", "X", "--root", str(ws))
    assert code == 0, output
    [md] = (ws / "articles" / "X").glob("*.md")
    text = md.read_text(encoding="utf-8")
    assert "center: 湖北省护理质量控制中心" in text and "12家医院" in text and "![" in text
    assert len(list((ws / "articles" / "X" / "images").iterdir())) == 1
    assert rss < RSS_BOUND_MB


def test_lying_sizes_are_a_damaged_file(tmp_path):
    bomb = docx_lying_sizes(tmp_path / "说谎.docx", 96 * MB)
    ws = _ws(tmp_path)
    code, output, rss = run_child("import", str(bomb), "--issue", "X", "--root", str(ws))
    assert code == 1 and "说谎.docx" in output and "word/media/image1.png" in output and "损坏" in output, output
    assert rss < RSS_BOUND_MB


# ------------------------------------------------------------------------ the reader itself
def _zip(members: dict[str, bytes]) -> zipfile.ZipFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return zipfile.ZipFile(io.BytesIO(buf.getvalue()))


def test_limits_are_checked_from_the_headers():
    small = Limits(part=1 * MB, xml_part=MB // 2, total=2 * MB, ratio=50, ratio_from=64 * 1024, members=5)
    with pytest.raises(UnsafeZip, match="a.png.*超过上限"):
        check_archive(_zip({"a.png": os.urandom(1024) * 1100}), small)  # 1.1 MB > 1 MB
    with pytest.raises(UnsafeZip, match="d.xml.*超过上限"):
        check_archive(_zip({"d.xml": os.urandom(1024) * 600}), small)  # XML parts have the lower cap
    with pytest.raises(UnsafeZip, match="z.bin.*压缩比"):
        check_archive(_zip({"z.bin": b"\0" * (512 * 1024)}), small)
    with pytest.raises(UnsafeZip, match="总计"):
        check_archive(_zip({f"{i}.bin": os.urandom(900 * 1024) for i in range(3)}), small)
    with pytest.raises(UnsafeZip, match="6 个文件"):
        check_archive(_zip({f"{i}.txt": b"x" for i in range(6)}), small)
    ok = _zip({"word/document.xml": b"<x/>" * 1000})
    assert [i.filename for i in check_archive(ok, small)] == ["word/document.xml"]
    assert read_member(ok, "word/document.xml", small) == b"<x/>" * 1000


def test_extract_keeps_inside_its_folder(tmp_path):
    z = tmp_path / "x.zip"
    with zipfile.ZipFile(z, "w") as w:
        w.writestr("../evil.txt", b"no")
        w.writestr("/abs.txt", b"no")
        w.writestr("word/ok.xml", b"<ok/>")
    dest = tmp_path / "out"
    dest.mkdir()
    extract(z, dest)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "out/word/ok.xml", "x.zip"]


def test_open_docx_reads_a_real_document(tmp_path):
    p = tmp_path / "a.docx"
    p.write_bytes(submission_docx())
    d = open_docx(p)
    assert [x.text for x in d.paragraphs][:2] == ["湖北省护理质量控制中心——", "织密基层网络 筑牢安全底线"]
    assert len(d.inline_shapes) == 1 and d.inline_shapes[0]._inline.graphic is not None


def test_sync_refuses_a_bomb_in_bounded_memory_and_touches_nothing(tmp_path):
    """`qcbrief sync` reads the reviewed DOCX through the same bounded reader: a built
    bulletin whose document.xml was swapped for a 1 GiB bomb is refused, no article changes."""
    from conftest import make_workspace
    from hostile import write_bomb_member

    ws = make_workspace(tmp_path / "ws", REPO / "articles", ["2026Q1"])
    code, output, _ = run_child("build", "2026Q1", "--root", str(ws), "--format", "docx")
    assert code == 0, output
    built = ws / "build" / "2026Q1" / "2026Q1.docx"
    before = {p: p.read_bytes() for p in (ws / "articles").rglob("*") if p.is_file()}
    bomb = tmp_path / "审阅稿.docx"
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info.filename))
            else:
                head = src.read(info.filename).split(b"<w:body>")[0] + b"<w:body><w:p><w:r><w:t>"
                write_bomb_member(dst, info.filename, GiB, head, b"a")
    code, output, rss = run_child("sync", str(bomb), "--issue", "2026Q1", "--root", str(ws), "--yes")
    assert code == 2, output
    assert "审阅稿.docx" in output and "word/document.xml" in output and "压缩炸弹" in output, output
    assert "Traceback" not in output and "内部错误" not in output, output
    assert rss < RSS_BOUND_MB, f"peak RSS {rss} MB"
    assert {p: p.read_bytes() for p in (ws / "articles").rglob("*") if p.is_file()} == before
