"""Idempotence of qcbrief sync on the sample issue, the invented corpus twin and the real
corpus: build -> sync is "no changes"; build -> LibreOffice open-save -> sync is "no
changes" too (no whitespace, quote or dash noise); an edit made in a file LibreOffice
saved still lands, and the rebuild reads like the reviewed file."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from conftest import REPO, corpus_root, make_workspace
from helpers import lo_convert
from sync_util import article_texts, build, replace_in_runs, snapshot, sync

from conftest import needs_corpus

CASES = [pytest.param(("sample", "2026Q1"), id="sample"), pytest.param(("invented", "2023Q4"), id="invented"),
         pytest.param(("real", "2023Q4"), id="real", marks=needs_corpus)]


def _ws(kind: str, dest: Path) -> Path:
    src = REPO / "articles" if kind == "sample" else corpus_root(kind) / "articles"
    return make_workspace(dest, src)


@pytest.mark.parametrize("case", CASES)
def test_no_changes_after_build(case, tmp_path):
    """Without LibreOffice too: build -> sync is "no changes", every file byte-identical."""
    kind, issue = case
    ws = _ws(kind, tmp_path / "ws")
    built = build(ws, issue, tmp_path / "out")
    before = snapshot(ws / "articles")
    res = sync(ws, issue, built, "--yes")
    assert res.exit_code == 0 and "没有变化" in res.output, res.output
    assert snapshot(ws / "articles") == before


@pytest.fixture(scope="module", params=CASES)
def lo_built(request, tmp_path_factory):
    kind, issue = request.param
    base = tmp_path_factory.mktemp(f"sync-lo-{kind}")
    ws = _ws(kind, base / "ws")
    built = build(ws, issue, base / "out")
    saved = lo_convert(built, "docx", base / "lo")
    return kind, issue, ws, built, saved


def test_no_changes_after_libreoffice(lo_built, tmp_path):
    kind, issue, ws0, built, saved = lo_built
    ws = tmp_path / "ws"
    shutil.copytree(ws0, ws)
    before = snapshot(ws / "articles")
    res = sync(ws, issue, saved, "--yes")
    assert res.exit_code == 0, res.output
    assert "没有变化" in res.output, res.output
    assert snapshot(ws / "articles") == before


def test_edit_in_a_libreoffice_saved_file_lands(lo_built, tmp_path):
    kind, issue, ws0, built, saved = lo_built
    ws = tmp_path / "ws"
    shutil.copytree(ws0, ws)
    doc = tmp_path / "reviewed.docx"
    d = docx.Document(str(saved))
    body = [p for p in d.paragraphs if p.style.name == "正文" and len(p.text) > 40]
    target = body[3]
    word = next(ch for ch in target.runs[-1].text if "\u4e00" <= ch <= "\u9fff")
    replace_in_runs(target, word, word + "（审）")
    d.save(str(doc))
    folder = ws / "articles" / issue
    files = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()}
    res = sync(ws, issue, doc, "--yes")
    assert res.exit_code == 0, res.output
    changed = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()
               and p.read_text(encoding="utf-8") != files[p.name]}
    assert len(changed) == 1, res.output
    (name, text), = changed.items()
    before = files[name]
    # exactly the inserted characters, nowhere else
    assert len(text) == len(before) + 3 and text.replace(word + "（审）", word, 1) == before
    rebuilt = build(ws, issue, tmp_path / "rebuilt")
    assert article_texts(rebuilt) == article_texts(doc)


@pytest.mark.parametrize("case", CASES)
def test_every_paragraph_edited(case, tmp_path):
    """Characters inserted at the start, the middle and the end of every paragraph and one
    deleted near the start, one table cell edited per table: after the sync the rebuilt
    DOCX reads exactly like the reviewed one (the sample has bold lead-ins, lists, a YAML
    article, captions; the corpus its own real Markdown)."""
    kind, issue = case
    ws = _ws(kind, tmp_path / "ws")
    doc = tmp_path / "reviewed.docx"
    d = docx.Document(str(build(ws, issue, tmp_path / "out")))
    edited = 0
    for p in d.paragraphs:
        if p.style.name in ("正文", "点评", "小标题1", "小标题2", "标题", "图题") and p.runs and len(p.runs[0].text) > 4:
            first = p.runs[0]
            first.text = "首" + first.text[:2] + first.text[3:]
            longest = max(p.runs, key=lambda r: len(r.text))
            k = len(longest.text) // 2
            longest.text = longest.text[:k] + "中" + longest.text[k:]
            p.runs[-1].text += "尾"
            edited += 1
    for t in d.tables:
        cell = t.rows[1].cells[0]
        cell.paragraphs[0].runs[0].text += "改"
    d.save(str(doc))
    res = sync(ws, issue, doc, "--yes")
    assert res.exit_code == 0, res.output
    assert "未同步" not in res.output and "冲突" not in res.output
    assert edited > 50
    assert article_texts(build(ws, issue, tmp_path / "rebuilt")) == article_texts(doc)
    assert "没有变化" in sync(ws, issue, doc, "--yes").output
