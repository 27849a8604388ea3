"""Render the web pages from the HTML templates (templates/html/*.j2).

The templates are looked up like the other wording templates: the workspace's
`templates/` folder first, then the package defaults.  The environment is
sandboxed and autoescaping: article text is always escaped, never run.
"""

from __future__ import annotations

import re

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ...errors import ConfigError
from ...model import Bulletin
from .styles import fit_name, hanging, styles
from .views import bulletin_view


_LONG = re.compile(r"[!-~]{16,}")  # a long run of Latin without spaces: a URL, a file path, an e-mail
_AFTER = re.compile(r"(?<=[/.\-_?&=#@])(?=[^/])")


def _breakable(text: str) -> Markup:
    """Escaped text; a long URL gets <wbr> after its slashes and dots, so it wraps
    at a sensible place instead of leaving a stretched line before it."""
    out, pos = [], 0
    for m in _LONG.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(Markup("<wbr>").join(escape(piece) for piece in _AFTER.split(m.group(0))))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def lines(text: str) -> Markup:
    """Escaped text with its hard line breaks as <br> (and break points in long URLs)."""
    return Markup("<br>").join(_breakable(part) for part in str(text).split("\n"))


class HtmlRenderer:
    def __init__(self, ctx):
        self.ctx = ctx
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(ctx.wording.dirs),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["lines"] = lines
        self.env.filters["hanging"] = hanging
        self.env.filters["fit_name"] = fit_name
        self.styles = styles(ctx.config)

    def _render(self, name: str, **values) -> str:
        try:
            return self.env.get_template(name).render(s=self.styles, **values)
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(f"网页模板语法错误：{exc.message}", exc.filename or name, exc.lineno) from None
        except jinja2.TemplateError as exc:
            raise ConfigError(f"网页模板渲染出错：{exc}", self._path(name)) from None

    def _path(self, name: str):
        from pathlib import Path

        return next((Path(d) / name for d in self.ctx.wording.dirs if (Path(d) / name).is_file()), Path(name))

    def pages(self, bulletin: Bulletin) -> tuple[str, dict[str, str]]:
        """The whole issue page (masthead, 按语, TOC with in-page links, articles,
        简讯, 版记) and one page per article (stem -> html), ready to paste into
        the WeChat editor."""
        view = bulletin_view(bulletin, self.ctx)
        issue = self._render("html/issue.html.j2", b=view)
        articles = {a["stem"]: self._render("html/article.html.j2", b=view, a=a)
                    for section in view["sections"] for a in section["articles"]}
        return issue, articles
