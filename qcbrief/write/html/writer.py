"""write_html: <out>/<ISSUE>.html (the whole issue) and <out>/html/<stem>.html
(one page per article, for the WeChat editor)."""

from __future__ import annotations

from pathlib import Path

from ...atomic import write_atomic
from ...model import Bulletin
from .render import HtmlRenderer

ARTICLE_DIR = "html"


def write_html(bulletin: Bulletin, ctx, path: Path) -> None:
    """Render every page first (a template error writes nothing), then write the
    article pages beside the issue page; the caller renames `path` into place."""
    ctx.progress("正在生成网页版")
    issue, articles = HtmlRenderer(ctx).pages(bulletin)
    folder = Path(path).parent / ARTICLE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in articles.items():
        write_atomic(folder / f"{stem}.html", text.encode("utf-8"))
    # pages of articles no longer in the issue would mislead whoever pastes them
    for old in folder.glob("*.html"):
        if old.stem not in articles and not old.name.startswith("."):
            old.unlink(missing_ok=True)
    Path(path).write_text(issue, encoding="utf-8", newline="\n")
