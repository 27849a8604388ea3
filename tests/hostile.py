"""Classes of bad input for test_robustness: each builds a tiny workspace and says what
qcbrief must answer (exit code, finding code, the file named, the line)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from helpers import GOOD_ARTICLE

HEAD = "---\ncenter: 湖北省护理质量控制中心\ntitle: 织密基层网络 筑牢安全底线\n---\n\n"
TAIL = "\n\n点评：\n\n做法值得借鉴。\n"
ISSUE = "subtitle: 测试\ndate: 2026-03-31\ntoc:\n  - a01\n  - a02\n"


def art(body: str) -> str:
    return HEAD + body + TAIL


def front(extra: str) -> str:
    """An article whose front matter has extra YAML lines (from line 4 on)."""
    return "---\ncenter: 湖北省护理质量控制中心\ntitle: 织密基层网络\n" + extra + "---\n\n正文。" + TAIL


BOMB = 'x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"x{i}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))


def png(width: int = 4, height: int = 4) -> bytes:
    """A valid grey PNG of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def bomb_png() -> bytes:
    """A PNG header claiming 100000 x 100000 pixels (10 G pixels) with almost no data."""
    p = png(1, 1)
    return p[:16] + struct.pack(">II", 100000, 100000) + p[24:]


@dataclass
class Case:
    id: str
    files: dict  # path in the issue folder -> text/bytes (a02.* is the bad one unless said)
    exit: int  # documented exit code of `qcbrief build`
    code: str | None  # the finding code (None: a configuration error, no code)
    where: str  # file name the message must name
    line: int | None = None  # line the message must name
    issue: str | None = None  # issue.yaml text (default ISSUE)
    setup: Callable[[Path], None] | None = None  # more changes to the workspace
    words: tuple = ()  # words the Chinese message must contain
    printed: tuple = ()  # exit 0 cases: text that must be in the PDF and DOCX


def _symlink_out(root: Path) -> None:
    secret = root / "secret.png"
    secret.write_bytes(png())
    (root / "articles" / "T" / "images").mkdir(exist_ok=True)
    os.symlink(secret, root / "articles" / "T" / "images" / "link.png")


def _abs_image(root: Path) -> None:
    outside = root / "outside.png"
    outside.write_bytes(png())
    p = root / "articles" / "T" / "a02.md"
    p.write_text(p.read_text(encoding="utf-8").replace("ABS", str(outside)), encoding="utf-8")


def _config(text: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / "config.yaml").write_text(text, encoding="utf-8")
    return setup


