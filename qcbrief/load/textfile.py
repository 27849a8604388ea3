"""Reading and writing text files as editors' tools leave them.

UTF-8 with or without BOM and CRLF line ends are accepted (and kept when a
file is written back by `check --fix`).  A file in another encoding - most
often GBK/GB18030 from Windows editors - is refused with a message naming
the encoding and how to convert it; charset-normalizer names encodings we
do not try ourselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import QcbriefError

BOM = "\ufeff"


@dataclass
class SourceText:
    text: str  # normalised: no BOM, "\n" line ends
    bom: bool = False
    newline: str = "\n"

    def encode(self, text: str) -> bytes:
        """Bytes for writing text back in the file's own conventions."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ((BOM if self.bom else "") + text).encode("utf-8")


def _first_bad_line(raw: bytes, err: UnicodeDecodeError) -> int:
    return raw[: err.start].count(b"\n") + 1


def decode(raw: bytes, path: Path, error_cls: type[QcbriefError] = QcbriefError) -> SourceText:
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        kind = "Word 文档" if raw.startswith(b"PK") or raw.startswith(b"\xd0\xcf\x11\xe0") else "二进制文件"
        raise error_cls(f"这不是纯文本文件（看起来是{kind}）。Word 来稿请用 qcbrief import 文件 --issue 期名 转换为文章，"
                        "或另存为 UTF-8 编码的 .md 纯文本。", path, 1)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error_cls("文件是 UTF-16 编码。请用编辑器“另存为”UTF-8 编码，或用 qcbrief import 文件 --issue 期名 转换。", path, 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = _first_bad_line(raw, err)
        name = None
        try:
            raw.decode("gb18030")
            name = "GBK/GB18030"
        except UnicodeDecodeError:
            try:
                from charset_normalizer import from_bytes

                best = from_bytes(raw).best()
                name = best.encoding if best else None
            except Exception:  # pragma: no cover - detection is best effort
                name = None
        enc = f"（看起来是 {name} 编码）" if name else ""
        raise error_cls(
            f"文件不是 UTF-8 编码{enc}。请用编辑器“另存为”UTF-8 编码，"
            f"或用 qcbrief import 文件 --issue 期名 转换，或运行：iconv -f GB18030 -t UTF-8 原文件 > 新文件",
            path,
            line,
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(text=text, bom=bom, newline=newline)


def read_source(path: Path, error_cls: type[QcbriefError] = QcbriefError) -> SourceText:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error_cls(f"无法读取文件：{exc.strerror or exc}", path) from None
    return decode(raw, path, error_cls)


def read_text(path: Path, error_cls: type[QcbriefError] = QcbriefError) -> str:
    return read_source(path, error_cls).text
