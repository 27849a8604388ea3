"""Article files (.md with YAML front matter, or .yaml) -> model.Article.

Problems that stop a file from being read (encoding, YAML syntax) and
problems with the front-matter keys are reported as findings with file and
line; everything else is left to the check rules, which read the model.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Callable

from ..errors import QcbriefError
from ..model import Article, Commentary
from .markdown import CANONICAL_LABEL, parse_blocks, split_commentary
from .textfile import SourceText, read_source
from .yamlsrc import MAX_FRONT_MATTER, MAX_YAML_ARTICLE, YamlDoc, load_yaml

ARTICLE_KEYS = ("center", "title", "kind", "点评", "comment")
YAML_ONLY_KEYS = ("body",)
KINDS = ("article", "brief")
COMMENT_KEYS = ("点评", "comment")

Report = Callable[[str, Path, int, int, str], None]

_FRONT_OPEN = re.compile(r"^---\s*$")
_FRONT_CLOSE = re.compile(r"^(---|\.\.\.)\s*$")


def did_you_mean(key: str, options) -> str:
    close = difflib.get_close_matches(key, list(options), n=1, cutoff=0.4)
    return f"，您是否想写“{close[0]}”？" if close else f"。可用的键：{'、'.join(options)}"


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """-> (front matter text or None, body text, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or not _FRONT_OPEN.match(lines[0]):
        return None, text, 1
    for i in range(1, len(lines)):
        if _FRONT_CLOSE.match(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1  # no closing line: the caller reports it


def _clean_center(value: str) -> str:
    """The center as a name: the trailing dash of the center line is the
    template's business, so "××省护理质量控制中心——" and "--" lose it."""
    return re.sub(r"\s*(?:——|—|--|-|－－)+\s*$", "", value.strip())


def _text_value(doc: YamlDoc, key: str, report: Report, path: Path) -> str:
    value = doc.data.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        report("QC101", path, doc.value_line(key), 1, f"“{key}”应为一段文字，不能是列表或映射")
        return ""
    raw = doc.scalars.get((key,))
    return (raw if raw is not None and not isinstance(value, str) else str(value)).strip()


def load_article(path: Path, stem: str, report: Report, sources: dict[Path, SourceText]) -> Article | None:
    """Read one article file; None when it cannot be read at all."""
    try:
        src = read_source(path)
    except QcbriefError as exc:
        report("QC100", path, exc.line or 1, 1, exc.message)
        return None
    sources[path] = src
    if not src.text.strip():
        report("QC104", path, 1, 1, "文件为空")
        return None
    if path.suffix.lower() == ".md":
        return _load_markdown(path, stem, src.text, report)
    return _load_yaml_article(path, stem, src.text, report)


def _meta(doc: YamlDoc, path: Path, report: Report, allowed: tuple[str, ...]) -> dict | None:
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        report("QC101", path, doc.line_of(), 1, "文章信息应为“键: 值”形式（如 center: ××省护理质量控制中心）")
        return None
    for key in doc.data:
        if str(key) not in allowed:
            report("QC107", path, doc.line_of(key), doc.column_of(key),
                   f"未知的文章信息键“{key}”{did_you_mean(str(key), allowed)}")
    return doc.data


def _fill(article: Article, doc: YamlDoc, path: Path, report: Report) -> None:
    article.center = _clean_center(_text_value(doc, "center", report, path))
    article.title = _text_value(doc, "title", report, path)
    kind = _text_value(doc, "kind", report, path) or "article"
    if kind not in KINDS:
        report("QC117", path, doc.value_line("kind"), 1, f"kind 只能是 article（文章）或 brief（简讯），实际是“{kind}”")
        kind = "article"
    article.kind = kind  # type: ignore[assignment]
    for key in ("center", "title", "kind", "点评", "comment", "body"):
        if (key,) in doc.positions:
            article.key_lines[key] = doc.line_of(key)


def _front_commentary(article: Article, doc: YamlDoc, path: Path, report: Report) -> None:
    keys = [k for k in COMMENT_KEYS if k in doc.data]
    if not keys:
        return
    if len(keys) > 1:
        report("QC119", path, doc.line_of(keys[1]), 1, "同时写了“点评”和“comment”，只保留一个")
    key = keys[0]
    text = _text_value(doc, key, report, path)
    first = doc.value_line(key) + (1 if (key,) in doc.block_scalars else 0)
    blocks = parse_blocks(text, first, path.parent, article.flattened_lines, article.unclosed_comment_lines)
    if article.commentary is not None:
        report("QC119", path, doc.line_of(key), 1, "点评既写在文章信息中又写在正文末尾，只保留一处")
        return
    article.commentary = Commentary(blocks=blocks, label=key, line=doc.line_of(key), from_front_matter=True)


def _body(article: Article, text: str, first_line: int, path: Path) -> None:
    split = split_commentary(text, first_line)
    article.body_line = first_line
    article.blocks = parse_blocks(split.body, split.body_first_line, path.parent, article.flattened_lines,
                                  article.unclosed_comment_lines)
    if split.commentary is not None:
        article.commentary = Commentary(
            blocks=parse_blocks(split.commentary, split.commentary_first_line, path.parent, article.flattened_lines,
                                article.unclosed_comment_lines),
            label=split.label if not split.label_inline else split.label + "…",
            line=split.label_line,
        )


def _load_markdown(path: Path, stem: str, text: str, report: Report) -> Article:
    article = Article(stem=stem, path=path)
    front, body, body_line = split_front_matter(text)
    if front is None:
        if text.startswith("---"):
            report("QC101", path, 1, 1, "文章信息（front matter）缺少结束行“---”")
        else:
            report("QC101", path, 1, 1, "文件开头缺少文章信息（以“---”开始和结束，写明 center 与 title）")
        article.meta_unreadable = True
        _body(article, body, body_line, path)
        return article
    try:
        doc = load_yaml(front, path, line_offset=1, max_bytes=MAX_FRONT_MATTER, what="文章信息（front matter）")
    except QcbriefError as exc:
        report("QC101", path, exc.line, exc.column or 1, exc.message)
        article.meta_unreadable = True
        _body(article, body, body_line, path)
        return article
    meta = _meta(doc, path, report, ARTICLE_KEYS)
    if meta is not None:
        _fill(article, doc, path, report)
    else:
        article.meta_unreadable = True
    _body(article, body, body_line, path)
    if meta is not None:
        _front_commentary(article, doc, path, report)
    return article


def _load_yaml_article(path: Path, stem: str, text: str, report: Report) -> Article:
    article = Article(stem=stem, path=path)
    try:
        doc = load_yaml(text, path, max_bytes=MAX_YAML_ARTICLE, what="文章文件")
    except QcbriefError as exc:
        report("QC101", path, exc.line, exc.column or 1, exc.message)
        article.meta_unreadable = True
        return article
    meta = _meta(doc, path, report, ARTICLE_KEYS + YAML_ONLY_KEYS)
    if meta is None:
        article.meta_unreadable = True
        return article
    _fill(article, doc, path, report)
    if "body" in doc.data:
        body = _text_value(doc, "body", report, path)
        first = doc.value_line("body") + (1 if ("body",) in doc.block_scalars else 0)
        _body(article, body, first, path)
    _front_commentary(article, doc, path, report)
    return article


__all__ = ["load_article", "CANONICAL_LABEL", "split_front_matter", "did_you_mean"]
