"""Reproducible builds: with SOURCE_DATE_EPOCH the same input gives byte-identical DOCX and PDF;
the next build removes the temporary files a killed build left behind (and only those)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
from pypdf import PdfReader

from helpers import REPO, run
from conftest import make_workspace
from qcbrief.build import STALE_AFTER, remove_stale_temps

EPOCH = 1767225600  # 2026-01-01 00:00:00 UTC


def _build_cli(ws: Path, out: Path) -> None:
    res = run("build", "2026Q1", "--root", str(ws), "--out", str(out))
    assert res.exit_code == 0, res.output


def _build_subprocess(ws: Path, out: Path, env: dict) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), **env)
    r = subprocess.run([sys.executable, "-m", "qcbrief", "build", "2026Q1", "--root", str(ws), "--out", str(out)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


def test_source_date_epoch_gives_identical_bytes(tmp_path, monkeypatch):
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    _build_cli(ws, tmp_path / "one")  # in this process
    time.sleep(1.1)  # a second later, in another process: zip times would differ if taken from the clock
    _build_subprocess(ws, tmp_path / "two", {"SOURCE_DATE_EPOCH": str(EPOCH)})
    for fmt in ("docx", "pdf"):
        a, b = (tmp_path / d / f"2026Q1.{fmt}" for d in ("one", "two"))
        assert a.read_bytes() == b.read_bytes(), f"{fmt} differs between two builds"
    # the dates inside are SOURCE_DATE_EPOCH
    when = dt.datetime(2026, 1, 1, 0, 0, 0)
    props = docx.Document(str(tmp_path / "one" / "2026Q1.docx")).core_properties
    assert props.created.replace(tzinfo=None) == when and props.modified.replace(tzinfo=None) == when
    with zipfile.ZipFile(tmp_path / "one" / "2026Q1.docx") as z:
        names = z.namelist()
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert names[0] == "[Content_Types].xml" and len(names) == len(set(names))
    info = PdfReader(str(tmp_path / "one" / "2026Q1.pdf")).metadata
    assert info["/CreationDate"].startswith("D:20260101000000")


def test_without_source_date_epoch_dates_are_real(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    before = dt.datetime.now() - dt.timedelta(minutes=1)
    _build_cli(ws, tmp_path / "out")
    props = docx.Document(str(tmp_path / "out" / "2026Q1.docx")).core_properties
    assert props.created.replace(tzinfo=None) >= before
    with zipfile.ZipFile(tmp_path / "out" / "2026Q1.docx") as z:
        assert dt.datetime(*z.infolist()[0].date_time) >= before.replace(second=0, microsecond=0) - dt.timedelta(days=1)
    assert PdfReader(str(tmp_path / "out" / "2026Q1.pdf")).metadata["/CreationDate"][2:6] == f"{dt.date.today():%Y}"


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid  # exited and reaped: no such process now


def test_next_build_removes_only_stale_temps(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _dead_pid()
        stale = [out / f".2026Q1.qcbrief-{dead}-abcd1234.pdf", out / f".2026Q1.qcbrief-{dead}-x_y9.docx.zip-tmp"]
        legacy_old = out / ".2026Q1.k3j_x9q2.pdf"  # the name of earlier versions, an hour old
        running = out / f".2026Q1.qcbrief-{alive.pid}-zzzz9999.pdf"  # a build still running
        legacy_new = out / ".2026Q1.a1b2c3d4.docx"  # maybe a running older version: kept until it is old
        others = [out / ".2025Q4.qcbrief-1-abc.pdf", out / "2026Q1.pdf", out / "笔记.txt", out / ".2026Q1.pdf"]
        for p in stale + [legacy_old, running, legacy_new] + others:
            p.write_bytes(b"x")
        old = time.time() - STALE_AFTER - 60
        os.utime(legacy_old, (old, old))
        removed = remove_stale_temps(out, "2026Q1")
        assert sorted(removed) == sorted(stale + [legacy_old])
        assert all(p.exists() for p in [running, legacy_new] + others)
    finally:
        alive.kill()
        alive.wait()
    assert remove_stale_temps(out, "2026Q1") == [running]  # its build is gone now


def test_kill_9_during_build_keeps_old_output_and_next_build_cleans_up(tmp_path):
    """A build killed while writing leaves the previous PDF and DOCX intact; its temp file is
    removed by the next build, which then replaces the outputs."""
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    out = ws / "build" / "2026Q1"
    _build_cli(ws, out)
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "qcbrief", "build", "2026Q1", "--root", str(ws)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 120
    while time.time() < deadline and not any(p.name.startswith(".2026Q1.qcbrief-") for p in out.iterdir()):
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    temps = [p for p in out.iterdir() if p.name.startswith(".")]
    assert temps, "the build was killed before it wrote a temporary file"
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")} == old
    _build_cli(ws, out)
    assert sorted(p.name for p in out.iterdir()) == ["2026Q1.docx", "2026Q1.pdf"]
    assert docx.Document(str(out / "2026Q1.docx")).paragraphs


def test_font_face_cache_gives_the_same_bytes(tmp_path):
    """reportlab's parsed fonts come from the face cache (write/pdf/ttfcache.py) and the
    subsets of hinted fonts from the subset cache (write/pdf/cidfont.py) after the first build: a build with an empty cache, one with the cache filled, and one with a
    corrupt cache entry give byte-identical PDFs."""
    ws = make_workspace(tmp_path / "ws", REPO / "articles")
    env = {"SOURCE_DATE_EPOCH": str(EPOCH), "QCBRIEF_CACHE": str(tmp_path / "cache")}
    _build_subprocess(ws, tmp_path / "cold", env)
    faces = sorted((tmp_path / "cache" / "fonts" / "faces").glob("*.marshal"))
    assert faces, "the first build keeps the parsed faces"
    # subsets of hinted fonts (write/pdf/cidfont.py) are kept too (none when every font is unhinted)
    subsets = sorted((tmp_path / "cache" / "fonts" / "subsets").glob("*.bin"))
    _build_subprocess(ws, tmp_path / "warm", env)
    faces[0].write_bytes(b"\x00garbage")  # a damaged entry: parsed again
    for k, sub in enumerate(subsets):  # damaged subsets: made again
        sub.write_bytes([b"\x00garbage", b"", b"\xe9\x02\x00\x00\x00"][k % 3])
    _build_subprocess(ws, tmp_path / "damaged", env)
    cold = (tmp_path / "cold" / "2026Q1.pdf").read_bytes()
    assert (tmp_path / "warm" / "2026Q1.pdf").read_bytes() == cold
    assert (tmp_path / "damaged" / "2026Q1.pdf").read_bytes() == cold
