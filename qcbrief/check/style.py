"""Style rules (QC4xx): titles and lengths."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding
from ..model import Heading, ListBlock, Paragraph, Table, plain
from ..text.cjk import count_chars
from .registry import rule

_STRIP = "。，；：、.,;:"
_ASK = "！？!?"


def _title_paras(doc):
    return [p for p in doc.paras if p.field == "title"]


@rule("QC401", "title-trailing-punct", "error", "标题末尾有句号、逗号、分号、冒号或顿号", scope="text", fixable=True,
      why="标题末尾不加句号、逗号、分号、冒号、顿号。修正时删去末尾的这些标点。",
      bad="title: 织密质控网络，守护护理安全。", good="title: 织密质控网络，守护护理安全")
def title_trailing_punct(doc, ctx) -> Iterator[Finding]:
    for p in _title_paras(doc):
        t = p.text
        j = len(t)
        i = j
        while i > 0 and (t[i - 1] in _STRIP or t[i - 1] in " \t\u3000"):
            i -= 1
        while i < j and t[i] in " \t\u3000":
            i += 1
        if i < j:
            line, col = doc.loc(p, i)
            yield ctx.finding("QC401", doc.path, line, col, f"标题末尾不加“{t[i:j].strip()}”",
                              fix=doc.fix(p, i, j, ""))


@rule("QC402", "title-exclamation", "warning", "标题末尾有叹号或问号", scope="text",
      why="工作简报的标题是陈述性的，末尾一般不用叹号、问号。确需设问或感叹时可忽略本条（check.ignore: [QC402]）。",
      bad="title: 质控工作再上新台阶！", good="title: 质控工作再上新台阶")
def title_exclamation(doc, ctx) -> Iterator[Finding]:
    for p in _title_paras(doc):
        t = p.text.rstrip()
        if t and t[-1] in _ASK:
            line, col = doc.loc(p, len(t) - 1)
            yield ctx.finding("QC402", doc.path, line, col, f"标题末尾一般不用“{t[-1]}”")


@rule("QC403", "title-too-long", "warning", "标题过长", scope="text",
      why="文章标题宜简短，一般不超过两行（check.title_max_chars，默认 40 字，不计空格）。",
      bad="title: （一个 50 字的标题）", good="title: 织密质控网络 守护护理安全")
def title_too_long(doc, ctx) -> Iterator[Finding]:
    limit = int(ctx.settings.get("title_max_chars", 40))
    for p in _title_paras(doc):
        n = count_chars(p.text)
        if n > limit:
            line, col = doc.loc(p, 0)
            yield ctx.finding("QC403", doc.path, line, col, f"标题有 {n} 字，超过 {limit} 字（check.title_max_chars）")


def first_line(blocks, default: int) -> int:
    return next((b.line for b in blocks if getattr(b, "line", 0)), default)


def block_chars(blocks) -> int:
    """Non-space characters of the text of blocks (tables cell by cell; images not counted)."""
    n = 0
    for b in blocks:
        if isinstance(b, (Paragraph, Heading)):
            n += count_chars(b.text)
        elif isinstance(b, ListBlock):
            n += sum(count_chars(i.text) for i in b.items)
        elif isinstance(b, Table):
            for row in [b.header] + b.rows:
                n += sum(count_chars(plain(cell)) for cell in row)
    return n


@rule("QC404", "article-too-long", "warning", "文章正文过长", scope="article",
      why="一篇工作文章一般不超过 check.article_max_chars 字（默认 5000，不计空格与点评）。",
      bad="（正文 6000 字的文章）", good="（正文 3000 字的文章）")
def article_too_long(article, ctx) -> Iterator[Finding]:
    if article.is_brief:
        return
    limit = int(ctx.settings.get("article_max_chars", 5000))
    n = block_chars(article.blocks)
    if n > limit:
        yield ctx.finding("QC404", article.path, first_line(article.blocks, article.body_line), 1,
                          f"正文有 {n} 字，超过 {limit} 字（check.article_max_chars）")


@rule("QC405", "brief-too-long", "warning", "简讯过长", scope="article",
      why="简讯一般不超过 check.brief_max_chars 字（默认 400，不计空格）；内容多的请改为文章（kind: article）。",
      bad="（800 字的简讯）", good="（300 字的简讯）")
def brief_too_long(article, ctx) -> Iterator[Finding]:
    if not article.is_brief:
        return
    limit = int(ctx.settings.get("brief_max_chars", 400))
    n = block_chars(article.blocks)
    if n > limit:
        yield ctx.finding("QC405", article.path, first_line(article.blocks, article.body_line), 1,
                          f"简讯有 {n} 字，超过 {limit} 字（check.brief_max_chars）")


@rule("QC406", "commentary-too-long", "warning", "点评过长", scope="article",
      why="点评一般不超过 check.commentary_max_chars 字（默认 400，不计空格）。",
      bad="（700 字的点评）", good="（200 字的点评）")
def commentary_too_long(article, ctx) -> Iterator[Finding]:
    if article.commentary is None:
        return
    limit = int(ctx.settings.get("commentary_max_chars", 400))
    n = block_chars(article.commentary.blocks)
    if n > limit:
        yield ctx.finding("QC406", article.path, article.commentary.line or article.body_line, 1,
                          f"点评有 {n} 字，超过 {limit} 字（check.commentary_max_chars）")
