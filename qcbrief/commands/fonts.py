"""`qcbrief fonts`: which font file serves which role (placeholder until the PDF fonts module lands)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from ..errors import UsageError


def run_fonts(issue: str | None, root: Path, no_system_fonts: bool, out: Console) -> int:
    raise UsageError("PDF 字体模块尚未提供。")
