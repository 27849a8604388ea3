"""Text patterns of a bulletin's parts (center line, 点评 label, TOC entry, 版记…)."""

from __future__ import annotations

import re

# the dashes a center line may end in: "——" as printed, "—", "--" / "-" as typed, "–" (what Word's
# AutoCorrect and pandoc make of "--"), "―" / "－" / "─" / "−" from other fonts and input methods
DASH_CHARS = "—–―‒－─−﹣\\-"  # escaped for a regex character class
DASHES = f"[{DASH_CHARS}]"
# "××省护理质量控制中心——": a short name without sentence punctuation, then dashes
CENTER_RE = re.compile(
    rf"^\s*(?P<name>[^，。；：！？、,;:!?\s（({DASH_CHARS}][^，。；：！？,;:!?]{{1,46}}?)\s*(?:{DASHES}\s*)+$")
# a line made only of rule characters (a masthead's red rule pasted as text): no content
RULE_RE = re.compile(rf"^[\s{DASH_CHARS}━═＝=_~～*·•]{{3,}}$")
# the 点评 label alone, in any way contributors write it: 点评 / 点评： / 【点评】 / 编者点评:
LABEL_RE = re.compile(r"^\s*[【\[［]?\s*(?:编者)?点\s*评\s*[】\]］]?\s*[：:]?\s*$")
LABEL_INLINE_RE = re.compile(r"^\s*[【\[［]?\s*(?:编者)?点\s*评\s*[】\]］]?\s*[：:]\s*(?=\S)")
# 按： / 编者按： / 按语： / 【编者按】 / 编者按 (alone on its line)
PREFACE_RE = re.compile(r"^\s*(?:[【\[［]\s*(?:编\s*者\s*)?按\s*语?\s*[】\]］]\s*[：:]?|(?:编\s*者\s*)?按\s*语?\s*[：:]"
                        r"|编\s*者\s*按\s*$)\s*")
TOC_HEADING_RE = re.compile(r"^\s*目\s*(?:录|次)\s*[：:]?\s*$")
# TOC entries: see toc.py
# "供稿单位：××省X质量控制中心" / "（××省X质量控制中心供稿）"
BYLINE_RE = re.compile(r"^\s*(?:供稿单位|供稿|来稿单位|撰稿单位)\s*[：:]\s*(?P<name>[^，。；]{2,40}?)\s*$"
                       r"|^\s*[（(]\s*(?P<name2>[^，。；（）()]{2,40}?)\s*供稿\s*[)）]\s*$")
PAGE_NUMBER_RE = re.compile(r"^\s*[-—－–]{0,2}\s*\d{1,3}\s*[-—－–]{0,2}\s*$")
FINAL_PUNCT = "。！？!?；;…”’」』）)》】"
SECTION_RE = re.compile(r"^\s*[【\[［]?\s*(?:[\u4e00-\u9fff]{0,4}简\s*讯[\u4e00-\u9fff]{0,2}|(?:工作|质控)?动态)\s*[】\]］]?\s*$")
# a brief whose center line runs on into its text: "××市X质量控制中心——3月，……" (a single "—" there
# is the connector of "三级医院—社区卫生服务中心", not a center line)
CENTER_INLINE_RE = re.compile(
    r"^\s*(?P<name>[^，。；：！？、\s（(][^，。；：！？]{2,40}?(?:中心|办公室|委员会|协会|学会|医院|局))\s*(?:——|--|－－|––)\s*(?=\S)")
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
NUMBER_RE = re.compile(r"(?<!总)第\s*(\d{1,4}|[一二三四五六七八九十]{1,3})\s*期")
TOTAL_RE = re.compile(r"总\s*第\s*(\d{1,5}|[一二三四五六七八九十]{1,3})\s*期")
# 版记 labels besides the ones configured
COLOPHON_LABELS = ("报", "送", "分送", "抄送", "发", "印发", "投稿地址", "地址", "电话", "邮箱", "传真", "邮编", "联系电话")


def center_name(text: str) -> str | None:
    m = CENTER_RE.match(text.replace("\n", ""))
    if not m or len(m.group("name")) > 40:
        return None
    return m.group("name").strip()


_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
CN_DATE_RE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")


def cn_number(s: str) -> int:
    """一 .. 三十一 (and digit-by-digit years 二〇二六)."""
    if len(s) == 4 and "十" not in s:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[s]


def byline_name(text: str) -> str | None:
    m = BYLINE_RE.match(text.replace("\n", ""))
    return (m.group("name") or m.group("name2")).strip() if m else None


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] in FINAL_PUNCT


def squash(text: str) -> str:
    """Text without any whitespace (for comparing titles)."""
    return re.sub(r"\s+", "", text)
