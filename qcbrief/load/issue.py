"""An issue folder (issue.yaml + article files) -> model.Bulletin.

`load_issue` never raises for problems in the issue's own files: it returns
the bulletin it could build plus findings with file and line, so `check`
can report everything at once and `build` can refuse to write.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..check import structure as _structure_codes  # noqa: F401  (registers the load codes)
from ..check.registry import RULES
from ..config import Config
from ..diagnostics import Finding
from ..errors import QcbriefError, UsageError
from ..model import Article, Bulletin, DistributionLine, Publication, Section
from .article import did_you_mean, load_article
from .textfile import SourceText, read_source
from .yamlsrc import YamlDoc, load_yaml

ISSUE_FILE = "issue.yaml"
ARTICLE_SUFFIXES = (".md", ".yaml", ".yml")
ISSUE_KEYS = ("subtitle", "date", "number", "total_number", "preface", "commentary", "toc", "distribution", "contact")


@dataclass
class TocEntry:
    stem: str
    line: int
    section: str | None


@dataclass
class LoadedIssue:
    bulletin: Bulletin
    findings: list[Finding] = field(default_factory=list)
    sources: dict[Path, SourceText] = field(default_factory=dict)  # every text file read
    toc: list[TocEntry] = field(default_factory=list)
    files: dict[str, list[Path]] = field(default_factory=dict)  # stem -> article files found
    issue_file: Path | None = None
    toc_readable: bool = True  # False when issue.yaml could not be read (no QC109 cascade)
    extra_articles: list[Article] = field(default_factory=list)  # files in no TOC entry


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def issue_dir(root: Path, issue: str) -> Path:
    """Folder of an issue name (or an issue folder path)."""
    p = Path(issue)
    if p.is_dir() and (p / ISSUE_FILE).is_file():
        return p
    return root / "articles" / issue


def list_issues(root: Path) -> list[str]:
    base = root / "articles"
    if not base.is_dir():
        return []
    return sorted(d.name for d in base.iterdir() if d.is_dir() and (d / ISSUE_FILE).is_file())


def is_article_file(path: Path) -> bool:
    name = path.name
    return (
        path.is_file()
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and name != ISSUE_FILE
        and not name.startswith((".", "_"))
        and name.lower() != "readme.md"
    )


def _parse_date(value, doc: YamlDoc, report) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*", str(value))
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    report("QC122", doc.path, doc.value_line("date"), 1, f"日期“{value}”无法识别，请写成 2026-03-31")
    return None


def _int_or_none(key: str, doc: YamlDoc, report) -> int | None:
    value = doc.data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        report("QC122", doc.path, doc.value_line(key), 1, f"“{key}”应为整数，实际是“{value}”")
        return None
    return value


def _publication(config: Config, doc: YamlDoc | None, report) -> Publication:
    b = config["bulletin"]
    distribution = dict(config["distribution"])
    contact = dict(config["contact"])
    if doc is not None and isinstance(doc.data, dict):
        for key, target in (("distribution", distribution), ("contact", contact)):
            over = doc.data.get(key)
            if over is None:
                continue
            if not isinstance(over, dict):
                report("QC122", doc.path, doc.value_line(key), 1, f"“{key}”应为映射（标签: 内容），可覆盖 config.yaml 中的同名项")
                continue
            for label, value in over.items():
                if value in (None, "", []):
                    target.pop(str(label), None)
                elif isinstance(value, list):
                    target[str(label)] = [str(v) for v in value]
                else:
                    target[str(label)] = str(value)
    lines = []
    for label, value in distribution.items():
        recipients = value if isinstance(value, list) else [value]
        recipients = [str(r).strip().rstrip("；;。") for r in recipients if str(r).strip()]
        if recipients:
            lines.append(DistributionLine(label, recipients))
    contacts = [(label, ("、".join(v) if isinstance(v, list) else v)) for label, v in contact.items() if v]
    return Publication(
        name=b["name"], office=b["office"], publishers=list(b["publishers"]),
        distribution=lines, contact=contacts, author=b["author"] or b["office"],
    )


def load_issue(root: Path, issue: str, config: Config, only: set[Path] | None = None) -> LoadedIssue:
    """Load an issue folder.  `only` (resolved paths): read only these article
    files (`check ONE.md`: the other articles' bodies are not needed; the
    folder listing and the TOC still are)."""
    folder = issue_dir(root, issue)
    if not folder.is_dir():
        known = list_issues(root)
        hint = f"现有各期：{'、'.join(known)}" if known else f"{root / 'articles'} 下还没有任何一期"
        raise UsageError(f"找不到这一期：{issue}。{hint}")
    findings: list[Finding] = []

    def report(code: str, path: Path, line: int, col: int, message: str) -> None:
        findings.append(Finding(path, max(line, 1), max(col, 1), code, RULES[code].severity, message))

    issue_path = folder / ISSUE_FILE
    loaded = LoadedIssue(bulletin=None, findings=findings, issue_file=issue_path)  # type: ignore[arg-type]
    doc: YamlDoc | None = None
    if not issue_path.is_file():
        report("QC120", folder, 1, 1, f"这一期缺少 {ISSUE_FILE}（写明 subtitle、date 与 toc）")
    else:
        try:
            src = read_source(issue_path)
            loaded.sources[issue_path] = src
            doc = load_yaml(src.text, issue_path, what=ISSUE_FILE)
        except QcbriefError as exc:
            report("QC101" if "YAML" in exc.message else "QC100", issue_path, exc.line or 1, exc.column or 1, exc.message)
            doc = None
            loaded.toc_readable = False
        if doc is not None and not isinstance(doc.data, dict):
            report("QC120", issue_path, 1, 1, f"{ISSUE_FILE} 应为“键: 值”形式，至少写明 toc")
            doc = None
            loaded.toc_readable = False
    data = doc.data if doc else {}
    if doc:
        for key in data:
            if str(key) not in ISSUE_KEYS:
                report("QC121", issue_path, doc.line_of(key), doc.column_of(key),
                       f"{ISSUE_FILE} 中未知的键“{key}”{did_you_mean(str(key), ISSUE_KEYS)}")

    bulletin = Bulletin(issue=folder.name, folder=folder, publication=_publication(config, doc, report))
    loaded.bulletin = bulletin
    if doc:
        bulletin.subtitle = str(data.get("subtitle") or "").strip()
        bulletin.date = _parse_date(data.get("date"), doc, report)
        bulletin.number = _int_or_none("number", doc, report)
        bulletin.total_number = _int_or_none("total_number", doc, report)
        bulletin.preface = re.sub(r"^\s*按\s*[：:]\s*", "", str(data.get("preface") or "").strip())
        commentary = str(data.get("commentary", "required")).strip()
        if commentary not in ("required", "optional"):
            report("QC122", issue_path, doc.value_line("commentary"), 1,
                   f"commentary 只能是 required（每篇文章须有点评）或 optional，实际是“{commentary}”")
        bulletin.commentary_required = commentary != "optional"

    # Article files present in the folder, by stem.
    for path in sorted(folder.iterdir()):
        if is_article_file(path):
            loaded.files.setdefault(nfc(path.stem), []).append(path)

    loaded.toc = _read_toc(doc, report) if doc else []
    if doc and "toc" not in data:
        report("QC120", issue_path, 1, 1, f"{ISSUE_FILE} 缺少 toc（目录：按顺序列出每篇文章的文件名）")

    # Build sections in TOC order.
    seen: set[str] = set()
    number = 0
    for entry in loaded.toc:
        if entry.stem in seen:
            continue
        seen.add(entry.stem)
        paths = loaded.files.get(entry.stem)
        if not paths:
            continue
        if only is not None and paths[0].resolve() not in only:
            continue
        article = load_article(paths[0], entry.stem, report, loaded.sources)
        if article is None:
            continue
        if not bulletin.sections or bulletin.sections[-1].heading != entry.section or (
            entry.section is None and bulletin.sections[-1].heading is not None
        ):
            bulletin.sections.append(Section(heading=entry.section))
        bulletin.sections[-1].articles.append(article)
        if not article.is_brief:
            number += 1
            article.number = number
    # Files that are in no TOC entry are still read, so their own problems show.
    for stem, paths in loaded.files.items():
        if stem not in seen and (only is None or paths[0].resolve() in only):
            art = load_article(paths[0], stem, report, loaded.sources)
            if art is not None:
                loaded.extra_articles.append(art)
    return loaded


def _stem_of(raw: str) -> str:
    s = nfc(str(raw).strip())
    for suf in ARTICLE_SUFFIXES:
        if s.lower().endswith(suf):
            return s[: -len(suf)]
    return s


def _read_toc(doc: YamlDoc, report) -> list[TocEntry]:
    toc = doc.data.get("toc")
    if toc is None:
        return []
    if not isinstance(toc, list):
        report("QC122", doc.path, doc.value_line("toc"), 1, "toc 应为列表：每行“- 文件名”，或“- section: 简讯”分组")
        return []
    entries: list[TocEntry] = []
    for i, item in enumerate(toc):
        if isinstance(item, dict):
            unknown = [k for k in item if k not in ("section", "articles")]
            for k in unknown:
                report("QC122", doc.path, doc.line_of("toc", i, k), 1,
                       f"目录分组中未知的键“{k}”{did_you_mean(str(k), ('section', 'articles'))}")
            name = str(item.get("section") or "").strip()
            arts = item.get("articles")
            if not name:
                report("QC122", doc.path, doc.line_of("toc", i), 1, "目录分组缺少 section（分组标题，如“简讯”）")
            if not isinstance(arts, list):
                report("QC122", doc.path, doc.line_of("toc", i), 1, "目录分组的 articles 应为文件名列表")
                continue
            for j, sub in enumerate(arts):
                if isinstance(sub, (dict, list)) or sub is None:
                    report("QC122", doc.path, doc.line_of("toc", i, "articles", j), 1, "目录项应为文件名")
                    continue
                raw = doc.scalars.get(("toc", i, "articles", j), str(sub))
                entries.append(TocEntry(_stem_of(raw), doc.line_of("toc", i, "articles", j), name or None))
        elif isinstance(item, list) or item is None:
            report("QC122", doc.path, doc.line_of("toc", i), 1, "目录项应为文件名，或“section: …”分组")
        else:
            raw = doc.scalars.get(("toc", i), str(item))
            entries.append(TocEntry(_stem_of(raw), doc.line_of("toc", i), None))
    return entries
