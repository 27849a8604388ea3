"""`qcbrief check` takes a fast path (qcbrief/entry.py): it must not load the
writers, reportlab, python-docx nor Typer, and must say exactly what the
Typer command says.  Structural, not timed (speed is in bench/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from qcbrief.entry import parse_check, parse_command

from helpers import GOOD_ARTICLE, REPO, run, workspace

BAD_ARTICLE = GOOD_ARTICLE.replace("开展督查。", "开展督查,共 12 家医院.").replace("点评：\n\n该中心以督查促整改，做法值得借鉴。\n", "")

FORBIDDEN = ("reportlab", "docx", "qcbrief.write", "qcbrief.build", "typer", "pydantic", "jinja2", "fontTools")


def _entry(args: list[str], cwd) -> subprocess.CompletedProcess:
    """Run the entry point in a fresh interpreter; print the loaded modules last."""
    code = ("import sys, json\n"
            "from qcbrief.entry import main\n"
            "try:\n    main(sys.argv[1:])\n"
            "except SystemExit as e:\n    code = e.code\n"
            "sys.stdout.flush()\n"
            "print('\\nMODULES ' + json.dumps([code, sorted(sys.modules)]))\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, env=env)


def _split(proc) -> tuple[str, int, list[str]]:
    out, _, tail = proc.stdout.rpartition("\nMODULES ")
    code, modules = json.loads(tail)
    return out, code, modules


def test_check_one_file_loads_no_writer_nor_typer(tmp_path):
    ws = workspace(tmp_path / "ws", {"a1.md": BAD_ARTICLE, "a2.md": GOOD_ARTICLE})
    proc = _entry(["check", "articles/T/a1.md", "--format", "json"], ws)
    out, code, modules = _split(proc)
    assert code == 1, proc.stderr
    assert {f["code"] for f in json.loads(out)} >= {"QC105"}
    loaded = [m for m in modules if m.split(".")[0] in FORBIDDEN or m.startswith(FORBIDDEN)]
    assert loaded == []
    assert "qcbrief.commands.check" in modules and "qcbrief.cli" not in modules


def test_other_commands_and_help_go_to_typer(tmp_path):
    proc = _entry(["check", "--help"], tmp_path)
    out, code, modules = _split(proc)
    assert code == 0 and "--format" in out and "typer" in modules
    proc = _entry(["rules", "QC105"], tmp_path)
    out, code, modules = _split(proc)
    assert code == 0 and "QC105" in out and "qcbrief.cli" in modules


@pytest.mark.parametrize("argv, expected", [
    (["check"], {"targets": [], "root": ".", "fmt": "text", "fix": False, "diff": False, "show_all": False}),
    (["check", "a.md", "--root", "W", "--format=json", "b.md", "--fix"],
     {"targets": ["a.md", "b.md"], "root": "W", "fmt": "json", "fix": True, "diff": False, "show_all": False}),
    (["check", "--root=W", "--diff", "--", "--odd.md"],
     {"targets": ["--odd.md"], "root": "W", "fmt": "text", "fix": False, "diff": True, "show_all": False}),
    (["check", "a.md", "--all"],
     {"targets": ["a.md"], "root": ".", "fmt": "text", "fix": False, "diff": False, "show_all": True}),
])
def test_parse_check(argv, expected):
    assert parse_check(argv) == expected


@pytest.mark.parametrize("argv", [["build", "X"], ["rules"], ["check", "--help"], ["check", "-h"], ["check", "--format", "xml"],
                                  ["check", "--root"], ["check", "--bogus"], ["--version"], []])
def test_parse_check_leaves_the_rest_to_typer(argv):
    assert parse_check(argv) is None


@pytest.mark.parametrize("argv, expected", [
    (["build", "2026Q1"], ("2026Q1", ".", None, "docx,pdf", False, False, False)),
    (["build", "--draft", "X", "--root=W", "--out", "O", "--format", "pdf", "--no-system-fonts", "--strict"],
     ("X", "W", "O", "pdf", True, True, True)),
])
def test_parse_build(argv, expected):
    command, o = parse_command(argv)
    assert command == "build"
    assert (o["args"][0], o["root"], o["out_dir"], o["formats"], o["draft"], o["no_system_fonts"], o["strict"]) == expected


@pytest.mark.parametrize("argv", [["build"], ["build", "A", "B"], ["build", "X", "--help"], ["build", "X", "--out"],
                                  ["build", "X", "--bogus"]])
def test_parse_build_leaves_the_rest_to_typer(argv):
    assert parse_command(argv) is None


def test_fast_table_mirrors_the_typer_commands():
    """Every option the fast path reads is an option of the Typer command, with the same default."""
    import typer.main

    from qcbrief.cli import app
    from qcbrief.entry import COMMANDS

    group = typer.main.get_command(app)
    for name, (values, flags, _, defaults) in COMMANDS.items():
        params = {opt: p for p in group.commands[name].params for opt in getattr(p, "opts", [])}
        for opt, key in {**values, **flags}.items():
            assert opt in params, f"{name} {opt}"
            default = params[opt].default
            default = getattr(default, "value", default)  # the --format enum of check
            assert str(default) == str(defaults[key]), (name, opt, default, defaults[key])
        names = {opt for p in group.commands[name].params for opt in getattr(p, "opts", []) if opt.startswith("-")}
        assert names == set(values) | set(flags), f"{name}: the fast path must know every option"


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_fast_path_says_what_typer_says(tmp_path, fmt):
    """Same findings, same output and exit code as the Typer command, for one
    file of an issue (only its own findings), the whole issue, and a bad --root."""
    ws = workspace(tmp_path / "ws", {"a1.md": BAD_ARTICLE, "a2.md": BAD_ARTICLE.replace("12 家", "13 家")})
    for args in (["articles/T/a1.md"], ["T"], ["--root", "nowhere", "T"]):
        proc = _entry(["check", *args, "--format", fmt], ws)
        out, code, _ = _split(proc)
        cwd = os.getcwd()
        os.chdir(ws)
        try:
            typer_result = run("check", *args, "--format", fmt)
        finally:
            os.chdir(cwd)
        assert code == typer_result.exit_code
        assert out.strip() in typer_result.output
        if args == ["articles/T/a1.md"] and fmt == "json":
            assert {f["path"] for f in json.loads(out)} == {"articles/T/a1.md"}


def test_one_file_findings_equal_the_issue_findings_for_that_file(tmp_path):
    """check ONE.md runs the article and text rules on that file alone: its
    findings are exactly those the whole-issue check reports for it."""
    ws = workspace(tmp_path / "ws", {"a1.md": BAD_ARTICLE, "a2.md": BAD_ARTICLE, "a3.md": GOOD_ARTICLE})
    whole = json.loads(_split(_entry(["check", "T", "--format", "json"], ws))[0])
    assert {f["path"] for f in whole} == {"articles/T/a1.md", "articles/T/a2.md"}
    for name in ("a1.md", "a3.md"):
        one = json.loads(_split(_entry(["check", f"articles/T/{name}", "--format", "json"], ws))[0])
        assert one == [f for f in whole if f["path"] == f"articles/T/{name}"]


def test_check_into_a_pipe_imports_no_rich_console(tmp_path):
    """Text findings written to a pipe (pre-commit, an editor, CI) need no rich Console:
    qcbrief/plainout.py writes them; nor hashlib (OpenSSL) for the one SHA-256 of the colophon rule."""
    ws = workspace(tmp_path / "ws", {"a1.md": BAD_ARTICLE, "a2.md": GOOD_ARTICLE})
    proc = _entry(["check", "articles/T/a1.md"], ws)
    out, code, modules = _split(proc)
    assert code == 1 and "QC105" in out and "已检查" in proc.stderr
    assert not {"rich.console", "rich.text", "hashlib"} & set(modules)


def test_fast_path_escapes_control_characters_in_names_as_typer_does(tmp_path):
    """The fast path prints through the same SafeConsole as cli.py: an ESC sequence or a
    right-to-left override in a file name reaches the terminal as a visible escape."""
    ws = workspace(tmp_path / "ws", {"a1.md": GOOD_ARTICLE})
    hostile = ws / "articles" / "T" / "x\x1b[2J\u202eevil.md"
    hostile.write_text(BAD_ARTICLE, encoding="utf-8")
    proc = _entry(["check", str(hostile.relative_to(ws))], ws)
    out, code, _ = _split(proc)
    printed = out + proc.stderr
    assert code == 1, printed
    assert "\x1b[2J" not in printed and "\u202e" not in printed
    assert "\\x1b" in printed and "\\u202e" in printed
    typer_out = run("check", str(hostile), "--root", str(ws)).output
    assert "\x1b[2J" not in typer_out and "\\x1b" in typer_out
