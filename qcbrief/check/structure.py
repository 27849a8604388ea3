"""Structural rules (QC1xx): files, front matter, TOC, required parts, images."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Fix
from ..load.markdown import CANONICAL_LABEL
from ..model import Article, Image
from ..region import example_center
from .registry import rule

# --- reported by the loaders while reading (scope "load") -----------------
rule("QC100", "unreadable-file", "error", "文件无法读取或不是 UTF-8 编码", scope="load",
     why="文章须为 UTF-8 编码（带不带 BOM 均可）。Windows 记事本或 WPS 有时存为 GBK/GB18030，请“另存为”UTF-8。",
     bad="（以 GBK 编码保存的 a01.md）", good="（以 UTF-8 编码保存的 a01.md）")
rule("QC101", "bad-front-matter", "error", "文章信息（front matter）或 YAML 格式错误", scope="load",
     why="Markdown 文章以“---”行开始和结束的文章信息块开头，其中是“键: 值”形式的 YAML。",
     bad="---\ncenter ××省护理质量控制中心\n---", good="---\ncenter: ××省护理质量控制中心\n---")
rule("QC107", "unknown-key", "error", "未知的文章信息键", scope="load",
     why="文章信息只认 center、title、kind、点评（或 comment）；YAML 形式另有 body。拼错的键会被忽略，所以报错。",
     bad="---\ncentre: ××省护理质量控制中心\n---", good="---\ncenter: ××省护理质量控制中心\n---")
rule("QC117", "bad-kind", "error", "kind 只能是 article 或 brief", scope="load",
     bad="kind: 简讯", good="kind: brief")
rule("QC119", "duplicate-commentary", "error", "点评写了两处", scope="load",
     why="点评可以写在正文末尾（“点评：”一行之后），也可以写在文章信息的“点评”键中，但只能写一处。",
     bad="---\n点评: ……\n---\n正文……\n\n点评：\n\n……", good="---\n---\n正文……\n\n点评：\n\n……")
rule("QC120", "missing-issue-file", "error", "缺少 issue.yaml 或其中缺少目录 toc", scope="load",
     bad="（articles/2026Q1/ 下没有 issue.yaml）", good="toc:\n  - a01\n  - a02")
rule("QC121", "unknown-issue-key", "error", "issue.yaml 中有未知的键", scope="load",
     bad="subtitel: 2026年第1季度", good="subtitle: 2026年第1季度")
rule("QC122", "bad-issue-value", "error", "issue.yaml 中的值格式不对", scope="load",
     bad="date: 2026年13月1日", good="date: 2026-03-31")


# --- issue scope: the table of contents -----------------------------------
@rule("QC108", "toc-entry-without-file", "error", "目录中的条目没有对应的文章文件", scope="issue",
      why="issue.yaml 的 toc 按顺序列出文章文件名（不含扩展名）；每一项都须在本期文件夹中有 .md 或 .yaml 文件。",
      bad="toc:\n  - a99   # 文件夹中没有 a99.md", good="toc:\n  - a01")
def toc_entry_without_file(ctx) -> Iterator[Finding]:
    for entry in ctx.loaded.toc:
        if entry.stem not in ctx.loaded.files:
            yield ctx.finding("QC108", ctx.loaded.issue_file, entry.line, 1,
                              f"目录中的“{entry.stem}”找不到文章文件（{entry.stem}.md 或 {entry.stem}.yaml）")


@rule("QC109", "file-not-in-toc", "error", "文章文件未列入目录", scope="issue",
      why="本期文件夹中的每篇文章都须在 toc 中出现一次，否则不会印入简报。不想收录的文件可改名以“_”开头。",
      bad="（有 a13.md，但 toc 中没有 a13）", good="toc:\n  - a13")
def file_not_in_toc(ctx) -> Iterator[Finding]:
    listed = {e.stem for e in ctx.loaded.toc}
    if ctx.loaded.issue_file is None or not ctx.loaded.issue_file.is_file() or not ctx.loaded.toc_readable:
        return  # no usable TOC: QC101/QC120 name the cause
    for stem, paths in ctx.loaded.files.items():
        if stem not in listed:
            yield ctx.finding("QC109", paths[0], 1, 1, f"文章“{stem}”未列入 issue.yaml 的目录 toc，不会印入简报")


@rule("QC110", "duplicate-toc-entry", "error", "目录中同一篇文章出现了两次", scope="issue",
      bad="toc:\n  - a01\n  - a01", good="toc:\n  - a01\n  - a02")
def duplicate_toc_entry(ctx) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for entry in ctx.loaded.toc:
        if entry.stem in first:
            yield ctx.finding("QC110", ctx.loaded.issue_file, entry.line, 1,
                              f"“{entry.stem}”在目录中重复出现（第一次在第 {first[entry.stem]} 行）")
        else:
            first[entry.stem] = entry.line


@rule("QC111", "stem-md-and-yaml", "error", "同名文章同时有 .md 和 .yaml 两个文件", scope="issue",
      bad="a01.md 与 a01.yaml", good="只保留 a01.md")
def stem_md_and_yaml(ctx) -> Iterator[Finding]:
    for stem, paths in ctx.loaded.files.items():
        if len(paths) > 1:
            names = "、".join(p.name for p in paths)
            for p in paths[1:]:
                yield ctx.finding("QC111", p, 1, 1, f"“{stem}”同时有 {names}，不知用哪一个：请删去其一")


# --- article scope ----------------------------------------------------------
def _is_empty(blocks) -> bool:
    for b in blocks:
        text = getattr(b, "text", None)
        if text is None or text.strip():
            return False
    return True


@rule("QC102", "missing-center", "error", "缺少供稿单位（center）", scope="article",
      why="每篇文章和简讯都须写明供稿的质控中心，印为“××省……质量控制中心——”。",
      bad="---\ntitle: 织密基层网络 筑牢安全底线\n---", good="---\ncenter: ××省护理质量控制中心\ntitle: 织密基层网络 筑牢安全底线\n---")
def missing_center(article: Article, ctx) -> Iterator[Finding]:
    if not article.center and not article.meta_unreadable:  # QC101 already names the cause
        line = article.key_lines.get("center", 1)
        what = "值为空" if "center" in article.key_lines else "缺少 center"
        yield ctx.finding("QC102", article.path, line, 1, f"{what}：请写明供稿单位，如 center: {example_center(ctx.config)}")


@rule("QC103", "missing-title", "error", "文章缺少标题（title）", scope="article",
      why="正式文章须有标题；只有简讯（kind: brief）没有标题。",
      bad="---\ncenter: ××省护理质量控制中心\n---", good="---\ncenter: ××省护理质量控制中心\ntitle: 织密基层网络 筑牢安全底线\n---")
def missing_title(article: Article, ctx) -> Iterator[Finding]:
    if not article.is_brief and not article.title and not article.meta_unreadable:
        line = article.key_lines.get("title", 1)
        what = "标题为空" if "title" in article.key_lines else "缺少标题 title"
        yield ctx.finding("QC103", article.path, line, 1, f"{what}（若是简讯，请写 kind: brief）")


@rule("QC104", "empty-body", "error", "正文为空", scope="article",
      bad="---\ncenter: …\ntitle: …\n---\n", good="---\ncenter: …\ntitle: …\n---\n正文……")
def empty_body(article: Article, ctx) -> Iterator[Finding]:
    if _is_empty(article.blocks) and not (article.meta_unreadable and article.path.suffix.lower() != ".md"):
        yield ctx.finding("QC104", article.path, article.key_lines.get("body", article.body_line), 1, "正文为空")


@rule("QC105", "missing-commentary", "error", "本期要求点评，但文章没有点评", scope="article",
      why="issue.yaml 中 commentary: required（默认）时，每篇正式文章须在末尾写“点评：”及点评正文。"
          "没有点评的一期请写 commentary: optional。",
      bad="正文最后一段。", good="正文最后一段。\n\n点评：\n\n点评正文……")
def missing_commentary(article: Article, ctx) -> Iterator[Finding]:
    if (ctx.bulletin.commentary_required and not article.is_brief and article.commentary is None
            and not article.meta_unreadable  # the 点评 key may sit in the unreadable front matter
            and not article.unclosed_comment_lines):  # or after a comment that never ends (QC123 says so)
        line = max((b.line for b in article.blocks), default=article.body_line)
        yield ctx.finding("QC105", article.path, line, 1, "缺少点评：请在文末另起一行写“点评：”，再写点评正文")


@rule("QC106", "empty-commentary", "error", "点评为空", scope="article",
      bad="正文……\n\n点评：\n", good="正文……\n\n点评：\n\n点评正文……")
def empty_commentary(article: Article, ctx) -> Iterator[Finding]:
    if article.commentary is not None and _is_empty(article.commentary.blocks):
        yield ctx.finding("QC106", article.path, article.commentary.line, 1, "有“点评”标签但没有点评正文")


@rule("QC118", "brief-with-title-or-commentary", "warning", "简讯不印标题和点评", scope="article",
      why="简讯（kind: brief）只有供稿单位和一段正文；写了标题或点评也不会印出。",
      bad="---\ncenter: …\nkind: brief\ntitle: …\n---", good="---\ncenter: …\nkind: brief\n---")
def brief_with_title(article: Article, ctx) -> Iterator[Finding]:
    if article.is_brief and article.title:
        yield ctx.finding("QC118", article.path, article.key_lines.get("title", 1), 1, "简讯不印标题：请删去 title，或改为正式文章（删去 kind: brief）")
    if article.is_brief and article.commentary is not None:
        yield ctx.finding("QC118", article.path, article.commentary.line, 1, "简讯不印点评：请删去点评")


def _images(article: Article):
    for b in article.all_blocks():
        if isinstance(b, Image):
            yield b


IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
}


MAX_IMAGE_PIXELS = 50_000_000  # 50 megapixels: far beyond print needs; more is a decompression bomb


def image_format(path) -> str | None:
    """PNG/JPEG/GIF/BMP when the file is one that decodes completely (Pillow) and is not huge."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    name = next((n for magic, n in IMAGE_MAGIC.items() if head.startswith(magic)), None)
    if name is None:
        return None
    from PIL import Image as PILImage  # reportlab's own dependency

    try:
        with PILImage.open(path) as im:
            if im.width * im.height > MAX_IMAGE_PIXELS:
                return None
            im.load()  # truncated or corrupt data raises here, not in the writers
    except Exception:  # noqa: BLE001 - any decoder failure means "not a printable image"
        return None
    return name


