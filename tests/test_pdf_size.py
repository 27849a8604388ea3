"""What makes the PDF small, read back from a real build (sizes themselves are in bench/):
one embedded image per distinct picture, Flate streams without ASCII85, one font
program per font file (shared by every role and size), subsets without the font's
licence text, and compact text operators."""

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
