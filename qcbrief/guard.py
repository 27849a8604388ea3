"""How every command ends: user errors print a Chinese message, bugs a short
report (set QCBRIEF_DEBUG=1 for the traceback); the result is the exit code.
Kept free of Typer so that the fast path of `qcbrief check` (qcbrief/entry.py)
and the Typer commands (qcbrief/cli.py) end the same way."""

from __future__ import annotations

import os

from .errors import QcbriefError

INTERNAL_ERROR = 3  # exit code of a bug in qcbrief


def print_error(err, exc: QcbriefError) -> None:
    from rich.text import Text

    err.print(Text.assemble(("错误", "bold red"), "：", str(exc)))


def run_guarded(func, args, err, passthrough: tuple = ()) -> int:
    """Run `func(*args)` and return its exit code.  Exceptions in `passthrough`
    (and SystemExit) propagate; a QcbriefError prints its message and returns
    its exit code; Ctrl-C returns 130; anything else is a bug: exit code 3."""
    try:
        return func(*args)
    except QcbriefError as exc:
        print_error(err, exc)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("已中断。")
        return 130
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - last line of defence against tracebacks
        if passthrough and isinstance(exc, passthrough):
            raise
        if os.environ.get("QCBRIEF_DEBUG"):
            raise
        from rich.text import Text

        err.print(Text.assemble(("qcbrief 内部错误", "bold red"), f"：{type(exc).__name__}: {exc}\n"
                  "这是 qcbrief 的缺陷，不是稿件的问题。请设置环境变量 QCBRIEF_DEBUG=1 重新运行，并把输出报告给维护者。"))
        return INTERNAL_ERROR
