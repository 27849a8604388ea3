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
NO_LINE_START = set("，。、；：？！）》」』】〕〗〉”’…—％‰·–,.;:?!)]}%・")
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
    return sum(1 for ch in text if not ch.isspace())
