"""What each article of an issue contributes: its center (matched to the
roster), words as the check rules count them, estimated pages, 点评, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..check.runner import check_issue
from ..check.style import block_chars
from ..config import Config
from ..layout import Layout
from ..load.issue import LoadedIssue, load_issue
from ..model import Article
from ..roster import Center, Roster
from ..wording import Wording
from ..write.docx.estimate import PageModel, article_pieces, block_lines, estimate


@dataclass
class Piece:
    """One article or brief of an issue."""

    issue: str
    article: Article
    centers: list[Center]  # roster entries (several for a joint center line); [] = not in the roster
    words: int
    pages: float  # estimated: whole pages for an article that starts a new page
    errors: int = 0
    warnings: int = 0

    @property
    def kind(self) -> str:
        return "brief" if self.article.is_brief else "article"

    @property
    def has_commentary(self) -> bool:
        c = self.article.commentary
        return c is not None and any(getattr(b, "text", "x").strip() for b in c.blocks)


@dataclass
class IssueSummary:
    name: str
    loaded: LoadedIssue
    pieces: list[Piece] = field(default_factory=list)
    pages: int = 0  # estimated pages of the whole issue (even: the 版记 ends on an even page)

    @property
    def articles(self) -> int:
        return sum(1 for p in self.pieces if p.kind == "article")

    @property
    def briefs(self) -> int:
        return sum(1 for p in self.pieces if p.kind == "brief")


def collect(root: Path, issue: str, config: Config, roster: Roster, run_checks: bool = True) -> IssueSummary:
    loaded = load_issue(root, issue, config)
    bulletin = loaded.bulletin
    layout = Layout.from_config(config)
    wording = Wording(root)
    counts: dict[str, list[int]] = {}
    if run_checks:
        for f in check_issue(loaded, config):
            c = counts.setdefault(str(f.path.resolve()), [0, 0])
            c[0 if f.severity == "error" else 1] += 1
    summary = IssueSummary(bulletin.issue, loaded)
    lpp = layout.lines_per_page
    for a in bulletin.articles():
        if a.is_brief:  # as estimate() runs a brief on: half a line of space, the center line, the text
            lines = 0.5 + 1 + sum(block_lines(b, layout) for b in a.blocks)
            pages = round(lines / lpp, 1)
        else:
            model = PageModel(layout)  # laid out alone, by the keep rules the writers follow
            model.flow(article_pieces(a, layout))
            lines = (model.page - 1) * lpp + model.used
            pages = float(model.page) if layout.article_new_page else round(lines / lpp, 1)
        e, w = counts.get(str(a.path.resolve()), [0, 0])
        summary.pieces.append(Piece(bulletin.issue, a, roster.match_all(a.center) if a.center else [],
                                    block_chars(a.blocks), pages, e, w))
    # the whole issue as the writers page it: masthead, 按语, TOC, articles; rounded up to even
    toc = None
    if layout.wants_toc(bulletin):
        toc = []  # the entries the writers print: section headings and full articles
        for section in bulletin.sections:
            if section.heading:
                toc.append((section.heading, ""))
            toc += [(e.text, e.center) for e in map(wording.toc_entry, [a for a in section.articles if not a.is_brief])]
    split = toc is not None and layout.page_numbering == "first_article"
    end = estimate(bulletin, layout, wording, toc, split_front=split)["§end"]
    summary.pages = end + (end % 2 if layout.colophon_even_page else 0)
    return summary
