"""`qcbrief build ISSUE`: check, then write the requested formats."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..build import BuildContext, parse_formats, write_outputs
from ..check.formatters import format_text
from ..check.runner import blocks_build, check_issue
from ..config import load_config
from ..diagnostics import display_path
from ..gcpace import fewer_collections
from ..layout import Layout
from ..load.issue import load_issue
from ..wording import Wording


def run_build(issue: str, root: Path, out_dir: Path | None, formats: str, draft: bool,
              no_system_fonts: bool, out: Console, err: Console, strict: bool = False) -> int:
    with fewer_collections():
        return _run_build(issue, root, out_dir, formats, draft, no_system_fonts, out, err, strict)


def _run_build(issue: str, root: Path, out_dir: Path | None, formats: str, draft: bool,
               no_system_fonts: bool, out: Console, err: Console, strict: bool = False) -> int:
    config = load_config(root)
    fmts = parse_formats(formats)
    loaded = load_issue(root, issue, config)
    findings = check_issue(loaded, config)
    texts = {p: s.text for p, s in loaded.sources.items()}
    blocking = findings if strict else [f for f in findings if blocks_build(f)]
    if blocking:
        format_text(blocking, err, root, texts)
        what = "个问题" if strict else "个错误"
        err.print(f"[bold red]这一期有 {len(blocking)} {what}，未生成简报[/]（原有输出文件保持不变）。"
                  "请先修正，或运行 qcbrief check 查看详情。")
        return 1
    privacy = [f for f in findings if f.code.startswith("QC5")]
    if privacy:
        format_text(privacy, err, root, texts)
        err.print(f"[bold yellow]注意：发现 {len(privacy)} 处可能的个人信息，印发前请核实并脱敏。[/]")
    colophon = [f for f in findings if f.code in ("QC130", "QC131", "QC132")]  # what the 版记 will print
    if colophon:
        format_text(colophon, err, root, texts)
        err.print(f"[bold yellow]注意：版记有 {len(colophon)} 处需要补写或修改（config.yaml），印发前请核对。[/]")
    others = len(findings) - len(privacy) - len(colophon)
    if others:
        err.print(f"另有 {others} 处排版或体例问题（不影响生成），可运行 qcbrief check {issue} 查看，或加 --fix 自动修正。")
    bulletin = loaded.bulletin
    target = out_dir if out_dir is not None else root / "build" / bulletin.issue
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("正在读取文章", total=None)
        ctx = BuildContext(
            config=config, layout=Layout.from_config(config), wording=Wording(root), root=root,
            draft=draft, progress=lambda msg: progress.update(task, description=msg),
            use_system_fonts=False if no_system_fonts else None,
        )
        written = write_outputs(bulletin, ctx, target, fmts)
    n = len(bulletin.full_articles)
    briefs = sum(1 for a in bulletin.articles() if a.is_brief)
    for path in written:
        out.print(Text(f"已生成 {display_path(path)}"))
        if path.suffix == ".html":
            out.print(Text(f"已生成 {display_path(path.parent / 'html')}/ 下每篇文章的网页（可粘贴到公众号编辑器）"))
    out.print(f"共 {n} 篇文章" + (f"、{briefs} 条简讯" if briefs else "") + "。")
    return 0
