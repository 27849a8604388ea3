"""`qcbrief check`: resolve targets, run the rules, print, fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..check.fix import fixed_texts
from ..check.formatters import PER_RULE_PER_FILE, display_path, format_github, format_json, format_text, summary
from ..check.runner import check_issue
from ..config import CONFIG_NAME, Config, SCHEMA, load_config, validate
from ..diagnostics import Finding
from ..errors import UsageError
from ..load.issue import ISSUE_FILE, LoadedIssue, is_article_file, issue_dir, list_issues, load_issue
from ..atomic import write_atomic
from ..load.yamlsrc import YamlDoc

if TYPE_CHECKING:  # rich is imported only when something is printed through it (qcbrief/plainout.py)
    from rich.console import Console

MAX_FIX_PASSES = 5


@dataclass
class Job:
    """One issue folder to load, and optionally the files to report on."""

    root: Path
    issue: str  # name or folder path
    config: Config
    only: set[Path] | None = None


def default_config() -> Config:
    """Settings for checking a lone article outside any workspace."""
    data = validate({"bulletin": {"name": "（未配置）", "office": "（未配置）"}}, SCHEMA, YamlDoc(None, Path(CONFIG_NAME)))
    return Config(path=None, data=data)


def _find_config_for(path: Path, root: Path) -> Config:
    if (root / CONFIG_NAME).is_file():
        return load_config(root)
    for parent in path.resolve().parents:
        if (parent / CONFIG_NAME).is_file():
            return load_config(parent)
    return default_config()


def resolve_jobs(targets: list[str], root: Path) -> list[Job]:
    if not targets:
        config = load_config(root)
        issues = list_issues(root)
        if not issues:
            raise UsageError(f"{root / 'articles'} 下没有任何一期（每期一个文件夹，内含 {ISSUE_FILE}）")
        return [Job(root, name, config) for name in issues]
    jobs: dict[tuple, Job] = {}
    config: Config | None = None
    for target in targets:
        p = Path(target)
        if p.is_file() and (p.name == CONFIG_NAME or not is_article_file(p)) and p.name != ISSUE_FILE:
            continue  # config.yaml, README.md, _drafts…: not articles (pre-commit passes them all)
        if p.is_file() and p.suffix.lower() in (".md", ".yaml", ".yml") and p.name != ISSUE_FILE:
            cfg = _find_config_for(p, root)
            folder = p.resolve().parent
            key = ("file", folder)
            job = jobs.setdefault(key, Job(root, str(folder), cfg, set()))
            job.only.add(p.resolve())  # type: ignore[union-attr]
            continue
        if p.is_file() and p.name == ISSUE_FILE:
            p = p.parent
        if config is None:
            config = load_config(root)
        folder = issue_dir(root, str(p) if p.is_dir() else target)
        if not folder.is_dir():
            known = list_issues(root)
            raise UsageError(f"找不到“{target}”：既不是文章文件，也不是 {root / 'articles'} 下的一期。"
                             + (f"现有各期：{'、'.join(known)}" if known else ""))
        jobs.setdefault(("issue", folder.resolve()), Job(root, str(folder), config))
    # pre-commit passes issue.yaml and the changed articles together: the
    # whole issue is checked once, not once more for each of its files
    whole = {key[1] for key in jobs if key[0] == "issue"}
    return [job for key, job in jobs.items() if not (key[0] == "file" and key[1] in whole)]


def _load(job: Job) -> LoadedIssue:
    folder = Path(job.issue)
    if job.only is not None and not (folder / ISSUE_FILE).is_file():
        return _load_lone_files(job)
    only = {p.resolve() for p in job.only} if job.only is not None else None
    return load_issue(job.root, job.issue, job.config, only)


def _load_lone_files(job: Job) -> LoadedIssue:
    """Articles outside an issue folder: check each on its own."""
    from ..check import structure as _codes  # noqa: F401
    from ..check.registry import RULES
    from ..load.article import load_article
    from ..load.issue import _publication
    from ..model import Bulletin, Section

    findings: list[Finding] = []

    def report(code, path, line, col, message):
        findings.append(Finding(path, max(line, 1), max(col, 1), code, RULES[code].severity, message))

    folder = Path(job.issue)
    bulletin = Bulletin(issue=folder.name, folder=folder, publication=_publication(job.config, None, report))
    loaded = LoadedIssue(bulletin=bulletin, findings=findings)
    section = Section(heading=None)
    for path in sorted(job.only or ()):
        art = load_article(path, path.stem, report, loaded.sources)
        if art is not None:
            section.articles.append(art)
    bulletin.sections.append(section)
    return loaded


def _check(job: Job) -> tuple[LoadedIssue, list[Finding]]:
    loaded = _load(job)
    return loaded, check_issue(loaded, job.config, job.only)


def run_check(targets: list[str], root: Path, fmt: str, fix: bool, diff: bool, out: Console, err: Console,
              show_all: bool = False) -> int:
    jobs = resolve_jobs(targets, root)
    all_findings: list[Finding] = []
    texts_all: dict[Path, str] = {}
    files = 0
    changed: set[Path] = set()  # files fixed (--fix) or that would be (--diff)
    seen: set[tuple] = set()
    resolved: dict[Path, str] = {}
    for job in jobs:
        loaded, findings = _check(job)
        if diff:
            changed |= _show_diff(job, loaded, findings, root)
        elif fix:
            loaded, findings, fixed = _fix(job, loaded, findings)
            changed |= fixed
        files += len(loaded.sources)
        texts_all.update({p: s.text for p, s in loaded.sources.items()})
        for f in findings:  # the same file reached through two targets: report it once
            if f.path not in resolved:
                resolved[f.path] = str(f.path.resolve())
            key = (resolved[f.path], f.line, f.column, f.code, f.message)
            if key not in seen:
                seen.add(key)
                all_findings.append(f)

    if fmt == "json":
        print(format_json(all_findings, root))
    elif fmt == "github":
        text = format_github(all_findings, root)
        if text:
            print(text)
    elif diff:
        err.print(f"--diff：{len(changed)} 个文件将被修改（未写入）。去掉 --diff、改用 --fix 即写入。")
        err.print(summary(all_findings, files))
    else:
        format_text(all_findings, out, root, texts_all, limit=None if show_all else PER_RULE_PER_FILE)
        if fix and changed:
            err.print(f"已修正 {len(changed)} 个文件。")
        err.print(summary(all_findings, files))
    return 1 if any(f.severity == "error" for f in all_findings) else 0


def _fix(job: Job, loaded: LoadedIssue, findings: list[Finding]) -> tuple[LoadedIssue, list[Finding], set[Path]]:
    """Apply safe fixes, re-check, until nothing changes (at most MAX_FIX_PASSES)."""
    fixed: set[Path] = set()
    for _ in range(MAX_FIX_PASSES):
        changes = fixed_texts(findings, {p: s.text for p, s in loaded.sources.items()})
        if not changes:
            break
        for path, text in changes.items():
            write_atomic(path, loaded.sources[path].encode(text))
            fixed.add(path)
        loaded, findings = _check(job)
    return loaded, findings, fixed


def _show_diff(job: Job, loaded: LoadedIssue, findings: list[Finding], root: Path) -> set[Path]:
    """Print the changes --fix would make, character by character (like
    `git diff --word-diff`, with a little context); write nothing."""
    texts = {p: s.text for p, s in loaded.sources.items()}
    originals = dict(texts)
    for _ in range(MAX_FIX_PASSES):
        changes = fixed_texts(findings, texts)
        if not changes:
            break
        texts.update(changes)
        findings = _recheck_in_memory(job, loaded, texts)
    changed = {p for p in originals if texts[p] != originals[p]}
    from ..safetext import SafeConsole

    console = SafeConsole(highlight=False, soft_wrap=True)
    for path in sorted(changed, key=str):
        print_word_diff(console, display_path(path, root), originals[path], texts[path])
    return changed


CONTEXT = 8  # characters of unchanged text shown on each side of a change


def word_diff(old: str, new: str, context: int = CONTEXT) -> list[tuple[int, list[tuple[str, str]]]]:
    """Character-level changes between two texts, line by line:
    [(line number, [(kind, text)…])] where kind is "=" (context), "-"
    (removed) or "+" (inserted).  Changes closer than 2 × context share one
    snippet; "…" marks text left out."""
    import difflib

    out = []
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines):  # fixes never add lines; fall back to whole lines
        return [(0, [("-", old), ("+", new)])]
    for n, (a, b) in enumerate(zip(old_lines, new_lines), 1):
        if a == b:
            continue
        ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
        groups: list[list] = []
        for op in ops:
            if groups and op[1] - groups[-1][-1][2] <= 2 * context:
                groups[-1].append(op)
            else:
                groups.append([op])
        for g in groups:
            parts: list[tuple[str, str]] = []
            start = max(0, g[0][1] - context)
            parts.append(("=", ("…" if start > 0 else "") + a[start:g[0][1]]))
            for k, (_, i1, i2, j1, j2) in enumerate(g):
                if k:
                    parts.append(("=", a[g[k - 1][2]:i1]))
                if i2 > i1:
                    parts.append(("-", a[i1:i2]))
                if j2 > j1:
                    parts.append(("+", b[j1:j2]))
            end = min(len(a), g[-1][2] + context)
            parts.append(("=", a[g[-1][2]:end] + ("…" if end < len(a) else "")))
            out.append((n, [p for p in parts if p[1]]))
    return out


def print_word_diff(console: Console, name: str, old: str, new: str) -> None:
    """`name:line: …前文[-, -]{+，+}后文…`, removed text red, inserted green."""
    from rich.text import Text

    for line, parts in word_diff(old, new):
        text = Text(f"{name}:{line}: ", style="bold")
        for kind, piece in parts:
            if kind == "=":
                text.append(piece)
            elif kind == "-":
                text.append(f"[-{piece}-]", style="red")
            else:
                text.append(f"{{+{piece}+}}", style="green")
        console.print(text)


def _recheck_in_memory(job: Job, loaded: LoadedIssue, texts: dict[Path, str]) -> list[Finding]:
    """Re-run the check on modified texts without touching the files."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tmp_root = Path(tmp)
        folder = Path(job.issue) if Path(job.issue).is_dir() else issue_dir(job.root, job.issue)
        copy = tmp_root / "articles" / folder.name
        shutil.copytree(folder, copy)
        mapping = {}
        for path, text in texts.items():
            try:
                rel = path.resolve().relative_to(folder.resolve())
            except ValueError:
                continue
            (copy / rel).write_bytes(loaded.sources[path].encode(text))
            mapping[(copy / rel)] = path
        only = {copy / p.resolve().relative_to(folder.resolve()) for p in job.only} if job.only else None
        tmp_job = Job(job.root, str(copy), job.config, only)
        _, findings = _check(tmp_job)
        by_name = {str(k.resolve()): v for k, v in mapping.items()}
        for f in findings:
            f.path = by_name.get(str(f.path.resolve()), f.path)
        return findings
