"""The fast path's consoles (qcbrief/plainout.py) write what the Typer commands' SafeConsole
writes, and leave to it everything rich would change; `check` into a pipe imports no
rich Console.  Structural, not timed."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from qcbrief.check.formatters import format_text, summary
from qcbrief.diagnostics import Finding, Fix
from qcbrief.plainout import LazyConsole
from qcbrief.safetext import SafeConsole

PATH = Path("/ws/articles/T/a01.md")
SOURCE = ("---\ncenter: 中心\ntitle: 标题\n---\n\n"
          "督查发现问题,整改落实到位。\n"
          "含制表符\t的一行,以及 [bold]方括号[/bold] 与 :smile: 冒号。\n"
          "含 ESC \x1b[31m 红色 与 \u202e 反向 的一行,结束。\n"
          "回车\r在这里,还有退格\x08。\n")

MESSAGES = ["半角逗号", "含 [可自动修正] 与 [bold]标记[/bold] 的说明", "冒号 :smile: 与 a:b", "名称含 ESC \x1b[2J 的文件",
            "反向 \u202e 字符", "制表\t符", "回车\r符"]


def _findings() -> list[Finding]:
    out = []
    for i, message in enumerate(MESSAGES):
        for line, col in ((6, 7), (7, 4), (8, 9), (9, 3)):
            fix = Fix(line, col, col + 1, "，") if i % 2 else None
            out.append(Finding(PATH, line, col, f"QC20{i}", "error" if i % 3 == 0 else "warning", message, fix))
    return out


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def _lazy(monkeypatch, findings, sources, **kw) -> tuple[str, LazyConsole]:
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buf)
    console = LazyConsole()
    format_text(findings, console, Path("/ws"), sources, **kw)
    console.print(summary(findings, 1))
    monkeypatch.undo()
    return buf.getvalue(), console


def _safe(findings, sources, **kw) -> str:
    buf = io.StringIO()
    console = SafeConsole(file=buf, soft_wrap=True, highlight=False)
    format_text(findings, console, Path("/ws"), sources, **kw)
    console.print(summary(findings, 1))
    return buf.getvalue()


@pytest.mark.parametrize("limit", [None, 2])
def test_plain_output_is_what_safeconsole_writes(clean_env, monkeypatch, limit):
    findings = _findings()
    sources = {PATH: SOURCE}
    assert _lazy(monkeypatch, findings, sources, limit=limit)[0] == _safe(findings, sources, limit=limit)
    # each message alone: plain ones written without rich, the others by rich, the same text
    for i, message in enumerate(MESSAGES):
        one = [f for f in findings if f.message == message]
        text, console = _lazy(monkeypatch, one, sources, limit=limit)
        assert text == _safe(one, sources, limit=limit), message
        rich_needed = any(c in message for c in "\t\r\x1b\u202e")
        assert (console._rich is not None) == rich_needed, message


def test_plain_strings_and_markup(clean_env, monkeypatch):
    for text in ("已检查 3 个文件：0 个错误。", "[bold]粗体[/bold] 与 :smile:", "a\tb", "ESC \x1b[31m"):
        buf = io.StringIO()
        monkeypatch.setattr(sys, "stdout", buf)
        LazyConsole().print(text)
        monkeypatch.undo()
        ref = io.StringIO()
        SafeConsole(file=ref, soft_wrap=True, highlight=False).print(text)
        assert buf.getvalue() == ref.getvalue(), text


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_or_forced_colour_goes_to_rich(clean_env, monkeypatch):
    monkeypatch.setattr(sys, "stdout", _Tty())
    console = LazyConsole()
    assert not console.write_plain(["纯文本"])
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not LazyConsole().write_plain(["纯文本"])
    monkeypatch.delenv("FORCE_COLOR")
    assert LazyConsole().write_plain(["纯文本"])
