"""Untrusted text (file names, article text, messages quoting either) made safe for where it goes.

A file name or a line of an article may hold anything: a newline (which would add keys to YAML
front matter written around it), ESC sequences and other C0/C1 controls (which a terminal
obeys: colours, cursor moves, a rewritten title bar), bidi overrides such as U+202E (which
make a terminal or an editor show text reversed: "exe.txt" that is "txt.exe").  Every such
string passes through one of these before it is written into YAML, Markdown, JSON meant for a
terminal, or printed:

- `visible(s)`: the characters shown as escapes (\\x1b, \\u202e, \\n), so a name stays
  recognisable and nothing acts on the terminal; for names and quoted text in messages;
- `drop_invisible(s)`: the characters removed; for text that becomes content (a title, a center);
- `SafeConsole`: a rich Console that applies `visible` to everything it prints (message texts,
  table cells, excerpts), keeping newlines and its own styling codes.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (\x9b is an 8-bit CSI), the Arabic letter
# mark, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI, line and paragraph separators, BOM.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
UNSAFE = re.compile(f"[{_UNSAFE}]")
UNSAFE_OR_NEWLINE = re.compile(f"[{_UNSAFE}\t\n]")
# What drop_invisible removes: the unsafe characters, zero-width spaces and joiners, soft hyphen.
INVISIBLE = re.compile(f"[{_UNSAFE}\u00ad\u200b-\u200d\u2060-\u2064]")


def _escape(m: re.Match) -> str:
    ch = m.group(0)
    if ch == "\n":
        return "\\n"
    if ch == "\t":
        return "\\t"
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def visible(text: str, one_line: bool = True) -> str:
    """Controls and bidi marks as visible escapes; with one_line, newlines and tabs too."""
    return (UNSAFE_OR_NEWLINE if one_line else UNSAFE).sub(_escape, str(text))


def drop_invisible(text: str) -> str:
    """Controls, bidi marks and zero-width characters removed (for text that is content)."""
    return INVISIBLE.sub("", str(text))


def json_safe(dumped: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False) with C1 controls and bidi marks written as
    \\uXXXX escapes: the same data, harmless on a terminal.  json.dumps already escapes C0."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)


def _safe_console_class():
    from rich.console import Console

    class SafeConsole(Console):
        """A Console whose printed text cannot act on the terminal: every segment of text (not
        rich's own control segments) goes through `visible`, newlines kept."""

        def _render_buffer(self, buffer):  # rich's one place where segments become output
            clean = [seg if seg.control or not UNSAFE.search(seg.text) else seg._replace(text=visible(seg.text, False))
                     for seg in buffer]
            return super()._render_buffer(clean)

    return SafeConsole


def __getattr__(name: str):
    # SafeConsole is made on first use, so that importing this module does not import rich
    # (`qcbrief check` writing to a pipe never needs it: qcbrief/plainout.py)
    if name == "SafeConsole":
        cls = globals()["SafeConsole"] = _safe_console_class()
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