def _outside(image: Image, ctx) -> bool:
    try:
        image.path.resolve().relative_to(ctx.bulletin.folder.resolve())
        return False
    except ValueError:
        return True


@rule("QC112", "image-missing", "error", "引用的图片文件不存在", scope="article",
      bad="![图1 达标率](images/不存在.png)", good="![图1 达标率](images/rate.png)")
def image_missing(article: Article, ctx) -> Iterator[Finding]:
    for img in _images(article):
        if not _outside(img, ctx) and not img.path.exists():
            yield ctx.finding("QC112", article.path, img.line, 1, f"图片“{img.src}”不存在（相对于文章所在文件夹）")


@rule("QC113", "not-an-image", "error", "引用的文件不是 PNG/JPEG/GIF/BMP 图片", scope="article",
      bad="![附件](images/名单.docx)", good="![图1 达标率](images/rate.png)")
def not_an_image(article: Article, ctx) -> Iterator[Finding]:
    for img in _images(article):
        if not _outside(img, ctx) and img.path.is_file() and image_format(img.path) is None:
            yield ctx.finding("QC113", article.path, img.line, 1, f"“{img.src}”不是可印刷的图片（支持 PNG、JPEG、GIF、BMP）")


@rule("QC114", "image-outside-issue", "error", "图片不在本期文件夹内", scope="article",
      why="图片须放在本期文件夹（如 articles/2026Q1/images/）中，简报才能随文件夹一起交付、归档。",
      bad="![图1](../../照片/a.png)", good="![图1](images/a.png)")
