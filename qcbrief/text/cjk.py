"""Chinese character classes shared by `check` rules and line breaking."""

from __future__ import annotations

import re

# Han ideographs (incl. ext. A and compatibility) and the 〇 numeral.
HAN_RANGES = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN_RANGES}]")

# Full-width punctuation used in Chinese text.
CJK_PUNCT = "，。、；：？！…—·“”‘’（）《》〈〉「」『』【】〔〕〖〗～％　"
CJK_CHAR_RE = re.compile(f"[{HAN_RANGES}{CJK_PUNCT}\u3000-\u303f\uff00-\uffef]")

# Line-breaking classes (GB/T 15834 practice; JIS X 4051 / W3C clreq).
# Never at the start of a line:
NO_LINE_START = set("，。、；：？！）》」』】〕〗〉”’…—％‰℃°·–,.;:?!)]}%・")
# Never at the end of a line:
NO_LINE_END = set("（《「『【〔〖〈“‘([{")
# Characters that come in pairs and must not be split between lines.
INSEPARABLE = {"…", "—"}


def is_han(ch: str) -> bool:
    return bool(ch) and HAN_RE.match(ch) is not None


def is_cjk(ch: str) -> bool:
    """Han, CJK punctuation and full-width forms."""
    return bool(ch) and CJK_CHAR_RE.match(ch) is not None


def count_chars(text: str) -> int:
    """Length of text as an editor counts it: every non-space character."""
    return sum(map(len, text.split()))  # str.split() splits at exactly the str.isspace() characters


# --- classes for the typography rules (check/punctuation.py, numbers.py …) ---
# Han ideographs as a regex character-class body, for building patterns.
HAN = HAN_RANGES
# Full-width marks that close a phrase or clause (text may end right before them).
CJK_CLOSING = "，。、；：？！）》」』】〕〗〉”’…—"
# Full-width marks that open something.
CJK_OPENING = "（《「『【〔〖〈“‘"
# Full-width marks next to which a space is never wanted (not the ideographic
# space itself, not ～ which is a range connector).
SPACE_SENSITIVE_PUNCT = "，。、；：？！…“”‘’（）《》【】〔〕「」『』〈〉"
# Half-width punctuation that has a full-width counterpart in Chinese text.
HALF_TO_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# Pairs checked for balance inside one paragraph.
PAIRS = {"“": "”", "《": "》", "（": "）", "【": "】", "‘": "’", "〔": "〕", "「": "」", "『": "』"}
# Characters wrongly used for the interpunct (间隔号 ·).
WRONG_INTERPUNCT = "•‧・●∙⋅"
# A placeholder for masked inline content (code spans, URLs …): neither Han
# nor Latin, so rules see a boundary without text.
OPAQUE = "\ufffc"


def is_han_or_cjk_punct(ch: str) -> bool:
    """Han ideograph or full-width punctuation (what makes a side "Chinese")."""
    return bool(ch) and (HAN_RE.match(ch) is not None or ch in CJK_CLOSING or ch in CJK_OPENING)
