"""The year's volume (合订本): which issues, in which order, and the index of centers.

Numbering is "as printed": every issue is bound exactly as it was printed (its own
masthead, TOC, page numbers and 版记), so the volume's TOC and index cite
"第N期 第P页" — the issue and the number printed on that issue's page.  The
writers (write/pdf/volume.py, write/docx/volume.py) lay the issues out with the
issue writers and fill in the pages; this module knows nothing about either.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import QcbriefError, UsageError
from .load.issue import ISSUE_FILE, LoadedIssue, issue_dir, list_issues, load_issue
from .load.yamlsrc import load_yaml
from .model import Article, Bulletin, Publication
from .roster import Roster, load_roster


@dataclass
class VolumeIssue:
    loaded: LoadedIssue

    @property
    def bulletin(self) -> Bulletin:
        return self.loaded.bulletin

    @property
    def label(self) -> str:
        """How the TOC and index name the issue: 第2期, else its subtitle or folder name."""
        b = self.bulletin
        if b.number:
            return f"第{b.number}期"
        return b.subtitle or b.issue

    @property
    def heading(self) -> str:
        """The issue's line in the year TOC: 第2期（总第10期）　2026年第2季度·专项行动篇."""
        b = self.bulletin
        head = self.label + (f"（总第{b.total_number}期）" if b.number and b.total_number else "")
        if b.number and b.subtitle:
            head += "　" + b.subtitle
        elif not b.number and b.date_text and not b.subtitle:
            head += "　" + b.date_text
        return head


@dataclass
class Volume:
    year: int
    issues: list[VolumeIssue]
    roster: Roster | None = None  # centers.yaml: index entries under the roster's names

    @property
    def publication(self) -> Publication:
        return self.issues[0].bulletin.publication

    @property
    def title(self) -> str:
        return f"{self.year}年合订本"

    def issue_range(self) -> str:
        """"第1期—第4期（总第9期—总第12期）" under the title (or the issues' labels)."""
        first, last = self.issues[0].bulletin, self.issues[-1].bulletin
        nums = [vi.bulletin.number for vi in self.issues]
        if all(nums):
            text = f"第{first.number}期" if len(self.issues) == 1 else f"第{first.number}期—第{last.number}期"
            totals = [vi.bulletin.total_number for vi in self.issues]
            if all(totals):
                text += (f"（总第{first.total_number}期）" if len(self.issues) == 1
                         else f"（总第{first.total_number}期—总第{last.total_number}期）")
            return text
        return "、".join(vi.label for vi in self.issues)


def index_heading(wording) -> str:
    return wording.labels.get("volume_index_heading", "供稿单位索引")


def index_note(wording) -> str:
    return wording.labels.get("volume_index_note", "")


# --------------------------------------------------------------------------- choosing the issues
def _issue_date(root: Path, name: str) -> dt.date | None:
    """The `date` of an issue.yaml, read on its own (a broken issue.yaml names file and line)."""
    path = root / "articles" / name / ISSUE_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QcbriefError(f"无法读取 {ISSUE_FILE}（{exc.__class__.__name__}），无法判断这一期是否属于该年。"
                           "可在命令中直接写出要装订的各期。", path) from None
    try:
        data = load_yaml(text, path).data
    except QcbriefError as exc:
        raise QcbriefError(f"{exc.message}；无法判断这一期是否属于该年。可在命令中直接写出要装订的各期。",
                           path, exc.line, exc.column) from None
    value = data.get("date") if isinstance(data, dict) else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def select_issues(root: Path, year: int, names: list[str]) -> list[str]:
    """The issues named (in that order), or every issue dated in `year`, by date."""
    if names:
        seen = []
        for n in names:
            folder = issue_dir(root, n)
            if not (folder / ISSUE_FILE).is_file():
                have = list_issues(root)
                hint = f"已有的期：{'、'.join(have)}" if have else f"{root / 'articles'} 中还没有任何一期"
                raise UsageError(f"找不到这一期：{n}。{hint}")
            if folder.name in seen:
                raise UsageError(f"同一期写了两次：{n}")
            seen.append(folder.name)
        return seen
    dated = []
    undated = []
    for name in list_issues(root):
        d = _issue_date(root, name)
        if d is None:
            undated.append(name)
        elif d.year == year:
            dated.append((d, name))
    if not dated:
        have = list_issues(root)
        msg = f"没有日期在 {year} 年的期（按各期 issue.yaml 的 date 判断）。"
        if have:
            msg += f"已有的期：{'、'.join(have)}"
        if undated:
            msg += f"；其中未写日期的：{'、'.join(undated)}（可在命令中直接写出要装订的各期）"
        raise UsageError(msg)
    return [name for _, name in sorted(dated)]


