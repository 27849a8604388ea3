"""The consoles of the fast path (qcbrief/entry.py): rich only when it changes the output.

Importing rich's Console costs 20–40 ms, a tenth to a fifth of a `qcbrief check ONE.md` run,
and when the output is not a terminal — the pre-commit hook, an editor's "on save" command,
CI, a pipe — rich writes the text as it is: no colours, no wrapping (soft_wrap).
`LazyConsole` stands for the SafeConsole the Typer commands print with (qcbrief/cli.py) and
writes such text itself; whatever rich would change (a terminal, rich's FORCE_COLOR or
TTY_COMPATIBLE settings, a tab, a control or bidi character that SafeConsole shows as an
escape, text that could hold rich markup or an emoji code) goes to a real SafeConsole,
made on first use.  tests/test_fastcheck.py compares both on the same findings.
"""

from __future__ import annotations

import os
import sys

# rich expands tabs and strips or (SafeConsole) escapes these
_RICH_CHANGES = frozenset("\t") | frozenset(map(chr, [*range(0x00, 0x0a), *range(0x0b, 0x20), *range(0x7f, 0xa0)])) \
    | frozenset("\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
_MARKUP = frozenset("[:")  # in a str (not a Text) rich reads "[...]" as markup and ":name:" as an emoji
_RICH_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES")


class LazyConsole:
    def __init__(self, stderr: bool = False):
        self.stderr = stderr
        self._rich = None

    @property
    def file(self):
        return sys.stderr if self.stderr else sys.stdout

    def rich(self):
        """The SafeConsole this one stands for (made once)."""
        if self._rich is None:
            from .safetext import SafeConsole

            self._rich = SafeConsole(stderr=self.stderr, soft_wrap=True, highlight=False)
        return self._rich

    def _plain(self, lines: list[str], markup: bool) -> bool:
        if self._rich is not None or any(name in os.environ for name in _RICH_ENV):
            return False
        try:
            if self.file.isatty():
                return False
        except (AttributeError, ValueError):
            return False
        changes = _RICH_CHANGES | _MARKUP if markup else _RICH_CHANGES
        return not any(changes.intersection(line) for line in lines)

    def write_plain(self, lines: list[str], markup: bool = False) -> bool:
        """Write the lines (the plain text of rich Texts; with markup, strs that rich would
        parse for markup) as rich would write them unstyled, if that is what rich would write;
        False (nothing written) otherwise."""
        if not self._plain(lines, markup):
            return False
        out = self.file
        out.write("\n".join(lines) + "\n")
        out.flush()
        return True

    def print(self, *objects, **kwargs) -> None:
        if kwargs or not all(isinstance(o, str) for o in objects) or not self.write_plain([" ".join(objects)], markup=True):
            self.rich().print(*objects, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.rich(), name)
