"""Entry point of the `qcbrief` script and of `python -m qcbrief`.

`qcbrief check`, which contributors and the pre-commit hook run on every save,
takes a fast path: its few options are read here and the check runs without
importing Typer (whose option handling imports pydantic, ≈150 ms) nor any
writer.  Everything else — other commands, `--help`, `--version`, and any
`check` command line this parser does not fully understand (an unknown option,
a bad --format value) — goes to the Typer application in qcbrief/cli.py,
which therefore stays the one description of the command line and prints its
usual messages."""

from __future__ import annotations

import sys

FORMATS = ("text", "json", "github")
_VALUE_OPTIONS = {"--root": "root", "--format": "fmt"}
_FLAGS = {"--fix": "fix", "--diff": "diff"}


def parse_check(argv: list[str]) -> dict | None:
    """The options of a `check` command line, or None when Typer must read it."""
    if not argv or argv[0] != "check":
        return None
    opts: dict = {"targets": [], "root": ".", "fmt": "text", "fix": False, "diff": False}
    args = argv[1:]
    i = 0
    only_targets = False
    while i < len(args):
        arg = args[i]
        i += 1
        if only_targets or not arg.startswith("-") or arg == "-":
            opts["targets"].append(arg)
        elif arg == "--":
            only_targets = True
        elif arg in _FLAGS:
            opts[_FLAGS[arg]] = True
        elif arg.split("=", 1)[0] in _VALUE_OPTIONS:
            name, eq, value = arg.partition("=")
            if not eq:
                if i >= len(args):
                    return None  # missing value: Typer says so
                value = args[i]
                i += 1
            opts[_VALUE_OPTIONS[name]] = value
        else:
            return None  # --help, -h, unknown options: Typer's messages
    if opts["fmt"] not in FORMATS:
        return None
    return opts


def run_check_fast(opts: dict) -> int:
    from pathlib import Path

    from rich.console import Console

    from .commands.check import run_check
    from .guard import run_guarded

    out = Console(soft_wrap=True, highlight=False)
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    return run_guarded(run_check, (opts["targets"], Path(opts["root"]), opts["fmt"], opts["fix"], opts["diff"],
                                   out, err), err)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    opts = parse_check(args)
    if opts is not None:
        code = run_check_fast(opts)
        sys.stdout.flush()
        raise SystemExit(code)
    from .cli import app

    app(args=args, prog_name="qcbrief")


if __name__ == "__main__":
    main()
