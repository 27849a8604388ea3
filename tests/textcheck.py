"""No silent loss: the text of an article's source, and the text of each output, compared.

The source side is read here on purpose without qcbrief's parser (a parser that drops text
would otherwise agree with itself): Markdown markup is taken off line by line with a few
regular expressions, and the comparison is over letters, digits and Han characters only
(punctuation, markup and spacing are the writers' business). Each source line (each table
cell) must appear whole, in order, somewhere in the output; a lost paragraph, list item,
quote or 点评 makes its line missing.
"""

from __future__ import annotations

import html
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import yaml

WORD = re.compile(r"[^\W_]+")
COMMENT = re.compile(r"<!--.*?-->", re.S)
AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]*)>")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
TAG = re.compile(r"</?[A-Za-z][^>]*>")
# list markers and quote marks at the start of a line, at any depth
MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+")
FOOTER = re.compile(r"^\s*[—–-]\s*\d+\s*[—–-]\s*$")


def words(text: str) -> str:
    """Letters, digits and Han characters only."""
    return "".join(WORD.findall(text))


def markdown_units(md: str) -> list[str]:
    """The words of each source line (each table cell) of a Markdown body."""
    units = []
    for line in COMMENT.sub("", md).split("\n"):
        line = AUTOLINK.sub(r"\1", line)
        line = IMAGE.sub(r"\1", line)
        line = LINK_TARGET.sub("]", line)
        line = html.unescape(TAG.sub("", line))
        line = MARKERS.sub("", line)
        cells = line.strip().strip("|").split("|") if line.lstrip().startswith("|") else [line]
        units.extend(w for w in map(words, cells) if w)
    return units


def _front(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            return yaml.safe_load(text[4:end]) or {}, text[text.index("\n", end + 1) + 1:]
    return {}, text


def article_units(path: Path) -> list[str]:
    """The body (and 点评) text units of an article file, .md or .yaml."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    if path.suffix == ".yaml":
        meta, body = yaml.safe_load(text) or {}, ""
        body = str(meta.get("body") or "")
    else:
        meta, body = _front(text)
    units = markdown_units(body)
    for key in ("点评", "comment"):
        if meta.get(key):
            units += markdown_units(str(meta[key]))
    return units


# --------------------------------------------------------------------------- outputs
def pdf_words(path: Path) -> str:
    """The words of every page without the page numbers; a table's cells are read cell by cell
    (a cell wrapped over lines would otherwise interleave with its neighbours)."""
    import pdfplumber

    out, cells = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            boxes = [t.bbox for t in page.find_tables()]

            def outside(obj, boxes=boxes) -> bool:
                return obj.get("object_type") != "char" or not any(
                    x0 <= obj["x0"] and obj["x1"] <= x1 and top <= obj["top"] and obj["bottom"] <= bottom
                    for x0, top, x1, bottom in boxes)

            lines = (page.filter(outside).extract_text() if boxes else page.extract_text() or "").split("\n")
            out.extend(line for line in lines if not FOOTER.match(line))  # page numbers "— 3 —"
            cells.extend(cell or "" for t in page.find_tables() for row in t.extract() for cell in row)
    return words("\n".join(out + cells))  # cells last: a paragraph going on over a page stays whole


def docx_words(path: Path) -> str:
    """The words of the document body in order (tables included, headers and footers not)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return words(html.unescape("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_words(path: Path) -> str:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return words("".join(p.parts))


def missing(units: list[str], printed: str) -> list[str]:
    """The units not found whole in the printed words."""
    return [u for u in units if u not in printed]


def issue_units(folder: Path) -> dict[str, list[str]]:
    """Units of every article file of an issue folder, by file name."""
    return {p.name: article_units(p) for p in sorted(folder.iterdir())
            if p.suffix in (".md", ".yaml") and p.name != "issue.yaml"}
