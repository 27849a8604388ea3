"""Privacy rules (QC5xx): patient identifiers in a bulletin that is printed
and circulated.  Errors, never auto-fixed: masking is the author's call."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..diagnostics import Finding
from ..text.cjk import HAN, OPAQUE
from .registry import rule

# --------------------------------------------------------------------------- QC501
_REGIONS = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
            50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_ID_LABEL = re.compile(r"(?:身份证|证件|公民身份)(?:号码|号)?[ \t]*(?:为|是)?[ \t]*[:：]?[ \t]*$")
_ID = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= day <= dt.date.today()


def is_resident_id(s: str) -> bool:
    """A plausible resident identity card number (GB 11643-1999; 15-digit old form too)."""
    if int(s[:2]) not in _REGIONS:
        return False
    if len(s) == 18:
        if not _valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])):
            return False
        total = sum(int(c) * w for c, w in zip(s[:17], _WEIGHTS))
        return _CHECK[total % 11] == s[17].upper()
    return _valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))


@rule("QC501", "id-number", "error", "文中有身份证号码", scope="text",
      clause="《个人信息保护法》；《医疗机构病历管理规定》",
      why="简报公开印发，不得出现患者或其他个人的身份证号码。请删去，或只保留前后几位（如 4201**********1234）。"
          "本规则校验地区码、出生日期和校验位，普通的长数字不会误报；紧跟在“身份证（号）”“证件号”之后的"
          "18 位（或 15 位）号码即使校验位不对也报告。打码的号码（4201**********1234）不报。",
      bad="患者身份证号420102198001011234。", good="患者身份证号已隐去。")
def id_number(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        for m in _ID.finditer(t):
            if is_resident_id(m.group(1)):
                why = "疑似身份证号码"
            elif _ID_LABEL.search(t, max(0, m.start() - 16), m.start()) and len(m.group(1)) == 18:
                why = "身份证号码（校验位或日期不符，但仍是个人信息）"
            else:
                continue
            line, col = doc.loc(p, m.start())
            yield ctx.finding("QC501", doc.path, line, col,
                              f"{why}：简报公开印发，请删去或打码（如 4201**********1234）")


# --------------------------------------------------------------------------- QC502
_MOBILE = re.compile(r"(?<![0-9\-])(?:\+?86[ \-]?)?1[3-9][0-9](?:[ \-]?)[0-9]{4}(?:[ \-]?)[0-9]{4}(?![0-9])")


@rule("QC502", "mobile-number", "error", "文中有手机号码", scope="text",
      why="简报公开印发，不得出现个人手机号码。联系电话请用单位座机或写在 config.yaml 的 contact 中。",
      bad="联系人：李某，电话13812345678。", good="联系人：李某，电话见版记投稿信息。")
def mobile_number(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        for m in _MOBILE.finditer(t):
            digits = re.sub(r"\D", "", m.group())
            if len(digits) not in (11, 13):
                continue
            line, col = doc.loc(p, m.start())
            yield ctx.finding("QC502", doc.path, line, col, f"疑似手机号码“{m.group()}”：请删去或改用单位电话")


# --------------------------------------------------------------------------- QC503
_RECORD = re.compile(r"(住院号|病案号|病历号|门诊号|急诊号|ID号|就诊卡号|医保卡号|登记号|床号)[ \t]*(?:为|是)?[ \t]*[:：]?[ \t]*([A-Za-z]{0,3}[0-9]{3,})(?![0-9A-Za-z*＊×○#\ufffc])")


@rule("QC503", "record-number", "error", "文中有住院号、病案号等患者编号", scope="text",
      why="住院号、病案号、门诊号等能直接对应到患者，简报中不得出现。请删去编号或打码（住院号：2023****、2024XXXX，打码的号码不报）。",
      bad="患者（住院号：20230456）术后第3天出现发热。", good="患者术后第3天出现发热。")
def record_number(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        if "号" not in t:
            continue
        for m in _RECORD.finditer(t):
            line, col = doc.loc(p, m.start(2))
            yield ctx.finding("QC503", doc.path, line, col, f"{m.group(1)}“{m.group(2)}”可对应到患者：请删去或打码")


# --------------------------------------------------------------------------- QC504
_DATA = Path(__file__).resolve().parent.parent / "data"


def _word_list(name: str) -> list[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return [w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset, frozenset]:
    """(single-character surnames, compound surnames) from data/surnames.txt."""
    words = _word_list("surnames.txt")
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@lru_cache(maxsize=1)
def stop_words() -> tuple[frozenset, dict]:
    """(characters that never start a name here, {first char: [words]}) from data/name_stopwords.txt."""
    single, by_first = set(), {}
    for w in _word_list("name_stopwords.txt"):
        if len(w) == 1:
            single.add(w)
        else:
            by_first.setdefault(w[0], []).append(w)
    return frozenset(single), by_first


@lru_cache(maxsize=1)
def places() -> tuple[frozenset, frozenset, int]:
    """(places wherever they stand, places only before 人/籍, longest name length) from
    data/places.txt (every province, prefecture-level and county-level division of China).

    Full names (许昌市, 郸城县) and the short names of provinces and
    prefecture-level divisions (许昌, 甘南) are places wherever they stand; the
    short name of a county (郸城) only before 人/籍, as a two-character county
    name is also a plausible given name.  Loaded on first use only."""
    anywhere, before_ren = set(), set()
    for line in (_DATA / "places.txt").read_text(encoding="utf-8").splitlines():
        if line[:1] in ("#", ""):
            continue
        level, full, short, _province = line.split("\t")
        anywhere.add(full)
        (before_ren if level == "县" else anywhere).add(short)
    before_ren -= anywhere
    longest = max(map(len, anywhere | before_ren))
    return frozenset(w for w in anywhere if len(w) >= 2), frozenset(w for w in before_ren if len(w) >= 2), longest


def place_at(t: str, k: int) -> str | None:
    """The place name standing at t[k] (许昌市人, 甘南籍, 郸城人), or None."""
    anywhere, before_ren, longest = places()
    for n in range(min(longest, len(t) - k), 1, -1):
        word = t[k:k + n]
        if word in anywhere or (word in before_ren and t[k + n:k + n + 1] in ("人", "籍")):
            return word
    return None


_TRIGGER = re.compile(r"(患者|患儿|病人|病患|伤者|产妇|孕妇|姓名|家属)[ \t]*[:：]?[ \t]*")
_MASKS = set("某×Xx*＊○〇□■") | {OPAQUE}
_HAN_RE = re.compile(f"[{HAN}]")
# Characters that never stand in a given name right after the surname, and
# words that often follow a name: they decide between a 2- and a 3-character name.
_NOT_GIVEN = set("的了是在和与及等也都就又还则因为被把对从向往到由于以将已正未不没无有要会能可应需须均仍再才并且而或之其所者")
_FOLLOW = re.compile(r"反映|表示|说|称|讲|诉|述|和|与|及|同|因|于|在|以|经|被|的|是|为|男|女|入院|出院|就诊|来院|自|系|今|现|年|术|行|曾|既往|突|出现|等|也|都|已|从|向|对|由|将|把|家属|之|所|先生|女士|同志|老人")


def patient_name_at(t: str, k: int) -> tuple[str, int] | None:
    """A personal name standing at t[k] (right after a trigger word), or None.

    The name is a surname from the list and one or two more characters; a
    common word starting with a surname character (the stop list) is not a
    name, nor is a place name (许昌市人: data/places.txt), nor a masked form
    (张某, 李某某, 王XX, 赵**)."""
    if k >= len(t) or t[k] in _MASKS:
        return None
    single_stop, stop_by_first = stop_words()
    if t[k] in single_stop or any(t.startswith(w, k) for w in stop_by_first.get(t[k], ())):
        return None
    one, two = surnames()
    sur_len = 2 if t[k:k + 2] in two else 1 if t[k] in one else 0
    if not sur_len:
        return None
    if place_at(t, k):  # 患儿许昌市人, 患者甘南籍
        return None
    g = k + sur_len
    given = ""
    for c in t[g:g + 2]:
        if c in _MASKS or not _HAN_RE.match(c):
            break
        given += c
    if not given or given[0] in _NOT_GIVEN or given[0] in _MASKS:
        return None
    if t[g + len(given):g + len(given) + 1] in _MASKS and t[g + len(given):g + len(given) + 1]:
        return None  # 张X某
    if len(given) == 2 and (_FOLLOW.match(t, g + 1) or given[1] in _NOT_GIVEN):
        given = given[:1]
    return t[k:g] + given, sur_len


def _masked_in_source(doc, p, k: int) -> bool:
    """The file has a mask right after t[k] that the prose view dropped
    (Markdown reads "赵**入院" as emphasis marks)."""
    if k >= len(p.pos):
        return False
    line, col = p.pos[k]
    raw = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    return raw[col:col + 1] in _MASKS and raw[col:col + 1] != ""


@rule("QC504", "patient-name", "error", "文中疑似出现患者真实姓名", scope="text",
      why="病例介绍中的患者、家属姓名须隐去：写作“张某”或“张某某”，或“患者A”。"
          "本规则在“患者、患儿、病人、伤者、产妇、孕妇、姓名、家属”之后查找以常见姓氏（约 400 个单姓和常见复姓，"
          "见 qcbrief/data/surnames.txt）开头的两三字人名，不论其后是标点还是“反映”“表示”“和”等词；"
          "以姓氏用字开头的常用词（“平稳”“马上”“高热”“周末”“都”“满意度”……，见 qcbrief/data/name_stopwords.txt）"
          "、全国各省、地级市、县级行政区的地名（“患儿许昌市人”“患者甘南籍”，见 qcbrief/data/places.txt）"
          "和已隐去的写法（张某、李某某、王XX、赵**）不报。",
      bad="患者张伟反映夜间疼痛，男，65岁，因胸痛入院。", good="患者张某反映夜间疼痛，男，65岁，因胸痛入院。")
def patient_name(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        if not any(w in t for w in ("患", "病人", "姓名", "家属", "伤者", "产妇", "孕妇")):
            continue
        for m in _TRIGGER.finditer(t):
            hit = patient_name_at(t, m.end())
            if hit and not _masked_in_source(doc, p, m.end() + hit[1] - 1):
                name, sur_len = hit
                line, col = doc.loc(p, m.end())
                yield ctx.finding("QC504", doc.path, line, col,
                                  f"疑似患者姓名“{name}”：请隐去，写作“{name[:sur_len]}某”或“{name[:sur_len]}某某”")
