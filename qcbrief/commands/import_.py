"""`qcbrief import FILE… --issue ISSUE`: Word/text submissions and past bulletins -> articles.

Every file is read and split first; a file that cannot be read gets one line
and the batch goes on.  Articles (and their pictures) are written atomically,
issue.yaml last; then the new files are checked and a summary table printed.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..check.formatters import format_text
from ..check.runner import check_issue
from ..config import CONFIG_NAME, load_config
from ..diagnostics import Finding, display_path
from ..errors import UsageError
from ..importer.issuefile import IssueFile
from ..importer.mdwriter import article_md
from ..importer.patterns import squash
from ..importer.reading import import_file
from ..importer.source import Imported, ImportError_, ImportResult
from ..importer.stems import make_stem
from ..load.article import load_article
from ..load.issue import ARTICLE_SUFFIXES, is_article_file, issue_dir, load_issue, nfc
from ..atomic import write_atomic
from ..model import Image
from ..safetext import UNSAFE, drop_invisible, visible

PRINTABLE = (".png", ".jpeg", ".jpg", ".gif", ".bmp")


@dataclass
class Planned:
    art: Imported
    stem: str
    path: Path
    existing: bool = False
    images: list[tuple[Path, bytes]] = field(default_factory=list)


def _config(root: Path):
    if (root / CONFIG_NAME).is_file():
        return load_config(root)
    from .check import default_config

    return default_config()


def _existing(folder: Path) -> dict[tuple[str, str], str]:
    """(center, title or first words) -> stem of the articles already in the issue."""
    found: dict[tuple[str, str], str] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if not is_article_file(path):
            continue
        art = load_article(path, nfc(path.stem), lambda *a: None, {})
        if art is not None:
            found[_key(art.center, art.title, art.blocks)] = nfc(path.stem)
    return found


def _key(center: str, title: str, blocks) -> tuple[str, str]:
    if title:
        return squash(center), squash(title)
    first = next((b.text for b in blocks if hasattr(b, "text")), "")
    return squash(center), squash(first)[:30]


def _printable(data: bytes, ext: str) -> tuple[bytes, str, str | None]:
    """Pictures Word keeps as TIFF/WebP become PNG; vector EMF/WMF stay as they are (with a note)."""
    if ext in PRINTABLE:
        return data, ".jpg" if ext == ".jpeg" else ext, None
    try:
        import io

        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as im:
            buf = io.BytesIO()
            im.save(buf, "PNG")
            return buf.getvalue(), ".png", None
    except Exception:
        return data, ext, f"图片为 {ext.lstrip('.').upper()} 格式，无法直接印刷：请在 Word 中另存为 PNG 后替换"


def _subtitle_from_issue(issue: str) -> str:
    m = re.fullmatch(r"(\d{4})\s*[-_]?\s*Q([1-4]).*", issue, re.I)
    return f"{m.group(1)}年第{m.group(2)}季度" if m else ""


def run_import(files: list[Path], issue: str, root: Path, center: str | None, after: str | None, force: bool,
               single: bool, out: Console, err: Console) -> int:
    if not files:
        raise UsageError("请给出要导入的文件，如：qcbrief import 稿件.docx --issue 2026Q1")
    if not issue.strip() or re.search(r"[\\/:*?\"<>|]", issue) or UNSAFE.search(issue):
        raise UsageError(f"期名“{visible(issue)}”不能含有 / \\ : * ? \" < > | 等字符或控制字符")
    config = _config(root)
    folder = issue_dir(root, issue)
    issue_file = IssueFile(folder, issue)  # a broken issue.yaml stops everything before any write
    if after:
        issue_file.check_after(after)

    b = config["bulletin"]
    labels = tuple(config["distribution"].keys()) + tuple(config["contact"].keys())
    failed = 0
    results: list[ImportResult] = []
    with tempfile.TemporaryDirectory(prefix="qcbrief-import-") as tmp:
        for i, path in enumerate(files):
            name = display_path(path)
            try:
                if not path.is_file():
                    raise ImportError_("文件不存在" if not path.exists() else "这是文件夹，不是文件")
                work = Path(tmp) / str(i)
                work.mkdir()
                res = import_file(path, work, single=single, center=center, bulletin_name=b["name"],
                                  colophon_labels=labels, publishers=list(b["publishers"]),
                                  brief_max=int(config["check"].get("brief_max_chars", 400)))
            except ImportError_ as exc:
                err.print(Text.assemble((f"{name}", "bold"), "：", (exc.message, "red"), "（已跳过）"))
                failed += 1
                continue
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the batch
                err.print(Text.assemble((f"{name}", "bold"), "：", ("无法读取此文件", "red"),
                                        f"（{type(exc).__name__}: {exc}），已跳过"))
                failed += 1
                continue
            results.append(res)

    # --- plan file names --------------------------------------------------------
    existing = _existing(folder)
    taken = {s.lower() for s in issue_file.stems()}
    if folder.is_dir():
        taken |= {nfc(p.stem).lower() for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES}
    counts = {False: issue_file.count(section=False), True: issue_file.count(section=True)}
    plans: list[Planned] = []
    skipped = 0
    planned_keys: set = set()
    for res in results:
        for art in res.articles:
            art.center, art.title = drop_invisible(art.center), drop_invisible(art.title)  # content, not controls
            key = _key(art.center, art.title, art.blocks)
            if key in planned_keys:
                err.print(Text.assemble((display_path(res.source), "bold"), "：", (
                    f"与同一批中的另一篇文章重复（{art.center}：{art.title or '简讯'}），未重复导入", "yellow")))
                skipped += 1
                continue
            planned_keys.add(key)
            stem = existing.get(key)
            if stem is not None:
                path = next((p for p in folder.iterdir() if is_article_file(p) and nfc(p.stem) == stem), folder / f"{stem}.md")
                if not force:
                    err.print(Text.assemble((display_path(res.source), "bold"), "：", (
                        f"本期已有这篇文章 {display_path(path)}，未覆盖（确需覆盖请加 --force）", "yellow")))
                    skipped += 1
                    continue
                plans.append(Planned(art, stem, folder / f"{stem}.md", existing=True))
                continue
            brief = art.kind == "brief"
            counts[brief] += 1
            stem = make_stem("b" if brief else "", counts[brief], art.center, taken,
                             fallback=drop_invisible(art.title[:8] or res.source.stem))
            plans.append(Planned(art, stem, folder / f"{stem}.md"))

    # --- write articles, then issue.yaml ----------------------------------------------
    written: list[Planned] = []
    rejected = 0  # articles that would not load back: nothing of them is written
    used_images: set[str] = set()
    for plan in plans:
        art = plan.art
        text = _article_text(art, "")  # checked before anything of it is written
        problems = _load_problems(text, plan.path.name)
        if problems:
            err.print(Text.assemble((display_path(art.source), "bold"), "：",
                                    (f"导入后的文章无法读取（{problems[0]}），未写入", "red")))
            failed += 1
            rejected += 1
            continue
        n = 0
        for blk in _images(art):
            n += 1
            data, ext, note = _printable(art.images[id(blk)].data, art.images[id(blk)].ext)
            if note:
                art.notes.append(note)
            rel = _image_name(folder, plan.stem, n, ext, used_images, plan.existing)
            blk.src, blk.path = rel, folder / rel
            plan.images.append((folder / rel, data))
        text = _article_text(art, dt.date.today().isoformat())
        for img_path, data in plan.images:
            write_atomic(img_path, data)
        write_atomic(plan.path, text.encode("utf-8"))
        for other in ARTICLE_SUFFIXES:  # an overwritten .yaml article becomes this .md
            twin = plan.path.with_suffix(other)
            if other != ".md" and twin.is_file():
                twin.unlink()
        written.append(plan)

    notes: list[str] = [f"{res.source.name}：{note}" for res in results for note in res.notes]
    if written or (issue_file.new and results and not rejected):
        issue_file.add([(p.stem, p.art.section) for p in written if not p.existing], after)
        for res in results:
            if res.meta is not None:
                notes += issue_file.apply_meta(res.meta, force, dict(config["distribution"]), dict(config["contact"]))
                full = [a for a in res.articles if a.kind == "article"]
                # the published issue printed an article without 点评: it did not require one
                if full and any(a.commentary is None for a in full) and "commentary" not in issue_file.data:
                    issue_file.set_value("commentary", "optional", False)
        if issue_file.new:
            issue_file.set_value("subtitle", _subtitle_from_issue(folder.name), False)
        write_atomic(issue_file.path, issue_file.dump().encode("utf-8"))

    # --- check the new files and summarise -------------------------------------------
    findings: list[Finding] = []
    if written:
        loaded = load_issue(root, str(folder) if Path(issue).is_dir() else issue, config)
        only = {p.path.resolve() for p in written}
        findings = check_issue(loaded, config, only)
        if findings:
            out.print(Text("导入后检查发现的问题：", style="bold"))
            format_text(findings, out, root, {p: s.text for p, s in loaded.sources.items()})
    _summary(written, findings, out, root)
    for note in notes:
        err.print(Text(note, style="yellow"))
    n_ok = len(written)
    out.print(Text(f"已导入 {n_ok} 篇到 {display_path(folder)}"
                   + (f"，{failed} 个文件无法读取或导入" if failed else "")
                   + (f"，{skipped} 篇已存在未覆盖" if skipped else "") + "。"
                   + (f"下一步：qcbrief check {issue}，然后 qcbrief build {issue}" if n_ok else "")))
    return 1 if failed or skipped else 0


# Load findings that mean the written article is broken (not a gap the editor fills in, like a
# missing center or 点评, which `check` reports after the import).
BROKEN = ("QC100", "QC101", "QC107", "QC117", "QC119")


def _article_text(art: Imported, today: str) -> str:
    note = ""
    if not art.center:
        note = "未找到中心署名，请补写"
    elif art.center_from == "toc":
        note = "取自原目录，请核对"
    elif art.center_from == "file":
        note = "取自文件名，请核对"
    # the file name is anybody's: one line, controls shown as escapes (a newline would add YAML keys)
    source = visible(art.source.name)
    return article_md(art.center, art.title, art.kind, art.blocks, art.commentary,
                      source_note=f"导入自 {source}（qcbrief import{'，' + today if today else ''}）", center_note=note)


def _load_problems(text: str, name: str) -> list[str]:
    """What would stop the article from loading, as the loader reports it (empty: it loads)."""
    found: list[str] = []

    def report(code, path, line, col, message):
        if code in BROKEN:
            found.append(f"{code} 第 {line} 行：{message}")

    with tempfile.TemporaryDirectory(prefix="qcbrief-import-") as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        load_article(path, path.stem, report, {})
    return found


def _image_name(folder: Path, stem: str, n: int, ext: str, used: set[str], overwrite: bool = False) -> str:
    """images/<ascii part of the stem>-<n>.png: ASCII, because Markdown link
    targets are URLs (non-ASCII names come back percent-encoded)."""
    m = re.match(r"^[A-Za-z0-9]+", stem)
    base = f"{m.group(0) if m else 'img'}-{n}"
    name, k = f"images/{base}{ext}", 2
    while name in used or (not overwrite and (folder / name).exists()):
        name, k = f"images/{base}-{k}{ext}", k + 1
    used.add(name)
    return name


def _images(art: Imported) -> list[Image]:
    out = []
    for blocks in (art.blocks, art.commentary or []):
        out.extend(b for b in blocks if isinstance(b, Image) and id(b) in art.images)
    return out


def _summary(written: list[Planned], findings: list[Finding], out: Console, root: Path) -> None:
    if not written:
        return
    per_file: dict[str, int] = {}
    for f in findings:
        per_file[str(f.path.resolve())] = per_file.get(str(f.path.resolve()), 0) + 1
    table = Table(title="导入结果", show_lines=False)
    for col in ("来源文件", "文章文件", "中心", "标题", "点评", "问题"):
        table.add_column(col, overflow="fold", no_wrap=col in ("文章文件", "点评", "问题"))
    for plan in written:
        a = plan.art
        n = per_file.get(str(plan.path.resolve()), 0)
        table.add_row(
            Text(visible(a.source.name)), Text(visible(plan.path.name)),
            Text(a.center or "（缺）", style="" if a.center and a.center_from == "line" else "yellow"),
            Text(a.title or ("（简讯）" if a.kind == "brief" else "（缺）"), style="" if a.title or a.kind == "brief" else "yellow"),
            "—" if a.kind == "brief" else ("有" if a.commentary else "无"),
            Text(str(n), style="red" if n else "green"),
        )
    out.print(table)
    for plan in written:
        for note in plan.art.notes:
            out.print(Text.assemble((plan.path.name, "bold"), "：", (note, "yellow")))
