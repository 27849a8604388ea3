"""One submission -> one article: center line and title (in either order), body, 点评."""

from __future__ import annotations

import re
from pathlib import Path

from .blocks import (_title_text, body_size, center_of, continues_title, ends_sentence, fill_body, is_big, is_label,
                     is_page_number, title_like)
from .patterns import byline_name
from .source import Imported, ImportResult, Para


def split_single(paras: list[Para], source: Path, center_option: str | None = None,
                 brief_max: int = 400) -> ImportResult:
    items = [p for p in paras if (p.kind != "p" or p.text.strip()) and not is_page_number(p)]
    art = Imported(source=source)
    base = body_size(items)
    i = 0
    # leading lines: center line and title in either order
    for _ in range(2):
        if i < len(items) and not art.center and (name := byline_name(items[i].text)):
            art.center = name
            i += 1
        while i < len(items) and center_of(items[i]) and (not art.center or not art.title):
            name = center_of(items[i])  # two center lines over one article: joint authors
            art.center = f"{art.center}、{name}" if art.center else name
            i += 1
        if i < len(items) and not art.title and title_like(items[i], is_big(items[i], base)):
            art.title = _title_text(items[i])
            i += 1
            while i < len(items) and continues_title(items[i - 1], items[i]):
                art.title += " " + _title_text(items[i])
                i += 1
    if not art.title and i + 1 < len(items) and items[i].kind == "p" and items[i].role in (None, "body") \
            and len(items[i].text.strip()) <= 40 and not ends_sentence(items[i].text) \
            and is_label(items[i]) is None and len(items[i + 1].text) > len(items[i].text):
        art.title = _title_text(items[i])  # plain text: a short first line is the title
        i += 1
    fill_body(art, items[i:])
    if not art.center:
        if center_option:
            art.center, art.center_from = center_option, "option"
        else:
            art.center, art.center_from = _center_from_filename(source), "file"
            art.notes.append("未找到中心署名行，center 取自文件名，请核对")
    if not art.title:
        chars = sum(len(getattr(b, "text", "")) for b in art.blocks)
        if art.commentary is None and len(art.blocks) <= 2 and chars <= brief_max:
            art.kind, art.section = "brief", "简讯"
        else:
            art.notes.append("未找到标题，请补写 title")
    return ImportResult(source=source, articles=[art])


def _center_from_filename(path: Path) -> str:
    name = re.sub(r"[（(].*?[)）]|\d{4}年?|第.季度|Q[1-4]|投稿|稿件|来稿|简报|[_\-\s]+", "", path.stem)
    return name or path.stem
