"""`qcbrief volume YEAR [ISSUE…]`: the year's issues bound as one PDF and DOCX (合订本)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from ..build import BuildContext, replace_outputs
from ..check.formatters import format_text
from ..check.runner import blocks_build, check_issue
from ..config import load_config
from ..diagnostics import display_path
from ..errors import UsageError
from ..layout import Layout
from ..volume import load_volume
from ..wording import Wording

VOLUME_WRITERS = {
    "pdf": "qcbrief.write.pdf.volume:write_volume_pdf",
    "docx": "qcbrief.write.docx.volume:write_volume_docx",
}


def parse_volume_formats(text: str) -> list[str]:
    wanted = [f.strip().lower().lstrip(".") for f in text.replace("，", ",").split(",") if f.strip()]
    if not wanted:
        raise UsageError("请至少指定一种输出格式，如 --format pdf,docx")
    for f in wanted:
        if f not in VOLUME_WRITERS:
            raise UsageError(f"合订本不支持输出格式“{f}”。可用格式：{'、'.join(VOLUME_WRITERS)}")
    return list(dict.fromkeys(wanted))


def _writer(fmt: str):
    import importlib

    module, _, func = VOLUME_WRITERS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)


def write_volume_outputs(volume, ctx, out_dir: Path, name: str, formats: list[str]) -> list[Path]:
    """Each format into a temporary file, all renamed into place only when every writer
    finished (build.replace_outputs, as `qcbrief build` does): a failure keeps the old files."""
    return replace_outputs(out_dir, name, formats, lambda fmt, tmp: _writer(fmt)(volume, ctx, tmp), ctx)


def run_volume(year_text: str, issues: list[str], root: Path, out_dir: Path | None, formats: str,
               no_system_fonts: bool, out: Console, err: Console) -> int:
    text = year_text.strip().removesuffix("年")
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise UsageError(f"年份“{year_text}”不对，请写四位数的年份，如 2026")
    year = int(text)
    config = load_config(root)
    fmts = parse_volume_formats(formats)
    volume = load_volume(root, year, issues, config)
    # every issue must build: the structural errors (QC1xx) that stop `qcbrief build` stop the volume
    blocking_total = 0
    for vi in volume.issues:
        found = check_issue(vi.loaded, config)
        findings = [f for f in found if blocks_build(f)]
        privacy = [f for f in found if f.code.startswith("QC5")]
        if privacy and not findings:
            err.print(f"[bold yellow]注意：{vi.bulletin.issue} 有 {len(privacy)} 处可能的个人信息，"
                      f"运行 qcbrief check {vi.bulletin.issue} 查看。[/]")
        if findings:
            texts = {p: s.text for p, s in vi.loaded.sources.items()}
            format_text(findings, err, root, texts)
            err.print(f"[bold red]{vi.bulletin.issue} 有 {len(findings)} 个错误。[/]")
            blocking_total += len(findings)
    if blocking_total:
        err.print("[bold red]合订本未生成[/]（原有输出文件保持不变）。请先修正上面各期的错误，"
                  "或运行 qcbrief check 期名 查看详情。")
        return 1
    for vi in volume.issues:
        d = vi.bulletin.date
        if issues and d is not None and d.year != year:
            err.print(f"[yellow]注意：{vi.bulletin.issue} 的日期是 {vi.bulletin.date_text}，不在 {year} 年。[/]")
    name = f"{year}合订本"
    target = out_dir if out_dir is not None else root / "build" / name
    ctx = BuildContext(config=config, layout=Layout.from_config(config), wording=Wording(root), root=root,
                       use_system_fonts=False if no_system_fonts else None)
    written = write_volume_outputs(volume, ctx, target, name, fmts)
    for path in written:
        out.print(f"已生成 {display_path(path)}")
    labels = "、".join(f"{vi.label}（{vi.bulletin.issue}）" for vi in volume.issues)
    n = sum(len(vi.bulletin.full_articles) for vi in volume.issues)
    out.print(f"共 {len(volume.issues)} 期：{labels}；{n} 篇文章。")
    return 0
