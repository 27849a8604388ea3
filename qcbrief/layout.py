"""Page geometry and type by role: the one place both writers read.

All figures come from config.yaml's `layout` block (defaults: GB/T 9704-2012
as used for bulletins; see docs in the README).  Lengths are in points
(1 pt = 1/72 inch) unless the name says mm.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Role:
    """Type for one kind of text: the font role (key of config.fonts) and size."""

    font: str  # "title" | "body" | "heading" | "kai" | "song" | "masthead"
    size: float  # pt
    bold: bool = False


@dataclass(frozen=True)
class Layout:
    page_width: float
    page_height: float
    margin_top: float
    margin_left: float
    type_width: float
    type_height: float
    lines_per_page: int
    chars_per_line: int
    body_size: float
    name_size: float
    title_size: float
    colophon_size: float
    page_number_size: float
    table_size: float
    article_new_page: bool
    toc: str
    toc_min_articles: int
    toc_size: float
    page_numbering: str  # "first_article" (front matter unnumbered, article 1 = page 1) | "cover"
    colophon_even_page: bool
    name_color: str

    @classmethod
    def from_config(cls, config: Config) -> "Layout":
        lay = config["layout"]
        return cls(
            page_width=lay["page_width"] * MM,
            page_height=lay["page_height"] * MM,
            margin_top=lay["margin_top"] * MM,
            margin_left=lay["margin_left"] * MM,
            type_width=lay["type_width"] * MM,
            type_height=lay["type_height"] * MM,
            lines_per_page=lay["lines_per_page"],
            chars_per_line=lay["chars_per_line"],
            body_size=lay["body_size"],
            name_size=lay["name_size"],
            title_size=lay["title_size"],
            colophon_size=lay["colophon_size"],
            page_number_size=lay["page_number_size"],
            table_size=lay["table_size"],
            article_new_page=lay["article_new_page"],
            toc=lay["toc"],
            toc_min_articles=lay["toc_min_articles"],
            toc_size=lay["toc_size"],
            page_numbering=lay["page_numbering"],
            colophon_even_page=lay["colophon_even_page"],
            name_color=config["bulletin"]["name_color"],
        )

    def wants_toc(self, bulletin) -> bool:
        """Whether the issue prints a TOC (`toc: auto|always|never`): the one rule every writer follows."""
        n = len(bulletin.full_articles)
        return self.toc == "always" or (self.toc == "auto" and n > 0 and n >= self.toc_min_articles)

    # --- derived geometry ---------------------------------------------
    @property
    def margin_right(self) -> float:
        return self.page_width - self.margin_left - self.type_width

    @property
    def margin_bottom(self) -> float:
        return self.page_height - self.margin_top - self.type_height

    @property
    def line_pitch(self) -> float:
        """Baseline-to-baseline distance of body lines: type height / lines."""
        return self.type_height / self.lines_per_page

    @property
    def char_pitch(self) -> float:
        """Advance of one Chinese character in body text: type width / chars."""
        return self.type_width / self.chars_per_line

    @property
    def indent(self) -> float:
        """First-line indent: two characters."""
        return 2 * self.char_pitch

    @property
    def page_number_offset(self) -> float:
        """Distance from the type area's bottom edge down to the page-number line (7 mm)."""
        return 7 * MM

    # --- type by role -------------------------------------------------
    def role(self, name: str) -> Role:
        s = self.body_size
        roles = {
            "name": Role("masthead", self.name_size),  # bulletin name in the masthead, red (fonts.masthead)
            "issue_line": Role("kai", s),  # (2026年第1季度·…) / 第N期
            "office_line": Role("body", s),  # editing office … date
            "preface_label": Role("heading", s),  # 按：
            "preface": Role("kai", s),
            "toc_heading": Role("heading", s),
            "toc_entry": Role("body", self.toc_size),
            "section_heading": Role("heading", s),  # 简讯 …
            "center": Role("kai", s),  # ××省……质量控制中心——
            "title": Role("title", self.title_size),
            "heading1": Role("heading", s),  # 一、 / ### sub-heading
            "heading2": Role("kai", s),  # （一）
            "heading3": Role("body", s, bold=True),
            "body": Role("body", s),
            "lead_in": Role("body", s, bold=True),  # **bold lead-in** (仿宋 bold)
            "commentary_label": Role("heading", s),  # 点评：
            "commentary": Role("kai", s),
            "caption": Role("kai", self.table_size + 2),
            "table": Role("body", self.table_size),
            "colophon": Role("body", self.colophon_size),
            "page_number": Role("song", self.page_number_size),
            "watermark": Role("heading", 96),
        }
        return roles[name]
