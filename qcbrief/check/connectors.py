"""Dashes and connectors between Chinese words (QC205, QC211), after
GB/T 15834-2011 4.10 破折号 and 4.13 连接号.

A single 一字线 "—" between Chinese words is the standard connector
("北京—上海", "省—市—县") and is never flagged.  What is flagged:
  - QC205: a dash typed as "--", "－－", "――", "———" (fixed to "——");
  - QC211: a hyphen "-" / "－" between Chinese words (a connector or a dash
    typed with the wrong mark), "―" or "–" standing for the connector
    (fixed to "—"), and the digit-like "一" in chains such as
    "整改一核查一提升" (never fixed: 一 is also a common character).
Number and date ranges ("9月25-27日") are QC305's (check/numbers.py).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Finding
from ..text.cjk import HAN, is_han, is_han_or_cjk_punct
from .registry import rule

CLAUSE = "GB/T 15834-2011"
_FIELDS = ("title", "body", "commentary", "preface", "subtitle")
_SP = " \t"


def _paras(doc):
    for p in doc.fields(*_FIELDS):
        if p.has_han:
            yield p


# --------------------------------------------------------------------------- QC205
# Runs that stand for a 破折号 "——": two or more hyphens, two full-width
# hyphens, two horizontal bars, three em dashes, or em dash and bar mixed.
_DASH = re.compile(r"-{2,}|－{2,}|[—―]{2,}")


@rule("QC205", "dash", "warning", "破折号写法不对", scope="text", fixable=True, partly=True,
      clause=f"{CLAUSE} 4.10",
      why="破折号是两个一字线“——”连写，占两个字的位置。用两个连字符“--”、两个全角连字符“－－”、"
          "两个横线“――”或三个“———”代替都不对，修正为“——”（四个及以上的“—”只提示）。"
          "汉字之间的单个一字线“—”是连接号（“北京—上海”“省—市—县”，GB/T 15834-2011 4.13），不是错误；"
          "汉字之间的连字符“-”见 QC211，数值范围见 QC305。",
      bad="推进国家质控改进目标--提高橡皮障使用率。", good="推进国家质控改进目标——提高橡皮障使用率。")
def dash(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        if not any(c in t for c in "-－―—"):
            continue
        for m in _DASH.finditer(t):
            i, j = m.span()
            run = m.group()
            if run == "——":
                continue
            left, right = t[i - 1:i], t[j:j + 1]
            if not (is_han_or_cjk_punct(left) or is_han_or_cjk_punct(right)):
                continue
            if (left.isdigit() or left in "%‰℃年月日") and right.isdigit():
                continue  # a numeric range: QC305
            line, col = doc.loc(p, i)
            if set(run) <= {"—", "―"} and len(run) >= 4:
                yield ctx.finding("QC205", doc.path, line, col,
                                  f"破折号应写作“——”（两个一字线），而不是“{run}”；请确认后改正")
                continue
            yield ctx.finding("QC205", doc.path, line, col, f"破折号应写作“——”，而不是“{run}”",
                              fix=doc.fix(p, i, j, "——"))


# --------------------------------------------------------------------------- QC211
_LEFT_OK = "”’）》"  # a closing mark may stand before a connector
_RIGHT_OK = "“‘（《"
# "格林-巴利综合征", "阿-斯综合征": compound names written with a hyphen
# (GB/T 15834-2011 4.13.3 外来语内部的分合); left alone.
_NAMED = re.compile(f"[{HAN}]{{1,6}}(?:综合征|综合症|效应|定律|定理|反射|氏病)")
_CHAIN_SEG = re.compile(f"[{HAN}]{{1,8}}")
# 一 that forms an ordinary word with its neighbour: 逐一, 统一, 一个, 一体…
_ONE_LEFT = set("逐统唯第同之万单专划归合均某任每另进初其这那哪整十百千么不如为独择又再周期")
_ONE_RIGHT = set("个批步体起线级年次些直定般项家名人对系条场期份种类位部套张键站样致切律旦并道同贯举度周天月日时半片番"
                 "点块流揽视心边经方面网码证窗门屏图表单库卡以手味再处例支把轮届季路刻环组群队床口端号本句席")


def _connector_spans(t: str):
    """(start, end, mark index, mark) of a connector-like mark between Chinese
    words, with the spaces around it: "省-市", "北京 – 上海"."""
    for k, ch in enumerate(t):
        if ch not in "-－―–":
            continue
        a = k
        while a > 0 and t[a - 1] in _SP:
            a -= 1
        z = k + 1
        while z < len(t) and t[z] in _SP:
            z += 1
        left, right = t[a - 1:a], t[z:z + 1]
        if not ((is_han(left) or left in _LEFT_OK and left) and (is_han(right) or right in _RIGHT_OK and right)):
            continue
        if t[k - 1:k] in "-－―—–" and k > 0 or t[k + 1:k + 2] in "-－―—–" and k + 1 < len(t):
            continue  # part of a dash run: QC205
        yield a, z, k, ch


def _named_compound(t: str, k: int) -> bool:
    start = k
    while start > 0 and is_han(t[start - 1]):
        start -= 1
    return _NAMED.match(t, k + 1) is not None and k - start <= 6


_H1 = f"(?:(?!一)[{HAN}])"
_ONE_CHAIN = re.compile(f"{_H1}{{2}}(?:一{_H1}{{2,4}}){{2,}}")


def _one_chains(t: str):
    """Index lists of 一 used as a connector: three or more short segments
    joined by 一 ("整改一核查一提升"), no 一 forming a word with a neighbour."""
    out = []
    for m in _ONE_CHAIN.finditer(t):
        ks = [m.start() + i for i, ch in enumerate(m.group()) if ch == "一"]
        if all(t[k - 1] not in _ONE_LEFT and t[k + 1] not in _ONE_RIGHT for k in ks):
            out.append(ks)
    return out


def _first_good_connector(doc) -> tuple[int, int] | None:
    """File position of the first single 一字线 between Chinese words."""
    for p in _paras(doc):
        t = p.text
        k = t.find("—")
        while k >= 0:
            if is_han(t[k - 1:k]) and is_han(t[k + 1:k + 2]):
                return doc.loc(p, k)
            k = t.find("—", k + 1)
    return None


@rule("QC211", "connector", "warning", "汉字之间的连接号写法不对", scope="text", fixable=True, partly=True,
      clause=f"{CLAUSE} 4.13、4.10",
      why="汉字之间标示相关项目的连接（地域、层级、环节：“北京—上海”“省—市—县”“分析—培训—反馈—整改”）"
          "用一字线“—”（GB/T 15834-2011 4.13）；用作破折号时写“——”（4.10）。"
          "连字符“-”“－”夹在汉字之间是误用：三段以上的同一连字符（“省-市-县”）确定是连接号，修正为“—”；"
          "单独一处（“目标-提高”）可能是连接号也可能是破折号，只提示。横线“―”、短线“–”作连接号时修正为“—”。"
          "“整改一核查一提升”中形似一字线的汉字“一”只提示，不修正。同一篇中“省—市—县”与“省-市-县”混用时，"
          "提示中会指出本文已用“—”的位置。“格林-巴利综合征”这类外来名称的分合不在此列。",
      bad="建立省-市-县三级网络，形成评估-反馈-整改闭环，推进目标-提高使用率。",
      good="建立省—市—县三级网络，形成评估—反馈—整改闭环，推进目标——提高使用率。")
def connector(doc, ctx) -> Iterator[Finding]:
    good_at: tuple[int, int] | None | bool = False
    for p in _paras(doc):
        t = p.text
        spans = []
        if any(c in t for c in "-－―–"):
            spans = [s for s in _connector_spans(t) if not (s[3] in "-－" and _named_compound(t, s[2]))]
        chains = _one_chains(t) if "一" in t else []
        if not spans and not chains:
            continue
        if good_at is False:
            good_at = _first_good_connector(doc)
        also = f"（本文第 {good_at[0]} 行已用一字线“—”，全文应统一）" if good_at else ""
        # chains of the same hyphen: "省-市-县"
        in_chain: set[int] = set()
        run: list = []
        for s in spans + [None]:
            if run and s is not None and s[3] == run[-1][3] and s[3] in "-－" and \
                    _CHAIN_SEG.fullmatch(t, run[-1][1], s[0]):
                run.append(s)
                continue
            if len(run) >= 2:
                in_chain.update(x[2] for x in run)
            run = [s] if s is not None else []
        for a, z, k, ch in spans:
            line, col = doc.loc(p, k)
            if ch in "―–":
                yield ctx.finding("QC211", doc.path, line, col, f"汉字之间的连接号应写作一字线“—”，而不是“{ch}”",
                                  fix=doc.fix(p, a, z, "—"))
            elif k in in_chain:
                yield ctx.finding("QC211", doc.path, line, col,
                                  f"汉字之间的连接号应写作一字线“—”（如“省—市—县”），而不是“{ch}”{also}",
                                  fix=doc.fix(p, a, z, "—"))
            else:
                yield ctx.finding("QC211", doc.path, line, col,
                                  f"汉字之间不用连字符“{ch}”：作连接号写一字线“—”（如“北京—上海”），作破折号写“——”{also}")
        for chain in chains:
            for k in chain:
                line, col = doc.loc(p, k)
                yield ctx.finding("QC211", doc.path, line, col,
                                  "“一”疑为连接号一字线“—”的误写（如“整改—核查—提升”）：请确认后改正")
