"""Punctuation rules (QC2xx), after GB/T 15834-2011 标点符号用法.

All rules read TextDoc paragraphs (check/source.py): prose only, with file
positions.  A half-width mark is a defect only next to Chinese; Latin-only
stretches ("ISO 15189, 2022", "Hello, world.") are left alone.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Finding
from ..text.cjk import (CJK_CLOSING, HALF_TO_FULL, HAN, PAIRS, SPACE_SENSITIVE_PUNCT,
                        WRONG_INTERPUNCT, is_han, is_han_or_cjk_punct)
from .registry import rule
from .spacing import SP, SPACES, title_like

CLAUSE = "GB/T 15834-2011"


def _paras(doc, *fields):
    for p in doc.fields(*fields):
        if p.has_han:
            yield p


def _prev(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else ""


def _next(text: str, i: int) -> str:
    return text[i + 1] if i + 1 < len(text) else ""


# --------------------------------------------------------------------------- QC201
_HALF = re.compile(r"[,.;:?!]")
_NUMBERING = re.compile(r"\(\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[a-zA-Z])\s*\)")


def _chinese_left(ch: str) -> bool:
    return is_han(ch) or (bool(ch) and ch in CJK_CLOSING)


@rule("QC201", "half-width-punct", "warning", "中文文本中使用了半角标点", scope="text", fixable=True,
      clause=f"{CLAUSE} 4.1–4.9",
      why="中文文本中的逗号、句号、分号、冒号、问号、叹号和括号应使用全角形式（，。；：？！（））。"
          "半角标点只用于外文、数字和公式之中：两个拉丁词之间的半角逗号、小数点、时间“9:30”不算错误。",
      bad="12月2日,××省病理科质控中心召开年终工作会议(线上线下结合).",
      good="12月2日，××省病理科质控中心召开年终工作会议（线上线下结合）。")
def half_width_punct(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        for i, start in sorted(_half_marks(t).items()):
            yield _half_finding(doc, p, i, t[i], ctx, start if start < i else None)


def _half_marks(t: str) -> dict[int, int]:
    """{index of a half-width mark to make full-width: start of the spaces before it}.

    Decided on the text as it will read after the fix: a mark next to one
    that becomes full-width sees that full-width mark ("方案(2023年版):" - the
    colon follows "）"), so one --fix pass does everything the check reports."""
    found: dict[int, int] = {}
    virt = list(t)
    pairs = _paren_pairs(t)
    while True:
        vt = "".join(virt)
        new = {i: a for i, a in _decide(vt, pairs).items() if i not in found}
        if not new:
            return found
        found.update(new)
        for i in new:
            virt[i] = HALF_TO_FULL[t[i]]


_PARENS = re.compile(r"[()]")


def _paren_pairs(t: str) -> list[tuple[int, int | None]]:
    stack: list[int] = []
    pairs: list[tuple[int, int | None]] = []
    for m in _PARENS.finditer(t):
        i, ch = m.start(), m.group()
        if ch == "(":
            stack.append(i)
        else:
            pairs.append((stack.pop() if stack else -1, i))
    pairs.extend((i, None) for i in stack)
    return pairs


def _decide(t: str, pairs) -> dict[int, int]:
    out: dict[int, int] = {}
    for m in _HALF.finditer(t):
        i = m.start()
        ch = t[i]
        left, right = _prev(t, i), _next(t, i)
        if ch == "." and (right == "." or left == "."):
            continue  # an ellipsis: QC204
        start = i
        while start > 0 and t[start - 1] in " \t":
            start -= 1
        if start < i and ch != "." and (_chinese_left(_prev(t, start))
                                        or _after_token(t, i, ch, _prev(t, start), right)):
            out[i] = start  # "各单位 ," -> "各单位，"
            continue
        if _chinese_left(left):
            if ch == ":" and left.isdigit() and right.isdigit():
                continue
            out[i] = i
        elif _after_token(t, i, ch, left, right):
            out[i] = i
    # parentheses: a pair is Chinese when it holds or touches Chinese
    for a, z in pairs:
        inner = t[a + 1:z] if a >= 0 and z is not None else ""
        touches = (a >= 0 and (_chinese_left(_prev(t, a)) or is_han(_next(t, a)))) or \
                  (z is not None and (is_han(_prev(t, z)) or is_han_or_cjk_punct(_next(t, z))))
        if re.search(f"[{HAN}]", inner) or touches:
            if a >= 0 and z is not None and not re.search(f"[{HAN}]", inner) and _latin_context(t, a, z):
                continue
            for i in (a, z):
                if i is not None and i >= 0:
                    out[i] = i
    return out


# What a number, percentage or Latin word ends with (full-width forms too:
# QC302 makes them half-width in the same --fix pass).
_TOKEN_END = set("0123456789%‰+％") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") \
    | {chr(c) for c in range(0xFF10, 0xFF1A)} | {chr(c) for c in range(0xFF21, 0xFF3B)} | {chr(c) for c in range(0xFF41, 0xFF5B)}
_TOKEN = re.compile(r"[0-9A-Za-z%‰+.０-９Ａ-Ｚａ-ｚ％．]+$")


def _chinese_right(ch: str) -> bool:
    return is_han(ch) or (ch != "" and ch in "“‘《（")


def _after_token(t: str, i: int, ch: str, left: str, right: str) -> bool:
    """A half-width mark closing a number, percentage or Latin word inside
    Chinese text: "98.82%,平均", "A+,创新", "达95%.".  Decimals (98.82), times
    (8:30), ratios (1:2), versions (V2.3.1) and list numbers ("1.培训") stay."""
    if left not in _TOKEN_END:
        return False
    k = i + 1
    while k < len(t) and t[k] in " \t":
        k += 1
    right = t[k:k + 1]
    if ch in ",;:?!":
        return _chinese_right(right)
    # "." : after % or ‰ before Chinese or at the end; after a number or word
    # at the end of a Chinese paragraph ("共抽查300.")
    end = right in ("", "\n") or right in "”’）》"
    if left in "%‰":
        return end or _chinese_right(right)
    if not end:
        return False
    m = _TOKEN.search(t, 0, i)
    before = t[m.start() - 1:m.start()] if m else ""
    return is_han(before)


def _latin_context(t: str, a: int, z: int) -> bool:
    """"(ISO 15189)" inside English words on both sides: leave it."""
    left, right = _prev(t, a), _next(t, z)
    return (left == " " or left.isascii() and left.isalnum()) and (right in (" ", "") or right.isascii())


def _half_finding(doc, p, i, ch, ctx, start=None):
    """The finding for a half-width mark at i; the fix also takes the spaces
    around it ("各单位 ," / "平均, A"): a full-width mark has none."""
    full = HALF_TO_FULL[ch]
    line, col = doc.loc(p, i)
    t = p.text
    a = i if start is None else start
    if ch != "(":
        z = i + 1
        while z < len(t) and t[z] in SPACES:
            z += 1
        if z < len(t) and t[z] in HALF_TO_FULL:
            z = i + 1  # another half-width mark follows: its own fix takes the spaces
    else:
        z = i + 1
    if ch == "(" or start is None:
        while a > 0 and t[a - 1] in SPACES and t[a - 2:a - 1] not in HALF_TO_FULL:
            a -= 1
    if ch not in "()" and t[a - 1:a] == full and a > 0:
        # "会议召开。." : the full-width mark is already there; drop the copy
        return ctx.finding("QC201", doc.path, line, col, f"半角“{ch}”与前面的“{full}”重复：删去",
                           fix=doc.fix(p, a, z, ""))
    return ctx.finding("QC201", doc.path, line, col, f"中文文本中应使用全角“{full}”，而不是半角“{ch}”",
                       fix=doc.fix(p, a, z, full))


# --------------------------------------------------------------------------- QC202
_SHORT_YEAR_AHEAD = re.compile(r"[0-9]{2}年")


def _prime(t: str, i: int) -> bool:
    """A straight ' that is a prime or an apostrophe, not a quote: "3'端",
    "5'-UTR", "A'", "Parkinson's", "'23年" (a short year: QC303)."""
    left = _prev(t, i)
    return (left.isascii() and left.isalnum()) or _SHORT_YEAR_AHEAD.match(t, i + 1) is not None


@rule("QC202", "ascii-quotes", "warning", "中文文本中使用了直引号 \" 或 '", scope="text", fixable=True, partly=True,
      clause=f"{CLAUSE} 4.8",
      why="中文文本的引号用弯引号：双引号“ ”，引号里再用引号时用单引号‘ ’。直引号 \" ' 是外文和程序代码的写法。"
          "修正时按出现的先后依次配成“”（或‘’）；本段直引号不成对时只提示。"
          "数字、字母后的撇号是撇号或角分符号（“3'端”“5'-UTR”），不是引号，不在此列。",
      bad='会议提出"织网行动"的工作思路。', good="会议提出“织网行动”的工作思路。")
def ascii_quotes(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        if '"' not in t and "'" not in t:
            continue
        dq = [i for i, ch in enumerate(t) if ch == '"']
        sq = [i for i, ch in enumerate(t) if ch == "'" and not _prime(t, i)
              and (is_han_or_cjk_punct(_prev(t, i)) or is_han_or_cjk_punct(_next(t, i)))]
        for idx_list, (o, c), name in ((dq, ("“", "”"), "双引号"), (sq, ("‘", "’"), "单引号")):
            paired = len(idx_list) % 2 == 0
            for n, i in enumerate(idx_list):
                if paired:
                    a, z = (i, idx_list[n + 1]) if n % 2 == 0 else (idx_list[n - 1], i)
                    if not (re.search(f"[{HAN}]", t[a:z]) or is_han_or_cjk_punct(_prev(t, a)) or is_han_or_cjk_punct(_next(t, z))):
                        continue
                    want = o if n % 2 == 0 else c
                    line, col = doc.loc(p, i)
                    yield ctx.finding("QC202", doc.path, line, col, f"中文文本中的{name}应写作“{want}”（弯引号）",
                                      fix=doc.fix(p, i, i + 1, want))
                else:
                    line, col = doc.loc(p, i)
                    yield ctx.finding("QC202", doc.path, line, col,
                                      f"中文文本中应使用弯引号{o}{c}；本段直{name}不成对，请手工改正")


# --------------------------------------------------------------------------- QC203
_LIST_CLOSE = re.compile(r"(?:^|(?<=[\s，。；：、\n]))(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[a-zA-Z])）")
_NAMES = {"“": "左引号“", "”": "右引号”", "《": "左书名号《", "》": "右书名号》", "（": "左括号（", "）": "右括号）",
          "【": "左方头括号【", "】": "右方头括号】", "‘": "左单引号‘", "’": "右单引号’", "〔": "左六角括号〔", "〕": "右六角括号〕",
          "「": "左直角引号「", "」": "右直角引号」", "『": "左双直角引号『", "』": "右双直角引号』"}
_CLOSERS = {v: k for k, v in PAIRS.items()}
_MARKS = re.compile("[%s]" % re.escape("".join(_NAMES)))
_PAIRED = re.compile("[%s]" % re.escape("".join(sorted(set(PAIRS) | set(_CLOSERS)))))  # sorted: the same pattern every run (regexcache)


@rule("QC203", "unpaired-mark", "warning", "成对的标点不成对", scope="text",
      clause=f"{CLAUSE} 4.8、4.9、4.15",
      why="引号、括号、书名号须成对使用，并在同一段落内闭合。常见原因是漏打了一半，或把右引号打成了左引号。"
          "本规则不自动修正：缺的一半该放在哪里须由作者决定。",
      bad="会议印发《××省护理质量控制工作要点，要求各单位落实。",
      good="会议印发《××省护理质量控制工作要点》，要求各单位落实。")
def unpaired_mark(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        if _MARKS.search(t) is None:
            continue
        skip = {m.end() - 1 for m in _LIST_CLOSE.finditer(t)}
        stack: list[int] = []
        bad: list[int] = []
        for m in _PAIRED.finditer(t):  # only the paired marks (a paragraph can be megabytes)
            i, ch = m.start(), m.group()
            if ch in PAIRS:
                stack.append(i)
            elif ch in _CLOSERS:
                if i in skip and not any(t[s] == "（" for s in stack):
                    continue
                opener = _CLOSERS[ch]
                # close the nearest matching opener; openers above it are unclosed
                for k in range(len(stack) - 1, -1, -1):
                    if t[stack[k]] == opener:
                        bad.extend(stack[k + 1:])
                        del stack[k:]
                        break
                else:
                    bad.append(i)
        bad.extend(stack)
        for i in sorted(set(bad)):
            ch = t[i]
            line, col = doc.loc(p, i)
            what = "没有对应的右半" if ch in PAIRS else "没有对应的左半"
            yield ctx.finding("QC203", doc.path, line, col, f"{_NAMES[ch]}{what}（须在同一段内成对）")


# --------------------------------------------------------------------------- QC204
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|[·・]{3,}|(?<![…⋯])[…⋯](?![…⋯])|⋯⋯")


@rule("QC204", "ellipsis", "warning", "省略号写法不对", scope="text", fixable=True,
      clause=f"{CLAUSE} 4.11",
      why="中文的省略号是六个点“……”（两个“…”），占两个字的位置。三个句点“...”、三个句号“。。。”、"
          "间隔号“···”或单个“…”都不对。",
      bad="开展培训、督查、考核...等工作。", good="开展培训、督查、考核……等工作。")
def ellipsis(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        for m in _ELLIPSIS.finditer(t):
            i, j = m.span()
            if m.group()[0] == "." and not (is_han_or_cjk_punct(_prev(t, i)) or is_han_or_cjk_punct(t[j:j + 1])):
                continue
            line, col = doc.loc(p, i)
            a, z = i, j  # a full-width ellipsis takes no spaces around it: "考核... 等"
            while a > 0 and t[a - 1] in SPACES:
                a -= 1
            while z < len(t) and t[z] in SPACES:
                z += 1
            yield ctx.finding("QC204", doc.path, line, col, f"省略号应写作“……”，而不是“{m.group()}”",
                              fix=doc.fix(p, a, z, "……"))


# --------------------------------------------------------------------------- QC206
_REPEAT = re.compile(r"，{2,}|(?<!。)。。(?!。)|！{2,}|？{2,}|、{2,}|；{2,}|：{2,}")


@rule("QC206", "repeated-punct", "warning", "标点符号重复", scope="text", fixable=True,
      clause=CLAUSE,
      why="同一个标点连用（，，  。。  ！！！）是录入错误或口语化的强调，公文中只用一个。",
      bad="全省质控工作取得明显成效！！！", good="全省质控工作取得明显成效！")
def repeated_punct(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        for m in _REPEAT.finditer(t):
            i, j = m.span()
            line, col = doc.loc(p, i)
            yield ctx.finding("QC206", doc.path, line, col, f"标点“{m.group()}”重复，只保留一个“{m.group()[0]}”",
                              fix=doc.fix(p, i, j, m.group()[0]))


# --------------------------------------------------------------------------- QC207
@rule("QC207", "dunhao-between-titles", "warning", "相邻书名号之间不用顿号", scope="text", fixable=True,
      clause=f"{CLAUSE} 4.5.3.5",
      why="标有书名号的并列成分之间通常不用顿号：《A》《B》。",
      bad="中心修订了《工作制度》、《考核细则》。", good="中心修订了《工作制度》《考核细则》。")
def dunhao_between_titles(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        start = 0
        while True:
            i = t.find("》、《", start)
            if i < 0:
                break
            line, col = doc.loc(p, i + 1)
            yield ctx.finding("QC207", doc.path, line, col, "相邻的书名号之间不用顿号：写作“》《”",
                              fix=doc.fix(p, i + 1, i + 2, ""))
            start = i + 2


# --------------------------------------------------------------------------- QC208
_PUNCT_SPACE = re.compile(f"{SP}+(?=[{SPACE_SENSITIVE_PUNCT}])|(?<=[{SPACE_SENSITIVE_PUNCT}]){SP}+")
# In titles and headings a space before an opening or after a closing quote,
# bracket or book-title mark separates phrases ("织网行动 “同心同行”").
_PHRASE_MARKS = "“‘（《【〔「『”’）》】〕」』"
_CLAUSE_PUNCT = set(SPACE_SENSITIVE_PUNCT) - set(_PHRASE_MARKS)


@rule("QC208", "space-around-punct", "warning", "全角标点前后有空格", scope="text", fixable=True,
      clause=CLAUSE,
      why="全角标点本身已占一个字的位置，前后不再加空格。空格多半是从别处复制或为对齐而敲入的。",
      bad="分享质控工作经验。 10月20日，中心主任 ，应邀参加会议。",
      good="分享质控工作经验。10月20日，中心主任，应邀参加会议。")
def space_around_punct(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        title = title_like(p)
        for m in _PUNCT_SPACE.finditer(t):
            i, j = m.span()
            if title and _prev(t, i) not in _CLAUSE_PUNCT and t[j:j + 1] not in _CLAUSE_PUNCT:
                continue  # a phrase separator of a title
            line, col = doc.loc(p, i)
            yield ctx.finding("QC208", doc.path, line, col, "全角标点前后不加空格",
                              fix=doc.fix(p, i, j, ""))


# --------------------------------------------------------------------------- QC209
_HAN_SPACE_HAN = re.compile(f"(?<=[{HAN}]){SP}+(?=[{HAN}])")


@rule("QC209", "space-between-han", "warning", "正文中两个汉字之间有空格", scope="text",
      why="正文中汉字之间不加空格；多出的空格常是 PDF 转换或排版对齐留下的。标题、小标题中用空格分隔两个短语"
          "（如“质控强基惠基层 急诊护航保民生”）是通行写法，不在此列。不自动修正：可能是漏了标点。",
      bad="会议总结了全年工作 部署了明年任务。", good="会议总结了全年工作，部署了明年任务。")
def space_between_han(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc, "body", "commentary", "preface"):
        if p.kind in ("heading", "cell"):
            continue
        t = p.text
        for m in _HAN_SPACE_HAN.finditer(t):
            before = t[:m.start()]
            if before.count("“") > before.count("”") or before.count("《") > before.count("》"):
                continue  # a slogan or title quoted in the text: "社区友善 八方支援"
            line, col = doc.loc(p, m.start())
            yield ctx.finding("QC209", doc.path, line, col, "两个汉字之间有空格：删去，或改用适当的标点")


# --------------------------------------------------------------------------- QC210
_INTERPUNCT = re.compile(f"(?<=[{HAN}])[{WRONG_INTERPUNCT}](?=[{HAN}])")


@rule("QC210", "interpunct", "warning", "间隔号写法不对", scope="text", fixable=True, partly=True,
      clause=f"{CLAUSE} 4.14",
      why="外国人名、少数民族人名各部分之间，以及并列的名称之间用间隔号“·”（U+00B7）。"
          "“•”“・”“●”等是项目符号或日文中点，印刷效果不同。同一段中这些符号还出现在段首、标点或空格之后时，"
          "它们是项目符号，全段都不自动修正，只提示。",
      bad="热依拉•买买提", good="热依拉·买买提")
def interpunct(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        if not any(c in t for c in WRONG_INTERPUNCT):
            continue
        marks = [i for i, ch in enumerate(t) if ch in WRONG_INTERPUNCT]
        inner = [m.start() for m in _INTERPUNCT.finditer(t)]
        # All the marks of the paragraph stand between Chinese (热依拉•买买提):
        # interpuncts, fixed.  Some stand elsewhere (at the start, after a
        # mark or a space: "●加强培训●严格考核"): they are bullets; rewriting
        # only some of them would leave the paragraph half done, so none is fixed.
        bullets = len(inner) < len(marks)
        for i in inner:
            line, col = doc.loc(p, i)
            if bullets:
                yield ctx.finding("QC210", doc.path, line, col,
                                  f"本段的“{t[i]}”似用作项目符号：人名、名称的间隔用“·”，列举请用顿号或分行；请手工改正")
            else:
                yield ctx.finding("QC210", doc.path, line, col, f"间隔号应写作“·”，而不是“{t[i]}”",
                                  fix=doc.fix(p, i, i + 1, "·"))
