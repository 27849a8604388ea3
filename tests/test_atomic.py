"""Atomic writes keep the permissions of the file they replace (check --fix, import)."""

from __future__ import annotations

import os
import stat

import pytest

from helpers import GOOD_ARTICLE, run, workspace

from qcbrief.atomic import new_file_mode, write_atomic


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_fix_keeps_the_article_mode(tmp_path):
    root = workspace(tmp_path / "ws", {"a01.md": GOOD_ARTICLE.replace("12家医院", "12家医院,")})
    art = root / "articles" / "T" / "a01.md"
    os.chmod(art, 0o664)
    result = run("check", "--root", str(root), "--fix")
    assert result.exit_code in (0, 1), result.output
    assert "12家医院，" in art.read_text(encoding="utf-8")  # the fix was written
    assert stat.S_IMODE(art.stat().st_mode) == 0o664
    assert [p.name for p in art.parent.iterdir() if p.name.startswith(".")] == []  # no temp file left


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_new_file_gets_the_usual_mode(tmp_path):
    target = tmp_path / "sub" / "new.md"
    write_atomic(target, "正文。\n".encode("utf-8"))
    assert target.read_text(encoding="utf-8") == "正文。\n"
    assert stat.S_IMODE(target.stat().st_mode) == new_file_mode()
