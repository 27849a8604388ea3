"""The build manifest: what a DOCX was built from, embedded in the DOCX so that
`qcbrief sync` can do a three-way merge (base = the manifest, theirs = the
reviewed DOCX, ours = the article files now).

Per article: the file (relative to the issue folder), the SHA-256 of its bytes at
build time, its kind and the printed text of each paragraph (units.py).  Per
part that comes from config or templates (masthead, 目录, 版记, section
headings): the printed paragraphs, so edits there can be reported.

Stored as custom document properties "qcbrief.sync.NNNN": zlib-compressed JSON in
base64, cut into pieces of 240 characters (Word keeps at most 255 characters of a
custom property).  Deterministic, so reproducible builds stay byte-identical.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from pathlib import Path

from .units import article_units, preface_unit

PREFIX = "qcbrief.sync."
ISSUE_PROP = "qcbrief.issue"
CHUNK = 240
VERSION = 1


def file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def article_anchor(i: int) -> str:
    return f"a{i + 1:04d}"


def build_manifest(bulletin, wording, layout, fixed: dict[str, list[str]]) -> dict:
    arts = []
    for a in bulletin.articles():
        try:
            rel = Path(a.path).relative_to(bulletin.folder).as_posix()
        except ValueError:
            rel = Path(a.path).name
        arts.append({"stem": a.stem, "file": rel, "sha": file_hash(a.path), "kind": a.kind,
                     "units": [u.plain() for u in article_units(a, wording, layout)]})
    pre = preface_unit(bulletin.preface, wording)
    return {"v": VERSION, "issue": bulletin.issue, "articles": arts, "preface": pre.text if pre else "",
            "fixed": fixed, "sections": [s.heading for s in bulletin.sections if s.heading]}


def encode(manifest: dict) -> list[tuple[str, str]]:
    raw = json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    data = base64.b64encode(zlib.compress(raw, 9)).decode("ascii")
    pieces = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] or [""]
    props = [(ISSUE_PROP, manifest["issue"]), (PREFIX + "count", str(len(pieces)))]
    props += [(f"{PREFIX}{i:04d}", p) for i, p in enumerate(pieces)]
    return props


MAX_MANIFEST = 64 * 1024 * 1024  # decompressed bytes: a bigger one is not ours (a zlib bomb, say)


def _strs(x, n: int | None = None) -> bool:
    return isinstance(x, list) and all(isinstance(s, str) for s in x) and (n is None or len(x) == n)


def valid(m) -> bool:
    """The shape build_manifest writes (a damaged or forged manifest is refused, not trusted)."""
    if not isinstance(m, dict) or m.get("v") != VERSION or not isinstance(m.get("issue"), str):
        return False
    arts = m.get("articles")
    if not isinstance(arts, list) or not isinstance(m.get("preface", ""), str):
        return False
    for a in arts:
        if not isinstance(a, dict) or not all(isinstance(a.get(k), str) for k in ("stem", "file", "sha", "kind")):
            return False
        if not isinstance(a.get("units"), list) or not all(_strs(u, 2) for u in a["units"]):
            return False
    fixed = m.get("fixed", {})
    return isinstance(fixed, dict) and all(isinstance(k, str) and k and _strs(v) for k, v in fixed.items())


def decode(props: dict[str, str]) -> dict | None:
    """The manifest from custom properties; None when absent or damaged."""
    try:
        n = int(props.get(PREFIX + "count", ""))
        if not 0 < n < 10 ** 6:
            return None
        data = "".join(props[f"{PREFIX}{i:04d}"] for i in range(n))
        z = zlib.decompressobj()
        raw = z.decompress(base64.b64decode(data, validate=True), MAX_MANIFEST)
        if z.unconsumed_tail:
            return None
        manifest = json.loads(raw.decode("utf-8"))
    except (ValueError, KeyError, zlib.error, UnicodeDecodeError, RecursionError):
        return None
    return manifest if valid(manifest) else None
