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
      bad="12月2日,湖北省病理科质控中心召开年终工作会议(线上线下结合).",
      good="12月2日，湖北省病理科质控中心召开年终工作会议（线上线下结合）。")
def half_width_punct(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        for m in _HALF.finditer(t):
            i = m.start()
            ch = t[i]
            left, right = _prev(t, i), _next(t, i)
            if ch == "." and (right == "." or left == "."):
                continue  # an ellipsis: QC204
            start = i
            while start > 0 and t[start - 1] in " \t":
                start -= 1
            if start < i and _chinese_left(_prev(t, start)) and ch != ".":
                yield _half_finding(doc, p, i, ch, ctx, start)  # "各单位 ," -> "各单位，"
                continue
            if _chinese_left(left):
                pass
            elif ch in ",;:?!" and left.isdigit() and is_han(right) and ch != ":":
                pass  # "共12,湖北" - a Chinese clause boundary after a number
            else:
                continue
            if ch == ":" and left.isdigit() and right.isdigit():
                continue
            yield _half_finding(doc, p, i, ch, ctx)
        # parentheses: a pair is Chinese when it holds or touches Han
        stack: list[int] = []
        pairs: list[tuple[int, int | None]] = []
        for i, ch in enumerate(t):
            if ch == "(":
                stack.append(i)
            elif ch == ")":
                pairs.append((stack.pop() if stack else -1, i))
        pairs.extend((i, None) for i in stack)
        for a, z in pairs:
            inner = t[a + 1:z] if a >= 0 and z is not None else ""
            touches = (a >= 0 and (_chinese_left(_prev(t, a)) or is_han(_next(t, a)))) or \
                      (z is not None and (is_han(_prev(t, z)) or is_han_or_cjk_punct(_next(t, z))))
            if re.search(f"[{HAN}]", inner) or touches:
                if a >= 0 and z is not None and not re.search(f"[{HAN}]", inner) and _latin_context(t, a, z):
                    continue
                for i in (a, z):
                    if i is not None and i >= 0:
                        yield _half_finding(doc, p, i, t[i], ctx)


def _latin_context(t: str, a: int, z: int) -> bool:
    """"(ISO 15189)" inside English words on both sides: leave it."""
    left, right = _prev(t, a), _next(t, z)
    return (left == " " or left.isascii() and left.isalnum()) and (right in (" ", "") or right.isascii())


def _half_finding(doc, p, i, ch, ctx, start=None):
    full = HALF_TO_FULL[ch]
    line, col = doc.loc(p, i)
    return ctx.finding("QC201", doc.path, line, col, f"中文文本中应使用全角“{full}”，而不是半角“{ch}”",
                       fix=doc.fix(p, i if start is None else start, i + 1, full))


# --------------------------------------------------------------------------- QC202
@rule("QC202", "ascii-quotes", "warning", "中文文本中使用了直引号 \" 或 '", scope="text", fixable=True,
      clause=f"{CLAUSE} 4.8",
      why="中文文本的引号用弯引号：双引号“ ”，引号里再用引号时用单引号‘ ’。直引号 \" ' 是外文和程序代码的写法。"
          "修正时按出现的先后依次配成“”（或‘’）。",
      bad='会议提出"织网行动"的工作思路。', good="会议提出“织网行动”的工作思路。")
def ascii_quotes(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        if '"' not in t and "'" not in t:
            continue
        dq = [i for i, ch in enumerate(t) if ch == '"']
        sq = [i for i, ch in enumerate(t) if ch == "'" and (is_han_or_cjk_punct(_prev(t, i)) or is_han_or_cjk_punct(_next(t, i)))]
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


@rule("QC203", "unpaired-mark", "warning", "成对的标点不成对", scope="text",
      clause=f"{CLAUSE} 4.8、4.9、4.15",
      why="引号、括号、书名号须成对使用，并在同一段落内闭合。常见原因是漏打了一半，或把右引号打成了左引号。"
          "本规则不自动修正：缺的一半该放在哪里须由作者决定。",
      bad="会议印发《湖北省护理质量控制工作要点，要求各单位落实。",
      good="会议印发《湖北省护理质量控制工作要点》，要求各单位落实。")
def unpaired_mark(doc, ctx) -> Iterator[Finding]:
    for p in doc.paras:
        t = p.text
        if not any(ch in _NAMES for ch in t):
            continue
        skip = {m.end() - 1 for m in _LIST_CLOSE.finditer(t)}
        stack: list[int] = []
        bad: list[int] = []
        for i, ch in enumerate(t):
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
            yield ctx.finding("QC204", doc.path, line, col, f"省略号应写作“……”，而不是“{m.group()}”",
                              fix=doc.fix(p, i, j, "……"))


# --------------------------------------------------------------------------- QC205
_DASH = re.compile(r"-{2,}|－{2,}|(?<!—)[—–](?!—)|—{3,}|―{1,2}")


@rule("QC205", "dash", "warning", "破折号写法不对", scope="text", fixable=True,
      clause=f"{CLAUSE} 4.10",
      why="破折号是两个“—”连写（——），占两个字的位置。两个连字符“--”或单个“—”用作破折号都不对。"
          "数字之间的单个“—”是表示范围的连接号，不在此列（见 QC305）。",
      bad="推进国家质控改进目标--提高橡皮障使用率。", good="推进国家质控改进目标——提高橡皮障使用率。")
def dash(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc, "title", "body", "commentary", "preface", "subtitle"):
        t = p.text
        for m in _DASH.finditer(t):
            i, j = m.span()
            left, right = _prev(t, i), t[j:j + 1]
            if not (is_han_or_cjk_punct(left) or is_han_or_cjk_punct(right)):
                continue
            if (left.isdigit() or left in "%‰℃年月日") and right.isdigit():
                continue  # a numeric range: QC305
            if m.group() in ("—", "–") and not (is_han(left) and is_han(right)):
                continue  # a lone dash not between Chinese: a connector or something else
            line, col = doc.loc(p, i)
            yield ctx.finding("QC205", doc.path, line, col, f"破折号应写作“——”，而不是“{m.group()}”",
                              fix=doc.fix(p, i, j, "——"))


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
_SP = " \t\u3000"
_PUNCT_SPACE = re.compile(f"[{_SP}]+(?=[{SPACE_SENSITIVE_PUNCT}])|(?<=[{SPACE_SENSITIVE_PUNCT}])[{_SP}]+")


@rule("QC208", "space-around-punct", "warning", "全角标点前后有空格", scope="text", fixable=True,
      clause=CLAUSE,
      why="全角标点本身已占一个字的位置，前后不再加空格。空格多半是从别处复制或为对齐而敲入的。",
      bad="分享质控工作经验。 10月20日，中心主任 ，应邀参加会议。",
      good="分享质控工作经验。10月20日，中心主任，应邀参加会议。")
def space_around_punct(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        for m in _PUNCT_SPACE.finditer(t):
            i, j = m.span()
            line, col = doc.loc(p, i)
            yield ctx.finding("QC208", doc.path, line, col, "全角标点前后不加空格",
                              fix=doc.fix(p, i, j, ""))


# --------------------------------------------------------------------------- QC209
_HAN_SPACE_HAN = re.compile(f"(?<=[{HAN}])[ \t\u3000]+(?=[{HAN}])")


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


@rule("QC210", "interpunct", "warning", "间隔号写法不对", scope="text", fixable=True,
      clause=f"{CLAUSE} 4.14",
      why="外国人名、少数民族人名各部分之间，以及并列的名称之间用间隔号“·”（U+00B7）。"
          "“•”“・”“●”等是项目符号或日文中点，印刷效果不同。",
      bad="热依拉•买买提", good="热依拉·买买提")
def interpunct(doc, ctx) -> Iterator[Finding]:
    for p in _paras(doc):
        t = p.text
        for m in _INTERPUNCT.finditer(t):
            i = m.start()
            line, col = doc.loc(p, i)
            yield ctx.finding("QC210", doc.path, line, col, f"间隔号应写作“·”，而不是“{m.group()}”",
                              fix=doc.fix(p, i, i + 1, "·"))

