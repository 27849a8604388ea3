"""Pack a finished reportlab PDF into object streams and a cross-reference stream.

reportlab writes every object (page dictionaries, outline items, font
dictionaries…) as uncompressed text and a classic 20-bytes-per-object xref
table; it cannot write PDF 1.5 object streams.  On a bulletin of 100 articles
(≈190 pages, ≈500 objects) that text is ≈100 KB of the file.  This pass moves
every object that is not a stream into Flate-compressed object streams
(ISO 32000-1 7.5.7) and replaces the xref table and trailer by a compressed
cross-reference stream (7.5.8); streams (content, fonts, images) are copied
byte for byte, object numbers are kept.  Pure Python and deterministic: the
same input gives the same bytes.

It reads only what reportlab writes (objects in xref order, generation 0, a
classic xref table and trailer); anything else is returned unchanged.
"""

from __future__ import annotations

import re
import zlib

PER_STREAM = 100  # objects per object stream: a viewer inflates one stream to reach one object
_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OBJ = re.compile(rb"(\d+) 0 obj\s")


def _trailer_entries(trailer: bytes) -> bytes | None:
    """The trailer dictionary's entries other than /Size (comments dropped)."""
    start, end = trailer.find(b"<<"), trailer.rfind(b">>")
    if start < 0 or end < 0:
        return None
    body = b"\n".join(line for line in trailer[start + 2:end].splitlines() if not line.lstrip().startswith(b"%"))
    body = re.sub(rb"/Size\s+\d+", b"", body)
    if b"/Encrypt" in body or b"/Prev" in body:
        return None
    return b" ".join(body.split())


def pack(data: bytes) -> bytes:
    m = _XREF.search(data[-64:])
    if not m or not data.startswith(b"%PDF-1."):
        return data
    xref_at = int(m.group(1))
    tail = data[xref_at:]
    head = re.match(rb"xref\s+0\s+(\d+)\s+", tail)
    if not head:
        return data
    size = int(head.group(1))
    pos = head.end()
    offsets = []
    for k in range(size):
        entry = tail[pos + 20 * k:pos + 20 * k + 20].split()
        if len(entry) != 3:
            return data
        if k and entry[2] == b"n" and entry[1] == b"00000":
            offsets.append((int(entry[0]), k))
        elif k:
            return data
    t = tail.find(b"trailer")
    entries = _trailer_entries(tail[t:]) if t >= 0 else None
    if entries is None or len(offsets) != size - 1:
        return data
    offsets.sort()
    bounds = [o for o, _ in offsets[1:]] + [xref_at]
    plain: list[tuple[int, bytes]] = []
    streams: list[tuple[int, bytes]] = []
    for (off, num), end in zip(offsets, bounds):
        chunk = data[off:end]
        mo = _OBJ.match(chunk)
        if not mo or int(mo.group(1)) != num:
            return data
        body = chunk[mo.end():].rstrip()
        if not body.endswith(b"endobj"):
            return data
        body = body[:-6].rstrip()
        if body.endswith(b"endstream"):
            streams.append((num, chunk))
        else:
            plain.append((num, body))

    out = bytearray(b"%PDF-1.5\n%\x93\x8c\x8b\x9e qcbrief\n")
    where: dict[int, tuple[int, int, int]] = {}  # object -> (type, field 2, field 3)
    for num, chunk in streams:
        where[num] = (1, len(out), 0)
        out += chunk.rstrip() + b"\n"
    next_num = size
    for start in range(0, len(plain), PER_STREAM):
        group = plain[start:start + PER_STREAM]
        stm = next_num
        next_num += 1
        index, bodies, at = [], [], 0
        for k, (num, body) in enumerate(group):
            where[num] = (2, stm, k)
            index.append(b"%d %d" % (num, at))
            bodies.append(body)
            at += len(body) + 1
        first = b" ".join(index) + b"\n"
        raw = first + b"\n".join(bodies) + b"\n"
        packed = zlib.compress(raw, 9)
        where[stm] = (1, len(out), 0)
        out += (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
                % (stm, len(group), len(first), len(packed)))
        out += packed + b"\nendstream\nendobj\n"
    xref_num = next_num
    total = xref_num + 1
    xref_offset = len(out)
    where[xref_num] = (1, xref_offset, 0)
    width = max(3, (xref_offset.bit_length() + 7) // 8)
    rows = bytearray(b"\x00" + b"\x00" * width + b"\xff\xff")  # object 0: free, generation 65535
    for num in range(1, total):
        kind, a, b = where[num]
        rows += bytes([kind]) + a.to_bytes(width, "big") + b.to_bytes(2, "big")
    packed = zlib.compress(bytes(rows), 9)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 %d 2] %s /Filter /FlateDecode /Length %d >>\nstream\n"
            % (xref_num, total, width, entries, len(packed)))
    out += packed + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)
