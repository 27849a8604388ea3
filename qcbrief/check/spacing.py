"""Spaces in Chinese text (QC212, QC213; QC208, QC209 and QC301 share the
classes defined here).

Official Chinese style puts no space between Chinese and digits or Latin
words, none around full-width punctuation, and has no use for full-width
(U+3000) or no-break spaces inside a line.  One exception is kept everywhere:
in a title, a subtitle or a Markdown heading a space separates two phrases
("织网 2025 同心同行", "找问题 拿措施 补短板"); it is not a defect.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Finding
from ..text.cjk import HAN, is_han_or_cjk_punct
from .registry import rule

# Ordinary and special spaces inside a line (not line breaks).
SPECIAL_SPACES = "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
SPACES = " \t" + SPECIAL_SPACES
SP = f"[{SPACES}]"
# Invisible characters that are removed wherever they stand.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

# In titles, a space next to a number is a phrase separator unless it sits
# between the number and its unit ("2025 年", "第 3 届").
_UNIT_AFTER = set("年月日号个名家人次例项届期季度天周时分秒岁倍元万亿%‰")
_WORD_BEFORE = set("第共约近达超逾计")


def title_like(p) -> bool:
    """A title, subtitle, center line or heading: spaces there separate phrases."""
    return p.field in ("title", "subtitle", "center") or p.kind == "heading"


def number_unit_space(t: str, i: int, j: int) -> bool:
    """The space t[i:j] stands between a number and its unit or counter word."""
    left, right = t[i - 1:i], t[j:j + 1]
    return (left.isdigit() and right in _UNIT_AFTER) or (left in _WORD_BEFORE and right.isdigit())


# --------------------------------------------------------------------------- QC212
_HAN_LATIN = re.compile(f"(?<=[{HAN}]){SP}+(?=[A-Za-zＡ-Ｚａ-ｚ])|(?<=[A-Za-zＡ-Ｚａ-ｚ]){SP}+(?=[{HAN}])")


@rule("QC212", "latin-space", "warning", "汉字与西文字母之间有空格", scope="text", fixable=True,
      clause="GB/T 15834-2011；GB/T 15835-2011",
      why="中文公文中，汉字与夹用的西文字母、缩写之间不加空格：“社会面AED投放点”，不写“社会面 AED 投放点”。"
          "标题、小标题中用空格分隔两个短语不在此列。config.yaml 中 check.digit_space: allow 时，"
          "与数字的空格（QC301）和与字母的空格（本规则）都不检查。",
      bad="新增社会面 AED 投放点 120 个。", good="新增社会面AED投放点120个。")
def latin_space(doc, ctx) -> Iterator[Finding]:
    if ctx.settings.get("digit_space", "forbid") == "allow":
        return
    for p in doc.paras:
        if title_like(p) or not p.has_han:
            continue
        t = p.text
        for m in _HAN_LATIN.finditer(t):
            i, j = m.span()
            line, col = doc.loc(p, i)
            yield ctx.finding("QC212", doc.path, line, col, "汉字与西文字母之间不加空格",
                              fix=doc.fix(p, i, j, ""))


# --------------------------------------------------------------------------- QC213
_SPECIAL_RUN = re.compile(f"{SP}*[{SPECIAL_SPACES}]{SP}*|[{INVISIBLE}]+")
_NAMES = {"\u3000": "全角空格", "\u00a0": "不换行空格"}


def _other_rule_covers(t: str, i: int, j: int, title: bool) -> bool:
    """A space run between Chinese and something: QC208/QC209/QC212/QC301 report it."""
    left, right = t[i - 1:i], t[j:j + 1]
    if title:
        return True  # a phrase separator (or reported by QC208/QC301 when it is not)
    return is_han_or_cjk_punct(left) or is_han_or_cjk_punct(right) or (left != "" and left in "%‰" and right != "")


@rule("QC213", "special-space", "warning", "文中有全角空格、不换行空格或不可见字符", scope="text", fixable=True,
      clause="GB/T 15834-2011",
      why="全角空格（U+3000）、不换行空格（U+00A0）和零宽字符多是从 Word、网页复制时带来的："
          "段首用全角空格缩进（“　　正文”）由排版完成，不必输入；西文词之间的特殊空格改为普通空格；"
          "零宽字符删去。夹在汉字、数字、标点之间的特殊空格由 QC208、QC209、QC212、QC301 指出。",
      bad="　　会议采用 PDCA\u00a0cycle 方法。", good="会议采用 PDCA cycle 方法。")
def special_space(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        if not any(c in t for c in SPECIAL_SPACES) and not any(c in t for c in INVISIBLE):
            continue
        title = title_like(p)
        for m in _SPECIAL_RUN.finditer(t):
            i, j = m.span()
            run = m.group()
            invisible = run[0] in INVISIBLE
            at_edge = i == 0 or t[i - 1] == "\n" or j == len(t) or t[j] == "\n"
            if invisible or at_edge:
                new = ""
            elif _other_rule_covers(t, i, j, title):
                continue
            else:
                new = " "
            what = "零宽字符" if invisible else next((v for k, v in _NAMES.items() if k in run), "特殊空格")
            where = "删去" if new == "" else "改为普通空格"
            line, col = doc.loc(p, i)
            yield ctx.finding("QC213", doc.path, line, col, f"{what}：{where}",
                              fix=doc.fix(p, i, j, new))
