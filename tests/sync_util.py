"""Helpers for the sync tests: build an issue, edit the DOCX the ways reviewers do
(python-docx text edits, XML tracked changes and comments), sync, read texts back."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from helpers import run

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def build(ws: Path, issue: str, out: Path | None = None) -> Path:
    out = out or ws / "build" / issue
    res = run("build", issue, "--root", str(ws), "--out", str(out), "--format", "docx")
    assert res.exit_code == 0, res.output
    return out / f"{issue}.docx"


def sync(ws: Path, issue: str, file: Path, *flags: str):
    return run("sync", str(file), "--issue", issue, "--root", str(ws), *flags)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_ws(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def para(d, contains: str, style: str | None = None) -> Paragraph:
    """The first body paragraph containing the text (in the given style name)."""
    for p in d.paragraphs:
        if contains in p.text and (style is None or p.style.name == style):
            return p
    raise AssertionError(f"no paragraph with {contains!r}")


def replace_in_runs(p: Paragraph, old: str, new: str) -> None:
    """An edit inside one run (as typing over a word in Word)."""
    for r in p.runs:
        if old in r.text:
            r.text = r.text.replace(old, new, 1)
            return
    raise AssertionError(f"{old!r} is not inside one run of {p.text!r}")


def replace_across_runs(p: Paragraph, old: str, new: str) -> None:
    """An edit spanning runs: the first touched run takes the new text, the others lose their part."""
    text = "".join(r.text for r in p.runs)
    start = text.index(old)
    end = start + len(old)
    pos = 0
    first = True
    for r in p.runs:
        a, b = pos, pos + len(r.text)
        pos = b
        if b <= start or a >= end:
            continue
        s, e = max(a, start) - a, min(b, end) - a
        if first:
            r.text = r.text[:s] + new + r.text[e:]
            first = False
        else:
            r.text = r.text[:s] + r.text[e:]


def insert_after(p: Paragraph, text: str) -> Paragraph:
    new = copy.deepcopy(p._p)
    for child in list(new):
        if child.tag != qn("w:pPr"):
            new.remove(child)
    p._p.addnext(new)
    np_ = Paragraph(new, p._parent)
    np_.add_run(text)
    return np_


def delete(p: Paragraph) -> None:
    p._p.getparent().remove(p._p)


def tracked(p: Paragraph, old: str, new: str, author: str) -> None:
    """Replace old by new in one run as Word does with Track Changes on: w:del + w:ins."""
    for r in p.runs:
        if old in r.text:
            before, after = r.text.split(old, 1)
            r.text = before
            rpr = r._r.find(qn("w:rPr"))
            del_ = etree.SubElement(p._p, qn("w:del"), {qn("w:id"): "901", qn("w:author"): author,
                                                         qn("w:date"): "2026-04-01T09:00:00Z"})
            ins = etree.SubElement(p._p, qn("w:ins"), {qn("w:id"): "902", qn("w:author"): author,
                                                        qn("w:date"): "2026-04-01T09:00:00Z"})
            tail = copy.deepcopy(r._r)
            for t in tail.findall(qn("w:t")):
                tail.remove(t)
            for el, text, tag in ((del_, old, "w:delText"), (ins, new, "w:t")):
                rr = etree.SubElement(el, qn("w:r"))
                if rpr is not None:
                    rr.append(copy.deepcopy(rpr))
                t = etree.SubElement(rr, qn(tag))
                t.text = text
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r._r.addnext(del_)
            del_.addnext(ins)
            after_r = copy.deepcopy(r._r)
            for t in after_r.findall(qn("w:t")):
                after_r.remove(t)
            t = etree.SubElement(after_r, qn("w:t"))
            t.text = after
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            ins.addnext(after_r)
            return
    raise AssertionError(old)


def body_texts(path: Path) -> list[str]:
    """Every non-empty paragraph's text, titles without their line breaks."""
    d = docx.Document(str(path))
    out = []
    for p in d.paragraphs:
        t = p.text.replace("\n", "") if p.style.name == "标题" else p.text
        if t.strip():
            out.append(t)
    return out


def article_texts(path: Path) -> list[str]:
    """The article paragraphs only (after the 目录, before the 版记); no TOC page numbers."""
    d = docx.Document(str(path))
    # a title's line breaks (and the space a break at a space takes) are layout
    return [re.sub(r"\s", "", p.text) if p.style.name == "标题" else p.text for p in d.paragraphs
            if p.text.strip() and p.style.name != "目录"]
