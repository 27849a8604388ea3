"""What the preview watches: config.yaml, the workspace's templates/ and every
file of the issue folder (articles, issue.yaml, images).  Polling mtimes is
portable and needs no library; a bulletin has at most a few hundred files."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable

Signature = tuple


def watched_files(root: Path, folder: Path) -> list[Path]:
    files = [root / "config.yaml"]
    for base in (root / "templates", folder):
        if base.is_dir():
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                files.extend(Path(dirpath) / f for f in filenames if not f.startswith((".", "~")))
    return files


def signature(root: Path, folder: Path) -> Signature:
    """(path, mtime, size) of every watched file; a change means rebuild."""
    sig = []
    for p in watched_files(root, folder):
        try:
            st = p.stat()
        except OSError:
            continue
        sig.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(sorted(sig))


class Watcher(threading.Thread):
    """Calls `changed()` whenever the signature differs from the last one seen."""

    def __init__(self, root: Path, folder: Path, changed: Callable[[], None], interval: float = 0.4):
        super().__init__(name="qcbrief-preview-watch", daemon=True)
        self.root, self.folder, self.changed, self.interval = root, folder, changed, interval
        self.stop_event = threading.Event()
        self.last = signature(root, folder)

    def run(self) -> None:
        while not self.stop_event.wait(self.interval):
            sig = signature(self.root, self.folder)
            if sig != self.last:
                self.last = sig
                self.changed()

    def stop(self) -> None:
        self.stop_event.set()
