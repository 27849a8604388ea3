"""Reading ZIP packages (DOCX) with bounded memory and disk: no zip bomb gets through.

A DOCX is a ZIP file, and a ZIP member can inflate a thousand times: a 1 MB file can hold a
1 GiB "image" or document.xml.  python-docx reads every part of a package whole into memory,
and lxml then parses the XML parts, so a bomb costs gigabytes before anything can refuse it.
Here every member is checked before a byte is inflated - its declared size, the total, the
compression ratio, the number of members - and then inflated in chunks with a running cap
(a declared size can lie; Python's zipfile stops at the declared size and the CRC check then
fails, which is reported as a damaged file).  A refusal is an `UnsafeZip` with a Chinese
message naming the part.

`open_docx(path)` is the way to open a DOCX anywhere in qcbrief (import, sync): the package
is extracted, bounded, into a temporary folder, and python-docx opens that folder (it reads
an unzipped package as well as a ZIP), so python-docx never inflates anything itself.
"""

from __future__ import annotations

import posixpath
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MiB = 1 << 20
CHUNK = MiB


@dataclass(frozen=True)
class Limits:
    part: int = 64 * MiB  # any one part (the largest photo a submission plausibly holds)
    xml_part: int = 32 * MiB  # an XML part is parsed into a tree several times its size
    total: int = 256 * MiB  # all parts together
    ratio: int = 100  # inflated / compressed size, for parts larger than ratio_from
    ratio_from: int = 4 * MiB
    members: int = 10000


DEFAULT = Limits()


class UnsafeZip(Exception):
    """A package refused before (or while) inflating it; `message` is for the user."""

    def __init__(self, message: str, part: str = ""):
        super().__init__(message)
        self.message = message
        self.part = part


def _mb(n: int) -> str:
    return f"{n / MiB:.0f} MB" if n >= MiB else f"{n / 1024:.0f} KB"


def _cap(info: zipfile.ZipInfo, limits: Limits) -> int:
    return limits.xml_part if info.filename.lower().endswith((".xml", ".rels")) else limits.part


def check_archive(zf: zipfile.ZipFile, limits: Limits = DEFAULT) -> list[zipfile.ZipInfo]:
    """The members of an open archive, after checking what their headers declare (nothing is
    inflated here); raises UnsafeZip."""
    infos = zf.infolist()
    if len(infos) > limits.members:
        raise UnsafeZip(f"压缩包中有 {len(infos)} 个文件，超过上限 {limits.members} 个，疑为“压缩炸弹”，未读取")
    total = 0
    for info in infos:
        name, size = info.filename, info.file_size
        if size > _cap(info, limits):
            raise UnsafeZip(f"其中的 {name} 解压后有 {_mb(size)}，超过上限 {_mb(_cap(info, limits))}，"
                            "疑为“压缩炸弹”，未读取", name)
        if size > limits.ratio_from and size > limits.ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise UnsafeZip(f"其中的 {name} 压缩比达 {ratio:.0f} 倍（{_mb(info.compress_size)} 解压为 {_mb(size)}），"
                            f"超过 {limits.ratio} 倍，疑为“压缩炸弹”，未读取", name)
        total += size
        if total > limits.total:
            raise UnsafeZip(f"解压后总计超过上限 {_mb(limits.total)}，疑为“压缩炸弹”，未读取", name)
    return infos


def copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, out: BinaryIO, limit: int) -> int:
    """Inflate one member into `out` in chunks, stopping past `limit` bytes; -> bytes written."""
    done = 0
    try:
        with zf.open(info) as src:
            while chunk := src.read(CHUNK):
                done += len(chunk)
                if done > limit:
                    raise UnsafeZip(f"其中的 {info.filename} 解压后超过上限 {_mb(limit)}"
                                    "（与声明的大小不符），疑为“压缩炸弹”，未读取", info.filename)
                out.write(chunk)
    except zipfile.BadZipFile as exc:
        raise UnsafeZip(f"其中的 {info.filename} 已损坏（{exc}）", info.filename) from None
    except RuntimeError as exc:  # an encrypted member
        raise UnsafeZip(f"其中的 {info.filename} 设有密码，无法读取", info.filename) from exc
    except NotImplementedError:
        raise UnsafeZip(f"其中的 {info.filename} 使用了不支持的压缩方式", info.filename) from None
    return done


def read_member(zf: zipfile.ZipFile, name: str, limits: Limits = DEFAULT) -> bytes:
    """One member's bytes, after the archive's checks and with the streaming cap."""
    import io

    check_archive(zf, limits)
    info = zf.getinfo(name)
    buf = io.BytesIO()
    copy_member(zf, info, buf, min(info.file_size, _cap(info, limits)))
    return buf.getvalue()


def _safe_name(name: str) -> str | None:
    """A member name as a relative path inside the extraction folder, or None."""
    norm = posixpath.normpath(name.replace("\\", "/"))
    if name.endswith("/") or norm.startswith(("/", "../")) or norm in (".", "..") or ":" in norm.split("/")[0]:
        return None
    return norm


def extract(path: Path, dest: Path, limits: Limits = DEFAULT) -> Path:
    """Every member of the archive at `path` into `dest`, bounded; names that would land
    outside `dest` are skipped.  Raises UnsafeZip, or zipfile.BadZipFile for a file that is
    not a ZIP at all."""
    with zipfile.ZipFile(path) as zf:
        total = 0
        for info in check_archive(zf, limits):
            rel = _safe_name(info.filename)
            if rel is None:
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                total += copy_member(zf, info, out, min(info.file_size, _cap(info, limits)))
            if total > limits.total:
                raise UnsafeZip(f"解压后总计超过上限 {_mb(limits.total)}，疑为“压缩炸弹”，未读取", info.filename)
    return dest


def open_docx(path: Path, limits: Limits = DEFAULT):
    """python-docx's Document for the DOCX at `path`, opened from a bounded extraction.
    Raises UnsafeZip, zipfile.BadZipFile, or python-docx's errors for a package that is not
    a Word document."""
    import docx

    tmp = Path(tempfile.mkdtemp(prefix="qcbrief-docx-"))
    try:
        extract(Path(path), tmp, limits)
        return docx.Document(str(tmp))  # python-docx reads every part now; the folder can go
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
