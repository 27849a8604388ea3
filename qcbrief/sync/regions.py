"""A document's paragraphs cut into parts at the sync anchors (see
qcbrief/write/docx/anchors.py): "m" masthead, "p" 按语, "t" 目录, "aNNNN" the
article with that manifest position, "sNN" a section heading, "c" 版记.  Anything
before the first anchor is part "" ."""

from __future__ import annotations

import re

FIXED_SOURCES = {
    "m": "config.yaml / templates/masthead.j2（报头）",
    "t": "issue.yaml 目录与 templates/toc_entry.j2（目录）",
    "c": "config.yaml / templates/colophon.j2（版记）",
    "s": "issue.yaml 目录中的分组标题（section）",
}


def split_regions(paras) -> list[tuple[str, list]]:
    out: list[tuple[str, list]] = [("", [])]
    for i, p in enumerate(paras):
        names = [a for a in p.anchors if a]
        if names:
            out.append((names[0], []))
        out[-1][1].append(i)
    return [(name, idx) for name, idx in out if idx or name]


def fixed_norm(name: str, text: str) -> str:
    """Text of a config/template paragraph as compared: the TOC's page numbers are
    fields that Word and LibreOffice recompute, spaces and tabs are layout."""
    if name == "t":
        text = re.sub(r"[（(]\s*\d*\s*[）)]\s*$", "", text)
    return re.sub(r"\s+", "", text)
