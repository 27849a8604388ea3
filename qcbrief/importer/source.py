"""What the readers produce and the splitter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Block, Commentary, Inline, plain


class ImportError_(Exception):
    """A file that cannot be imported; the message is one Chinese line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImageData:
    data: bytes
    ext: str  # ".png", ".jpeg", …


@dataclass
class Para:
    """One paragraph-level item of a source document.

    kind: "p" (paragraph), "table", "image" or "list" (a list item).
    role: the qcbrief style it was written with, when recognised ("center",
    "title", "heading", "commentary_label", "commentary", "preface", "toc",
    "toc_heading", "masthead_name", "masthead_number", "masthead_office",
    "section", "caption", "figure", "colophon", "body") or None.
    """

    kind: str
    inlines: list[Inline] = field(default_factory=list)
    role: str | None = None
    style: str = ""  # style name as written
    level: int = 0  # heading level (1 = highest) when the style or outline says so
    centered: bool = False
    page_break: bool = False
    ordered: bool = False  # list items
    depth: int = 0
    list_id: str = ""
    block: Block | None = None  # tables (model.Table)
    image: ImageData | None = None
    caption: str = ""
    size: float = 0.0  # largest font size (pt) of its text; 0 = unknown (text files)
    lines: list[str] = field(default_factory=list)  # tables: the text of each row

    @property
    def text(self) -> str:
        return plain(self.inlines)

    @property
    def all_bold(self) -> bool:
        parts = [i for i in self.inlines if i.text.strip()]
        return bool(parts) and all(i.bold for i in parts)


@dataclass
class Imported:
    """One article as recognised in a source file."""

    source: Path
    center: str = ""
    title: str = ""
    kind: str = "article"
    blocks: list[Block] = field(default_factory=list)
    commentary: list[Block] | None = None
    images: dict[int, ImageData] = field(default_factory=dict)  # id(model.Image) -> data
    section: str | None = None  # toc section heading (简讯)
    notes: list[str] = field(default_factory=list)  # shown to the editor
    center_from: str = "line"  # line | toc | option | file | none

    def commentary_obj(self) -> Commentary | None:
        return Commentary(blocks=self.commentary) if self.commentary is not None else None


@dataclass
class IssueMeta:
    """What a whole bulletin says about its issue (for issue.yaml)."""

    subtitle: str = ""
    date: object = None  # datetime.date
    number: int | None = None
    total_number: int | None = None
    preface: str = ""
    distribution: dict = field(default_factory=dict)  # label -> [recipients] as printed
    contact: dict = field(default_factory=dict)  # label -> value as printed


@dataclass
class ImportResult:
    source: Path
    articles: list[Imported]
    meta: IssueMeta | None = None  # set for a whole bulletin
    notes: list[str] = field(default_factory=list)
