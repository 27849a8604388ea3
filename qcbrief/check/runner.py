"""Run the registered rules over loaded issues and collect findings."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..config import Config
from ..diagnostics import Finding, Fix
from ..load.issue import LoadedIssue
from ..model import Article, Bulletin
from .registry import RULES, Rule

# Rule families live in their own modules; importing them registers the rules.
_NOT_RULE_MODULES = {"registry", "runner", "formatters", "source", "suppress", "fix"}


def load_rule_modules() -> None:
    from .. import check as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        if mod.name not in _NOT_RULE_MODULES:
            importlib.import_module(f"{pkg.__name__}.{mod.name}")


@dataclass
class Context:
    """What a rule may look at; `finding` stamps code and severity."""

    config: Config
    loaded: LoadedIssue
    settings: dict = field(default_factory=dict)  # config["check"]

    @property
    def bulletin(self) -> Bulletin:
        return self.loaded.bulletin

    def finding(self, code: str, path: Path, line: int, column: int, message: str, fix: Fix | None = None) -> Finding:
        return Finding(Path(path), max(int(line), 1), max(int(column), 1), code, RULES[code].severity, message, fix)


def enabled_rules(config: Config) -> list[Rule]:
    load_rule_modules()
    settings = config["check"]
    select = {c.upper() for c in settings["select"]}
    ignore = {c.upper() for c in settings["ignore"]}

    def on(code: str) -> bool:
        if select and not any(code.startswith(s) for s in select):
            return False
        return not any(code.startswith(i) for i in ignore)

    return [r for code, r in sorted(RULES.items()) if on(code)]


def blocks_build(finding: Finding) -> bool:
    """Errors that stop `build`: the structural ones (QC1xx), without which the
    bulletin cannot be assembled right (a missing file, center, title, 点评…).
    Typography, number and privacy findings are reported by the build but do
    not stop it (`build --strict` makes every finding stop it): real bulletins
    arrive with such defects and the office must still be able to print."""
    return finding.severity == "error" and finding.code.startswith("QC1")


def check_issue(loaded: LoadedIssue, config: Config, only_paths: set[Path] | None = None) -> list[Finding]:
    """All findings for one loaded issue (load findings included), sorted."""
    from .source import text_docs
    from .suppress import is_suppressed

    rules = enabled_rules(config)
    codes = {r.code for r in rules}
    ctx = Context(config=config, loaded=loaded, settings=config["check"])
    # Findings are kept only for `only_paths`: article and text rules run on
    # those files alone (`check ONE.md` in a full issue folder); the issue-wide
    # rules still see the whole issue.
    wanted = {p.resolve() for p in only_paths} if only_paths is not None else None
    found: list[Finding] = [f for f in loaded.findings if f.code in codes]
    articles: list[Article] = list(loaded.bulletin.articles()) + loaded.extra_articles
    if wanted is not None:
        articles = [a for a in articles if a.path.resolve() in wanted]
    for r in rules:
        if r.scope == "issue":
            found.extend(r.func(ctx))
        elif r.scope == "article":
            for a in articles:
                found.extend(r.func(a, ctx))
    docs = text_docs(loaded, wanted)
    for r in rules:
        if r.scope == "text":
            for doc in docs:
                found.extend(r.func(doc, ctx))
    if wanted is not None:
        found = [f for f in found if f.path.resolve() in wanted]
    found = [f for f in found if not is_suppressed(f, loaded.sources)]
    return sorted(_dedupe(found), key=Finding.sort_key)


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (str(f.path), f.line, f.column, f.code, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
