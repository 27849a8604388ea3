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
from .safetext import SafeConsole

app = typer.Typer(
    help="qcbrief：编排医疗质控工作简报（DOCX 与 PDF），并检查来稿。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out: Console = SafeConsole(soft_wrap=True, highlight=False)  # controls in names and quoted text shown as escapes
err: Console = SafeConsole(stderr=True, soft_wrap=True, highlight=False)

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
    show_all: bool = typer.Option(False, "--all", help="文本输出列出全部问题（默认每个文件的每条规则最多列出 20 条，其余只计数）"),
) -> None:
    from .commands.check import run_check

    raise typer.Exit(_guard(run_check, targets or [], root, fmt.value, fix, diff, out, err, show_all))


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


# --------------------------------------------------------------------------- volume
@app.command(help="年终合订本：把 YEAR 年的各期（按 issue.yaml 的日期；或写出的各期，按所写顺序）装订为一个 PDF 与 DOCX，"
                  "含封面、全年目录、各期原样（各自的报头、目录、页码与版记）和供稿单位索引。")
def volume(
    year: str = typer.Argument(..., metavar="YEAR", help="年份，如 2026"),
    issues: Optional[List[str]] = typer.Argument(None, metavar="[ISSUE]...", help="要装订的期名（按所写顺序）；不写则为该年的全部各期"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="输出目录，默认为 <root>/build/<年份>合订本"),
    formats: str = typer.Option("pdf,docx", "--format", help="输出格式，逗号分隔：pdf,docx"),
    no_system_fonts: bool = typer.Option(False, "--no-system-fonts", help="不查找系统字体，只用配置中的字体文件与随包字体"),
) -> None:
    from .commands.volume import run_volume

    raise typer.Exit(_guard(run_volume, year, issues or [], root, out_dir, formats, no_system_fonts, out, err))


