"""The roster of centers (centers.yaml beside config.yaml): who may send articles.

    centers:
      - name: 河南省护理质量控制中心   # full name, as on the center line
        short: 护理
        kind: 省级                     # 省级 | 市州 | 县级
        contact: 张三
        email: hlzk@example.cn
        phone: 0371-00000000
        aliases: [河南省护理质控中心]   # optional: old names that still count as this center

A missing file means "no roster": every command works without it.  The
structure (YAML syntax, a list of mappings, unknown keys, a missing name) is
validated like config.yaml, with file and line; what an editor may leave for
later (duplicates, near-duplicate names, a bad kind or e-mail address) comes
back as findings so the roster is still usable.

Matching a center line to an entry is exact (after removing spaces and the
trailing dash) on the name or an alias; `key()` is a looser form (质量控制 =
质控, no 省/市/州 characters) used to group renamed or variant spellings in
`status` and `stats` and to find duplicates.  Only the standard library is
imported here: `qcbrief check` loads this module.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Finding
from .errors import ConfigError
from .load.textfile import read_text
from .load.yamlsrc import YamlDoc, load_yaml

ROSTER_NAME = "centers.yaml"
KINDS = ("省级", "市州", "县级")
KEYS = ("name", "short", "kind", "contact", "email", "phone", "aliases")
KEY_HELP = {"name": "全称", "short": "简称", "kind": "类别（省级/市州/县级）", "contact": "联系人",
            "email": "邮箱", "phone": "电话", "aliases": "曾用名列表"}
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
# words a specialty may carry or drop without becoming another one (超声医学 = 超声诊断 = 超声)
_GENERIC = ("医学", "专业", "管理", "质量", "诊疗", "诊断", "工作")
NEAR_RATIO = 0.8


@dataclass
class Center:
    name: str
    short: str = ""
    kind: str = ""
    contact: str = ""
    email: str = ""
    phone: str = ""
    aliases: list[str] = field(default_factory=list)
    line: int = 0  # line of the entry in centers.yaml (0: not from a file)

    @property
    def label(self) -> str:
        return self.short or self.name

    def as_dict(self) -> dict:
        d = {"name": self.name, "short": self.short, "kind": self.kind, "contact": self.contact,
             "email": self.email, "phone": self.phone}
        if self.aliases:
            d["aliases"] = list(self.aliases)
        return d


def clean(name: str) -> str:
    """A center name as written, compared exactly: NFKC, no spaces, no trailing dash."""
    s = unicodedata.normalize("NFKC", str(name))
    s = re.sub(r"\s+", "", s)
    return re.sub(r"(?:——|—|--|-|－－|―)+$", "", s)


def key(name: str) -> str:
    """Looser form for grouping and duplicates: 质量控制 = 质控, 省/市/州 characters dropped."""
    s = clean(name).replace("质量控制", "质控")
    return re.sub(r"[省市州]", "", s)


_PLACE_RE = re.compile(r"^(.{1,10}?(?:自治州|自治县|省|市|州|县|区))")
_SUFFIX_RE = re.compile(r"(?:质量控制|质控)?中心$")


def split_name(name: str) -> tuple[str, str]:
    """(place, specialty): 甲省护理质量控制中心 -> (甲, 护理)."""
    s = clean(name)
    m = _PLACE_RE.match(s)
    place, rest = (m.group(1), s[m.end():]) if m else ("", s)
    place = re.sub(r"(?:自治州|自治县|省|市|州|县|区)$", "", place)
    spec = _SUFFIX_RE.sub("", rest.replace("质量控制", "质控"))
    return place, spec


def _core(spec: str) -> str:
    for w in _GENERIC:
        spec = spec.replace(w, "")
    return spec or "?"


def near_duplicate(a: str, b: str) -> bool:
    """Two different names that probably mean one center (not the same key)."""
    pa, sa = split_name(a)
    pb, sb = split_name(b)
    if pa and pb and not (pa.startswith(pb) or pb.startswith(pa)):
        return False
    ca, cb = _core(sa), _core(sb)
    if ca == cb:
        return True
    return difflib.SequenceMatcher(None, ca, cb).ratio() >= NEAR_RATIO


@dataclass
class Roster:
    path: Path | None
    centers: list[Center] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # QC141-QC143, see check/roster.py
    _exact: dict[str, Center] = field(default_factory=dict, repr=False)
    _loose: dict[str, Center] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self._exact, self._loose = {}, {}
        for c in self.centers:
            for n in [c.name, *c.aliases]:
                self._exact.setdefault(clean(n), c)
                self._loose.setdefault(key(n), c)

    def __bool__(self) -> bool:
        return bool(self.centers)

    def exact(self, name: str) -> Center | None:
        """The entry whose name or alias is this center line (spaces and dash aside)."""
        return self._exact.get(clean(name))

    def match(self, name: str) -> Center | None:
        """The entry this center line means: exact, else the same loose key (质控 = 质量控制…)."""
        return self.exact(name) or self._loose.get(key(name))

    def match_all(self, name: str) -> list[Center]:
        """Entries of a center line, a joint one (“A、B”, two lines) giving several."""
        hit = self.match(name)
        if hit is not None:
            return [hit]
        out = []
        for part in re.split(r"[、；;\n]+", name):
            c = self.match(part) if part.strip() else None
            if c is not None and c not in out:
                out.append(c)
        return out

    def closest(self, name: str, n: int = 3) -> list[Center]:
        """The entries nearest to a name that matches none, best first: the whole
        name and the specialty (护理, 超声医学…) weigh half each."""
        target, (place, spec) = key(name), split_name(name)
        scored = []
        for c in self.centers:
            best = 0.0
            for x in [c.name, *c.aliases]:
                other_place, other_spec = split_name(x)
                whole = difflib.SequenceMatcher(None, target, key(x)).ratio()
                part = difflib.SequenceMatcher(None, _core(spec), _core(other_spec)).ratio()
                score = (whole + part) / 2
                if place and other_place and not (place.startswith(other_place) or other_place.startswith(place)):
                    score *= 0.8  # another province or city: a weaker guess
                best = max(best, score)
            scored.append((best, c))
        scored.sort(key=lambda t: -t[0])
        if not scored or scored[0][0] < 0.6:
            return []
        top = scored[0][0]
        return [c for score, c in scored[:n] if score >= max(0.6, top - 0.15)]


def roster_path(root: Path) -> Path:
    return Path(root) / ROSTER_NAME


def _did_you_mean(k: str) -> str:
    close = difflib.get_close_matches(k, KEYS, n=1, cutoff=0.5)
    return f"，您是否想写“{close[0]}”？" if close else f"。可用的键：{'、'.join(KEYS)}"


def _text(value, doc: YamlDoc, keys: tuple) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ConfigError(f"“{keys[-1]}”应为一段文字", doc.path, doc.value_line(*keys))
    return doc.scalars.get(keys, str(value)).strip() if not isinstance(value, str) else value.strip()


def parse(text: str, path: Path) -> Roster:
    """Validate centers.yaml text; ConfigError (file/line) for what makes it unusable."""
    doc = load_yaml(text, path, error_cls=ConfigError)
    data = doc.data
    if data is None:
        return Roster(path)
    if isinstance(data, list):
        items, prefix = data, ()
    elif isinstance(data, dict):
        for k in data:
            if k != "centers":
                raise ConfigError(f"{ROSTER_NAME} 中未知的键“{k}”：名单写在 centers: 之下", path, doc.line_of(k))
        items, prefix = data.get("centers") or [], ("centers",)
        if not isinstance(items, list):
            raise ConfigError("centers 应为列表：每个中心一项，以“- name: 全称”开始", path, doc.value_line("centers"))
    else:
        raise ConfigError(f"{ROSTER_NAME} 应以 centers: 开始，其下每个中心一项（- name: 全称）", path, 1)
    centers = []
    for i, item in enumerate(items):
        keys = prefix + (i,)
        if isinstance(item, str):  # a bare name is allowed: "- 甲省护理质量控制中心"
            item = {"name": item}
        if not isinstance(item, dict):
            raise ConfigError("名单中的每一项应为“name: 全称”等键值，或直接写中心全称", path, doc.line_of(*keys))
        for k in item:
            if k not in KEYS:
                raise ConfigError(f"未知的键“{k}”{_did_you_mean(str(k))}", path, doc.line_of(*keys, k))
        name = _text(item.get("name"), doc, keys + ("name",))
        if not name:
            raise ConfigError("缺少中心全称 name", path, doc.line_of(*keys))
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or any(isinstance(a, (dict, list)) for a in aliases):
            raise ConfigError("aliases 应为曾用名列表，如 aliases: [旧名称]", path, doc.value_line(*keys, "aliases"))
        centers.append(Center(
            name=clean(name), short=_text(item.get("short"), doc, keys + ("short",)),
            kind=_text(item.get("kind"), doc, keys + ("kind",)),
            contact=_text(item.get("contact"), doc, keys + ("contact",)),
            email=_text(item.get("email"), doc, keys + ("email",)),
            phone=_text(item.get("phone"), doc, keys + ("phone",)),
            aliases=[clean(a) for a in aliases if a is not None and clean(a)],
            line=doc.line_of(*keys),
        ))
    roster = Roster(path, centers)
    roster.findings = audit(centers, path, lambda c, k: _key_line(doc, prefix, centers.index(c), k))
    return roster


def _key_line(doc: YamlDoc, prefix: tuple, i: int, k: str) -> int:
    return doc.line_of(*prefix, i, k)


def audit(centers: list[Center], path: Path | None, line_of=None) -> list[Finding]:
    """Duplicates (QC141), near-duplicate names (QC142), bad kind or e-mail (QC143)."""
    line_of = line_of or (lambda c, k: c.line)
    where = Path(path) if path else Path(ROSTER_NAME)
    out: list[Finding] = []

    def add(code, severity, c, k, message):
        out.append(Finding(where, max(line_of(c, k), 1), 1, code, severity, message))

    seen: dict[str, tuple[Center, str]] = {}
    for c in centers:
        for n in [c.name, *c.aliases]:
            k = key(n)
            if k in seen and seen[k][0] is not c:
                first, fname = seen[k]
                same = "重复" if clean(n) == clean(fname) else "实为同一名称（“质量控制”与“质控”、省/市字样不计）"
                add("QC141", "error", c, "name",
                    f"“{n}”与第 {first.line} 行的“{fname}”{same}：请删去一项，或把旧名称写入 aliases")
            else:
                seen.setdefault(k, (c, n))
    for i, a in enumerate(centers):
        for b in centers[i + 1:]:
            if key(a.name) != key(b.name) and near_duplicate(a.name, b.name):
                add("QC142", "warning", b, "name",
                    f"“{b.name}”与第 {a.line} 行的“{a.name}”很相近，是否为同一中心？"
                    "是则删去一项（旧名称写入 aliases），不是则忽略本条")
    shorts: dict[str, Center] = {}
    for c in centers:
        if c.kind and c.kind not in KINDS:
            close = difflib.get_close_matches(c.kind, KINDS, n=1, cutoff=0.3)
            hint = f"，您是否想写“{close[0]}”？" if close else ""
            add("QC143", "error", c, "kind", f"类别“{c.kind}”只能是 {' / '.join(KINDS)}{hint}")
        if c.email and not EMAIL_RE.match(c.email):
            add("QC143", "error", c, "email", f"邮箱“{c.email}”格式不对（应如 name@example.cn）")
        if c.short:
            if c.short in shorts and shorts[c.short] is not c and shorts[c.short].kind == c.kind:
                add("QC142", "warning", c, "short", f"简称“{c.short}”与第 {shorts[c.short].line} 行的中心相同")
            shorts.setdefault(c.short, c)
    return sorted(out, key=Finding.sort_key)


_CACHE: dict[tuple[Path, bool], tuple[int, int, Roster]] = {}


def _quick(text: str, path: Path) -> Roster | None:
    """Names and aliases only, read with libyaml (about 25 times faster than the
    position-keeping parse): what `check` needs for QC140 on every run.  None when
    libyaml is missing or the file is anything but a plain, valid roster - then the
    full parse reads it and names the problem with its line."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None or re.search(r"(?m)(^|[\s\[{,:-])[&*!]", text):  # anchors, aliases, tags: full parse
        return None
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return None
    items = data.get("centers") if isinstance(data, dict) and set(data) <= {"centers"} else None
    if not isinstance(items, list):
        return None
    centers = []
    for item in items:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not set(item) <= set(KEYS) or not isinstance(item.get("name"), str):
            return None
        aliases = item.get("aliases") or []
        aliases = [aliases] if isinstance(aliases, str) else aliases
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            return None
        if any(isinstance(item.get(k), (dict, list)) for k in ("short", "kind", "contact", "email", "phone")):
            return None
        centers.append(Center(name=clean(item["name"]), short=str(item.get("short") or "").strip(),
                              kind=str(item.get("kind") or "").strip(), aliases=[clean(a) for a in aliases if clean(a)]))
    if not all(c.name for c in centers):
        return None
    return Roster(path, centers)


def load_roster(root: Path, quick: bool = False) -> Roster:
    """<root>/centers.yaml, or an empty roster when there is none.  quick: names
    and aliases for matching only (no findings, no contacts; see _quick)."""
    path = roster_path(root)
    try:
        st = path.stat()
    except OSError:
        return Roster(None)
    for key_ in ((path, False), (path, True)) if quick else ((path, False),):
        cached = _CACHE.get(key_)
        if cached and cached[0] == st.st_mtime_ns and cached[1] == st.st_size:
            return cached[2]
    text = read_text(path, error_cls=ConfigError)
    fast = _quick(text, path) if quick else None
    roster = fast or parse(text, path)
    _CACHE[(path, fast is not None)] = (st.st_mtime_ns, st.st_size, roster)
    return roster