def image_outside(article: Article, ctx) -> Iterator[Finding]:
    for img in _images(article):
        if _outside(img, ctx) or img.src.startswith(("http://", "https://", "/")):
            yield ctx.finding("QC114", article.path, img.line, 1, f"图片“{img.src}”不在本期文件夹内，请复制到 images/ 中并改用相对路径")


@rule("QC115", "non-canonical-label", "warning", "点评标签写法不统一", scope="article", fixable=True,
      why="点评标签的各种写法（点评: / **点评：** / ### 点评：）都能识别，但请统一写成单独一行的“点评：”。",
      bad="#### **点评：**", good="点评：")
def non_canonical_label(article: Article, ctx) -> Iterator[Finding]:
    c = article.commentary
    if c is None or c.from_front_matter or c.label == CANONICAL_LABEL:
        return
    fix = None
    src = ctx.loaded.sources.get(article.path)
    if src is not None and not c.label.endswith("…"):  # a label alone on its line: rewrite the line
        lines = src.text.split("\n")
        if 1 <= c.line <= len(lines):
            fix = Fix(c.line, 1, len(lines[c.line - 1]) + 1, CANONICAL_LABEL)
    yield ctx.finding("QC115", article.path, c.line, 1, f"点评标签“{c.label}”请统一写成单独一行的“{CANONICAL_LABEL}”", fix)


@rule("QC116", "nesting-flattened", "warning", "列表或引用嵌套过深，更深的内容按最深一层排出", scope="article",
      why="列表最多排 8 层、引用最多 16 层（列表一层算两层引用）。更深的内容不会丢失：去掉列表符号和“>”，"
          "按最深一层排出，文字全部保留；但排出的层次与原文不同，请减少嵌套层次。",
      bad="- - - - - - - - - - 第十层", good="- 第一层\n  - 第二层")
def nesting_flattened(article: Article, ctx) -> Iterator[Finding]:
    lines = article.flattened_lines
    if lines:
        more = f"（共 {len(lines)} 处，第一处在此）" if len(lines) > 1 else ""
        yield ctx.finding("QC116", article.path, lines[0], 1,
                          f"列表或引用嵌套过深，更深的内容去掉列表符号和“>”后按最深一层排出，文字全部保留{more}；请减少嵌套层次")


@rule("QC123", "unclosed-comment", "error", "HTML 注释“<!--”没有结束，其后的内容不会印出", scope="article",
      why="“<!--”与“-->”之间是注释，不印出。缺少“-->”时，注释一直延续到文末（或所在的列表、引用的末尾），"
          "其后的正文和点评都会悄悄消失，所以报错而不生成。",
      bad="<!-- 待核实\n\n正文……", good="<!-- 待核实 -->\n\n正文……")
def unclosed_comment(article: Article, ctx) -> Iterator[Finding]:
    for line in article.unclosed_comment_lines:
        yield ctx.finding("QC123", article.path, line, 1,
                          "HTML 注释“<!--”没有结束（缺少“-->”），其后的内容都不会印出：请补上“-->”，或删去“<!--”")
