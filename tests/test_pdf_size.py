"""What makes the PDF small, read back from a real build (sizes themselves are in bench/):
one embedded image per distinct picture, Flate streams without ASCII85, one font
program per font file (shared by every role and size), subsets without the font's
licence text, and compact text operators; each font file embedded once as a
CIDFontType2 subset without hinting or layout tables; objects in object streams."""

from __future__ import annotations

import io
import shutil
import zlib
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import StreamObject

from conftest import REPO, make_workspace

from qcbrief.build import BuildContext
from qcbrief.config import load_config
from qcbrief.layout import Layout
from qcbrief.load.issue import load_issue
from qcbrief.wording import Wording
from qcbrief.write.pdf import write_pdf
from qcbrief.write.pdf.ttfcache import trim_name_table


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample issue, with the sample picture also in a second article as a copy under another name."""
    tmp = tmp_path_factory.mktemp("size")
    ws = make_workspace(tmp / "ws", REPO / "articles")
    folder = ws / "articles" / "2026Q1"
    shutil.copy(folder / "images" / "shizhou-dabiaolv.png", folder / "images" / "copy-of-chart.png")
    art = next(p for p in sorted(folder.glob("*.md")) if "images/" not in p.read_text(encoding="utf-8")
               and "点评" in p.read_text(encoding="utf-8"))
    text = art.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\n点评")
    art.write_text(head + "\n\n![同一张图](images/copy-of-chart.png)\n" + sep + tail, encoding="utf-8")
    cfg = load_config(ws)
    b = load_issue(ws, "2026Q1", cfg).bulletin
    ctx = BuildContext(config=cfg, layout=Layout.from_config(cfg), wording=Wording(ws), root=ws)
    out = tmp / "out.pdf"
    write_pdf(b, ctx, out)
    return out


def _objects(path: Path):
    r = PdfReader(str(path))
    for num in range(1, r.trailer["/Size"]):
        try:
            yield r.get_object(num)
        except Exception:  # noqa: BLE001 - free entries
            continue


def test_same_picture_embedded_once(built):
    with pdfplumber.open(built) as pdf:
        drawn = sum(len(p.images) for p in pdf.pages)
    assert drawn >= 2, "the picture is drawn twice"
    images = [o for o in _objects(built) if isinstance(o, StreamObject) and o.get("/Subtype") == "/Image"]
    colour = [o for o in images if o.get("/ColorSpace") != "/DeviceGray"]  # not the alpha masks
    assert len(colour) == 1, f"{len(colour)} copies of one picture"


def test_streams_are_flate_without_ascii85(built):
    streams = [o for o in _objects(built) if isinstance(o, StreamObject)]
    assert streams
    for o in streams:
        filters = o.get("/Filter")
        filters = [filters] if isinstance(filters, str) else list(filters or [])
        assert "/ASCII85Decode" not in filters
        assert filters == ["/FlateDecode"], filters


def test_one_font_program_per_font_file_and_no_licence_text(built):
    """Subsets of one file share one base name (every role and size draws from the same
    registered font), and no subset carries the name table's licence description."""
    bases: dict[str, set[str]] = {}
    for o in _objects(built):
        if isinstance(o, dict) and o.get("/Type") == "/FontDescriptor":
            name = str(o["/FontName"])[1:]
            prefix, base = name.split("+", 1)
            bases.setdefault(base, set()).add(prefix)
            font = TTFont(io.BytesIO(o["/FontFile2"].get_object().get_data()))
            if "name" in font:
                assert all(rec.nameID != 13 for rec in font["name"].names), name
                assert any(rec.nameID in (1, 4, 6) for rec in font["name"].names), name
    assert bases
    for base, prefixes in bases.items():  # reportlab: prefixes AAAAAA, AAAAAB … = 256-glyph subsets
        assert len(prefixes) == len(set(prefixes))


def test_text_operators_are_written_once_per_change(built):
    r = PdfReader(str(built))
    page = next(p for p in r.pages if len(p.extract_text()) > 300)
    data = page.get_contents().get_data().decode("latin-1")
    assert " Tm" not in data and " TL" not in data
    assert data.count(" Tz") <= data.count("BT")  # scaling written when it changes, not per piece
    tj = data.count(" Tj")
    assert data.count(" Tf") < tj and tj > 50


