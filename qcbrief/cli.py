"""The `qcbrief` command line (Typer).  Commands only parse options, call the
pipeline and print; the work is done in load/, check/, build.py and write/."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from . import __version__
from .errors import QcbriefError

app = typer.Typer(
    help="qcbrief：编排医疗质控工作简报（DOCX 与 PDF），并检查来稿。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

ROOT_HELP = "简报工作目录（含 config.yaml 与 articles/），默认为当前目录"


def _fail(exc: QcbriefError) -> None:
    from .guard import print_error

    print_error(err, exc)
    raise typer.Exit(exc.exit_code)


def _guard(func, *args) -> int:
    """Run a command; user errors print a message, bugs print a short report
    (set QCBRIEF_DEBUG=1 for the traceback).  Exit code 3 = internal error.
    The same ending as the fast path of `check` (qcbrief/guard.py)."""
    from .guard import run_guarded

    return run_guarded(func, args, err, passthrough=(typer.Exit,))


class Fmt(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _version(value: bool) -> None:
    if value:
        out.print(f"qcbrief {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号")) -> None:
    """qcbrief：编排医疗质控工作简报（DOCX 与 PDF），并检查来稿。"""


# --------------------------------------------------------------------------- check
@app.command(help="检查来稿：结构、标点、数字、隐私等规则。TARGET 为期名（如 2026Q1）或文章文件；不写则检查全部各期。")
def check(
    targets: Optional[List[str]] = typer.Argument(None, metavar="[TARGET]...", help="期名或文章文件路径"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    fmt: Fmt = typer.Option(Fmt.text, "--format", help="输出格式：text、json 或 github"),
    fix: bool = typer.Option(False, "--fix", help="自动修正可安全修正的问题（不改动文字）"),
    diff: bool = typer.Option(False, "--diff", help="只显示 --fix 将做的修改，不写入文件"),
) -> None:
    from .commands.check import run_check

    raise typer.Exit(_guard(run_check, targets or [], root, fmt.value, fix, diff, out, err))


# --------------------------------------------------------------------------- build
@app.command(help="生成一期简报：<out>/<期名>.docx 与 <out>/<期名>.pdf（--format html：网页版）。")
def build(
    issue: str = typer.Argument(..., help="期名，即 articles/ 下的文件夹名，如 2026Q1"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="输出目录，默认为 <root>/build/<期名>"),
    formats: str = typer.Option("docx,pdf", "--format", help="输出格式，逗号分隔：docx,pdf,html（html 为网页版，另有每篇文章的网页）"),
    draft: bool = typer.Option(False, "--draft", help="草稿：加“草稿”水印与生成时间"),
    no_system_fonts: bool = typer.Option(False, "--no-system-fonts", help="不查找系统字体，只用配置中的字体文件与随包字体"),
    strict: bool = typer.Option(False, "--strict", help="有任何问题（含标点、数字、隐私的错误与警告）都不生成；默认只有结构错误才阻止生成"),
) -> None:
    from .commands.build import run_build

    raise typer.Exit(_guard(run_build, issue, root, out_dir, formats, draft, no_system_fonts, out, err, strict))


# --------------------------------------------------------------------------- preview
@app.command(help="在浏览器中预览一期的网页版（http://127.0.0.1:端口/），保存文章后自动重新生成并刷新，页首列出检查结果。")
def preview(
    issue: str = typer.Argument(..., help="期名，如 2026Q1"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    port: int = typer.Option(8000, "--port", help="端口（被占用时自动改用下一个空闲端口；0 = 任一空闲端口）"),
) -> None:
    from .commands.preview import run_preview

    raise typer.Exit(_guard(run_preview, issue, root, port, out, err))


# --------------------------------------------------------------------------- rules
@app.command(help="列出全部检查规则；给出规则代码（如 QC201）则详细说明，并附错误与正确示例。")
def rules(code: Optional[str] = typer.Argument(None, help="规则代码，如 QC201")) -> None:
    from .commands.rules import run_rules

    raise typer.Exit(_guard(run_rules, code, out))


# --------------------------------------------------------------------------- fonts
@app.command(help="显示 PDF 各字体角色（标题、正文、黑体、楷体、宋体）使用的字体文件，及其对某期文字的覆盖情况。")
def fonts(
    issue: Optional[str] = typer.Argument(None, help="期名：给出时统计该期文字的覆盖情况"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    no_system_fonts: bool = typer.Option(False, "--no-system-fonts", help="不查找系统字体"),
) -> None:
    from .commands.fonts import run_fonts

    raise typer.Exit(_guard(run_fonts, issue, root, no_system_fonts, out))



# --------------------------------------------------------------------------- import
@app.command("import", help="导入来稿（Word .docx/.doc/.wps、.txt、.md）或整期旧简报，生成 articles/<期名>/ 下的文章文件并列入目录。")
def import_(
    files: List[Path] = typer.Argument(..., metavar="FILE", help="来稿文件，可一次给出多个"),
    issue: str = typer.Option(..., "--issue", help="导入到哪一期，如 2026Q1（不存在则新建）"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    center: Optional[str] = typer.Option(None, "--center", help="稿件中找不到中心署名行时使用的中心名称"),
    after: Optional[str] = typer.Option(None, "--after", help="新文章插在目录中这一篇之后（默认追加到末尾）"),
    force: bool = typer.Option(False, "--force", help="覆盖本期已有的同一篇文章，并覆盖 issue.yaml 中已有的期次信息"),
    single: bool = typer.Option(False, "--single", help="整个文件作为一篇文章，不按整期简报拆分"),
) -> None:
    from .commands.import_ import run_import

    raise typer.Exit(_guard(run_import, files, issue, root, center, after, force, single, out, err))


if __name__ == "__main__":  # python -m qcbrief.cli
    app()
