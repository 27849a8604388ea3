"""Helpers for the import tests: comparing bulletins article by article."""

from __future__ import annotations

import re
from pathlib import Path

from qcbrief.config import load_config
from qcbrief.load.issue import load_issue
from qcbrief.model import Heading, Image, ListBlock, Paragraph, Table


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def block_view(b) -> tuple:
    """What a reader sees of a block: its kind, text and bold spans."""
    if isinstance(b, Paragraph):
        return ("p", b.text, tuple(i.text for i in b.inlines if i.bold))
    if isinstance(b, Heading):
        return ("h", squash(b.text))
    if isinstance(b, ListBlock):
        # qcbrief prints list items as numbered/bulleted paragraphs: compare the text
        return ("list", tuple(it.text for it in b.items))
    if isinstance(b, Table):
        cells = lambda row: tuple("".join(i.text for i in c) for c in row)
        return ("table", cells(b.header), tuple(cells(r) for r in b.rows), "".join(i.text for i in b.caption))
    if isinstance(b, Image):
        import hashlib

        data = hashlib.sha1(b.path.read_bytes()).hexdigest() if b.path.is_file() else None
        return ("image", b.caption, data)
    return (type(b).__name__,)


def blocks_view(blocks) -> list[tuple]:
    out = []
    for b in blocks:
        v = block_view(b)
        # an ordered list printed as "1.…" paragraphs comes back as paragraphs
        if v[0] == "list" and isinstance(b, ListBlock) and b.ordered:
            out.extend(("p", f"{b.start + k}.{t}", ()) for k, t in enumerate(v[1]))
        else:
            out.append(v)
    return out


def article_view(a) -> dict:
    return {
        "center": a.center, "title": squash(a.title), "kind": a.kind,
        "body": blocks_view(a.blocks),
        "commentary": blocks_view(a.commentary.blocks) if a.commentary else None,
    }


def load(root: Path, issue: str):
    loaded = load_issue(root, issue, load_config(root))
    return loaded


def bulletin_view(root: Path, issue: str) -> dict:
    b = load(root, issue).bulletin
    return {
        "preface": b.preface, "subtitle": b.subtitle, "date": b.date, "number": b.number,
        "sections": [(s.heading, [a.stem for a in s.articles]) for s in b.sections],
        "articles": [article_view(a) for a in b.articles()],
    }
