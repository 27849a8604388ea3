"""Readable, never-colliding file names for imported articles: 03-核医学, b02-××感染."""

from __future__ import annotations

import re

from ..safetext import drop_invisible

_PROVINCE = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,8}自治区|北京市|天津市|上海市|重庆市)")
_CITY = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(?:市|州|地区|盟|林区)")
_SUFFIX = re.compile(r"(?:医疗)?(?:质量控制|质控).*$")
_UNSAFE = re.compile(r"[\\/:*?\"<>|#\s\u3000\x00-\x1f（）()【】\[\]{}，。、；：！？,;!?'\"“”‘’]+")
MAX_LEN = 10


def short_name(center: str, fallback: str = "") -> str:
    s = center.strip()
    s = _PROVINCE.sub("", s)
    city = _CITY.match(s)
    prefix = ""
    if city and not s.startswith(("市", "州")):
        prefix, s = city.group(1), s[city.end():]
    cut = _SUFFIX.sub("", s)
    s = cut if cut else re.sub(r"(?:医疗)?(?:质量控制|质控)中心", "质控", s)
    s = (prefix + s) or fallback
    s = _UNSAFE.sub("", drop_invisible(s)).strip(".-_")
    return s[:MAX_LEN] or "文章"


def make_stem(prefix: str, number: int, center: str, taken: set[str], fallback: str = "") -> str:
    base = f"{prefix}{number:02d}-{short_name(center, fallback)}"
    stem, k = base, 2
    while stem.lower() in taken:
        stem, k = f"{base}-{k}", k + 1
    taken.add(stem.lower())
    return stem
