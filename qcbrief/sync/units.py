"""What one article prints in the DOCX, paragraph by paragraph ("units"), with the
source lines each paragraph comes from.

The list mirrors qcbrief/write/docx/writer.py (_article, _brief) and content.py
(Builder.blocks): one unit per printed paragraph (a table is one unit).  `text` is
the printed text; `prefix`/`suffix` are printed characters that do not come from
the article's words (the center line's template dash, list markers, the 点评
label) and cannot be synced back.  `line` is the 1-based source line where the
paragraph's words start and `end` the line where the next block starts (the span
a deleted paragraph takes with it).  Titles are compared without the layout's
line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Heading, Image, ListBlock, Paragraph, Table, plain

FIGURE = "\ufffc"  # an image paragraph reads as the object replacement character


@dataclass
class Unit:
    kind: str  # center | title | body | heading | item | caption | figure | table | label | preface
    text: str  # as printed (prefix + words + suffix)
    line: int = 0
    end: int = 0
    prefix: str = ""
    suffix: str = ""
    region: str = "body"  # body | commentary | front

    @property
    def words(self) -> str:
        return self.text[len(self.prefix): len(self.text) - len(self.suffix)]

    def plain(self) -> list:
        return [self.kind, self.text]


def table_text(t: Table) -> str:
    rows = [t.header, *t.rows] if t.header else list(t.rows)
    return "\n".join("\t".join(plain(c).replace("\n", " ") for c in r) for r in rows)


def _blocks(blocks, region: str) -> list[Unit]:
    out: list[Unit] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(Unit("body", b.text, b.line, region=region))
        elif isinstance(b, Heading):
            out.append(Unit("heading", b.text, b.line, region=region))
        elif isinstance(b, ListBlock):
            for marker, item in zip(b.markers(), b.items):
                out.append(Unit("item", marker + item.text, item.line, prefix=marker, region=region))
        elif isinstance(b, Table):
            if b.caption and (b.header or b.rows):
                out.append(Unit("caption", plain(b.caption), 0, region=region))  # line: set by spans
            out.append(Unit("table", table_text(b), b.line, region=region))
        elif isinstance(b, Image):
            if b.path.is_file():
                out.append(Unit("figure", FIGURE, b.line, region=region))
            else:
                label = f"［图片：{b.src}］"
                out.append(Unit("caption", label, b.line, prefix=label, region=region))
            if b.caption:
                out.append(Unit("caption", b.caption, b.line, region=region))
    return out


def center_unit(article: Article, wording) -> Unit:
    line = wording.center_line(article) if article.center else ""
    i = line.find(article.center) if article.center else -1
    if i < 0:
        return Unit("center", line, article.key_lines.get("center", 0), prefix=line, region="front")
    return Unit("center", line, article.key_lines.get("center", 0), prefix=line[:i],
                suffix=line[i + len(article.center):], region="front")


def printed_title(title: str, layout) -> str:
    """The title as the DOCX prints it, without its line breaks: a break taken at a
    space drops that space (write/docx/writer.py breaks long titles between phrases)."""
    if layout is None:
        return title
    from ..text.titles import title_lines
    from ..write.docx.estimate import text_width

    size = layout.title_size
    return "".join(title_lines(title, lambda s: text_width(s) * size, layout.type_width - 2 * layout.char_pitch))


def article_units(article: Article, wording, layout=None) -> list[Unit]:
    """The article's printed paragraphs, in order (as write_docx lays them out)."""
    units: list[Unit] = []
    if article.is_brief:
        units.append(center_unit(article, wording))
        if article.title:
            units.append(Unit("title", article.title, article.key_lines.get("title", 0), region="front"))
        units.extend(_blocks(article.blocks, "body"))
        return [u for u in units if u.text]
    if article.center:
        units.append(center_unit(article, wording))
    if article.title:
        units.append(Unit("title", printed_title(article.title, layout), article.key_lines.get("title", 0),
                          region="front"))
    units.extend(_blocks(article.blocks, "body"))
    if article.commentary and article.commentary.blocks:
        label = wording.labels.get("commentary_label", "点评：")
        units.append(Unit("label", label, article.commentary.line, prefix=label, region="label"))
        units.extend(_blocks(article.commentary.blocks, "commentary"))
    return [u for u in units if u.text]


def preface_unit(preface: str, wording, line: int = 0) -> Unit | None:
    text = preface.strip()
    if not text:
        return None
    label = wording.labels.get("preface_label", "按：")
    return Unit("preface", label + text, line, prefix=label, region="front")
