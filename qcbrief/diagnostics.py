"""Findings: what `check` (and the loaders) report, as plain data.

Formatters print them; the exit code depends only on their severities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Fix:
    """Replace text[line][col-1 : end_col-1] (1-based columns, end exclusive)
    of a file with `replacement`.  Lines are 1-based file lines."""

    line: int
    col: int
    end_col: int
    replacement: str


@dataclass
class Finding:
    path: Path
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    fix: Fix | None = None
    extra: dict = field(default_factory=dict)

    def sort_key(self):
        return (str(self.path), self.line, self.column, self.code)

    def as_json(self, root: Path | None = None) -> dict:
        return {
            "path": display_path(self.path, root),
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fixable": self.fix is not None,
        }


def display_path(path: Path, root: Path | None = None) -> str:
    """Path relative to the working folder (or root) when it lies inside it."""
    for base in (Path.cwd(), root):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