def load_volume(root: Path, year: int, names: list[str], config: Config) -> Volume:
    chosen = select_issues(root, year, names)
    roster = load_roster(root)
    return Volume(year, [VolumeIssue(load_issue(root, n, config)) for n in chosen], roster or None)


# --------------------------------------------------------------------------- index of centers
_DASHES = re.compile(r"[—\-－–―]+$")
_SPACE = re.compile(r"\s+")


def normalise_center(text: str) -> str:
    """A center as the index lists it: no spaces, no trailing "——"."""
    return _DASHES.sub("", _SPACE.sub("", text or "")).strip()


def centers_of(article: Article, roster: Roster | None = None) -> list[str]:
    """The centers an article's center line names: joint submissions ("A、B", or one per
    line) index under each; a name that merely contains "、" stays whole.  With a roster,
    a center it knows (by name, old name or the loose 质控 = 质量控制 key) is indexed under
    the roster's name, so one center written two ways is one entry."""
    raw = (article.center or "").replace("\r", "")
    if roster:
        known = roster.match_all(raw)
        if known:
            return list(dict.fromkeys(c.name for c in known))
    parts = [normalise_center(p) for p in re.split(r"[\n、]", raw)]
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(p.endswith(("中心", "办公室", "委员会")) for p in parts):
        return list(dict.fromkeys(parts))
    whole = normalise_center(raw.replace("\n", ""))
    return [whole] if whole else []


@dataclass
class IndexRef:
    issue: int  # position in Volume.issues
    stem: str  # the article (or brief) on the cited page
    page: int | None  # printed page number (None: unknown to the caller, e.g. a DOCX field)


@dataclass
class IndexEntry:
    center: str
    refs: list[IndexRef] = field(default_factory=list)


@dataclass
class IndexGroup:
    letter: str  # A … Z, or "#" for names not starting with a Chinese character or letter
    entries: list[IndexEntry] = field(default_factory=list)


def sort_key(name: str) -> tuple:
    """Pinyin order, as a Chinese index is sorted: syllable by syllable (pypinyin, with its
    phrase dictionary so that 重症 reads zhong, 长沙 chang), then tone, then the characters."""
    from pypinyin import Style, lazy_pinyin

    plain = lazy_pinyin(name, style=Style.NORMAL, errors=lambda s: list(s.lower()))
    toned = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s.lower()))
    return tuple(plain), tuple(toned), name


def initial(name: str) -> str:
    key = sort_key(name)[0]
    first = key[0][:1].upper() if key and key[0] else ""
    return first if "A" <= first <= "Z" else "#"


def build_index(volume: Volume, pages: list[dict[str, int | None]]) -> list[IndexGroup]:
    """Centers -> (issue, page) references, sorted by pinyin and grouped by initial.
    pages[k] maps an article stem of issue k to its printed page number."""
    entries: dict[str, IndexEntry] = {}
    for k, vi in enumerate(volume.issues):
        for a in vi.bulletin.articles():
            for c in centers_of(a, volume.roster):
                e = entries.setdefault(c, IndexEntry(c))
                page = pages[k].get(a.stem) if k < len(pages) else None
                if not any(r.issue == k and r.page == page and page is not None for r in e.refs):
                    e.refs.append(IndexRef(k, a.stem, page))
    groups: dict[str, IndexGroup] = {}
    for name in sorted(entries, key=sort_key):
        letter = initial(name)
        groups.setdefault(letter, IndexGroup(letter)).entries.append(entries[name])
    order = sorted(groups, key=lambda g: (g == "#", g))
    return [groups[g] for g in order]


def refs_text(volume: Volume, refs: list[IndexRef]) -> list[tuple[str, list[IndexRef]]]:
    """References grouped by issue: [("第1期", [ref, ref]), …] in volume order."""
    out: list[tuple[str, list[IndexRef]]] = []
    for r in refs:
        label = volume.issues[r.issue].label
        if out and out[-1][0] == label:
            out[-1][1].append(r)
        else:
            out.append((label, [r]))
    return out


def format_refs(volume: Volume, refs: list[IndexRef]) -> str:
    """"第1期 第3页；第2期 第1、7页" (pages as printed in each issue)."""
    parts = []
    for label, rs in refs_text(volume, refs):
        parts.append(f"{label} 第{'、'.join(str(r.page) for r in rs)}页")
    return "；".join(parts)
