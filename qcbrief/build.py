"""The build pipeline: load -> check -> writers, with atomic output files."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .atomic import new_file_mode
from .config import Config
from .errors import UsageError
from .layout import Layout
from .model import Bulletin
from .wording import Wording
from .write import reproducible

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
    built_at: dt.datetime = field(default_factory=reproducible.build_time)  # SOURCE_DATE_EPOCH if set
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
    """The issue in each format: see replace_outputs."""
    writers = available_formats()
    return replace_outputs(out_dir, bulletin.issue, formats, lambda fmt, tmp: writers[fmt](bulletin, ctx, tmp), ctx)


def replace_outputs(out_dir: Path, name: str, formats: list[str], write, ctx: BuildContext) -> list[Path]:
    """Run write(fmt, temp_path) for each format into a temporary file beside its target
    <out_dir>/<name>.<fmt>, and rename them all into place only when every writer finished:
    a failed build leaves the previous outputs untouched (all of them or none replaced).
    Used by `build` (one issue) and `volume` (the year)."""

    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(out_dir, name)
    temps: list[tuple[Path, Path]] = []
    try:
        for fmt in formats:
            target = out_dir / f"{name}.{fmt}"
            fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.{TEMP_TAG}-{os.getpid()}-", suffix=f".{fmt}",
                                       dir=out_dir)
            os.close(fd)
            temps.append((Path(tmp), target))
            ctx.progress(f"正在生成 {target.name}")
            write(fmt, Path(tmp))
            if fmt == "docx":
                reproducible.normalize_zip(Path(tmp))
            os.chmod(tmp, new_file_mode())  # mkstemp makes 0600; outputs are shared files
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    # every writer finished: only now replace the previous outputs (all of them or none)
    for tmp, target in temps:
        os.replace(tmp, target)
    return [target for _, target in temps]


# Temporary outputs are named .<issue>.qcbrief-<pid>-<random>.<fmt> (plus ".zip-tmp"
# while the DOCX is normalised).  A build killed with -9 cannot remove its own, so
# the next build of the same issue into the same folder removes the ones whose
# process is gone (pid not running on this machine) or that are older than
# STALE_AFTER seconds (a pid reused since, or a build on another machine).  Files
# of a build still running are left alone; nothing else in the folder is touched.
# The ".<issue>.<8 random>.<fmt>" names of earlier versions are removed by age only.
TEMP_TAG = "qcbrief"
STALE_AFTER = 3600


def remove_stale_temps(out_dir: Path, issue: str) -> list[Path]:
    ours = re.compile(rf"\.{re.escape(issue)}\.{TEMP_TAG}-(\d+)-[A-Za-z0-9_]+\.(?:docx|pdf|html)(?:\.zip-tmp)?")
    legacy = re.compile(rf"\.{re.escape(issue)}\.[A-Za-z0-9_]{{8}}\.(?:docx|pdf|html)")
    removed = []
    now = time.time()
    for p in out_dir.iterdir():
        m = ours.fullmatch(p.name)
        if not m and not legacy.fullmatch(p.name):
            continue
        try:
            old = now - p.lstat().st_mtime > STALE_AFTER
            if old or (m and not _pid_alive(int(m.group(1)))):
                p.unlink()
                removed.append(p)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows os.kill would end the process: age only
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's), or cannot tell: keep it
    return True
