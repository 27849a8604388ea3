"""`qcbrief stats`: each center's contributions across issues (a year's, or those named).

Centers are grouped by roster entry, so a renamed center (old name in
`aliases`) counts once; center lines not in the roster are listed as written.
Every roster center is listed, those that sent nothing with zeros."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..errors import UsageError
from ..load.issue import list_issues, load_issue
from ..roster import Center, Roster, clean
from .collect import IssueSummary, collect


@dataclass
class CenterStats:
    name: str
    center: Center | None = None  # None: not in the roster
    articles: int = 0
    briefs: int = 0
    words: int = 0
    issues: list[str] = field(default_factory=list)
    order: int = 0  # roster position (ties keep the roster's order)

    @property
    def total(self) -> int:
        return self.articles + self.briefs

    @property
    def label(self) -> str:
        """Short label for the chart: the roster's short name, else the full name."""
        return (self.center.short if self.center and self.center.short else self.name)

    def record(self) -> dict:
        c = self.center
        return {"center": self.name, "short": c.short if c else "", "kind": c.kind if c else "",
                "in_roster": c is not None, "articles": self.articles, "briefs": self.briefs,
                "total": self.total, "words": self.words, "issue_count": len(self.issues), "issues": self.issues}


def issues_of_year(root: Path, config: Config, year: int) -> list[str]:
    """Issues whose issue.yaml date is in the year, by date (then name)."""
    found = []
    for name in list_issues(root):
        b = load_issue(root, name, config).bulletin
        if b.date is not None and b.date.year == year:
            found.append((b.date, name))
    return [name for _, name in sorted(found)]


def select_issues(root: Path, config: Config, year: int | None, names: list[str]) -> list[str]:
    if year is not None and names:
        raise UsageError("--year 与期名只能二选一：--year 2026 统计日期在该年的各期，或直接列出期名")
    if names:
        return names
    if year is None:
        raise UsageError("请给出 --year 年份（如 --year 2026），或列出要统计的期名（如 2026Q1 2026Q2）")
    issues = issues_of_year(root, config, year)
    if not issues:
        known = list_issues(root)
        raise UsageError(f"没有日期在 {year} 年的一期（issue.yaml 的 date）。"
                         + (f"现有各期：{'、'.join(known)}" if known else ""))
    return issues


def center_stats(summaries: list[IssueSummary], roster: Roster) -> list[CenterStats]:
    """Rows sorted by contributions (articles + briefs), then words, then roster order."""
    rows: dict[object, CenterStats] = {}
    for i, c in enumerate(roster.centers):
        rows[id(c)] = CenterStats(c.name, c, order=i)
    for s in summaries:
        for p in s.pieces:
            keys = [id(c) for c in p.centers] or [clean(p.article.center) or "（缺少供稿单位）"]
            for k in keys:
                if k not in rows:
                    rows[k] = CenterStats(str(k), None, order=len(rows))
                row = rows[k]
                if p.kind == "brief":
                    row.briefs += 1
                else:
                    row.articles += 1
                row.words += p.words
                if s.name not in row.issues:
                    row.issues.append(s.name)
    return sorted(rows.values(), key=lambda r: (-r.total, -r.words, r.order))


def gather(root: Path, config: Config, roster: Roster, issues: list[str]) -> tuple[list[IssueSummary], list[CenterStats]]:
    summaries = [collect(root, name, config, roster, run_checks=False) for name in issues]
    return summaries, center_stats(summaries, roster)


CSV_HEADER = ["中心", "简称", "类别", "在名单中", "文章", "简讯", "合计", "字数", "期数", "各期"]


def csv_row(r: CenterStats) -> list:
    rec = r.record()
    return [rec["center"], rec["short"], rec["kind"], "是" if rec["in_roster"] else "否", rec["articles"],
            rec["briefs"], rec["total"], rec["words"], rec["issue_count"], "、".join(rec["issues"])]
