"""Compiled regular expressions kept on disk between runs of `check` and `build`.

Python's `re` turns a character class into a bitmap by visiting every code
point of each of its ranges, one at a time, in Python code
(`re._compiler._optimize_charset`): a class of CJK ideographs such as
`[〇㐀-䶿一-鿿豈-﫿𠀀-𱍏]` (≈28 000 BMP code points) costs 2–5 ms to compile,
whichever way it is written (ranges or listed characters), and the check
rules, PyYAML and markdown-it compile ≈175 patterns on every start: 80–130 ms
of the ≈250 ms `qcbrief check ONE.md` took, run on every save.

What `re` makes of a pattern — its flags, its SRE code (a list of integers),
its group count and names — is written with `marshal` to
<cache>/regex/<command>-<python>.marshal, keyed by the exact interpreter (`sys.version`
and `_sre.MAGIC`).  The next run rebuilds the Pattern objects with
`_sre.compile`, the call `re` itself ends with, and puts them in `re`'s own
cache (`re._cache`), so that `re.compile(...)` anywhere — the rules, PyYAML,
markdown-it — returns them without compiling.  An entry is written only after
checking that the pattern it rebuilds is equal to the one `re` compiled
(Pattern equality compares the pattern, the flags and the code), and the file
carries a CRC, so a restored pattern is the one `re` would make.  Any problem
(another interpreter, a damaged or missing file, `re` internals not as
expected, a read-only cache) falls back to compiling, as before: the cache
only ever costs or saves time (tests/test_regexcache.py).
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import zlib

FORMAT = "1"
MAX_ENTRIES = 400  # re keeps at most re._MAXCACHE (512) patterns: leave room for the rest
_loaded: dict[str, dict] = {}  # command -> entries restored (or {} when there was no usable file)


def _internals():
    """(_sre, re._parser, re._compiler), or None when this `re` is not the one this module knows."""
    try:
        import _sre
        from re import _compiler, _parser
    except ImportError:
        return None
    if not (isinstance(getattr(re, "_cache", None), dict) and hasattr(_compiler, "_code")
            and hasattr(_parser, "parse") and hasattr(_sre, "compile") and hasattr(_sre, "MAGIC")):
        return None
    return _sre, _parser, _compiler


def _tag() -> str:
    import _sre

    return f"{FORMAT}|{sys.version}|{_sre.MAGIC}|{getattr(_sre, 'CODESIZE', '')}"


def cache_file(command: str) -> str:
    """$QCBRIEF_CACHE/regex/<command>-<python>.marshal, else under the platform's per-user cache
    (the same base folder as the font cache)."""
    env = os.environ.get("QCBRIEF_CACHE")
    if env:
        base = os.path.expanduser(env)
    elif sys.platform == "win32":
        base = os.path.join(os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local"),
                            "qcbrief", "Cache")
    elif sys.platform == "darwin":
        base = os.path.join(os.path.expanduser("~"), "Library", "Caches", "qcbrief")
    else:
        base = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                            "qcbrief")
    # one file per interpreter (cpython-311…): two Pythons in turn do not overwrite each other's
    return os.path.join(base, "regex", f"{command}-{sys.implementation.cache_tag}.marshal")


def preload(command: str) -> int:
    """Put the patterns kept for `command` into re's cache; how many were restored."""
    _loaded[command] = {}
    parts = _internals()
    if parts is None:
        return 0
    _sre = parts[0]
    try:
        with open(cache_file(command), "rb") as fh:
            raw = fh.read()
        crc, body = raw[:4], raw[4:]
        if int.from_bytes(crc, "big") != zlib.crc32(body):
            return 0
        tag, entries = marshal.loads(body)
        if tag != _tag() or not isinstance(entries, dict):
            return 0
        cache = re._cache
        room = getattr(re, "_MAXCACHE", 512) - len(cache) - 64
        if len(entries) > room:
            return 0
        built = {}
        for (pattern, flags), (final, code, groups, groupindex, indexgroup) in entries.items():
            built[(str, pattern, flags)] = _sre.compile(pattern, final, code, groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - missing, damaged, foreign: compile as usual
        return 0
    for key, pat in built.items():
        cache.setdefault(key, pat)
    _loaded[command] = entries
    return len(built)


def _entry(pattern: str, flags: int, compiled, parts):
    """What to keep for a pattern re compiled: the arguments of _sre.compile, checked
    to rebuild a pattern equal to `compiled`; None when they do not."""
    _sre, _parser, _compiler = parts
    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]
    groupindex = {str(k): int(v) for k, v in p.state.groupdict.items()}
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    entry = (int(flags | p.state.flags), code, p.state.groups - 1, groupindex, tuple(indexgroup))
    rebuilt = _sre.compile(pattern, *entry)
    if rebuilt != compiled or rebuilt.groupindex != compiled.groupindex or rebuilt.groups != compiled.groups:
        return None
    return entry


def save_new(command: str) -> int:
    """Keep the patterns this run compiled that the cache did not have; how many were added."""
    if command not in _loaded:
        return 0
    parts = _internals()
    if parts is None:
        return 0
    old = _loaded[command]
    new = {}
    try:
        for (kind, pattern, flags), compiled in list(re._cache.items()):
            if kind is not str or (pattern, flags) in old or flags & re.DEBUG:
                continue
            entry = _entry(pattern, flags, compiled, parts)
            if entry is not None:
                new[(pattern, flags)] = entry
    except Exception:  # noqa: BLE001 - re's internals not as expected: keep no cache
        return 0
    if not new:
        return 0
    entries = {**old, **new}
    if len(entries) > MAX_ENTRIES:  # the newest ones (this run's) are kept
        entries = dict(list(entries.items())[-MAX_ENTRIES:])
    try:
        body = marshal.dumps((_tag(), entries))
    except ValueError:
        return 0
    from pathlib import Path

    from .atomic import write_atomic

    try:
        write_atomic(Path(cache_file(command)), zlib.crc32(body).to_bytes(4, "big") + body)
    except OSError:
        return 0  # a read-only cache only costs time
    _loaded[command] = entries
    return len(new)
