"""Errors that carry a source position and a Chinese message for the user."""

from __future__ import annotations

from pathlib import Path


class QcbriefError(Exception):
    """A problem the user can fix; printed without a traceback.

    exit_code follows the command contract: 1 = the issue has errors,
    2 = usage or configuration error.
    """

    exit_code = 1

    def __init__(self, message: str, path: Path | str | None = None, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path else None
        self.line = line
        self.column = column

    def location(self) -> str:
        if not self.path:
            return ""
        loc = str(self.path)
        if self.line:
            loc += f":{self.line}"
            if self.column:
                loc += f":{self.column}"
        return loc

    def __str__(self) -> str:
        loc = self.location()
        return f"{loc}: {self.message}" if loc else self.message


class ConfigError(QcbriefError):
    """config.yaml (or the command line) is wrong: exit code 2."""

    exit_code = 2


class UsageError(QcbriefError):
    exit_code = 2
