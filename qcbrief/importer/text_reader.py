"""Plain-text and Markdown submissions in the encodings Windows editors leave.

Short Chinese texts fool statistical detectors, so the encodings are tried in a
fixed order: a BOM decides; else UTF-8 (strict), UTF-16 without BOM when the
bytes look like it, then GB18030 (a superset of GBK and GB2312);
charset-normalizer names anything else.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import QcbriefError
from ..load.article import split_front_matter
from ..load.markdown import parse_blocks
from ..load.yamlsrc import MAX_FRONT_MATTER, load_yaml
from ..model import Heading, Image, Inline, ListBlock, Paragraph, Table
from ..text.cjk import is_cjk
from .source import ImageData, ImportError_, Para

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _plausible(text: str) -> float:
    """Share of characters a Chinese document is made of."""
    if not text:
        return 0.0
    good = sum(1 for c in text if is_cjk(c) or c.isascii() and (c.isprintable() or c in "\r\n\t")
               or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’…—·")
    return good / len(text)


def decode_text(raw: bytes) -> tuple[str, str]:
    """-> (text, encoding name).  Raises ImportError_ when nothing fits."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(enc.replace("-sig", "")), enc.upper().replace("-SIG", " BOM")
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    if len(raw) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                t = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            candidates.append((_plausible(t), enc.upper(), t))
    try:
        t = raw.decode("gb18030")
        candidates.append((_plausible(t) + 0.01, "GB18030", t))  # preferred on a tie
    except UnicodeDecodeError:
        pass
    if candidates:
        score, name, text = max(candidates, key=lambda c: c[0])
        if score > 0.9:
            return text, name
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
    except Exception:  # pragma: no cover - detection is best effort
        best = None
    if best is not None and best.encoding:
        return str(best), best.encoding.upper()
    raise ImportError_("无法识别文件的文字编码（不是 UTF-8、UTF-16 或 GBK/GB18030）")


def _para_from_block(block) -> list[Para]:
    if isinstance(block, Paragraph):
        return [Para("p", list(block.inlines))]
    if isinstance(block, Heading):
        return [Para("p", list(block.inlines), role="heading", level=block.level)]
    if isinstance(block, ListBlock):
        return [Para("list", list(it.inlines), ordered=block.ordered, depth=it.depth, list_id=str(id(block)))
                for it in block.items]
    if isinstance(block, Table):
        return [Para("table", block=block)]
    if isinstance(block, Image):
        try:
            data = ImageData(block.path.read_bytes(), block.path.suffix.lower() or ".png")
        except OSError:
            return [Para("p", [Inline(f"［图片：{block.src}］")])]
        return [Para("image", image=data, caption=block.caption)]
    return []


def read_markdown(text: str, path: Path) -> tuple[list[Para], dict]:
    """A Markdown submission -> paragraphs, plus its front matter (may be empty)."""
    front, body, _ = split_front_matter(text)
    meta: dict = {}
    if front is not None:
        try:
            doc = load_yaml(front, path, line_offset=1, max_bytes=MAX_FRONT_MATTER, what="文章信息（front matter）")
            if isinstance(doc.data, dict):
                meta = {str(k): v for k, v in doc.data.items()}
        except QcbriefError as exc:
            if len(front.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER:  # refused unparsed; not text either
                raise ImportError_(f"第 {exc.line} 行：{exc.message}") from None
            body = text
        except Exception:
            body = text
    paras: list[Para] = []
    for block in parse_blocks(body, 1, path.parent):
        paras.extend(_para_from_block(block))
    return paras, meta


_LEAD_SPACE = re.compile(r"^[ \t\u3000\u00a0]+")


def read_plain(text: str) -> list[Para]:
    """A .txt submission: every non-empty line is a paragraph (Word's "save as
    text" writes one line per paragraph); indentation spaces are dropped."""
    paras = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _LEAD_SPACE.sub("", line).rstrip()
        if line:
            paras.append(Para("p", [Inline(line)]))
    return paras
