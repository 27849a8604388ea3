"""The document model: Bulletin -> sections -> articles -> blocks -> inlines.

Loaders fill these plain dataclasses; writers (DOCX, PDF) and check rules only
read them.  Nothing here knows about Markdown, YAML, Word or reportlab.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal, Union


@dataclass
class Inline:
    """A run of text with uniform emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


def plain(inlines: list[Inline]) -> str:
    """The text of a run list, without formatting."""
    return "".join(i.text for i in inlines)


@dataclass
class Paragraph:
    inlines: list[Inline]
    line: int = 0  # 1-based line in the source file (0 = unknown)

    @property
    def text(self) -> str:
        return plain(self.inlines)


@dataclass
class Heading:
    """A sub-heading inside an article. level 1 is the highest level an
    article uses (whatever number of '#' it was written with)."""

    level: int
    inlines: list[Inline]
    line: int = 0

    @property
    def text(self) -> str:
        return plain(self.inlines)


@dataclass
class ListItem:
    inlines: list[Inline]
    line: int = 0
    depth: int = 0  # nesting depth, 0 = top level

    @property
    def text(self) -> str:
        return plain(self.inlines)


@dataclass
class ListBlock:
    ordered: bool
    items: list[ListItem]
    start: int = 1
    line: int = 0

    def markers(self) -> list[str]:
        """The printed marker of each item, the same in every writer: "1." at the
        top level (from `start`), "（1）" below it, "• " for bullets."""
        counters: dict[int, int] = {}
        out = []
        for item in self.items:
            d = item.depth
            for deeper in [k for k in counters if k > d]:
                del counters[deeper]
            counters[d] = counters.get(d, (self.start - 1) if d == 0 else 0) + 1
            if self.ordered:
                out.append(f"{counters[d]}." if d == 0 else f"（{counters[d]}）")
            else:
                out.append("• ")
        return out


@dataclass
class Table:
    header: list[list[Inline]]  # one run list per header cell
    rows: list[list[list[Inline]]]  # rows -> cells -> runs
    aligns: list[str | None] = field(default_factory=list)  # "left"|"center"|"right"|None
    line: int = 0
    caption: list[Inline] = field(default_factory=list)  # "表1 …", printed centered above the table


@dataclass
class Image:
    src: str  # as written in the article
    path: Path  # resolved file path (may not exist; check reports it)
    caption: str = ""
    line: int = 0


Block = Union[Paragraph, Heading, ListBlock, Table, Image]


@dataclass
class Commentary:
    """点评: the editors' commentary attached to an article."""

    blocks: list[Block]
    label: str = "点评："  # the label line as written (for the non-canonical-label rule)
    line: int = 0  # line of the label (or of the front-matter key)
    from_front_matter: bool = False


ArticleKind = Literal["article", "brief"]


@dataclass
class Article:
    stem: str
    path: Path
    kind: ArticleKind = "article"
    center: str = ""
    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    commentary: Commentary | None = None
    # source positions of front-matter keys and where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)
    body_line: int = 1
    meta_unreadable: bool = False  # front matter missing or unparsable (QC101 said so; no cascade)
    number: int = 0  # 1-based position among full articles (TOC number); 0 for briefs
    flattened_lines: list[int] = field(default_factory=list)  # lines nested too deep, printed flat (QC116)
    unclosed_comment_lines: list[int] = field(default_factory=list)  # "<!--" without "-->" (QC123)

    @property
    def is_brief(self) -> bool:
        return self.kind == "brief"

    def all_blocks(self) -> Iterator[Block]:
        yield from self.blocks
        if self.commentary:
            yield from self.commentary.blocks


@dataclass
class Section:
    """A run of articles in TOC order; heading is None for the ungrouped ones."""

    heading: str | None
    articles: list[Article] = field(default_factory=list)


@dataclass
class DistributionLine:
    label: str  # 报 / 分送 / 抄送 … (data, from config)
    recipients: list[str]


@dataclass
class Publication:
    """Bulletin-wide facts from config.yaml merged with the issue's overrides."""

    name: str
    office: str  # editing office (编印单位)
    publishers: list[str] = field(default_factory=list)  # lines at the top of the 版记
    distribution: list[DistributionLine] = field(default_factory=list)
    contact: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    author: str = ""  # PDF/DOCX metadata author; defaults to office

    @property
    def title(self) -> str:
        """The name on one line (document titles): a masthead line break in the name dropped."""
        return "".join(part.strip() for part in self.name.replace("\\n", "\n").split("\n"))


@dataclass
class Bulletin:
    issue: str  # folder name, e.g. 2026Q1
    folder: Path
    publication: Publication
    subtitle: str = ""
    date: _dt.date | None = None
    number: int | None = None
    total_number: int | None = None
    preface: str = ""
    commentary_required: bool = True
    sections: list[Section] = field(default_factory=list)

    def articles(self) -> Iterator[Article]:
        for section in self.sections:
            yield from section.articles

    @property
    def full_articles(self) -> list[Article]:
        return [a for a in self.articles() if not a.is_brief]

    @property
    def date_text(self) -> str:
        d = self.date
        return f"{d.year}年{d.month}月{d.day}日" if d else ""
