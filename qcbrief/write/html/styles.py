"""Inline CSS for the web / 公众号 edition.

WeChat's editor keeps only inline `style` attributes, so every element the
templates write carries its whole look here: font stack, size, colour, spacing,
wrapping.  Font stacks begin with the families config.yaml names for each role
(the same fonts the DOCX and PDF use) and go on with the common Chinese system
fonts on Windows, macOS, Android/iOS and Linux, then a generic family.
"""

from __future__ import annotations

import math
import re

from ...config import Config
from ...text.masthead import em_width

# fallbacks after the configured families, per font role
STACK_TAIL = {
    "title": ["STZhongsong", "华文中宋", "Songti SC", "SimSun", "宋体", "Noto Serif CJK SC", "Noto Serif SC",
              "Source Han Serif SC", "serif"],
    "body": ["FangSong", "仿宋", "STFangsong", "华文仿宋", "Noto Serif CJK SC", "Noto Serif SC",
             "Source Han Serif SC", "serif"],
    "kai": ["KaiTi", "楷体", "STKaiti", "华文楷体", "Kaiti SC", "AR PL UKai CN", "LXGW WenKai", "serif"],
    "heading": ["SimHei", "黑体", "PingFang SC", "Microsoft YaHei", "微软雅黑", "Heiti SC", "Noto Sans CJK SC",
                "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "sans-serif"],
}
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
PAGE_WIDTH = 677  # px: the width of a WeChat article on a desktop screen
MONO = "Menlo, Consolas, 'Courier New', monospace"

WRAP = "overflow-wrap:break-word;word-wrap:break-word;"  # long URLs and numbers wrap, never overflow
# text: a long URL breaks anywhere rather than leave a gappy justified line before it
# (word-wrap:break-word stays as the fallback for browsers without `anywhere`)
TEXT = "color:#222;word-wrap:break-word;overflow-wrap:anywhere;line-break:strict;margin:0;padding:0;"

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _is_file(name: str) -> bool:
    return "/" in name or "\\" in name or name.lower().endswith((".ttf", ".otf", ".ttc", ".woff", ".woff2"))


_IDENT = re.compile(r"^-?[A-Za-z_\u0080-\U0010ffff][\w\-\u0080-\U0010ffff]*$")


def _family(name: str) -> str:
    """A family name as CSS wants it: bare when every word is an identifier
    (shorter, and no quotes to escape inside style=""), else in single quotes."""
    if name in GENERIC or all(_IDENT.match(w) for w in name.split()) and name.lower() not in GENERIC | {"inherit", "initial", "default"}:
        return name
    return f"'{name}'"


def font_stack(configured: list[str], role: str) -> str:
    """A CSS font-family list: configured family names, then the role's fallbacks."""
    names: list[str] = []
    for name in [*configured, *STACK_TAIL[role]]:
        name = " ".join(name.replace("'", "").replace('"', "").replace(";", "").replace(",", " ").split())
        if name and not _is_file(name) and name not in names:
            names.append(name)
    return ", ".join(_family(n) for n in names)


def css(*parts: str) -> str:
    """Join declaration strings; a later value of a property replaces an earlier one."""
    decls: dict[str, str] = {}
    for part in parts:
        for decl in part.split(";"):
            key, sep, value = decl.partition(":")
            if sep and key.strip():
                decls.pop(key.strip(), None)
                decls[key.strip()] = value.strip()
    return "".join(f"{k}:{v};" for k, v in decls.items())


def safe_color(value: str, default: str = "#E60012") -> str:
    return value if _COLOR.match(value or "") else default


def styles(config: Config) -> dict[str, str]:
    """Named inline styles the templates use (`s.body`, `s.title`…)."""
    fonts = config["fonts"]
    f = {role: font_stack(fonts.get(role, []), role) for role in STACK_TAIL}
    red = safe_color(config["bulletin"]["name_color"])
    masthead_font = font_stack(fonts.get("masthead") or fonts.get("title", []), "title")  # fonts.masthead
    body = f"font-family:{f['body']};font-size:16px;line-height:1.75;"
    kai = f"font-family:{f['kai']};"
    hei = f"font-family:{f['heading']};"
    para = TEXT + body + "text-indent:2em;text-align:justify;margin:0 0 0.6em;"
    named = {
        "page": "margin:0;padding:0;background:#ffffff;",
        "container": f"max-width:{PAGE_WIDTH}px;margin:0 auto;padding:16px 16px 32px;box-sizing:border-box;" + WRAP,
        "draft": TEXT + hei + "font-size:14px;line-height:1.6;color:#b00000;border:1px dashed #b00000;"
                 "padding:6px 10px;margin:0 0 16px;text-align:center;",
        # masthead
        "masthead": "margin:8px 0 20px;padding:0 0 10px;border-bottom:3px solid " + red + ";" + WRAP,
        "name": TEXT + f"font-family:{masthead_font};font-size:30px;line-height:1.35;font-weight:bold;"
                f"color:{red};text-align:center;margin:8px 0 10px;",
        "number_line": TEXT + kai + "font-size:16px;line-height:1.6;text-align:center;margin:0 0 2px;",
        "office_row": TEXT + body + "font-size:15px;display:flex;flex-wrap:wrap;justify-content:space-between;"
                      "margin:10px 0 0;",
        "office": "margin:0 1em 0 0;",
        "date": "margin:0;",
        # 按语
        "preface": para + kai,
        "preface_label": hei + "font-weight:bold;",
        # TOC
        "toc": "margin:24px 0 8px;padding:12px 0;border-top:1px solid #dddddd;border-bottom:1px solid #dddddd;",
        "toc_heading": TEXT + hei + "font-size:18px;line-height:1.6;font-weight:bold;text-align:center;"
                       "letter-spacing:0.5em;margin:0 0 10px;",
        "toc_section": TEXT + hei + "font-size:16px;line-height:1.6;font-weight:bold;margin:10px 0 4px;",
        "toc_entry": TEXT + body + "font-size:15px;line-height:1.6;margin:0 0 8px;",
        "toc_link": "color:#222;text-decoration:none;",
        "toc_center": kai + "display:block;color:#666666;font-size:14px;text-align:right;",
        "back": TEXT + body + "font-size:13px;text-align:right;margin:8px 0 0;",
        "back_link": "color:#888888;text-decoration:none;",
        # articles
        "article": "margin:36px 0 0;padding:0;" + WRAP,
        "article_first": "margin:8px 0 0;padding:0;" + WRAP,
        "center": TEXT + kai + "font-size:16px;line-height:1.75;margin:0 0 8px;",
        "title": TEXT + f"font-family:{f['title']};font-size:22px;line-height:1.45;font-weight:bold;"
                 "text-align:center;margin:4px 0 18px;",
        "body": para,
        "bold": "font-weight:bold;",
        "italic": kai + "font-style:normal;",
        "code": f"font-family:{MONO};font-size:0.9em;background:#f3f3f3;padding:0 2px;",
        "h1": TEXT + hei + "font-size:17px;line-height:1.75;font-weight:bold;margin:18px 0 8px;",
        "h2": TEXT + kai + "font-size:16px;line-height:1.75;font-weight:bold;margin:12px 0 6px;",
        "h3": TEXT + body + "font-weight:bold;margin:10px 0 6px;",
        "item": para,
        # 点评
        "commentary": "margin:24px 0 8px;padding:12px 14px 6px;background:#faf7f2;border:1px solid #e8dfd0;"
                      f"border-left:4px solid {red};" + WRAP,
        "commentary_label": TEXT + hei + "font-size:16px;line-height:1.75;font-weight:bold;margin:0 0 6px;",
        "commentary_body": para + kai,
        # tables and figures
        "table_wrap": "margin:12px 0 16px;max-width:100%;overflow-x:auto;",
        "table": "border-collapse:collapse;width:100%;max-width:100%;margin:0;" + body
                 + "font-size:14px;line-height:1.5;color:#222;",
        "thead": "vertical-align:middle;", "tbody": "vertical-align:middle;", "tr": "vertical-align:middle;",
        "th": "border:1px solid #555555;padding:5px 6px;font-weight:bold;text-align:center;background:#f2f2f2;"
              "vertical-align:middle;" + WRAP,
        "td": "border:1px solid #555555;padding:5px 6px;vertical-align:middle;" + WRAP,
        "caption": TEXT + kai + "font-size:15px;line-height:1.6;text-align:center;margin:12px 0 6px;",
        "figure": "margin:12px 0 4px;padding:0;text-align:center;",
        "img": "display:block;max-width:100%;height:auto;margin:0 auto;",
        "missing": TEXT + kai + "font-size:15px;color:#b00000;text-align:center;margin:12px 0;",
        # 简讯
        "section_heading": TEXT + hei + "font-size:20px;line-height:1.6;font-weight:bold;text-align:center;"
                           "letter-spacing:0.5em;margin:40px 0 16px;",
        "brief": "margin:20px 0;padding:0;" + WRAP,  # margins collapse between briefs
        "brief_title": TEXT + body + "font-weight:bold;margin:0 0 6px;",
        # 版记
        "colophon": "margin:48px 0 0;border-bottom:2px solid #222222;" + WRAP,
        "colophon_block": "padding:6px 0.5em;border-top:1px solid #222222;",
        "colophon_block_first": "padding:6px 0.5em;border-top:2px solid #222222;",
        "colophon_line": TEXT + body + "font-size:14px;line-height:1.7;text-align:left;",
    }
    return {name: css(value) for name, value in named.items()}


def fit_name(style: str, name) -> str:
    """The masthead name on its one or two lines (text/masthead.py, as in print) on a
    phone too: its size shrinks with the screen width so that the longer line fits
    (browsers without min() keep the fixed size and wrap).  name: a string or its lines."""
    lines = [name] if isinstance(name, str) else list(name) or [""]
    n = max(max(math.ceil(em_width(line)) for line in lines), 1)
    return style + f"font-size:min(30px, calc((min(100vw, {PAGE_WIDTH}px) - 40px) / {n}));"


def hanging(style: str, label_chars: int) -> str:
    """A colophon line whose label (报：／分送：) hangs: wrapped lines align after it."""
    if not label_chars:
        return style
    return css(style, f"padding-left:{label_chars}em;text-indent:-{label_chars}em;")
