"""The build pipeline: load -> check -> writers, with atomic output files."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import Config
from .errors import UsageError
from .layout import Layout
from .model import Bulletin
from .wording import Wording

# Output formats and the writer behind each: "module:function".  A writer is
# called as func(bulletin, ctx, path) and writes the file at path.
WRITERS: dict[str, str] = {
    "docx": "qcbrief.write.docx:write_docx",
    "pdf": "qcbrief.write.pdf:write_pdf",
    "html": "qcbrief.write.html:write_html",  # also writes <out>/html/<stem>.html
}


@dataclass
class BuildContext:
    config: Config
    layout: Layout
    wording: Wording
    root: Path
    draft: bool = False
    built_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    progress: Callable[[str], None] = lambda message: None
    use_system_fonts: bool | None = None  # None: as config.fonts.system says


def available_formats() -> dict[str, Callable]:
    """Formats whose writer can be imported on this install."""
    out = {}
    for name, target in WRITERS.items():
        module, _, func = target.partition(":")
        try:
            out[name] = getattr(importlib.import_module(module), func)
        except (ImportError, AttributeError):
            continue
    return out


def parse_formats(text: str) -> list[str]:
    wanted = [f.strip().lower().lstrip(".") for f in text.replace("，", ",").split(",") if f.strip()]
    avail = available_formats()
    if not wanted:
        raise UsageError("请至少指定一种输出格式，如 --format docx,pdf")
    for f in wanted:
        if f not in WRITERS:
            raise UsageError(f"不支持的输出格式“{f}”。可用格式：{'、'.join(WRITERS)}")
        if f not in avail:
            raise UsageError(f"输出格式“{f}”在本次安装中不可用。可用格式：{'、'.join(avail) or '无'}")
    return list(dict.fromkeys(wanted))


def write_outputs(bulletin: Bulletin, ctx: BuildContext, out_dir: Path, formats: list[str]) -> list[Path]:
    """Run each writer into a temporary file beside the target and rename it
    into place only when the writer finished: a failed build leaves the
    previous output untouched."""
    writers = available_formats()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = out_dir / f"{bulletin.issue}.{fmt}"
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".{fmt}", dir=out_dir)
        os.close(fd)
        tmp_path = Path(tmp)
        try:
            ctx.progress(f"正在生成 {target.name}")
            writers[fmt](bulletin, ctx, tmp_path)
            os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
            os.replace(tmp_path, target)
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise
        written.append(target)
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

