"""`qcbrief status`: every roster center for one issue - sent or not, what, how
long, with 点评 or not, how many findings - plus the articles whose center is
not in the roster, totals, and the centers still to chase (催稿)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..check.formatters import display_path
from ..roster import Center, Roster, clean
from .collect import IssueSummary, Piece

SENT, MISSING, UNLISTED = "已交稿", "未交稿", "不在名单"


@dataclass
class Row:
    name: str  # the roster's full name, or the center line as written (不在名单)
    state: str  # SENT | MISSING | UNLISTED
    center: Center | None = None
    pieces: list[Piece] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(p.words for p in self.pieces)

    @property
    def pages(self) -> float:
        return round(sum(p.pages for p in self.pieces), 1)

    @property
    def errors(self) -> int:
        return sum(p.errors for p in self.pieces)

    @property
    def warnings(self) -> int:
        return sum(p.warnings for p in self.pieces)

    def commentary(self) -> str:
        """有 / 无 per article (— for a brief, which has none)."""
        return "；".join("—" if p.kind == "brief" else ("有" if p.has_commentary else "无") for p in self.pieces)

    def record(self, root) -> dict:
        c = self.center
        return {
            "center": self.name,
            "short": c.short if c else "",
            "kind": c.kind if c else "",
            "status": self.state,
            "articles": sum(1 for p in self.pieces if p.kind == "article"),
            "briefs": sum(1 for p in self.pieces if p.kind == "brief"),
            "files": [display_path(p.article.path, root) for p in self.pieces],
            "titles": [p.article.title for p in self.pieces],
            "words": self.words,
            "pages": self.pages,
            "commentary": ["brief" if p.kind == "brief" else p.has_commentary for p in self.pieces],
            "errors": self.errors,
            "warnings": self.warnings,
            "contact": c.contact if c else "",
            "email": c.email if c else "",
            "phone": c.phone if c else "",
        }


def status_rows(summary: IssueSummary, roster: Roster) -> list[Row]:
    """Roster centers in roster order, then the centers not in the roster (in TOC order)."""
    rows = [Row(c.name, MISSING, c) for c in roster.centers]
    by_center = {id(r.center): r for r in rows}
    unlisted: dict[str, Row] = {}
    for piece in summary.pieces:
        if piece.centers:
            for c in piece.centers:
                row = by_center[id(c)]
                row.state = SENT
                row.pieces.append(piece)
        else:  # without a roster every center that sent something has simply sent it
            name = clean(piece.article.center) or "（缺少供稿单位）"
            unlisted.setdefault(name, Row(name, UNLISTED if roster else SENT)).pieces.append(piece)
    return rows + list(unlisted.values())


def missing(rows: list[Row]) -> list[Center]:
    return [r.center for r in rows if r.state == MISSING and r.center is not None]


def totals(summary: IssueSummary, rows: list[Row], roster: Roster) -> dict:
    return {
        "articles": summary.articles,
        "briefs": summary.briefs,
        "pages": summary.pages,
        "words": sum(p.words for p in summary.pieces),
        "centers": len(roster.centers),
        "sent": sum(1 for r in rows if r.state == SENT),
        "missing": sum(1 for r in rows if r.state == MISSING),
        "unlisted": sum(1 for r in rows if r.state == UNLISTED),
        "errors": sum(p.errors for p in summary.pieces),
        "warnings": sum(p.warnings for p in summary.pieces),
    }


CSV_HEADER = ["中心", "简称", "类别", "状态", "文章", "简讯", "文件", "标题", "字数", "估计页数", "点评",
              "错误", "警告", "联系人", "邮箱", "电话"]


def csv_row(rec: dict) -> list:
    yes = {True: "有", False: "无", "brief": "—"}
    return [rec["center"], rec["short"], rec["kind"], rec["status"], rec["articles"], rec["briefs"],
            "；".join(rec["files"]), "；".join(title_text(t, c) for t, c in zip(rec["titles"], rec["commentary"])), rec["words"],
            _num(rec["pages"]), "；".join(yes[c] for c in rec["commentary"]), rec["errors"], rec["warnings"],
            rec["contact"], rec["email"], rec["phone"]]


def title_text(title: str, commentary) -> str:
    return title or ("（简讯）" if commentary == "brief" else "（无标题）")


def _num(x: float):
    return int(x) if float(x).is_integer() else x