def test_trim_name_table_keeps_names_drops_licence():
    """A name table in format 0 with a licence record: the record goes, the others stay intact."""
    import struct

    records = [(3, 1, 0x409, 1, "Fam".encode("utf-16-be")), (3, 1, 0x409, 13, ("x" * 500).encode("utf-16-be")),
               (3, 1, 0x409, 0, "(c) Someone".encode("utf-16-be"))]
    strings, heads = b"", b""
    for pid, eid, lid, nid, raw in records:
        heads += struct.pack(">6H", pid, eid, lid, nid, len(raw), len(strings))
        strings += raw
    table = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records)) + heads + strings
    out = trim_name_table(table)
    fmt, count, offset = struct.unpack_from(">HHH", out, 0)
    got = []
    for k in range(count):
        pid, eid, lid, nid, length, off = struct.unpack_from(">6H", out, 6 + 12 * k)
        got.append((nid, out[offset + off:offset + off + length].decode("utf-16-be")))
    assert got == [(1, "Fam"), (0, "(c) Someone")]
    assert trim_name_table(b"\x00\x01junk") == b"\x00\x01junk"  # not format 0: unchanged
    assert len(zlib.compress(out)) < len(zlib.compress(table))


# --------------------------------------------------------------------------- CID fonts, object streams
HINTING_AND_UNUSED = {"fpgm", "prep", "GSUB", "GPOS", "GDEF", "EBDT", "EBLC", "EBSC", "DSIG", "vhea",
                      "vmtx", "kern", "hdmx", "LTSH", "VDMX", "gasp"}


def _fonts(path: Path) -> dict:
    """Resource name -> Type0 font dictionary, over all pages."""
    r = PdfReader(str(path))
    fonts = {}
    for page in r.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    return fonts


