"""Compiled regular expressions kept between runs (qcbrief/regexcache.py): a
warm `check` compiles no pattern, says exactly what a cold one says, and a
damaged, foreign or unwritable cache only falls back to compiling.
Structural, not timed (speed is in bench/)."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from qcbrief import regexcache

from helpers import GOOD_ARTICLE, REPO, workspace

BAD_ARTICLE = GOOD_ARTICLE.replace("开展督查。", "开展督查,共 12 家医院.").replace("点评：\n\n该中心以督查促整改，做法值得借鉴。\n", "")

# Runs the entry point and reports, after the command's own output, how many
# patterns `re` had to compile (the restored ones are not compiled).
_COUNTING = ("import sys, json, re._compiler as C\n"
             "n = []\n"
             "orig = C.compile\n"
             "def compile(p, flags=0):\n"
             "    n.append(p)\n"
             "    return orig(p, flags)\n"
             "C.compile = compile\n"
             "from qcbrief.entry import main\n"
             "try:\n    main(sys.argv[1:])\n"
             "except SystemExit as e:\n    code = e.code\n"
             "sys.stdout.flush()\n"
             "print('\\nCOMPILED ' + json.dumps([code, [p for p in n if isinstance(p, str)]]))\n")


def _check(ws, cache, *args, hashseed: str = "2"):
    # warm runs use another string-hash seed than the cold run (which uses 1): a pattern built
    # from a set's iteration order would differ between them, and miss the cache every run
    env = dict(os.environ, PYTHONPATH=str(REPO), QCBRIEF_CACHE=str(cache), PYTHONHASHSEED=hashseed)
    proc = subprocess.run([sys.executable, "-c", _COUNTING, "check", *args], capture_output=True, text=True,
                          cwd=ws, env=env)
    out, _, tail = proc.stdout.rpartition("\nCOMPILED ")
    code, compiled = json.loads(tail)
    return (code, out, proc.stderr), compiled


def _file_in(cache) -> str:
    """The check cache file under QCBRIEF_CACHE=cache."""
    return os.path.join(str(cache), "regex", os.path.basename(regexcache.cache_file("check")))


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return workspace(tmp_path_factory.mktemp("rc") / "ws", {"a1.md": BAD_ARTICLE, "a2.md": GOOD_ARTICLE})


@pytest.fixture(scope="module")
def cold(ws, tmp_path_factory):
    """A first run with an empty cache, then the cache it left."""
    cache = tmp_path_factory.mktemp("cache")
    result, compiled = _check(ws, cache, "articles/T/a1.md", hashseed="1")
    return cache, result, compiled


def test_warm_check_compiles_nothing_and_says_the_same(ws, cold):
    cache, result, compiled = cold
    assert result[0] == 1 and "QC105" in result[1]
    assert len(compiled) > 50  # the rules, PyYAML and markdown-it compile their patterns
    assert Path(_file_in(cache)).is_file()
    warm, again = _check(ws, cache, "articles/T/a1.md")
    assert warm == result
    assert again == []
    # JSON findings too (another formatter), still without compiling
    cold_json, _ = _check(ws, cache.parent / "other-cache", "articles/T/a1.md", "--format", "json")
    warm_json, again = _check(ws, cache, "articles/T/a1.md", "--format", "json")
    assert warm_json == cold_json and json.loads(warm_json[1])
    assert again == []


def test_every_kept_pattern_is_the_one_re_compiles(cold):
    cache = cold[0]
    raw = Path(_file_in(cache)).read_bytes()
    assert int.from_bytes(raw[:4], "big") == zlib.crc32(raw[4:])
    tag, entries = marshal.loads(raw[4:])
    assert tag == regexcache._tag()
    import _sre
    from re import _compiler

    assert len(entries) > 50
    for (pattern, flags), args in entries.items():
        fresh = _compiler.compile(pattern, flags)  # not re's cache: a real compile
        kept = _sre.compile(pattern, *args)
        assert kept == fresh and kept.groupindex == fresh.groupindex and kept.groups == fresh.groups, pattern
    # the CJK classes the rules use are among them (what made compiling slow)
    assert any("一-鿿" in p for p, _ in entries)


@pytest.mark.parametrize("damage", ["truncated", "flipped", "foreign", "garbage"])
def test_damaged_cache_falls_back_and_is_rewritten(ws, cold, tmp_path, damage):
    _, result, _ = cold
    folder = tmp_path / "regex"
    folder.mkdir()
    good = Path(_file_in(cold[0])).read_bytes()
    if damage == "truncated":
        bad = good[: len(good) // 2]
    elif damage == "flipped":  # a changed byte in the middle of some pattern's code
        i = len(good) // 2
        bad = good[:i] + bytes([good[i] ^ 0x01]) + good[i + 1:]
    elif damage == "foreign":  # another interpreter's cache, valid CRC
        tag, entries = marshal.loads(good[4:])
        body = marshal.dumps(("1|another python|0|4", entries))
        bad = zlib.crc32(body).to_bytes(4, "big") + body
    else:
        bad = b"\x00" * 64
    Path(_file_in(tmp_path)).write_bytes(bad)
    again, compiled = _check(ws, tmp_path, "articles/T/a1.md")
    assert again == result
    assert compiled  # compiled as usual
    raw = Path(_file_in(tmp_path)).read_bytes()
    assert int.from_bytes(raw[:4], "big") == zlib.crc32(raw[4:])
    assert marshal.loads(raw[4:])[0] == regexcache._tag()


def test_unwritable_cache_only_costs_time(ws, cold, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    again, compiled = _check(ws, blocker / "cache", "articles/T/a1.md")
    assert again == cold[1]
    assert compiled


def test_restored_patterns_leave_room_in_res_cache():
    assert regexcache.MAX_ENTRIES + 64 <= getattr(re, "_MAXCACHE", 512)
