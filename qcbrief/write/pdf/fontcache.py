"""Make a CFF (PostScript-outline) OpenType font usable by reportlab.

reportlab embeds TrueType (glyf) fonts only.  A CFF font is subset to the
characters a document needs (fontTools.subset), its cubic outlines are
converted to quadratic ones (Cu2QuPen -> TTGlyphPen) into a `glyf` table and
the result is saved as a .ttf in a per-user cache.  The cache file name is a
hash of the source file (path, size, mtime, subfont index), the character set
and the converter version, so a second build with the same text reuses it; a
cached file made for a larger character set is reused as well.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

CONVERTER_VERSION = "1"
MAX_ERR = 1.0  # cu2qu tolerance in font units (of 1000/em): invisible at print sizes
KEEP_PER_SOURCE = 12  # cached conversions kept per source font (oldest removed first)


# --------------------------------------------------------------------------- character sets
def _gb2312_rows(first: int, last: int) -> str:
    out = []
    for row in range(first, last + 1):
        for cell in range(0xA1, 0xFF):
            try:
                out.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


_GB2312_SYMBOLS: str | None = None
_GB2312_HANZI: str | None = None


def gb2312_symbols() -> str:
    """GB2312 rows 1-9: punctuation, numerals, full-width ASCII, kana, Greek, Cyrillic, pinyin, box drawing."""
    global _GB2312_SYMBOLS
    if _GB2312_SYMBOLS is None:
        _GB2312_SYMBOLS = _gb2312_rows(0xA1, 0xA9)
    return _GB2312_SYMBOLS


def gb2312_hanzi() -> str:
    """The 6,763 GB2312 hanzi (level 1: 3,755, level 2: 3,008)."""
    global _GB2312_HANZI
    if _GB2312_HANZI is None:
        _GB2312_HANZI = _gb2312_rows(0xB0, 0xF7)
    return _GB2312_HANZI


# Printed by the writers whatever the articles say (page numbers, labels, draft mark, TOC).
ALWAYS = "— –-…·　 0123456789草稿目录按点评报分送抄印发共份期第总年月日（）〔〕《》“”‘’、，。：；？！％‰№℃"


def base_chars() -> set[str]:
    """Characters every converted font carries: ASCII, full-width forms, GB2312 symbols."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}
    chars |= set(gb2312_symbols()) | set(ALWAYS)
    return chars


# --------------------------------------------------------------------------- cache directory
def cache_dir() -> Path:
    """$QCBRIEF_CACHE/fonts, else the platform's per-user cache; a temp dir if that is not writable."""
    env = os.environ.get("QCBRIEF_CACHE")
    if env:
        base = Path(env).expanduser()
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "qcbrief" / "Cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "qcbrief"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qcbrief"
    for d in (base / "fonts", Path(tempfile.gettempdir()) / "qcbrief-cache" / "fonts"):
        try:
            d.mkdir(parents=True, exist_ok=True)
            if os.access(d, os.W_OK):
                return d
        except OSError:
            continue
    raise OSError("no writable cache directory")


def _source_key(src: Path, index: int) -> str:
    st = src.stat()
    h = hashlib.sha256(f"{src.resolve()}|{st.st_size}|{st.st_mtime_ns}|{index}|{CONVERTER_VERSION}".encode())
    return h.hexdigest()[:16]


def _chars_key(codepoints: set[int]) -> str:
    h = hashlib.sha256(",".join(map(str, sorted(codepoints))).encode())
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- cmaps
_CMAPS: dict[tuple, frozenset[int]] = {}


def read_cmap(path: Path, index: int = 0) -> frozenset[int]:
    """Code points mapped by a font's cmap (cached per process by path, index, size and mtime)."""
    st = path.stat()
    key = (str(path), index, st.st_size, st.st_mtime_ns)
    hit = _CMAPS.get(key)
    if hit is None:
        hit = _CMAPS[key] = _disk_cmap(key) or frozenset()
    if not hit:
        from fontTools.ttLib import TTFont  # only on a cache miss: importing fontTools costs ≈0.1 s

        with TTFont(str(path), fontNumber=index, lazy=True) as f:
            cmap = f.getBestCmap() or {}
        hit = _CMAPS[key] = frozenset(cmap)
        _save_cmap(key, hit)
    return hit


