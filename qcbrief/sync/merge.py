"""Three-way merge of one article: base (the manifest: what the DOCX was built
from), theirs (the reviewed DOCX) and ours (the article file now).

Paragraphs are paired first (difflib on the paragraph lists, then by similarity
inside replaced runs), then characters within each paired paragraph.  A
paragraph changed only in the DOCX takes the DOCX's edits; changed on both sides,
the edits are merged when they touch different characters and the article is
reported as a conflict (and left untouched) when they overlap.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from dataclasses import dataclass, field

from .source import Source, Unsyncable, apply_patches, char_patches, delete_patch, insert_patch
from .textdiff import Edit, apply_edits, char_edits, overlaps, rebase
from .units import Unit


@dataclass
class Pairing:
    match: list[int | None]  # base index -> other index (None: deleted)
    inserts: dict[int, list[int]]  # base index before the insertion (-1: at the start) -> other indices


def similarity(a: str, b: str) -> float:
    """Share of characters two paragraphs have in common (0..1).  Most reviewed paragraphs
    differ by a few characters, so a common start and end settle it; otherwise the
    share of character pairs (bigrams) they have in common, which is linear in time."""
    if not a or not b:
        return 0.0
    p = len(os.path.commonprefix([a, b]))
    q = len(os.path.commonprefix([a[p:][::-1], b[p:][::-1]]))
    quick = 2 * (p + q) / (len(a) + len(b))
    if quick >= 0.6:
        return quick
    # character pairs in common: unrelated Chinese paragraphs share few, edited ones most
    ga, gb = Counter(a[k:k + 2] for k in range(len(a) - 1)), Counter(b[k:k + 2] for k in range(len(b) - 1))
    total = sum(ga.values()) + sum(gb.values())
    return max(quick, 2 * sum((ga & gb).values()) / total) if total else quick


WINDOW = 12  # paragraphs looked ahead for the partner of a changed one (an article rewritten whole stays fast)


def pair(base: list[str], other: list[str]) -> Pairing:
    match: list[int | None] = [None] * len(base)
    inserts: dict[int, list[int]] = {}
    sm = difflib.SequenceMatcher(None, base, other, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                match[i1 + k] = j1 + k
            continue
        j = j1
        last = i1 - 1
        for i in range(i1, i2):
            best, score = None, 0.0
            for jj in range(j, min(j2, j + WINDOW)):
                r = similarity(base[i], other[jj])
                if r < 0.3:
                    continue
                if jj == j and r >= 0.8:  # the next paragraph, barely edited: the usual case
                    best = jj
                    break
                # a paragraph split in two keeps its start (and its bold lead-in) in the first part
                r += 0.3 * len(os.path.commonprefix([base[i], other[jj]])) / max(1, len(base[i]))
                if r > score:
                    best, score = jj, r
            if best is not None:
                if best > j:
                    inserts.setdefault(last, []).extend(range(j, best))
                match[i] = best
                j = best + 1
            last = i
        if j < j2:
            inserts.setdefault(i2 - 1, []).extend(range(j, j2))
    return Pairing(match, inserts)


def _squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


@dataclass
class Change:
    kind: str  # edit | insert | delete
    unit: str  # unit kind (title, body …)
    line: int
    old: str
    new: str


@dataclass
class Merged:
    changes: list[Change] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unsynced: list[str] = field(default_factory=list)
    text: str | None = None  # the new file text (None: unchanged or not written)
    expected: list[str] = field(default_factory=list)  # the printed paragraphs the new text must give


def merge_article(base: list[str], theirs: list[str], ours: list[Unit], source: Source | None,
                  ours_is_base: bool, theirs_runs: list | None = None) -> Merged:
    res = Merged()
    o_texts = [u.text for u in ours]
    mt = pair(base, theirs)
    mo = Pairing(list(range(len(base))), {}) if ours_is_base else pair(base, o_texts)
    patches: list[Edit] = []
    expected: list[str | None] = list(o_texts)
    inserted: dict[int, list[str]] = {}  # ours index before which (len: at the end) -> texts

    def unit_at(i: int) -> Unit | None:
        k = mo.match[i] if 0 <= i < len(base) else None
        return ours[k] if k is not None else None

    def try_(fn, line: int = 0):
        try:
            return fn()
        except Unsyncable as exc:  # this paragraph stays as it is; the others are synced
            res.unsynced.append((f"第 {line} 行：" if line else "") + f"{exc}（这一段未修改）")
            return None

    for i, b in enumerate(base):
        j, k = mt.match[i], mo.match[i]
        if j is not None and theirs[j] == b:
            continue
        u = ours[k] if k is not None else None
        line = u.line if u else 0
        if j is None:
            if u is None:  # deleted on both sides
                continue
            res.changes.append(Change("delete", u.kind, line, b, ""))
            if u.text != b:
                res.conflicts.append(f"第 {line} 行：审阅稿删除了这一段，而文件中这一段在生成 DOCX 后已修改")
                continue
            p = try_(lambda: delete_patch(source, u), line)
            if p is not None:
                patches.append(p)
                expected[k] = None
            continue
        if u is not None and (u.text == theirs[j] or (u.kind == "title" and _squeeze(u.text) == _squeeze(theirs[j]))):
            continue  # the same edit is in the file already (a title: wherever its line breaks)
        res.changes.append(Change("edit", u.kind if u else "body", line, b, theirs[j]))
        if u is None:
            res.conflicts.append("审阅稿修改了一段，而文件中这一段在生成 DOCX 后已删除")
            continue
        te = char_edits(b, theirs[j])
        if u.text == b:
            edits = te
        else:
            oe = char_edits(b, u.text)
            if overlaps(te, oe):
                res.conflicts.append(f"第 {line} 行：审阅稿与文件在生成 DOCX 后改动了同一处文字")
                continue
            edits = rebase(te, oe)
        ps = try_(lambda: char_patches(u, source, edits), line)
        if ps is not None:
            patches.extend(ps)
            expected[k] = apply_edits(u.text, edits)

    for after in sorted(mt.inserts):
        already = {o_texts[k] for k in mo.inserts.get(after, [])}
        js = [j for j in mt.inserts[after] if theirs[j] not in already]  # not inserted in the file already
        if not js:
            continue
        texts = [theirs[j] for j in js]
        runs = [theirs_runs[j] for j in js] if theirs_runs else None
        for t in texts:
            res.changes.append(Change("insert", "body", 0, "", t))
        before_u, after_u = unit_at(after + 1), unit_at(after)
        if before_u is None and after_u is None and not (after + 1 >= len(base) and ours):
            res.conflicts.append("审阅稿新增的段落在文件中找不到对应位置")
            continue
        if before_u is None and after_u is None:
            after_u = ours[-1]
        p = try_(lambda: insert_patch(source, before_u, after_u, texts, runs))
        if p is not None:
            patches.append(p)
            if before_u is not None and before_u.region in ("body", "commentary") and before_u.line:
                pos = ours.index(before_u)
            else:
                pos = ours.index(after_u) + 1
            inserted.setdefault(pos, []).extend(texts)

    if res.conflicts or not patches:
        return res
    try:
        res.text = apply_patches(source.text, patches)
    except Unsyncable as exc:
        res.unsynced.append(f"{exc}（这篇文章未修改）")
        return res
    exp: list[str] = []
    for k in range(len(ours) + 1):
        exp.extend(inserted.get(k, []))
        if k < len(ours) and expected[k] is not None:
            exp.append(expected[k])
    res.expected = exp
    return res
