"""Atomic file writes: a temporary file in the same folder, renamed into place,
so a failure never leaves a half-written file or destroys the old one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def new_file_mode() -> int:
    """The mode an ordinary new file gets (0666 less the umask); mkstemp makes 0600."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path atomically.  An existing file keeps its permissions
    (an article rewritten by `check --fix` stays readable by the group that shares it);
    a new one gets the usual mode for new files."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = new_file_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
