"""Each TrueType font embedded once, as a CIDFontType2 (Type0, Identity-H) subset.

reportlab embeds a TrueType font as 8-bit subsets of 256 characters: a CJK
font used for 900 characters becomes four separate embedded fonts, each with
its own tables, /Widths and ToUnicode, and a line of text switches between
them every few characters (a font change and a new position each time: most
of the content streams).  Here each registered font is embedded once:

- characters get 2-byte codes (CIDs) in the order of first use in the
  document, so text is one string per run of one style;
- at save time one TrueType subset of the glyphs used is made (font_subset):
  by reportlab's makeSubset for fonts without hinting programs (fast, glyphs
  copied byte for byte), by fontTools' subsetter for hinted fonts — without
  hinting, layout tables, glyph names or bitmaps (the PDF needs outlines and
  metrics only), kept on disk (fontcache.cache_dir()/subsets, per font version
  and character sequence, the last KEEP_PER_FONT per font version);
- a /CIDToGIDMap maps each CID to its glyph in the subset, /W gives reportlab's
  widths (the ones the composer placed glyphs with), and the ToUnicode CMap
  maps each CID back to its character.

The output is byte-reproducible: the subset tag derives from the characters,
and fontTools does not stamp the time into `head`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

FORMAT = "3"  # part of the subset cache key: change it with the subset options
# tables a PDF renderer never reads from an embedded TrueType font
DROP_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "EBDT", "EBLC", "EBSC", "CBDT", "CBLC",
               "sbix", "vhea", "vmtx", "VORG", "kern", "morx", "mort", "feat", "hdmx", "LTSH", "VDMX",
               "gasp", "meta", "PCLT", "MATH", "COLR", "CPAL", "SVG ", "STAT", "fvar", "gvar", "avar",
               "HVAR", "MVAR", "VVAR", "cvar", "FFTM", "BDF ", "PfEd", "TeX ", "Feat", "Silf", "Glat", "Gloc", "Sill",
               "cmap"]  # a CIDFontType2 maps codes to glyphs by its /CIDToGIDMap (ISO 32000-1 9.9)


MAX_CID = 0xFFFF  # 2-byte codes; a TrueType font has at most 65535 glyphs


class _State:
    """Codes of one font in one document."""

    def __init__(self):
        self.codes: dict[int, str] = {}  # code point -> chr(CID)
        self.chars: list[int] = []  # code point of CID k + 1
        self.known: set[str] = set()  # characters with a code (checked at C speed)
        self.name: str | None = None  # PDF resource name, "/F3"


def subset_bytes(path: Path, index: int, gids: list[int], unicodes: list[int]) -> tuple[bytes, dict[int, int]]:
    """(TrueType subset holding gids, original glyph id -> glyph id in the subset)."""
    import logging

    from fontTools import subset as fts
    from fontTools.ttLib import TTFont

    # "XXXX NOT subset; don't know how to subset; dropped": tables the PDF does not need
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    opts = fts.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.name_IDs = [1, 2, 3, 4, 5, 6]  # no copyright / licence texts
    opts.name_languages = [0x0409]
    opts.drop_tables = list(dict.fromkeys(opts.drop_tables + DROP_TABLES))
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = False  # needs the cmap, dropped
    if hasattr(opts, "prune_codepage_ranges"):
        opts.prune_codepage_ranges = False
    # recalcBBoxes=False: glyphs copied as they are (their own boxes are right; head and maxp
    # keep the whole font's bounds, still true bounds of the subset)
    font = TTFont(str(path), fontNumber=index, lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    # Dropping hinting decompiles and recompiles every glyph (80 % of the time: 2 s for 900
    # glyphs of AR PL UMing); a font without hinting programs has nothing to drop, and its
    # glyphs are copied as they are.
    opts.hinting = not any(tag in font for tag in ("fpgm", "prep", "cvt "))
    try:
        order = font.getGlyphOrder()
        names = [order[g] for g in gids]
        sub = fts.Subsetter(opts)
        sub.populate(glyphs=names, unicodes=unicodes)
        sub.subset(font)
        new = {name: k for k, name in enumerate(font.getGlyphOrder())}
        import io

        buf = io.BytesIO()
        font.save(buf)
    finally:
        font.close()
    return buf.getvalue(), {g: new[n] for g, n in zip(gids, names)}


KEEP_PER_FONT = 6  # subsets kept per font version: the issue being edited changes its characters


def _cache_file(font_key: str, key: str) -> Path:
    from .fontcache import cache_dir

    return cache_dir() / "subsets" / f"{font_key}-{key}.bin"


def _prune(target: Path, font_key: str) -> None:
    """Keep the KEEP_PER_FONT most recent subsets of one font version."""
    try:
        old = sorted(target.parent.glob(f"{font_key}-*.bin"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for p in old[KEEP_PER_FONT:]:
            if p != target:
                p.unlink()
    except OSError:
        pass


def cached_subset(path: Path, index: int, gids: list[int], unicodes: list[int]) -> tuple[bytes, list[int]]:
    """subset_bytes, from the disk cache when it has it: (font bytes, new glyph id per gid)."""
    import marshal

    from .ttfcache import _key

    try:
        font_key = _key(path, index)
        key = hashlib.sha256(f"{FORMAT}|{gids}|{unicodes}".encode()).hexdigest()[:32]
    except OSError:
        key = None
    if key:
        try:
            hit = _cache_file(font_key, key)
            data, new = marshal.loads(hit.read_bytes())
            if isinstance(data, bytes) and isinstance(new, list) and len(new) == len(gids):
                os.utime(hit)  # recently used: pruned last
                return data, new
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data, mapping = subset_bytes(path, index, gids, unicodes)
    new = [mapping[g] for g in gids]
    if key:
        target = _cache_file(font_key, key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps((data, new)))
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only cache only costs time
        _prune(target, font_key)
    return data, new


HINTING_PROGRAMS = ("fpgm", "prep")


def font_subset(face, path: Path, index: int, chars: list[int]) -> tuple[bytes, list[int]]:
    """(TrueType subset, glyph id in it of each character) for a reportlab face.

    A font without hinting programs (AR PL UMing/UKai, WenQuanYi…) is subset by
    reportlab's own `makeSubset`, from the face already in memory: glyph data copied
    byte for byte (≈0.1 s for the four fonts of a 20-article issue) — what reportlab embedded before, one font
    instead of one per 256 characters, with a 'cmap' that is never read. A hinted
    font (SimSun, SimFang… on an office computer) goes through fontTools' subsetter,
    which drops the instructions (often half of a hinted glyph's bytes) but
    decompiles every glyph: 1–2 s, kept in the subset cache."""
    c2g = face.charToGlyph
    if any(tag in face.table for tag in HINTING_PROGRAMS):
        return cached_subset(path, index, [c2g.get(cp, 0) for cp in chars], chars)
    # glyphs in the font's own order: neighbours there look alike (AR PL fonts are sorted by
    # radical), which deflates 6 % smaller than the order of first use
    by_glyph = sorted(chars, key=lambda cp: (c2g.get(cp, 0), cp))
    data = face.makeSubset(by_glyph)
    # makeSubset's glyph order: .notdef, then each character's glyph at its first use in by_glyph
    slot: dict[int, int] = {0: 0}
    for cp in by_glyph:
        g = c2g.get(cp, 0)
        if g not in slot:
            slot[g] = len(slot)
    return data, [slot[c2g.get(cp, 0)] for cp in chars]


class _Flate9:
    """reportlab's Flate filter at zlib's level 9 (the page contents get it in Drawer.save)."""

    pdfname = "FlateDecode"

    def encode(self, data):
        import zlib

        return zlib.compress(data.encode("utf8") if isinstance(data, str) else data, 9)


_FLATE9 = _Flate9()


def _tag(chars: list[int], name: bytes) -> str:
    """Six capital letters naming the subset (ISO 32000 9.6.4), from its content."""
    h = hashlib.sha256(name + b"|" + ",".join(map(str, chars)).encode()).digest()
    return "".join(chr(65 + b % 26) for b in h[:6])


def to_unicode_cmap(name: str, chars: list[int]) -> bytes:
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             f"/CMapName /{name}-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for start in range(0, len(chars), 100):
        block = chars[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        for k, cp in enumerate(block, start=start + 1):
            lines.append(f"<{k:04X}> <{chr(cp).encode('utf-16-be').hex().upper()}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _widths(widths: list) -> list:
    """/W array: runs of one width as `first last w`, the rest as `first [w …]`."""
    from reportlab.pdfbase import pdfdoc

    out: list = []
    k, n = 0, len(widths)
    while k < n:
        j = k
        while j + 1 < n and widths[j + 1] == widths[k]:
            j += 1
        if j - k >= 3:
            out += [k + 1, j + 1, widths[k]]
            k = j + 1
            continue
        j = k
        # a list up to the next run of four equal widths
        while j < n and not (j + 3 < n and widths[j] == widths[j + 1] == widths[j + 2] == widths[j + 3]):
            j += 1
        out += [k + 1, pdfdoc.PDFArray(widths[k:j])]
        k = j
    return out


def _number(x: float):
    return int(x) if float(x).is_integer() else round(float(x), 3)


def make_cid_font(font, path: Path, index: int):
    """Turn a reportlab TTFont into one embedded Type0 font per document."""
    font.__class__ = _cid_class()
    font._qc_source = (Path(path), index)
    return font


_CLASS = None


def _cid_class():
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont

    class CIDTTFont(TTFont):
        """A reportlab TTFont drawn with 2-byte codes and embedded as one CIDFontType2."""

        def _cid_state(self, doc) -> _State:
            st = self.state.get(doc)
            if not isinstance(st, _State):
                st = self.state[doc] = _State()
            return st

        def cid_table(self, text: str, doc) -> dict[int, str]:
            """code point -> chr(CID) for every character of text (new ones numbered)."""
            st = self._cid_state(doc)
            codes = st.codes
            for ch in text:
                cp = ord(ch)
                if cp not in codes:
                    if len(st.chars) >= MAX_CID:
                        from ...errors import QcbriefError

                        raise QcbriefError(f"PDF 中同一字体用到的不同字符超过 {MAX_CID} 个，无法嵌入字体。")
                    st.chars.append(cp)
                    codes[cp] = chr(len(st.chars))  # CIDs 1…0xFFFF (surrogate code units pass as 2 bytes)
            return codes

        def cid_encode(self, text: str, doc) -> bytes:
            st = self._cid_state(doc)
            if not st.known.issuperset(text):
                self.cid_table(text, doc)
                st.known.update(text)
            return text.translate(st.codes).encode("utf-16-be", "surrogatepass")

        def splitString(self, text, doc, encoding="utf-8"):
            if isinstance(text, bytes):
                text = text.decode(encoding)
            return [(0, self.cid_encode(text, doc))]

        def getSubsetInternalName(self, subset, doc):
            st = self._cid_state(doc)
            if st.name is None:
                st.name = "/F%d" % (len(doc.fontMapping) + 1)
                doc.fontMapping[self.fontName] = st.name
                doc.delayedFonts.append(self)
            return st.name

        def addObjects(self, doc):
            st = self._cid_state(doc)
            del self.state[doc]
            if not st.chars:
                return
            face = self.face
            path, index = self._qc_source
            data, new = font_subset(face, path, index, st.chars)
            base = f"{_tag(st.chars, bytes(face.name))}+{bytes(face.name).decode('latin-1')}"
            internal = st.name[1:]

            font_file = pdfdoc.PDFStream()
            font_file.content = data
            font_file.dictionary["Length1"] = len(data)
            cid_map = pdfdoc.PDFStream()
            cid_map.content = b"\0\0" + b"".join(g.to_bytes(2, "big") for g in new)
            cmap = pdfdoc.PDFStream()
            cmap.content = to_unicode_cmap(internal, st.chars)
            for s in (font_file, cid_map, cmap):
                if doc.compression:
                    s.filters = [_FLATE9]
            flags = (face.flags & ~32) | 4  # symbolic, not non-symbolic (as reportlab)
            descriptor = pdfdoc.PDFDictionary({
                "Type": pdfdoc.PDFName("FontDescriptor"),
                "FontName": pdfdoc.PDFName(base),
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(face.bbox),
                "ItalicAngle": face.italicAngle,
                "Ascent": face.ascent,
                "Descent": face.descent,
                "CapHeight": face.capHeight,
                "StemV": face.stemV,
                "FontFile2": doc.Reference(font_file, f"fontFile:{internal}"),
            })
            widths = [_number(face.getCharWidth(cp)) for cp in st.chars]
            cid_font = pdfdoc.PDFDictionary({
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("CIDFontType2"),
                "BaseFont": pdfdoc.PDFName(base),
                "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                                       "Ordering": pdfdoc.PDFString("Identity"),
                                                       "Supplement": 0}),
                "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{internal}"),
                "DW": 1000,
                "W": pdfdoc.PDFArray(_widths(widths)),
                "CIDToGIDMap": doc.Reference(cid_map, f"cidToGid:{internal}"),
            })
            type0 = pdfdoc.PDFDictionary({
                "Type": pdfdoc.PDFName("Font"),
                "Subtype": pdfdoc.PDFName("Type0"),
                "BaseFont": pdfdoc.PDFName(base),
                "Encoding": pdfdoc.PDFName("Identity-H"),
                "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"cidFont:{internal}")]),
                "ToUnicode": doc.Reference(cmap, f"toUnicodeCMap:{internal}"),
            })
            ref = doc.Reference(type0, internal)
            doc.idToObject["BasicFonts"].dict[internal] = ref

    _CLASS = CIDTTFont
    return _CLASS
