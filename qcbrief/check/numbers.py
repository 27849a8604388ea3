"""Number and date rules (QC3xx), after GB/T 15835-2011 出版物上数字用法
(and GB/T 9704-2012 for document numbers)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Iterator

from ..diagnostics import Finding
from ..text.cjk import HAN, is_han_or_cjk_punct
from .registry import rule
from .spacing import SP, number_unit_space, title_like

CLAUSE = "GB/T 15835-2011"


def _paras(doc):
    return doc.paras


# --------------------------------------------------------------------------- QC301
_DIGIT_SPACE = re.compile(f"(?<=[{HAN}]){SP}+(?=[0-9０-９])|(?<=[0-9%‰０-９％]){SP}+(?=[{HAN}])")


@rule("QC301", "digit-space", "warning", "汉字与数字之间有空格", scope="text", fixable=True,
      clause=CLAUSE,
      why="中文公文中，阿拉伯数字与前后的汉字之间不加空格：“2025年11月”，不写“2025 年 11 月”。"
          "百分号后也一样：“30%以上”。空格多来自英文排版习惯或 PDF 转换。若贵单位的体例要求加空格，可在 config.yaml 中设 "
          "check.digit_space: allow。标题、小标题中分隔短语的空格（“织网 2025 同心同行”）保留，只查数字与单位之间的空格"
          "（“2025 年”）。",
      bad="2023 年 11 月 26 日，召开第二届专家委员会换届会议。",
      good="2023年11月26日，召开第二届专家委员会换届会议。")
def digit_space(doc, ctx) -> Iterator[Finding]:
    if ctx.settings.get("digit_space", "forbid") == "allow":
        return
    for p in _paras(doc):
        t = p.text
        title = title_like(p)
        for m in _DIGIT_SPACE.finditer(t):
            i, j = m.span()
            if title and not number_unit_space(t, i, j):
                continue  # a phrase separator of a title: "织网 2025 同心同行"
            line, col = doc.loc(p, i)
            yield ctx.finding("QC301", doc.path, line, col, "汉字与数字之间不加空格",
                              fix=doc.fix(p, i, j, ""))


# --------------------------------------------------------------------------- QC302
_FULL_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ](?:[０-９Ａ-Ｚａ-ｚ]|．(?=[０-９]))*")


def _half(s: str) -> str:
    return "".join("." if ch == "．" else chr(ord(ch) - 0xFEE0) for ch in s)


@rule("QC302", "full-width-alnum", "warning", "使用了全角数字或全角字母", scope="text", fixable=True,
      clause=CLAUSE,
      why="阿拉伯数字和拉丁字母一律用半角形式（0–9、A–Z）。全角数字“２０２５”在排版中宽窄不一，也无法被检索。"
          "全角百分号“％”是中文排版的通行写法，不作要求。",
      bad="２０２５年第１季度，抽查病历３００份。", good="2025年第1季度，抽查病历300份。")
def full_width_alnum(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        for m in _FULL_ALNUM.finditer(t):
            i, j = m.span()
            line, col = doc.loc(p, i)
            yield ctx.finding("QC302", doc.path, line, col, f"“{m.group()}”应写作半角“{_half(m.group())}”",
                              fix=doc.fix(p, i, j, _half(m.group())))


# --------------------------------------------------------------------------- QC303
_SHORT_YEAR = re.compile(r"(?<![0-9.])(?:['‘’]([0-9]{2})年|([0-9]{2})年(?=度|[0-9]{1,2}月|第[一二三四1-4]季度|[上下]半年))")


@rule("QC303", "short-year", "warning", "年份写成了两位数", scope="text",
      clause=CLAUSE,
      why="年份不能简写：“2023年”不写作“23年”或“’23年”。本规则不自动修正：须由作者确认世纪。"
          "“从事护理工作23年”这类表示年数的写法不受影响。",
      bad="23年度工作总结会议于12月召开。", good="2023年度工作总结会议于12月召开。")
def short_year(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        if "年" not in t:
            continue
        for m in _SHORT_YEAR.finditer(t):
            yy = m.group(1) or m.group(2)
            line, col = doc.loc(p, m.start())
            yield ctx.finding("QC303", doc.path, line, col, f"年份“{m.group()}”应写全，如“20{yy}年”")


# --------------------------------------------------------------------------- QC304
_NUM_DATE = re.compile(r"(?<![0-9A-Za-z.\-/])((?:19|20)[0-9]{2})([./\-])([0-9]{1,2})\2([0-9]{1,2})(?![0-9A-Za-z%‰/\-]|\.[0-9])")


_VERSION_BEFORE = re.compile(r"(?:版本号?|版|[Vv]|[Vv]er\.?|[Vv]ersion|第|编号|代码|标准|条款?|号)[ \t:：]*$")
_VERSION_AFTER = re.compile(r"[ \t]*(?:版|条|款|项|节|章|号|部分|[A-Za-z])")


def _version_like(t: str, m) -> bool:
    """"版本号2025.3.1", "第2025.1.1条": a version or clause number, not a date."""
    return (_VERSION_BEFORE.search(t, max(0, m.start() - 8), m.start()) is not None
            or _VERSION_AFTER.match(t, m.end()) is not None)


def _date_spans(t: str):
    for m in _NUM_DATE.finditer(t):
        if _version_like(t, m):
            continue
        try:
            dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
        yield m


@rule("QC304", "numeric-date", "warning", "正文中的日期写成了 2025.3.1 / 2025-3-1 / 2025/3/1", scope="text",
      fixable=True, clause=CLAUSE,
      why="公文正文中的日期写作“2025年3月1日”。“2025.3.1”“2025-03-01”“2025/3/1”是表格、文件名中的写法。"
          "修正只改写法（年、月、日照录，去掉前导零），不改日期。版本号、条款号（“版本号2025.3.1”“V2.3.1”“第2.1.3条”）不是日期，不在此列。",
      bad="中心于2025.3.1召开培训会。", good="中心于2025年3月1日召开培训会。")
def numeric_date(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        if p.kind == "cell":
            continue
        t = p.text
        for m in _date_spans(t):
            new = f"{int(m.group(1))}年{int(m.group(3))}月{int(m.group(4))}日"
            line, col = doc.loc(p, m.start())
            yield ctx.finding("QC304", doc.path, line, col, f"日期“{m.group()}”应写作“{new}”",
                              fix=doc.fix(p, m.start(), m.end(), new))


# --------------------------------------------------------------------------- QC305
CONNECTORS = {"～": "～", "~": "～", "〜": "～", "—": "—", "–": "—", "-": "-", "－": "-"}
_UNIT = "%‰℃年月日时点周岁个家人名次天项分秒期届级例份"
_RANGE = re.compile(f"(?<![0-9A-Za-z.\\-/])([0-9]+(?:\\.[0-9]+)?)(?:[ \\t]*[{_UNIT}])?[ \\t]*([～~〜—–\\-－])(?!—)[ \\t]*(?=[0-9])")
_NEXT_NUM = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NUMBERED = re.compile(r"(?:表|图|附表|附图|附件|式|公式|图表)[ \t]*$")


def _chinese_range(t: str, start: int, end: int) -> bool:
    """The range t[start:end] stands in Chinese text: a Chinese character or
    mark just before it or a unit character just after; "GB/T 9704-2012" and
    "ISO 15189-2022" are not."""
    k = start - 1
    while k >= 0 and t[k] in " \t":
        k -= 1
    before = t[k] if k >= 0 else ""
    if before and before.isascii() and (before.isalpha() or before in "/-"):
        return False
    k = end
    while k < len(t) and t[k] in " \t":
        k += 1
    after = t[k] if k < len(t) else ""
    return is_han_or_cjk_punct(before) or is_han_or_cjk_punct(after) or (after != "" and after in "%‰℃")


def range_uses(t: str, chinese_only: bool = False):
    """(connector index, connector char) of numeric ranges in t (dates and
    phone-like numbers excluded; with chinese_only, only ranges in Chinese text)."""
    dates = [m.span() for m in _date_spans(t)]
    for m in _RANGE.finditer(t):
        i = m.start(2)
        if any(a <= i < b for a, b in dates):
            continue
        right = _NEXT_NUM.match(t, m.end())
        left = m.group(1)
        if right is None:
            continue
        r = right.group()
        if len(left) >= 7 or len(r) >= 7 or (left.startswith("0") and len(left) >= 3):
            continue  # a telephone number, not a range
        if right.end() < len(t) and t[right.end()] in "-/" and right.end() + 1 < len(t) and t[right.end() + 1].isdigit():
            continue  # 2025-3-1 style (an invalid date) or a code
        if _NUMBERED.search(t, 0, m.start()):
            continue  # 表2-8: a figure or table number
        if chinese_only and not _chinese_range(t, m.start(), right.end()):
            continue
        yield i, m.group(2)


@rule("QC305", "range-connector", "warning", "数值范围的连接号不对或不统一", scope="text", fixable=True,
      clause=f"{CLAUSE}；GB/T 15834-2011 4.13",
      why="中文文本中表示数值、日期范围用浪纹线“～”或一字线“—”（GB/T 15834-2011 4.13），同一篇文稿内只用一种；"
          "连字符“-”是连接代号、编号的（“表2-8”“GB/T 9704-2012”），不表示范围：“12月1日-3日”“9月25-27日”“1-11月”"
          "都应改正。config.yaml 中 check.range_connector 可指定 ～、— 或 -（指定 - 时连字符也算对）；"
          "auto（默认）取本文用得最多的“～”或“—”，都没有时用“～”。半角“~”改为“～”，“–”（en dash）改为“—”。",
      bad="于9月25-27日开展督查，1-11月累计培训30场，波动范围为0.8%～11.6%。",
      good="于9月25～27日开展督查，1～11月累计培训30场，波动范围为0.8%～11.6%。")
def range_connector(doc, ctx) -> Iterator[Finding]:
    uses = []
    for p in _paras(doc):
        t = p.text
        if not any(c in t for c in CONNECTORS):
            continue
        for i, ch in range_uses(t, chinese_only=True):
            uses.append((p, i, ch))
    if not uses:
        return
    setting = ctx.settings.get("range_connector", "auto")
    if setting == "auto":
        counts = Counter(CONNECTORS[ch] for _, _, ch in uses if CONNECTORS[ch] != "-")
        if counts:
            best = max(counts.values())
            chosen = next(CONNECTORS[ch] for _, _, ch in uses if counts.get(CONNECTORS[ch]) == best)
        else:
            chosen = "～"
    else:
        chosen = setting
    for p, i, ch in uses:
        if ch == chosen:
            continue
        line, col = doc.loc(p, i)
        if setting != "auto":
            why = "按配置（check.range_connector）应用"
        elif CONNECTORS[ch] == "-":
            why = "连字符不表示范围，" + ("本文统一用" if chosen in {CONNECTORS[c] for _, _, c in uses} else "应用")
        else:
            why = "本文统一用"
        yield ctx.finding("QC305", doc.path, line, col, f"数值范围的连接号“{ch}”：{why}“{chosen}”",
                          fix=doc.fix(p, i, i + 1, chosen))


# --------------------------------------------------------------------------- QC306
_RANGE_UNIT = re.compile(r"(?<![0-9A-Za-z.])([0-9]+(?:\.[0-9]+)?)([～~〜—–\-－])([0-9]+(?:\.[0-9]+)?)(%|‰|万|亿)")


@rule("QC306", "range-unit", "warning", "数值范围前一个数省略了 % 或 万、亿", scope="text", fixable=True, partly=True,
      clause=CLAUSE,
      why="数值范围的两个数都要带百分号：“15%～30%”，不写“15～30%”（GB/T 15835-2011 的示例）；"
          "“万”“亿”也不省略：“13万～17万元”。省略℃、kg 等计量单位不会造成歧义，可以省略（“-36～-8℃”）。"
          "% 与 ‰ 自动补上；万、亿须作者确认后手工补写。",
      bad="合格率为15～30%。", good="合格率为15%～30%。")
def range_unit(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        if not any(u in t for u in "%‰万亿"):
            continue
        for m in _RANGE_UNIT.finditer(t):
            unit = m.group(4)
            line, col = doc.loc(p, m.start(2))
            fix = doc.fix(p, m.end(1), m.end(1), unit) if unit in "%‰" else None
            yield ctx.finding("QC306", doc.path, line, col,
                              f"“{m.group()}”：前一个数也要带“{unit}”，写作“{m.group(1)}{unit}{m.group(2)}{m.group(3)}{unit}”",
                              fix=fix)


# --------------------------------------------------------------------------- QC307
_DOC_NO = re.compile(f"(?<=[{HAN}])([\\[【(（［〖])((?:19|20)[0-9]{{2}})([\\]】)）］〗])(?=[0-9]+[ \\t]*号)")


@rule("QC307", "document-number-brackets", "warning", "发文字号的年份应使用六角括号〔〕", scope="text", fixable=True,
      clause="GB/T 9704-2012 7.2.5",
      why="发文字号由发文机关代字、年份、发文顺序号组成，年份标全称，用六角括号“〔〕”括入："
          "×卫办发〔2025〕12号。方括号“[]”、方头括号“【】”、圆括号都不对。",
      bad="根据《通知》（×卫办发[2025]12号）要求……", good="根据《通知》（×卫办发〔2025〕12号）要求……")
def document_number(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        if "号" not in t:
            continue
        for m in _DOC_NO.finditer(t):
            line, col = doc.loc(p, m.start())
            yield ctx.finding("QC307", doc.path, line, col,
                              f"发文字号中的年份应写作“〔{m.group(2)}〕”，而不是“{m.group(1)}{m.group(2)}{m.group(3)}”",
                              fix=doc.fix(p, m.start(), m.end(), f"〔{m.group(2)}〕"))
