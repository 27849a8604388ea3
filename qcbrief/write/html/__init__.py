"""The web / 公众号 edition: the issue and each article as self-contained HTML
pages with inline styles only (what the WeChat editor keeps on paste)."""

from .writer import write_html

__all__ = ["write_html"]
