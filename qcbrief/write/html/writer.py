"""write_html: <out>/<ISSUE>.html (the whole issue) and <out>/html/<stem>.html
(one page per article, for the WeChat editor)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ...model import Bulletin
from .render import HtmlRenderer

ARTICLE_DIR = "html"


def _write_atomic(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".html", dir=target.parent)
    tmp_path = Path(tmp)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_html(bulletin: Bulletin, ctx, path: Path) -> None:
    """Render every page first (a template error writes nothing), then write the
    article pages beside the issue page; the caller renames `path` into place."""
    ctx.progress("正在生成网页版")
    issue, articles = HtmlRenderer(ctx).pages(bulletin)
    folder = Path(path).parent / ARTICLE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in articles.items():
        _write_atomic(folder / f"{stem}.html", text)
    # pages of articles no longer in the issue would mislead whoever pastes them
    for old in folder.glob("*.html"):
        if old.stem not in articles and not old.name.startswith("."):
            old.unlink(missing_ok=True)
    Path(path).write_text(issue, encoding="utf-8", newline="\n")
