"""PDF fonts: role resolution, bundled CFF -> TrueType fallback, embedding, coverage, `qcbrief fonts`."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from typer.testing import CliRunner

from qcbrief.cli import app
from qcbrief.config import Config, load_config
from qcbrief.errors import QcbriefError
from qcbrief.load.issue import load_issue
from qcbrief.write.pdf import fontcache
from qcbrief.write.pdf.fonts import ROLES, FontSet, check_coverage, issue_text, resolve_fonts

EMOJI = "\U0001F600"  # not in Noto Serif SC / Noto Sans SC (verified in test_uncovered_char_fails)


@pytest.fixture(scope="module", autouse=True)
def font_cache(tmp_path_factory):
    """A fresh font cache for this module (the first resolve converts, later ones reuse)."""
    old = os.environ.get("QCBRIEF_CACHE")
    path = tmp_path_factory.mktemp("qcbrief-cache")
    os.environ["QCBRIEF_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("QCBRIEF_CACHE", None)
    else:
        os.environ["QCBRIEF_CACHE"] = old


def corpus_text(ws: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((ws / "articles" / "2023Q4").glob("*.md")))


def _config_with(ws: Path, **fonts) -> Config:
    cfg = load_config(ws)
    data = copy.deepcopy(cfg.data)
    data["fonts"].update(fonts)
    return Config(cfg.path, data)


def _issue(ws: Path):
    cfg = load_config(ws)
    return cfg, load_issue(ws, "2023Q4", cfg).bulletin


def test_bundled_fallback_covers_corpus(corpus_ws):
    cfg, bulletin = _issue(corpus_ws)
    text = issue_text(bulletin)
    raw = corpus_text(corpus_ws)
    fs = resolve_fonts(cfg, set(text) | set(raw), use_system=False)
    assert isinstance(fs, FontSet) and set(fs.faces) == set(ROLES)
    for role in ROLES:
        chain = fs.faces[role]
        assert [f.source for f in chain] == ["fallback"], (role, chain)
        face = chain[0]
        assert "qcbrief 内置" in face.family and face.converted
        want = "Noto Sans SC" if role == "heading" else "Noto Serif SC"
        assert face.family.startswith(want)
        with TTFont(str(face.path)) as font:
            assert "glyf" in font and "CFF " not in font
            assert font.sfntVersion == "\x00\x01\x00\x00"
        # every printable character of the real articles is covered by the role's own font
        lacking = {ch for ch in raw + text if not ch.isspace() and not face.covers(ch)}
        assert not lacking, (role, sorted(lacking)[:20])
        assert not fs.missing(raw, role)
    check_coverage(fs, {role: text for role in ROLES})
    # text the masthead, TOC and 版记 print is in issue_text
    assert bulletin.preface[:10] in text
    assert all(a.title in text for a in bulletin.articles())


def test_cache_is_reused(corpus_ws, tmp_path, monkeypatch):
    font_cache = tmp_path / "fresh-cache"  # empty: the conversions of other tests don't serve this one
    monkeypatch.setenv("QCBRIEF_CACHE", str(font_cache))
    cfg, bulletin = _issue(corpus_ws)
    chars = set(issue_text(bulletin))
    first = resolve_fonts(cfg, chars, use_system=False)
    paths = {f.path for f in first.all_faces()}
    assert paths and all(p.parent == font_cache / "fonts" for p in paths)
    stamps = {p: p.stat().st_mtime_ns for p in paths}
    again = resolve_fonts(cfg, chars, use_system=False)
    assert {f.path for f in again.all_faces()} == paths
    assert {p: p.stat().st_mtime_ns for p in paths} == stamps
    # same reportlab font names: registered once per process
    assert [f.name for f in again.all_faces()] == [f.name for f in first.all_faces()]
    # a smaller character set is served by the file converted for the larger one
    few = resolve_fonts(cfg, set("质控简报"), use_system=False)
    assert {f.path for f in few.all_faces()} == paths
    assert {p: p.stat().st_mtime_ns for p in paths} == stamps


def _pdffonts(pdf: Path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    header = lines[0]
    cols = ["name", "type", "encoding", "emb", "sub", "uni", "object", "id"]
    starts = [header.index("name"), header.index("type"), header.index("encoding"), header.index("emb"),
              header.index("sub"), header.index("uni"), header.index("object"), header.index("ID")]
    rows = []
    for line in lines[2:]:
        cells = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [None])]
        rows.append(dict(zip(cols, cells)))
    return rows


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) not installed")
def test_pdf_embeds_subsets(corpus_ws, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    cfg, bulletin = _issue(corpus_ws)
    text = issue_text(bulletin)
    fs = resolve_fonts(cfg, set(text), use_system=False)
    pdf = tmp_path / "fonts.pdf"
    # initialFontName: otherwise reportlab puts an unembedded Helvetica into the page
    c = Canvas(str(pdf), pagesize=A4, initialFontName=fs.primary("body").name)
    y = 800
    samples = {"title": bulletin.publication.name, "body": "质控工作重在日常，贵在坚持 2026年",
               "heading": "一、工作开展情况", "kai": "（一）点评：", "song": "— 5 —",
               "masthead": bulletin.publication.title}
    used = set()
    for role in ROLES:
        for face, run in fs.split_runs(role, samples[role]):
            c.setFont(face.name, 14)
            c.drawString(72, y, run)
            used.add(face.name)
            y -= 30
    c.save()
    rows = _pdffonts(pdf)
    assert len(rows) == len(used) >= 2
    for row in rows:
        # one CIDFontType2 per font file, 2-byte codes (qcbrief/write/pdf/cidfont.py)
        assert row["type"] == "CID TrueType" and row["encoding"] == "Identity-H", row
        assert row["emb"] == "yes" and row["sub"] == "yes", row
        assert re.match(r"^[A-Z]{6}\+", row["name"]), row


def test_split_runs_falls_back_per_character(corpus_ws):
    cfg, bulletin = _issue(corpus_ws)
    fs = resolve_fonts(cfg, set(issue_text(bulletin)), use_system=False)
    body = fs.primary("body")
    runs = fs.split_runs("body", "正文 text，续")
    assert runs == [(body, "正文 text，续")]
    assert "".join(r for _, r in fs.split_runs("heading", "标题" + EMOJI + "尾")) == "标题" + EMOJI + "尾"
    assert fs.face_for("body", EMOJI) is None
    assert fs.face_for("heading", "医") is fs.primary("heading")
    # a face missing a character hands it to the next face of the chain
    assert fs.missing("质控 \t\n\u200b") == set()


def test_uncovered_char_fails(corpus_ws):
    cfg, bulletin = _issue(corpus_ws)
    for p in (fontcache.read_cmap(Path(__import__("pylopdf_fonts_zh_cn").serif_path())),
              fontcache.read_cmap(Path(__import__("pylopdf_fonts_zh_cn").sans_path()))):
        assert ord(EMOJI) not in p and 0x10FFFD not in p
    text = issue_text(bulletin)
    fs = resolve_fonts(cfg, set(text) | {EMOJI}, use_system=False)
    assert fs.missing(text + EMOJI + "\U0010FFFD") == {EMOJI, "\U0010FFFD"}
    with pytest.raises(QcbriefError) as exc:
        check_coverage(fs, {"body": text + EMOJI, "heading": "\U0010FFFD"})
    msg = str(exc.value)
    assert "U+1F600" in msg and "U+10FFFD" in msg and "正文" in msg and "黑体" in msg
    assert "fonts" in msg  # tells where to configure a font


def test_missing_font_file_is_skipped(corpus_ws, tmp_path):
    cfg = _config_with(corpus_ws, body=[str(tmp_path / "没有这个字体.ttf"), "仿宋"])
    fs = resolve_fonts(cfg, set("正文"), use_system=False)
    assert fs.primary("body").source == "fallback"
    assert any("不存在" in n and "没有这个字体.ttf" in n for n in fs.notes)


def test_nothing_usable_is_an_error(corpus_ws, tmp_path):
    cfg = _config_with(corpus_ws, body=[str(tmp_path / "missing.ttf")], fallback=False)
    with pytest.raises(QcbriefError) as exc:
        resolve_fonts(cfg, set("正文"), use_system=False)
    msg = str(exc.value)
    assert "正文" in msg and "missing.ttf" in msg and "fonts.fallback" in msg


def test_config_font_file_and_files_map(corpus_ws, tmp_path):
    """A converted TrueType file named in fonts.files (relative to config.yaml) serves the role."""
    fs = resolve_fonts(load_config(corpus_ws), set("简报"), use_system=False)
    ttf = corpus_ws / "fonts" / "my.ttf"
    ttf.parent.mkdir()
    shutil.copy(fs.primary("kai").path, ttf)
    cfg = _config_with(corpus_ws, files={"我的楷体": "fonts/my.ttf"}, kai=["我的楷体", "楷体"])
    fs2 = resolve_fonts(cfg, set("简报"), use_system=False)
    face = fs2.primary("kai")
    assert face.source == "config" and face.path == ttf and not face.converted
    # a CFF font given as a file is converted like the bundled one
    otf = Path(__import__("pylopdf_fonts_zh_cn").sans_path())
    cfg = _config_with(corpus_ws, title=[str(otf)])
    face = resolve_fonts(cfg, set("简报"), use_system=False).primary("title")
    assert face.source == "config" and face.converted and face.origin == otf


def _system_zh_fonts() -> bool:
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout
    return ".ttc" in out or ".ttf" in out


@pytest.mark.skipif(not _system_zh_fonts(), reason="no Chinese system fonts (fonts-arphic-*, fonts-wqy-*)")
def test_system_fonts_preferred(corpus_ws):
    cfg, bulletin = _issue(corpus_ws)
    text = issue_text(bulletin)
    fs = resolve_fonts(cfg, set(text), use_system=True)
    body = fs.primary("body")
    assert body.source == "system"
    with TTFont(str(body.path), fontNumber=body.index, lazy=True) as f:
        assert "glyf" in f
    for role in ROLES:
        assert fs.primary(role).source == "system"
    assert fs.primary("heading").family != body.family
    check_coverage(fs, {role: text for role in ROLES})  # fallbacks fill what system fonts lack
    # config says system: false -> not searched
    cfg_off = _config_with(corpus_ws, system=False)
    assert resolve_fonts(cfg_off, set(text)).primary("body").source == "fallback"


def test_fonts_command_no_system(corpus_ws):
    result = CliRunner().invoke(app, ["fonts", "2023Q4", "--root", str(corpus_ws), "--no-system-fonts"])
    assert result.exit_code == 0, result.output
    out = result.output
    for label in ("标题 title", "正文 body", "黑体 heading", "楷体 kai", "宋体 song"):
        assert label in out
    assert out.count("内置后备") >= 5
    assert "Noto Serif SC" in out and "Noto Sans SC" in out
    m = re.search(r"（(\d+) 个不同字符）", out)
    assert m and int(m.group(1)) > 500
    assert f"{m.group(1)}/{m.group(1)}" in out  # the bundled font covers every character
    assert "未查找系统字体" in out


def test_fonts_command_reports_missing(corpus_ws):
    art = corpus_ws / "articles" / "2023Q4" / "c01.md"
    art.write_text(art.read_text(encoding="utf-8") + f"\n\n表情{EMOJI}。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["fonts", "2023Q4", "--root", str(corpus_ws), "--no-system-fonts"])
    assert result.exit_code == 1, result.output
    assert "U+1F600" in result.output


def test_fonts_command_without_issue(corpus_ws):
    result = CliRunner().invoke(app, ["fonts", "--root", str(corpus_ws), "--no-system-fonts"])
    assert result.exit_code == 0, result.output
    assert "正文 body" in result.output and "给出期名" in result.output


@pytest.mark.skipif(not _system_zh_fonts(), reason="no Chinese system fonts (fonts-arphic-*, fonts-wqy-*)")
def test_font_folder_scan_without_fc_list(corpus_ws, monkeypatch):
    """Without fc-list (Windows, stock macOS) the font folders are scanned with fontTools."""
    from qcbrief.write.pdf import fontfiles

    fc_faces = fontfiles._fc_list()
    assert fc_faces
    monkeypatch.setattr(fontfiles.shutil, "which", lambda name: None)
    monkeypatch.setattr(fontfiles, "_INDEX", {})
    assert fontfiles._fc_list() is None
    faces = fontfiles.system_faces()
    assert {(f.path, f.index) for f in faces} >= {(f.path, f.index) for f in fc_faces if f.truetype}
    # localized names match across languages and aliases
    hits = fontfiles.find_family("文泉驿正黑", faces)
    assert hits and hits[0].path.name == "wqy-zenhei.ttc" and hits[0].index == 0
    assert fontfiles.find_family("wenquanyi zen hei", faces)[0].path == hits[0].path
    cfg, bulletin = _issue(corpus_ws)
    fs = resolve_fonts(cfg, set(issue_text(bulletin)), use_system=True)
    assert fs.primary("body").source == "system"
    assert fs.primary("heading").family == "WenQuanYi Zen Hei"


def test_fc_list_failure_is_tolerated(monkeypatch):
    from qcbrief.write.pdf import fontfiles

    def boom(*a, **k):
        raise subprocess.TimeoutExpired("fc-list", 10)

    monkeypatch.setattr(fontfiles.subprocess, "run", boom)
    monkeypatch.setattr(fontfiles, "_INDEX", {})
    assert fontfiles._fc_list() is None
    assert isinstance(fontfiles.system_faces(), list)  # fell back to scanning folders


def test_aliases_and_classes():
    from qcbrief.write.pdf.fontfiles import SystemFace, aliases, classify, norm

    assert norm("仿宋_GB2312") == norm("仿宋 GB2312")
    assert norm("FangSong") in aliases("仿宋") and norm("SimHei") in aliases("黑体")
    assert norm("FZXiaoBiaoSong-B05S") in aliases("方正小标宋简体")
    assert classify(SystemFace(Path("x.ttc"), 0, ["AR PL UMing CN"])) == "serif"
    assert classify(SystemFace(Path("x.ttc"), 0, ["WenQuanYi Zen Hei", "文泉驿正黑"])) == "sans"
