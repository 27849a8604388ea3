"""One file -> ImportResult: pick the reader, then split as a submission or a bulletin."""

from __future__ import annotations

from pathlib import Path

from ..load.markdown import parse_blocks
from .convert import sniff, to_docx
from .docx_reader import read_docx
from .source import Imported, ImportError_, ImportResult, Para
from .blocks import fill_body
from .bulletin import looks_like_bulletin, split_bulletin
from .submission import split_single
from .text_reader import decode_text, read_markdown, read_plain


def read_paras(path: Path, workdir: Path) -> tuple[list[Para], dict, str]:
    """-> (paragraphs, Markdown front matter, description of the format)."""
    kind = sniff(path)
    if kind == "convert":
        return read_docx(to_docx(path, workdir)), {}, f"{path.suffix} 经 LibreOffice 转换"
    if kind == "docx":
        return read_docx(path), {}, "Word 文档"
    text, enc = decode_text(path.read_bytes())
    if path.suffix.lower() in (".md", ".markdown"):
        paras, meta = read_markdown(text, path)
        return paras, meta, f"Markdown（{enc}）"
    return read_plain(text), {}, f"纯文本（{enc}）"


def import_file(path: Path, workdir: Path, *, single: bool = False, center: str | None = None,
                bulletin_name: str = "", colophon_labels: tuple[str, ...] = (), publishers: list[str] | None = None,
                brief_max: int = 400) -> ImportResult:
    paras, meta, _ = read_paras(path, workdir)
    if not any((p.kind != "p" or p.text.strip()) for p in paras):
        raise ImportError_("文档中没有文字")
    if meta and ("center" in meta or "title" in meta):
        return _from_front_matter(path, paras, meta)
    if not single and looks_like_bulletin(paras, bulletin_name):
        result = split_bulletin(paras, path, colophon_labels, publishers, bulletin_name, brief_max)
        if result.articles:
            return result
    return split_single(paras, path, center, brief_max)


def _from_front_matter(path: Path, paras: list[Para], meta: dict) -> ImportResult:
    """A Markdown file already in the article format (perhaps in GBK): keep what it says."""
    art = Imported(source=path, center=str(meta.get("center") or "").strip().rstrip("—-").strip(),
                   title=str(meta.get("title") or "").strip(),
                   kind="brief" if str(meta.get("kind", "")).strip() == "brief" else "article")
    if art.kind == "brief":
        art.section = "简讯"
    fill_body(art, paras)
    comment = meta.get("点评", meta.get("comment"))
    if comment and art.commentary is None:
        from .text_reader import _para_from_block

        cparas = [q for b in parse_blocks(str(comment), 1, path.parent) for q in _para_from_block(b)]
        art.commentary = []
        fill_body(tmp := Imported(source=path), cparas)
        art.commentary = tmp.blocks
        art.images.update(tmp.images)
    if not art.center:
        art.notes.append("缺少中心署名（center），请补写")
    return ImportResult(source=path, articles=[art])


__all__ = ["import_file", "read_paras", "ImportError_"]