# --------------------------------------------------------------------------- sync
@app.command(help="把审阅后的 Word 简报（由 qcbrief build 生成）中的修改同步回文章文件：逐字显示差异，确认后写入。")
def sync(
    file: Path = typer.Argument(..., metavar="FILE.docx", help="审阅后的 Word 简报"),
    issue: str = typer.Option(..., "--issue", help="同步到哪一期，如 2026Q1"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    yes: bool = typer.Option(False, "--yes", help="不询问，直接写入（非交互运行时必须加此项才写入）"),
    accept_changes: bool = typer.Option(False, "--accept-changes", help="接受审阅稿中的修订（插入、删除、移动）"),
    reject_changes: bool = typer.Option(False, "--reject-changes", help="拒绝审阅稿中的修订，保留原文"),
    report: Optional[Path] = typer.Option(None, "--report", metavar="FILE.md", help="把修改、冲突与批注写成 Markdown 报告"),
) -> None:
    from .commands.sync import run_sync

    raise typer.Exit(_guard(run_sync, file, issue, root, yes, accept_changes, reject_changes, report, out, err))


if __name__ == "__main__":  # python -m qcbrief.cli
    app()


# --------------------------------------------------------------------------- status
class TableFmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command(help="一期的交稿情况：名单中每个中心交稿与否、文件、标题、字数、估计页数、点评、问题数，以及合计与催稿名单。")
def status(
    issue: str = typer.Argument(..., help="期名，如 2026Q1"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    fmt: TableFmt = typer.Option(TableFmt.table, "--format", help="输出格式：table（表格）、json 或 csv（输出到标准输出，CSV 带 BOM 便于 Excel 打开）"),
    mailto: bool = typer.Option(False, "--mailto", help="给每个未交稿的中心生成催稿邮件：打印 mailto: 链接；给出 --out 时写成 .eml 文件"),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="与 --mailto 同用：.eml 文件写到这个文件夹"),
    deadline: str = typer.Option("", "--deadline", help="催稿通知中的截止日期，如 2026年3月20日"),
) -> None:
    from .commands.status import run_status

    raise typer.Exit(_guard(run_status, issue, root, fmt.value, mailto, out_dir, deadline, out, err))


# --------------------------------------------------------------------------- stats
class StatsFmt(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command(help="各中心的供稿统计：文章、简讯、字数、出现的期次（--year 年份，或列出期名），另可生成 Excel 工作簿与柱状图。")
def stats(
    issues: Optional[List[str]] = typer.Argument(None, metavar="[ISSUE]...", help="要统计的期名；不写则用 --year"),
    year: Optional[int] = typer.Option(None, "--year", help="统计 issue.yaml 日期在这一年的各期"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    fmt: StatsFmt = typer.Option(StatsFmt.table, "--format", help="table、csv、json（输出到标准输出）或 xlsx（写入 --out）"),
    out_dir: Optional[Path] = typer.Option(None, "--out", help="xlsx 工作簿与柱状图的输出目录，默认为 <root>/build/stats"),
    chart: bool = typer.Option(False, "--chart", help="另生成各中心供稿数量的柱状图（PNG 与 SVG，写入 --out）"),
    no_system_fonts: bool = typer.Option(False, "--no-system-fonts", help="柱状图不查找系统字体，只用配置中的字体文件与随包字体"),
) -> None:
    from .commands.stats import run_stats

    raise typer.Exit(_guard(run_stats, year, issues or [], root, fmt.value, out_dir, chart, out, err,
                            False if no_system_fonts else None))


# --------------------------------------------------------------------------- centers
centers_app = typer.Typer(help="中心名单（centers.yaml）：从 Excel/CSV 导入、检查、列出。", no_args_is_help=True,
                          rich_markup_mode=None, pretty_exceptions_enable=False)
app.add_typer(centers_app, name="centers")


@centers_app.command("import", help="从 Excel（.xlsx）或 CSV 名单导入中心，写入 centers.yaml（保留其中的注释）。")
def centers_import(
    source: Path = typer.Argument(..., metavar="FILE", help="名单文件：.xlsx 或 .csv（UTF-8 或 GBK）"),
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    merge: bool = typer.Option(False, "--merge", help="并入已有名单：同名的中心更新，新的中心追加（默认）"),
    replace: bool = typer.Option(False, "--replace", help="用表中的中心替换已有名单（文件开头的注释保留）"),
) -> None:
    from .commands.centers import run_import

    raise typer.Exit(_guard(run_import, source, root, merge, replace, out, err))


@centers_app.command("check", help="检查中心名单：重复、相近的名称，类别与邮箱的写法。")
def centers_check(root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP)) -> None:
    from .commands.centers import run_check as run_centers_check

    raise typer.Exit(_guard(run_centers_check, root, out, err))


@centers_app.command("list", help="列出中心名单。")
def centers_list(
    root: Path = typer.Option(Path("."), "--root", help=ROOT_HELP),
    fmt: TableFmt = typer.Option(TableFmt.table, "--format", help="table、json 或 csv"),
) -> None:
    from .commands.centers import run_list

    raise typer.Exit(_guard(run_list, root, fmt.value, out, err))


# --------------------------------------------------------------------------- init
@app.command(help="新建简报工作目录：带中文注释的 config.yaml、文字模板、示例的一期、质控中心名单、.gitignore、pre-commit 与 CI 配置。"
                  "在终端中运行时逐项询问未用选项给出的内容。")
def init(
    directory: Path = typer.Argument(..., metavar="DIR", help="新工作目录（不存在则创建）"),
    name: Optional[str] = typer.Option(None, "--name", help="简报名称（报头）；要指定换行处，写 \\n"),
    office: Optional[str] = typer.Option(None, "--office", help="编印单位"),
    province: Optional[str] = typer.Option(None, "--province", help="省份，如 河南（默认从名称或编印单位中看出）"),
    publisher: Optional[List[str]] = typer.Option(None, "--publisher", help="版记上方的印发单位（可多次给出；默认为编印单位）"),
    report_to: Optional[List[str]] = typer.Option(None, "--report-to", help="版记“报：”的单位（可多次给出）"),
    send_to: Optional[List[str]] = typer.Option(None, "--send-to", help="版记“分送：”的单位（可多次给出）"),
    address: Optional[str] = typer.Option(None, "--address", help="投稿地址"),
    phone: Optional[str] = typer.Option(None, "--phone", help="投稿电话"),
    email: Optional[str] = typer.Option(None, "--email", help="投稿邮箱"),
    install: str = typer.Option("qcbrief", "--install", help="CI 工作流安装 qcbrief 的 pip 参数（如 git+https://…/qcbrief.git）"),
    force: bool = typer.Option(False, "--force", help="目录中已有同名文件时覆盖它们"),
    interactive: Optional[bool] = typer.Option(None, "--interactive/--no-input",
                                               help="逐项询问（默认：在终端中运行时询问）"),
) -> None:
    from .commands.init import run_init
    from .starter import Answers

    given = {k for k, v in dict(name=name, office=office, province=province, publishers=publisher,
                                report_to=report_to, send_to=send_to, address=address, phone=phone,
                                email=email).items() if v}
    a = Answers(name=name or "", office=office or "", province=province or "", publishers=list(publisher or []),
                report_to=list(report_to or []), send_to=list(send_to or []), address=address or "",
                phone=phone or "", email=email or "", install=install)
    raise typer.Exit(_guard(run_init, directory, a, given, force, interactive, out))