def test_each_font_file_embedded_once_as_cid_font(built):
    """One Type0 / CIDFontType2 font per font file, whatever the number of characters
    (reportlab's own embedding makes one TrueType font per 256 characters)."""
    fonts = _fonts(built)
    assert fonts
    bases = [str(f["/BaseFont"]).split("+", 1)[1] for f in fonts.values()]
    assert len(bases) == len(set(bases)), bases
    programs = [o for o in _objects(built) if isinstance(o, StreamObject) and "/Length1" in o]
    assert len(programs) == len(fonts)
    with pdfplumber.open(built) as pdf:
        drawn: dict[str, set[str]] = {}
        for page in pdf.pages:
            for ch in page.chars:
                drawn.setdefault(ch["fontname"].split("+", 1)[1], set()).add(ch["text"])
    for f in fonts.values():
        assert f["/Subtype"] == "/Type0" and f["/Encoding"] == "/Identity-H"
        cid = f["/DescendantFonts"][0].get_object()
        assert cid["/Subtype"] == "/CIDFontType2"
        assert "/ToUnicode" in f and "/W" in cid and "/CIDToGIDMap" in cid
        program = TTFont(io.BytesIO(cid["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
        assert not HINTING_AND_UNUSED & set(program.keys()), sorted(program.keys())
        glyf = program["glyf"]
        # hinted fonts lose their instructions (fontTools); an unhinted font (no fpgm/prep) is
        # copied as it is: at most a stray glyph program (WenQuanYi: one glyph, 46 bytes)
        instructions = sum(len(glyf[g].program.getBytecode()) for g in program.getGlyphOrder()
                           if getattr(glyf[g], "program", None))
        assert instructions <= program.reader.tables["glyf"].length // 100, instructions
        # the subset holds the glyphs drawn (+ .notdef; composites may add a component or two)
        base = str(f["/BaseFont"]).split("+", 1)[1]
        used = len(drawn.get(base, ()))
        assert used <= program["maxp"].numGlyphs - 1 <= used + 10, (base, used, program["maxp"].numGlyphs)


def test_objects_packed_in_object_streams(built):
    raw = built.read_bytes()
    assert raw.startswith(b"%PDF-1.5")
    assert b"/Type /XRef" in raw and b"/Type /ObjStm" in raw
    assert b"\nxref\n" not in raw and b"trailer" not in raw  # no classic xref table
    assert b"/Type /Page" not in raw  # page dictionaries are compressed
    r = PdfReader(str(built))
    assert r.pages and r.outline and r.metadata.title


def test_pack_keeps_every_object_and_is_deterministic(tmp_path):
    """objstreams.pack on a small reportlab PDF: same pages, text, outline and metadata,
    same bytes on a second run; input it does not recognise is returned unchanged."""
    from reportlab.pdfgen.canvas import Canvas

    from qcbrief.write.pdf.objstreams import pack

    src = tmp_path / "plain.pdf"
    c = Canvas(str(src), invariant=1, pageCompression=1)
    c.setTitle("标题")
    for n in range(3):
        c.drawString(72, 700, f"page {n + 1} (with) \\ parens")
        c.bookmarkPage(f"p{n}")
        c.addOutlineEntry(f"第{n + 1}页", f"p{n}")
        c.showPage()
    c.save()
    data = src.read_bytes()
    packed = pack(data)
    assert packed == pack(data) and packed != data
    out = tmp_path / "packed.pdf"
    out.write_bytes(packed)
    a, b = PdfReader(str(src)), PdfReader(str(out))
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
    assert [o.title for o in a.outline] == [o.title for o in b.outline] == ["第1页", "第2页", "第3页"]
    assert b.metadata.title == "标题"
    for junk in (b"not a pdf", data[:-40], data.replace(b"xref", b"xreF")):
        assert pack(junk) == junk


def _tiny_truetype(path: Path, hinted: bool = False) -> Path:
    """A TrueType font with a square glyph for each of A–Z (invented, made here); `hinted`:
    with a font program and instructions in every glyph."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + [chr(c) for c in range(65, 91)]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(n): n for n in names[1:]})
    glyphs = {}
    for k, n in enumerate(names):
        pen = TTGlyphPen(None)
        pen.moveTo((50, 0)), pen.lineTo((50, 100 + 20 * k)), pen.lineTo((450, 100 + 20 * k)), pen.lineTo((450, 0))
        pen.closePath()
        glyphs[n] = pen.glyph()
    if hinted:
        from fontTools.ttLib import newTable
        from fontTools.ttLib.tables import ttProgram

        for g in glyphs.values():
            g.program = ttProgram.Program()
            g.program.fromBytecode(b"\xb0\x00" * 20)  # PUSHB[0] 0, twenty times
    fb.setupGlyf(glyphs)
    if hinted:
        fb.font["fpgm"] = newTable("fpgm")
        fb.font["fpgm"].program = ttProgram.Program()
        fb.font["fpgm"].program.fromBytecode(b"\xb0\x00")
    fb.setupHorizontalMetrics({n: (500, 50) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(path))
    return path


def test_subset_cache_keeps_the_last_few_per_font(tmp_path, monkeypatch):
    """Each new character set of an issue being edited adds a subset to the cache: only the
    KEEP_PER_FONT most recently used per font version stay; a hit gives the same bytes."""
    from qcbrief.write.pdf import cidfont

    monkeypatch.setenv("QCBRIEF_CACHE", str(tmp_path / "cache"))
    font = _tiny_truetype(tmp_path / "tiny.ttf")
    made = []
    for k in range(cidfont.KEEP_PER_FONT + 3):
        gids = [1 + k, 2 + k]
        made.append(cidfont.cached_subset(font, 0, gids, [64 + g for g in gids]))
        sub = TTFont(io.BytesIO(made[-1][0]))
        assert sub["maxp"].numGlyphs == 3 and made[-1][1] == [1, 2]  # .notdef + the two, in order
        assert "cmap" not in sub and "fpgm" not in sub
    files = list((tmp_path / "cache" / "fonts" / "subsets").glob("*.bin"))
    assert len(files) == cidfont.KEEP_PER_FONT
    k = cidfont.KEEP_PER_FONT + 2
    assert cidfont.cached_subset(font, 0, [1 + k, 2 + k], [65 + k, 66 + k]) == made[-1]
    again = cidfont.subset_bytes(font, 0, [1 + k, 2 + k], [65 + k, 66 + k])  # made again: same bytes
    assert again == (made[-1][0], {1 + k: 1, 2 + k: 2})


def test_unhinted_font_subset_by_reportlab_in_font_order(tmp_path):
    """A font without hinting programs is subset from the face in memory (reportlab's
    makeSubset), glyphs in the font's own order; each character's glyph id in the subset
    draws that character's outline."""
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    from qcbrief.write.pdf import cidfont

    path = _tiny_truetype(tmp_path / "tiny.ttf")
    face = RLFont("tiny-order-test", str(path)).face
    chars = [ord(c) for c in "ZAQB"]  # order of first use
    data, new = cidfont.font_subset(face, path, 0, chars)
    sub = TTFont(io.BytesIO(data))
    assert not {"fpgm", "prep"} & set(sub.keys())
    assert new == [4, 1, 3, 2]  # A, B, Q, Z in the font's order
    src = TTFont(str(path))
    for cp, gid in zip(chars, new):
        assert sub["glyf"][sub.getGlyphOrder()[gid]].coordinates == src["glyf"][chr(cp)].coordinates


def test_cid_codes_two_bytes_in_first_use_order(tmp_path):
    """Characters get CIDs 1, 2, … in the order of first use, written as 2 bytes, also past
    the UTF-16 surrogate range; /W and ToUnicode follow the same numbering."""
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    from qcbrief.errors import QcbriefError
    from qcbrief.write.pdf import cidfont

    path = _tiny_truetype(tmp_path / "tiny.ttf")
    font = cidfont.make_cid_font(RLFont("tiny-cid-test", str(path)), path, 0)

    class Doc:  # reportlab keeps per-document state in a WeakKeyDictionary
        pass

    doc = Doc()
    assert font.cid_encode("BAB", doc) == b"\x00\x01\x00\x02\x00\x01"
    assert font.splitString("AC", doc) == [(0, b"\x00\x02\x00\x03")]
    state = font._cid_state(doc)
    assert state.chars == [ord("B"), ord("A"), ord("C")]
    state.chars += [0x4E00] * (0xD7FF - 3)  # as if 0xD7FF characters were used
    assert font.cid_encode("D", doc) == b"\xd8\x00"
    state.chars += [0x4E00] * (cidfont.MAX_CID - len(state.chars))
    with pytest.raises(QcbriefError):
        font.cid_encode("E", doc)
    cmap = cidfont.to_unicode_cmap("F1", [ord("B"), 0x8D28, 0x1F600]).decode()
    assert "<0001> <0042>" in cmap and "<0002> <8D28>" in cmap and "<0003> <D83DDE00>" in cmap
    ws = cidfont._widths([500, 500, 500, 500, 1000, 250, 1000])
    assert ws[:3] == [1, 4, 500] and ws[3] == 5 and list(ws[4].sequence) == [1000, 250, 1000]


def test_hinted_font_subset_without_instructions(tmp_path, monkeypatch):
    """A font with hinting programs goes through fontTools' subsetter: no fpgm/prep, no
    glyph instructions, outlines unchanged, and the subset is cached."""
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    from qcbrief.write.pdf import cidfont

    monkeypatch.setenv("QCBRIEF_CACHE", str(tmp_path / "cache"))
    path = _tiny_truetype(tmp_path / "hinted.ttf", hinted=True)
    src = TTFont(str(path))
    assert src["glyf"]["A"].program.getBytecode()
    face = RLFont("tiny-hinted-test", str(path)).face
    chars = [ord(c) for c in "QA"]
    data, new = cidfont.font_subset(face, path, 0, chars)
    sub = TTFont(io.BytesIO(data))
    assert "fpgm" not in sub and "prep" not in sub
    order = sub.getGlyphOrder()
    for cp, gid in zip(chars, new):
        glyph = sub["glyf"][order[gid]]
        assert not getattr(glyph, "program", None) or not glyph.program.getBytecode()
        assert glyph.coordinates == src["glyf"][chr(cp)].coordinates
    assert list((tmp_path / "cache" / "fonts" / "subsets").glob("*.bin"))
