"""Which reader a file needs, and LibreOffice for the old binary formats."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .source import ImportError_

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_EXTS = (".docx",)
OLD_EXTS = (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot", ".docm", ".dotx")
TEXT_EXTS = (".txt", ".md", ".markdown", ".text")
SUPPORTED = ".docx、.doc、.wps、.odt、.rtf、.txt 或 .md"
# A submission is read whole (text, old Word files) or inflated part by part (DOCX, bounded by
# qcbrief/safezip.py); no real one comes near this.
MAX_FILE = 100 * 1024 * 1024


def sniff(path: Path) -> str:
    """-> "docx" | "convert" | "text"; raises ImportError_ for files we cannot read."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
        size = path.stat().st_size
    except OSError as exc:
        raise ImportError_(f"无法读取文件：{exc.strerror or exc}") from None
    if size == 0:
        raise ImportError_("文件为空")
    if size > MAX_FILE:
        raise ImportError_(f"文件有 {size / 1048576:.0f} MB，超过上限 {MAX_FILE // 1048576} MB，未读取")
    ext = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        raw = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise ImportError_("文档设有打开密码（已加密），无法读取：请在 Word/WPS 中取消密码后另存为 .docx 再导入")
        if ext in WORD_EXTS + OLD_EXTS or ext == "":
            return "convert"
        raise ImportError_(f"这是旧版 Office 文件，扩展名却是 {ext}：请改名为 .doc 后重试")
    if head.startswith(b"PK"):
        if ext in WORD_EXTS or ext == "":
            return "docx"
        if ext in OLD_EXTS:  # .odt, macro-enabled or template Word files
            return "convert"
        raise ImportError_(f"不支持的文件类型 {ext or '（无扩展名）'}：请提供 {SUPPORTED} 文件")
    if ext in WORD_EXTS:
        raise ImportError_("文件已损坏或不是 Word 文档（.docx 应是 ZIP 压缩包）")
    if ext in (".rtf",) or head.startswith(b"{\\rtf"):
        return "convert"
    if ext in (".doc", ".wps") and head.lstrip().startswith((b"<", b"MIME", b"\xef\xbb\xbf<")):
        return "convert"  # a Word "web page" saved as .doc (HTML or MHT): LibreOffice reads it
    if ext in (".doc", ".wps"):
        raise ImportError_(f"文件已损坏或不是 {ext} 文档")
    if ext in TEXT_EXTS:
        return "text"
    raise ImportError_(f"不支持的文件类型 {ext or '（无扩展名）'}：请提供 {SUPPORTED} 文件")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(path: Path, workdir: Path, timeout: int = 180) -> Path:
    """Convert .doc/.wps/.rtf/.odt to .docx with LibreOffice in workdir."""
    exe = soffice()
    if exe is None:
        raise ImportError_(
            f"本机未安装 LibreOffice，无法读取 {path.suffix} 文件：请用 Word 或 WPS 打开后“另存为”.docx 再导入，"
            "或安装 LibreOffice（如 apt install libreoffice-writer）后重试")
    profile = Path(tempfile.mkdtemp(prefix="qcbrief-lo-", dir=workdir))
    # a private profile, so the conversion works while another LibreOffice is open
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(workdir), str(path.resolve())]
    try:
        subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                       env={**os.environ, "HOME": str(profile)}, check=False)
    except subprocess.TimeoutExpired:
        raise ImportError_(f"LibreOffice 转换超时（{timeout} 秒）：请用 Word 或 WPS 另存为 .docx 再导入") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = workdir / (path.stem + ".docx")
    if not out.is_file() or out.stat().st_size == 0:
        raise ImportError_("LibreOffice 无法转换此文件（可能设有密码或已损坏）：请用 Word 或 WPS 另存为 .docx 再导入")
    return out
