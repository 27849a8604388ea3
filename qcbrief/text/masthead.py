"""The bulletin name in the masthead (报头): one line or two, never condensed.

Every writer (PDF, DOCX, HTML) asks this module how to set the name, so the
three agree:

* an explicit line break in `bulletin.name` ("河南省医疗质量控制\\n工作简报")
  gives those lines (a third and later line join the second);
* otherwise the name stays on one line when it fits the type width at the
  configured size, or at no less than `ONE_LINE_MIN` of it (the size shrinks,
  the glyphs keep their shape: a long name is never squeezed horizontally);
* otherwise it is split into two lines at the most even point that breaks no
  word (质控, 简报, 工作, 质量控制……) and obeys the line-start rules (禁则);
  the size then shrinks only as far as the longer line needs.

Widths here are in em (a Chinese character = 1, a Latin letter or digit about
half); the PDF writer measures real advances afterwards and may shrink the
size a little more, never the glyph width.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .cjk import NO_LINE_END, NO_LINE_START

ONE_LINE_MIN = 0.8  # a name may shrink to 80 % of layout.name_size to stay on one line
USABLE = 0.96  # share of the type width the name may take
# Words a break must not split: the usual vocabulary of bulletin names.
WORDS = (
    "质量控制", "工作简报", "工作动态", "质控", "质量", "控制", "简报", "工作", "管理", "医疗", "医药",
    "医学", "医院", "卫生", "健康", "护理", "中心", "通讯", "通信", "动态", "信息", "临床", "药学", "感染", "安全",
    "专刊", "快讯", "资讯", "周报", "月报", "季报", "年报", "委员会", "办公室", "委员", "办公", "公共", "服务",
    "疾病", "预防", "检验", "病案", "急诊", "重症", "专科", "省级", "市级", "县级", "基层", "社区", "中医", "中西医",
)


@dataclass(frozen=True)
class NameSetting:
    lines: tuple[str, ...]  # one or two lines
    size: float  # pt


def em_width(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.55 for ch in text)


def _breaks_word(text: str, i: int) -> bool:
    """Whether a break before text[i] splits one of WORDS or a run of Latin letters/digits."""
    if text[i - 1].isascii() and text[i].isascii() and text[i - 1].isalnum() and text[i].isalnum():
        return True
    for w in WORDS:
        start = text.find(w, max(0, i - len(w) + 1))
        while start != -1 and start < i:
            if start + len(w) > i:
                return True
            start = text.find(w, start + 1)
    return False


def split_two(text: str) -> tuple[str, str] | None:
    """The most even break of text into two lines that splits no word and keeps
    the line-start/line-end rules; None when text has fewer than two characters."""
    text = text.strip()
    if len(text) < 2:
        return None
    best = None
    for i in range(1, len(text)):
        left, right = text[:i].rstrip(), text[i:].lstrip()
        if not left or not right:
            continue
        bad = 0
        if text[i] in NO_LINE_START or text[i - 1] in NO_LINE_END:
            bad += 1000
        if _breaks_word(text, i):
            bad += 100
        score = bad + abs(em_width(left) - em_width(right))
        if best is None or score < best[0]:
            best = (score, left, right)
    return (best[1], best[2]) if best else None


def explicit_lines(name: str) -> list[str]:
    """The lines the editor wrote (a literal "\\n" typed in a plain YAML value counts too)."""
    lines = [ln.strip() for ln in name.replace("\\n", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    if len(lines) > 2:
        lines = [lines[0], "".join(lines[1:])]
    return lines


def set_name(name: str, size: float, width: float) -> NameSetting:
    """How to set the name: lines and size (pt) for a type width (pt)."""
    room = USABLE * width
    lines = explicit_lines(name)
    if not lines:
        return NameSetting(("",), size)
    if len(lines) == 1:
        one = em_width(lines[0]) * size
        if one <= room:
            return NameSetting((lines[0],), size)
        if one * ONE_LINE_MIN <= room:
            return NameSetting((lines[0],), room / em_width(lines[0]))
        two = split_two(lines[0])
        if two is None:
            return NameSetting((lines[0],), room / max(em_width(lines[0]), 1))
        lines = list(two)
    widest = max(em_width(ln) for ln in lines) * size
    return NameSetting(tuple(lines), size if widest <= room else room * size / widest)


def line_height(size: float) -> float:
    """Baseline-to-baseline distance between the two lines of the name."""
    return 1.2 * size
