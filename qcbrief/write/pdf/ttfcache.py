"""reportlab's parsed TrueType faces, kept on disk between builds.

Registering a font in reportlab (`TTFont(...)`) parses the whole file: the
cmap, the metrics and the glyph offsets of every glyph — 0.1–0.6 s for each
large CJK font, on every build, for the same system fonts.  What the parse
produces (`TTFontFace.__dict__` without the file's bytes: a few dicts and
lists of numbers) is written with `marshal` to cache_dir()/faces, one file per
font version (path, subfont index, size, mtime) and reportlab version; a later
build restores it and reads the file's bytes, which reportlab needs for the
subsets it embeds.  The restored face is the same data, so the PDF is byte for
byte the one a fresh parse gives (tests/test_reproducible.py).  Any problem
with the cache (missing, stale, another reportlab) falls back to the parse.

The faces also leave the licence text out of the 'name' table reportlab copies
into every embedded subset (trim_name_table) — for reportlab's own 8-bit
embedding; the fonts load_ttfont returns are embedded by cidfont.py, whose
fontTools subsets keep only the family/style/version names.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path

FORMAT = "1"
_NAME_FIELDS = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
_SKIP = ("_ttf_data", "_pdfScale")


def _key(path: Path, index: int) -> str:
    import reportlab

    st = path.stat()
    raw = f"{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}|{reportlab.Version}|{FORMAT}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _file(key: str) -> Path:
    from .fontcache import cache_dir

    return cache_dir() / "faces" / f"{key}.marshal"


def _scale(units_per_em: int):
    # as reportlab's extractInfo defines it
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _save(key: str, face) -> None:
    state = {k: v for k, v in face.__dict__.items() if k not in _SKIP}
    for k in _NAME_FIELDS:
        if k in state:
            state[k] = bytes(state[k])
    try:
        data = marshal.dumps(state)
    except ValueError:
        return  # an attribute marshal cannot write: keep parsing this font
    target = _file(key)
    try:
        target.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".marshal", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only cache only costs time


def _restore(key: str, path: Path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    try:
        state = marshal.loads(_file(key).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(state, dict) or "charToGlyph" not in state or "unitsPerEm" not in state:
        return None
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    for k in _NAME_FIELDS:
        if k in state:
            state[k] = TTFNameBytes(state[k])
    face.__dict__.update(state)
    face._pdfScale = _scale(state["unitsPerEm"])
    face._ttf_data = path.read_bytes()
    return face


DROPPED_NAMES = frozenset({13})  # the licence text: 20 KB in each subset of the AR PL fonts


def trim_name_table(data: bytes) -> bytes:
    """A 'name' table without the records of DROPPED_NAMES.

    reportlab copies the font's whole 'name' table into every subset it embeds
    (a CJK font is embedded as one subset per 256 characters used); the PDF
    needs none of it (ISO 32000 9.9), and the licence description alone is
    20 KB (7 KB compressed) per subset in AR PL UMing/UKai.  The copyright
    notice, names, version and licence URL are kept."""
    import struct

    try:
        fmt, count, offset = struct.unpack_from(">HHH", data, 0)
        if fmt != 0:
            return data
        records, strings = [], bytearray()
        for k in range(count):
            pid, eid, lid, nid, length, off = struct.unpack_from(">6H", data, 6 + 12 * k)
            if nid in DROPPED_NAMES:
                continue
            raw = data[offset + off:offset + off + length]
            if len(raw) != length:
                return data
            records.append((pid, eid, lid, nid, length, len(strings)))
            strings += raw
    except struct.error:
        return data
    head = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    return head + b"".join(struct.pack(">6H", *r) for r in records) + bytes(strings)


_FACE_CLASS = None


def _embedding_face(face):
    """The face, its subsets' 'name' table trimmed (see trim_name_table)."""
    global _FACE_CLASS
    if _FACE_CLASS is None:
        from reportlab.pdfbase.ttfonts import TTFontFace

        class TrimmedNameFace(TTFontFace):
            def get_table(self, tag):
                data = TTFontFace.get_table(self, tag)
                return trim_name_table(data) if tag == "name" else data

        _FACE_CLASS = TrimmedNameFace
    face.__class__ = _FACE_CLASS
    return face


def load_ttfont(name: str, path: Path, index: int):
    """reportlab TTFont `name` for path#index, from the face cache when it can,
    embedded as one CIDFontType2 subset (cidfont.py)."""
    from .cidfont import make_cid_font

    return make_cid_font(_load_ttfont(name, path, index), path, index)


def _load_ttfont(name: str, path: Path, index: int):
    from fnmatch import fnmatch

    from reportlab import rl_config
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    try:
        key = _key(path, index)
    except OSError:
        font = TTFont(name, str(path), subfontIndex=index)
        _embedding_face(font.face)
        return font
    face = _restore(key, path)
    if face is None:
        font = TTFont(name, str(path), subfontIndex=index)
        _save(key, font.face)
        _embedding_face(font.face)
        return font
    from weakref import WeakKeyDictionary

    # what TTFont.__init__ does, with the restored face instead of a new parse
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = _embedding_face(face)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in getattr(ttfonts, "unShapedFontGlob", ()))
    return font