# Reading a cmap with fontTools also parses the glyph names ('post'): a second or more per
# large CJK font, and the system-font search reads every installed Chinese font.  The code
# points are kept on disk (cache_dir()/cmaps, one small file per font version), so later
# builds read an array instead of the font.
def _cmap_file(key: tuple) -> Path:
    return cache_dir() / "cmaps" / (hashlib.sha256(repr(key).encode()).hexdigest()[:24] + ".u32")


def _disk_cmap(key: tuple) -> frozenset[int] | None:
    from array import array

    try:
        data = _cmap_file(key).read_bytes()
        codes = array("I")
        codes.frombytes(data)
        return frozenset(codes)
    except (OSError, ValueError):
        return None


def _save_cmap(key: tuple, codes: frozenset[int]) -> None:
    from array import array

    target = _cmap_file(key)
    try:
        target.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".u32", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(array("I", sorted(codes)).tobytes())
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only cache only costs time


def font_info(path: Path, index: int, read):
    """read(path, index) -> JSON-able facts about a font file, kept on disk per font
    version (cache_dir()/info) so that later builds need not open it with fontTools."""
    import json

    st = path.stat()
    key = (str(path.resolve()), index, st.st_size, st.st_mtime_ns)
    target = cache_dir() / "info" / (hashlib.sha256(repr(key).encode()).hexdigest()[:24] + ".json")
    try:
        return json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    info = read(path, index)
    try:
        target.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        pass
    return info


# --------------------------------------------------------------------------- conversion
def _to_truetype(font) -> None:
    """Replace the CFF table of a (subset) TTFont by quadratic glyf outlines, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphset)
        glyphset[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)  # computes bounding boxes
    hmtx = font["hmtx"]
    for name, g in glyf.glyphs.items():
        if hasattr(g, "xMin"):
            hmtx[name] = (hmtx[name][0], g.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = max((len(getattr(g, "components", []) or []) for g in glyphs.values()), default=0)
    maxp.compile(font)  # fills numGlyphs, maxPoints, maxContours ...
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    try:
        post.compile(font)
    except OverflowError:
        post.formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def convert(src: Path, chars: set[str], index: int = 0) -> Path:
    """A cached TrueType subset of src (CFF .otf/.ttc) covering chars (as far as src has them)."""
    src = Path(src)
    wanted = {ord(c) for s in chars for c in s} | {ord(c) for c in base_chars()}
    available = read_cmap(src, index)
    needed = wanted & available
    folder = cache_dir()
    skey = _source_key(src, index)
    target = folder / f"{src.stem}-{skey}-{_chars_key(needed)}.ttf"
    if target.is_file():
        return target
    # A file converted earlier for a larger character set serves as well.
    best = None
    for cand in folder.glob(f"{src.stem}-{skey}-*.ttf"):
        try:
            if needed <= read_cmap(cand) and (best is None or cand.stat().st_size < best.stat().st_size):
                best = cand
        except Exception:  # a damaged cache file: ignore, it will be pruned
            continue
    if best is not None:
        return best

    from fontTools import subset  # only when converting: importing it costs ≈0.2 s
    from fontTools.ttLib import TTFont

    opts = subset.Options()
    opts.font_number = index
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.desubroutinize = True
    opts.glyph_names = False
    opts.recalc_bounds = True
    font = TTFont(str(src), fontNumber=index, lazy=False)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(needed))
    sub.subset(font)
    if "glyf" not in font:
        _to_truetype(font)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".ttf", dir=folder)
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, target)
    finally:
        font.close()
        if os.path.exists(tmp):
            os.unlink(tmp)
    _prune(folder, f"{src.stem}-{skey}-", keep=target)
    _prune_stale(folder, src.stem, skey)
    return target


def _prune(folder: Path, prefix: str, keep: Path) -> None:
    files = sorted(folder.glob(prefix + "*.ttf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_PER_SOURCE:]:
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass


def _prune_stale(folder: Path, stem: str, skey: str) -> None:
    """Remove conversions of an older version of the same font (other key) unused for 30 days."""
    limit = time.time() - 30 * 86400
    for old in folder.glob(f"{stem}-*.ttf"):
        if f"-{skey}-" not in old.name:
            try:
                if old.stat().st_mtime < limit:
                    old.unlink()
            except OSError:
                pass
