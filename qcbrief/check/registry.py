"""The rule registry: every check rule is a small unit with a code.

A rule is registered with the `rule` decorator.  Its scope says what it is
given:
  - "load":    reported by the loaders while reading files (no function);
  - "issue":   func(ctx)                      -> findings for the whole issue;
  - "article": func(article, ctx)             -> findings for one article;
  - "text":    func(doc, ctx)                 -> findings over the source text of
               one file (typography rules; see check/source.py).
Rules yield Findings; the runner stamps code and severity when a rule leaves
them to it via `ctx.finding(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

Scope = Literal["load", "issue", "article", "text"]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # short kebab-case name, e.g. "missing-center"
    severity: str  # "error" | "warning"
    summary: str  # one-line Chinese description
    scope: Scope
    func: Callable | None = None
    fixable: bool = False
    clause: str = ""  # e.g. "GB/T 15834-2011 4.1"
    why: str = ""  # longer Chinese explanation
    bad: str = ""  # an example that is flagged
    good: str = ""  # the same example written right
    partly: bool = False  # fixable only where the fix is certain; other cases only reported


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, summary: str, *, scope: Scope, fixable: bool = False,
         clause: str = "", why: str = "", bad: str = "", good: str = "", partly: bool = False):
    """Register a rule; usable as a decorator or, for scope="load", as a call."""

    def register(func: Callable | None) -> Callable | None:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, name, severity, summary, scope, func, fixable, clause, why, bad, good, partly)
        return func

    if scope == "load":
        register(None)
        return None
    return register


def get(code: str) -> Rule:
    return RULES[code]