def _append_config(text: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        with open(root / "config.yaml", "a", encoding="utf-8") as f:
            f.write(text)
    return setup


def _template(name: str, text: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / "templates").mkdir(exist_ok=True)
        (root / "templates" / name).write_text(text, encoding="utf-8")
    return setup


def _rm_issue_yaml(root: Path) -> None:
    (root / "articles" / "T" / "issue.yaml").unlink()


def _dir_as_article(root: Path) -> None:
    (root / "articles" / "T" / "a02.md").mkdir()


A01 = {"a01.md": GOOD_ARTICLE}
CASES = [
    # --- YAML: hostile and malformed
    Case("alias-bomb-front-matter", {**A01, "a02.md": front(BOMB)}, 1, "QC101", "a02.md", 5, words=("别名",)),
    Case("alias-bomb-issue-yaml", A01, 1, "QC101", "issue.yaml", 3, issue="toc: [a01]\n" + BOMB.replace("x:", "y:"),
         words=("别名",)),
    Case("alias-bomb-config", A01, 2, None, "config.yaml", None, issue="toc: [a01]\n",
         setup=_append_config("\n" + BOMB), words=("别名",)),
    Case("alias-bomb-labels", A01, 2, None, "labels.yaml", None, issue="toc: [a01]\n",
         setup=_template("labels.yaml", BOMB), words=("别名",)),
    Case("deeply-nested-yaml", {**A01, "a02.md": front("x: " + "[" * 5000 + "]" * 5000 + "\n")}, 1, "QC101",
         "a02.md", 4, words=("嵌套",)),
    Case("python-tag", {**A01, "a02.md": front("x: !!python/object/apply:os.system ['echo pwned']\n")}, 1, "QC101",
         "a02.md", 4),
    Case("python-tag-issue-yaml", A01, 1, "QC101", "issue.yaml", 1,
         issue="!!python/object/apply:os.system ['echo pwned']\n"),
    Case("front-matter-syntax", {**A01, "a02.md": "---\ncenter 湖北省护理质量控制中心\ntitle: [\n---\n正文。\n"}, 1,
         "QC101", "a02.md", 3),
    Case("front-matter-unclosed", {**A01, "a02.md": "---\ncenter: 湖北省护理质量控制中心\n\n正文。\n"}, 1, "QC101",
         "a02.md", 1),
    Case("front-matter-a-list", {**A01, "a02.md": "---\n- a\n- b\n---\n正文。\n"}, 1, "QC101", "a02.md", 2),
    Case("yaml-article-a-list", {**A01, "a02.yaml": "- 不是映射\n"}, 1, "QC101", "a02.yaml", 1),
    Case("unknown-article-key", {**A01, "a02.md": front("centre: 拼错\n")}, 1, "QC107", "a02.md", 4, words=("center",)),
    Case("bad-kind", {**A01, "a02.md": front("kind: 简讯\n")}, 1, "QC117", "a02.md", 4),
    # --- files: encodings and contents
    Case("empty-file", {**A01, "a02.md": ""}, 1, "QC104", "a02.md", 1),
    Case("binary-file", {**A01, "a02.md": b"\x00\x01\x02\xff\xfe\x00binary" * 50}, 1, "QC100", "a02.md", 1),
    Case("utf16", {**A01, "a02.md": art("正文。").encode("utf-16")}, 1, "QC100", "a02.md", 1, words=("UTF-16",)),
    Case("gbk", {**A01, "a02.md": art("医疗质量控制中心组织专家督查。").encode("gbk")}, 1, "QC100", "a02.md", 2,
         words=("GBK",)),
    Case("word-file-renamed", {**A01, "a02.md": b"PK\x03\x04" + b"\x00" * 200}, 1, "QC100", "a02.md", 1),
    Case("nul-bytes-in-text", {**A01, "a02.md": art("正文\x00中有空字符。")}, 1, "QC100", "a02.md", 1),
    Case("article-is-a-directory", A01, 1, "QC108", "issue.yaml", 5, setup=_dir_as_article),
    # --- images
    Case("image-dotdot", {**A01, "a02.md": art("![图](../../../secret.png)")}, 1, "QC114", "a02.md", 6),
    Case("image-absolute", {**A01, "a02.md": art("![图](ABS)")}, 1, "QC114", "a02.md", 6, setup=_abs_image),
    Case("image-symlink-out", {**A01, "a02.md": art("![图](images/link.png)")}, 1, "QC114", "a02.md", 6,
         setup=_symlink_out),
    Case("image-missing", {**A01, "a02.md": art("![图](images/nope.png)")}, 1, "QC112", "a02.md", 6),
    Case("png-really-text", {**A01, "a02.md": art("![图](images/x.png)"), "images/x.png": "我不是图片\n"}, 1,
         "QC113", "a02.md", 6),
    Case("png-truncated", {**A01, "a02.md": art("![图](images/x.png)"), "images/x.png": png(40, 40)[:60]}, 1,
         "QC113", "a02.md", 6),
    Case("png-decompression-bomb", {**A01, "a02.md": art("![图](images/x.png)"), "images/x.png": bomb_png()}, 1,
         "QC113", "a02.md", 6),
    # --- issue.yaml and the TOC
    Case("issue-yaml-missing", A01, 1, "QC120", "T", None, setup=_rm_issue_yaml),
    Case("issue-yaml-a-list", A01, 1, "QC120", "issue.yaml", 1, issue="- a01\n"),
    Case("toc-outside-issue", A01, 1, "QC108", "issue.yaml", 3, issue="subtitle: 测试\ntoc:\n  - ../U/a01\n  - a01\n"),
    Case("toc-duplicate", A01, 1, "QC110", "issue.yaml", 4, issue="subtitle: 测试\ntoc:\n  - a01\n  - a01\n"),
    Case("toc-missing-file", A01, 1, "QC108", "issue.yaml", 4, issue="subtitle: 测试\ntoc:\n  - a01\n  - a99\n"),
    Case("file-not-in-toc", {**A01, "a02.md": GOOD_ARTICLE}, 1, "QC109", "a02.md", 1, issue="toc:\n  - a01\n"),
    Case("md-and-yaml-same-stem", {**A01, "a02.md": GOOD_ARTICLE,
                                   "a02.yaml": "center: 湖北\ntitle: 标题\nbody: 正文\n点评: 好\n"}, 1, "QC111", "a02.yaml",
         1),
    Case("issue-unknown-key", A01, 1, "QC121", "issue.yaml", 1, issue="subtitel: 测试\ntoc: [a01]\n",
         words=("subtitle",)),
    Case("issue-bad-date", A01, 1, "QC122", "issue.yaml", 1, issue="date: 2026年13月1日\ntoc: [a01]\n"),
    # --- config and templates
    Case("config-unknown-key", A01, 2, None, "config.yaml", None, issue="toc: [a01]\n",
         setup=_append_config("\nlayuot: {}\n"), words=("layout",)),
    Case("config-not-a-mapping", A01, 2, None, "config.yaml", 1, issue="toc: [a01]\n",
         setup=_config("- 不是映射\n")),
    Case("config-syntax", A01, 2, None, "config.yaml", 3, issue="toc: [a01]\n", setup=_config("bulletin:\n  name: [\n")),
    Case("template-globals", A01, 2, None, "masthead.j2", None, issue="toc: [a01]\n",
         setup=_template("masthead.j2", "{{ cycler.__init__.__globals__.os.system('echo pwned') }}")),
    Case("template-syntax-error", A01, 2, None, "center_line.j2", 1, issue="toc: [a01]\n",
         setup=_template("center_line.j2", "{% if %}")),
    # --- text that must either print or fail with a QC message (never tofu, never a traceback)
    Case("emoji", {"a01.md": art("今天完成督查\U0001F600。")}, 1, None, "a01.md", 6, issue="toc: [a01]\n",
         words=("\U0001F600",)),
    Case("template-syntax-in-article", {"a01.md": art("正文{{ 7*7 }}与{% raw %}照印。")}, 0, None, "", None,
         issue="toc: [a01]\n", printed=("正文{{7*7}}与{%raw%}照印。",)),
    Case("template-syntax-in-issue-yaml", A01, 0, None, "", None, issue="subtitle: '{{ config }}期'\ntoc: [a01]\n",
         printed=("{{config}}期",)),
    Case("zero-width-and-rtl", {"a01.md": art("督查\u200b发现\u202e问题\u2066十二条。")}, 0, None, "", None,
         issue="toc: [a01]\n", printed=("督查发现问题十二条。",)),
    Case("control-characters", {"a01.md": art("督查\x07发现\x1b问题。")}, 0, None, "", None, issue="toc: [a01]\n",
         printed=("督查发现问题。",)),
    Case("nested-blockquotes-3000", {"a01.md": art("第一段文字。\n\n" + ">" * 3000 + " 深层引用的文字。")}, 0, None,
         "", None, issue="toc: [a01]\n", printed=("第一段文字。", "深层引用的文字。")),
    Case("very-long-title", {"a01.md": GOOD_ARTICLE.replace("织密基层网络 筑牢安全底线", "质控" * 60)}, 0, None, "",
         None, issue="toc: [a01]\n", printed=("质控" * 60,)),
    Case("huge-line", {"a01.md": art("督查发现问题，" * 20000)}, 0, None, "", None, issue="toc: [a01]\n",
         printed=("督查发现问题，" * 50,)),
]


# --------------------------------------------------------------------------- zip bombs (import)
GiB = 1 << 30
SUBMISSION_PARAS = ("湖北省护理质量控制中心——", "织密基层网络 筑牢安全底线", "2026年1月，中心组织专家对12家医院开展督查。",
                    "点评：", "做法值得借鉴。")


class _RepeatingDeflate:
    """A stand-in for zipfile's compressor: a chunk written again is not compressed again (after a
    full flush, deflate output depends only on the chunk), so a 1 GiB member takes about a second."""

    def __init__(self) -> None:
        self._co = zlib.compressobj(6, zlib.DEFLATED, -15)
        self._last: tuple = (None, b"")

    def compress(self, data: bytes) -> bytes:
        if data is not self._last[0]:
            self._last = (data, self._co.compress(data) + self._co.flush(zlib.Z_FULL_FLUSH))
        return self._last[1]

    def flush(self) -> bytes:
        return self._co.flush()


def write_bomb_member(zf: zipfile.ZipFile, name: str, size: int, head: bytes = b"", fill: bytes = b"\0") -> None:
    """A member of `size` bytes: `head`, then `fill` repeated (1 GiB deflates to about 1 MB)."""
    chunk = fill * ((1 << 22) // len(fill))
    with zf.open(name, "w", force_zip64=size >= (1 << 31) - 1) as f:
        f._compressor = _RepeatingDeflate()  # test-only shortcut through zipfile's writer
        if head:
            f.write(head)
        left = size - len(head)
        while left >= len(chunk):
            f.write(chunk)
            left -= len(chunk)
        if left:
            f.write(chunk[:left])


def submission_docx() -> bytes:
    """A small real submission with one picture (python-docx)."""
    import docx
    from docx.shared import Cm

    d = docx.Document()
    for text in SUBMISSION_PARAS[:3]:
        d.add_paragraph(text)
    d.add_picture(io.BytesIO(png(8, 8)), width=Cm(2))
    for text in SUBMISSION_PARAS[3:]:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def docx_bomb(path: Path, part: str, size: int = GiB) -> Path:
    """The submission with one part replaced by `size` inflated bytes: "image" (the picture, zeros)
    or "document" (word/document.xml: a valid start, then one endless text node)."""
    with zipfile.ZipFile(io.BytesIO(submission_docx())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        target = next(n for n in src.namelist() if n.startswith("word/media/")) if part == "image" else "word/document.xml"
        for info in src.infolist():
            if info.filename != target:
                dst.writestr(info, src.read(info.filename))
            elif part == "image":
                write_bomb_member(dst, target, size)
            else:
                head = src.read(target).split(b"<w:body>")[0] + b"<w:body><w:p><w:r><w:t>"
                write_bomb_member(dst, target, size, head, b"a")
    return path


def docx_lying_sizes(path: Path, size: int = 96 << 20) -> Path:
    """An image part whose headers declare 1000 bytes while the data inflates to `size`."""
    docx_bomb(path, "image", size)
    raw = bytearray(path.read_bytes())
    name = next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/media/")).encode()
    for sig, off in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central directory, local header
        i = raw.find(sig)
        while i >= 0:
            name_at = i + (46 if sig == b"PK\x01\x02" else 30)
            if raw[name_at:name_at + len(name)] == name:
                raw[i + off:i + off + 4] = struct.pack("<I", 1000)
            i = raw.find(sig, i + 4)
    path.write_bytes(bytes(raw))
    return path


def _reference_bomb(root: Path) -> None:
    (root / "templates").mkdir(exist_ok=True)
    docx_bomb(root / "templates" / "reference.docx", "document", GiB)


CASES += [
    # --- zip bombs: every DOCX qcbrief reads (import: tests/test_zip_bombs.py)
    Case("zip-bomb-reference-docx", A01, 2, None, "reference.docx", None, issue="toc: [a01]\n", setup=_reference_bomb,
         words=("word/document.xml", "压缩炸弹")),
]


# --------------------------------------------------------------------------- sizes, nesting, names
def _big_config(root: Path) -> None:
    with open(root / "config.yaml", "a", encoding="utf-8") as f:
        f.write("\n# " + "很长的注释" * 80000 + "\n")  # 1.2 MB


def _control_name(root: Path) -> None:
    (root / "articles" / "T" / "a02\x1b[2J\u202e.md").write_text(GOOD_ARTICLE, encoding="utf-8")


FLOW_LIST_10MB = "x: [" + ", ".join(["条目"] * 1_250_000) + "]\n"  # 10 MB on one line
NESTED = "第一段。\n\n" + "- " * 12 + "十二层列表里的文字\n\n" + "".join("  " * i + f"- 缩进第{i + 1}层\n" for i in range(14)) \
    + "\n" + "- > " * 11 + "列表与引用交替\n\n列表之后的段落。"

CASES += [
    # --- size: refused before parsing (a 10 MB flow list took 87 s and 3.3 GB)
    Case("front-matter-10mb", {**A01, "a02.md": front(FLOW_LIST_10MB)}, 1, "QC101", "a02.md", 2, words=("64 KB",)),
    Case("front-matter-20000-nodes", {**A01, "a02.md": front("x: [" + "1," * 21000 + "]\n")}, 1, "QC101", "a02.md", 4,
         words=("条目超过",)),
    Case("yaml-article-3mb", {**A01, "a02.yaml": "center: 湖北\ntitle: 标题\nbody: " + "长" * 1_000_000 + "\n"}, 1, "QC101",
         "a02.yaml", 1, words=("2.0 MB",)),
    Case("issue-yaml-2mb", A01, 1, "QC101", "issue.yaml", 1, issue="toc: [a01]\n# " + "长" * 700_000 + "\n",
         words=("1.0 MB",)),
    Case("config-yaml-1mb", A01, 2, None, "config.yaml", None, issue="toc: [a01]\n", setup=_big_config,
         words=("1.0 MB",)),
    # --- names: controls in a file name are shown as escapes, never sent to the terminal raw
    Case("file-name-escape-and-rtl", A01, 1, "QC109", "a02\\x1b[2J\\u202e.md", None, issue="toc: [a01]\n",
         setup=_control_name),
    # --- nesting past markdown-it's limit: printed flat, every character kept (QC116 warns)
    Case("nested-lists-and-quotes", {"a01.md": art(NESTED)}, 0, None, "", None, issue="toc: [a01]\n",
         printed=("十二层列表里的文字", "缩进第14层", "列表与引用交替", "列表之后的段落。", "做法值得借鉴。")),
]


@dataclass
class ImportCase:
    id: str
    name: str  # the submission's file name
    make: Callable[[Path], None]  # writes the file at the given path
    exit: int
    words: tuple = ()  # what the output must say (the file's name is always checked)


def _text(text: str) -> Callable[[Path], None]:
    return lambda p: p.write_text(text, encoding="utf-8")


SUBMISSION_TEXT = "\n\n".join(SUBMISSION_PARAS) + "\n"
IMPORT_CASES = [
    ImportCase("name-with-newline", "稿件\nkind: brief\ncenter: 假冒.txt", _text(SUBMISSION_TEXT), 0, ("\\n",)),
    ImportCase("name-with-escape", "稿件\x1b[2J\x1b]0;x\x07.txt", _text(SUBMISSION_TEXT), 0, ("\\x1b",)),
    ImportCase("name-with-rtl", "稿件\u202etxt.exe.txt", _text(SUBMISSION_TEXT), 0, ("\\u202e",)),
    ImportCase("markdown-front-matter-10mb", "稿件.md", _text("---\ncenter: 湖北\n" + FLOW_LIST_10MB + "---\n正文。\n"), 1,
               ("第 2 行", "64 KB")),
    ImportCase("zip-bomb-image", "来稿.docx", lambda p: docx_bomb(p, "image"), 1, ("word/media/image1.png", "压缩炸弹")),
    ImportCase("zip-bomb-document-xml", "来稿.docx", lambda p: docx_bomb(p, "document"), 1,
               ("word/document.xml", "压缩炸弹")),
    ImportCase("zip-lying-sizes", "来稿.docx", lambda p: docx_lying_sizes(p), 1, ("word/media/image1.png", "损坏")),
]

CASES += [
    # an HTML comment that never ends would hide the rest of the article, 点评 included: an error, not a QC105
    Case("unclosed-html-comment", {**A01, "a02.md": art("第一段。\n\n<!-- 待核实：数据\n\n第二段。")}, 1, "QC123", "a02.md", 8,
         words=("-->",)),
]

CASES += [
    # "[注]: …" is a CommonMark link reference definition (no space in its "destination"): it vanished
    Case("note-like-reference-definition", {"a01.md": art("正文。\n\n[注]: 数据来源于省卫健委统计。\n\n[1]: http://example.com")},
         0, None, "", None, issue="toc: [a01]\n", printed=("数据来源于省卫健委统计。", "http://example.com")),
]
