"""Entry point of the `qcbrief` script and of `python -m qcbrief`.

`qcbrief check`, which contributors and the pre-commit hook run on every save,
and `qcbrief build` take a fast path: their few options are read here and the
command runs without importing Typer, whose option handling imports pydantic
(≈150 ms before any work); `check` also loads no writer.  Everything else —
other commands, `--help`, `--version`, and any command line this parser does
not fully understand (an unknown option, a missing or bad value, a missing
argument) — goes to the Typer application in qcbrief/cli.py, which stays the
one description of the command line and prints its usual messages.  The
option tables below mirror the `check` and `build` functions of cli.py
(tests/test_fastcheck.py compares the two paths)."""

from __future__ import annotations

import sys

# command -> (options taking a value, flags, (min, max) positional arguments, defaults)
COMMANDS = {
    "check": ({"--root": "root", "--format": "fmt"}, {"--fix": "fix", "--diff": "diff", "--all": "show_all"}, (0, None),
              {"root": ".", "fmt": "text", "fix": False, "diff": False, "show_all": False}),
    "build": ({"--root": "root", "--out": "out_dir", "--format": "formats"},
              {"--draft": "draft", "--no-system-fonts": "no_system_fonts", "--strict": "strict"}, (1, 1),
              {"root": ".", "out_dir": None, "formats": "docx,pdf", "draft": False, "no_system_fonts": False,
               "strict": False}),
}
CHECK_FORMATS = ("text", "json", "github")


def parse_command(argv: list[str]) -> tuple[str, dict] | None:
    """(command, options) of a `check` or `build` command line, or None when Typer must read it."""
    if not argv or argv[0] not in COMMANDS:
        return None
    values, flags, (least, most), defaults = COMMANDS[argv[0]]
    opts: dict = dict(defaults, args=[])
    args = argv[1:]
    i = 0
    only_args = False
    while i < len(args):
        arg = args[i]
        i += 1
        if only_args or not arg.startswith("-") or arg == "-":
            opts["args"].append(arg)
        elif arg == "--":
            only_args = True
        elif arg in flags:
            opts[flags[arg]] = True
        elif arg.split("=", 1)[0] in values:
            name, eq, value = arg.partition("=")
            if not eq:
                if i >= len(args):
                    return None  # missing value: Typer says so
                value = args[i]
                i += 1
            opts[values[name]] = value
        else:
            return None  # --help, -h, unknown options: Typer's messages
    if len(opts["args"]) < least or (most is not None and len(opts["args"]) > most):
        return None
    if argv[0] == "check" and opts["fmt"] not in CHECK_FORMATS:
        return None
    return argv[0], opts


def parse_check(argv: list[str]) -> dict | None:
    """The options of a `check` command line, or None when Typer must read it."""
    parsed = parse_command(argv)
    if parsed is None or parsed[0] != "check":
        return None
    opts = parsed[1]
    return {"targets": opts["args"], "root": opts["root"], "fmt": opts["fmt"], "fix": opts["fix"],
            "diff": opts["diff"], "show_all": opts["show_all"]}


def run_fast(command: str, opts: dict) -> int:
    if command == "check":
        import gc

        # A check run is short and makes few reference cycles, but the imports, YAML nodes and
        # tokens of its first tens of milliseconds set off ≈45 cyclic collections (four of them
        # full) under the default threshold of 700 allocations: ≈25 ms of its ≈120 ms CPU.
        # Collections still run, every 50 000 allocations (a whole issue's check stays bounded).
        gc.set_threshold(50_000, 20, 100)
    from . import regexcache

    regexcache.preload(command)  # before the imports below compile their patterns
    try:
        return _run_fast(command, opts)
    finally:
        regexcache.save_new(command)


def _run_fast(command: str, opts: dict) -> int:
    from pathlib import Path

    from .guard import run_guarded

    if command == "check":
        from .plainout import LazyConsole

        # the SafeConsole of the Typer commands, rich imported only when it changes the output
        out, err = LazyConsole(), LazyConsole(stderr=True)
    else:  # build shows a rich progress bar on a terminal: the real consoles
        from .safetext import SafeConsole  # as cli.py: control characters in names print as escapes

        out = SafeConsole(soft_wrap=True, highlight=False)
        err = SafeConsole(stderr=True, soft_wrap=True, highlight=False)
    root = Path(opts["root"])
    if command == "check":
        from .commands.check import run_check

        return run_guarded(run_check, (opts["args"], root, opts["fmt"], opts["fix"], opts["diff"], out, err,
                                            opts["show_all"]), err)
    from .commands.build import run_build

    out_dir = Path(opts["out_dir"]) if opts["out_dir"] is not None else None
    return run_guarded(run_build, (opts["args"][0], root, out_dir, opts["formats"], opts["draft"],
                                   opts["no_system_fonts"], out, err, opts["strict"]), err)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    parsed = parse_command(args)
    if parsed is not None:
        code = run_fast(*parsed)
        sys.stdout.flush()
        raise SystemExit(code)
    from .cli import app

    app(args=args, prog_name="qcbrief")


if __name__ == "__main__":
    main()
