"""Fonts for the PDF writer: which font file draws each type role.

Roles (config.yaml `fonts:`): title (小标宋/宋: bulletin name, article titles),
body (仿宋), heading (黑体), kai (楷体), song (宋体: page numbers).  Each
role lists candidates, best first: font family names or font file paths
(or names mapped to files in `fonts.files`).  A role is resolved to a chain
of faces, each a TrueType font registered in reportlab:

1. candidates that are files (directly or through `fonts.files`);
2. when system fonts are searched: candidates' family names among the
   installed Chinese fonts, then any installed Chinese font of the role's
   class (serif for title/body/kai/song, sans for heading) that covers the
   GB2312 hanzi;
3. the bundled Noto Serif SC / Noto Sans SC (pip package
   pylopdf-fonts-zh-cn), converted from CFF to TrueType and subset to the
   characters of the issue (cached, see fontcache.py).

Faces are added until the chain covers every character the issue prints, so
the bundled font is only converted when it is needed.  Drawing code asks
`FontSet.split_runs(role, text)` for runs of text, each with the first face
of the chain that has the glyphs (per-character fallback); `check_coverage`
fails the build when some character is in no font at all, instead of
printing empty boxes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import QcbriefError
from . import fontcache
from .punct import register_file
from .fontfiles import FONT_SUFFIXES, SystemFace, classify, find_family, family_names, generic_rank, matched_name, system_faces

ROLES = ("title", "body", "heading", "kai", "song", "masthead")
ROLE_NAMES = {"title": "标题", "body": "正文", "heading": "黑体", "kai": "楷体", "song": "宋体", "masthead": "报头"}
ROLE_CLASS = {"title": "serif", "body": "serif", "heading": "sans", "kai": "serif", "song": "serif", "masthead": "serif"}
SOURCE_NAMES = {"config": "配置", "system": "系统", "fallback": "内置后备"}
GENERIC_MIN_COVERAGE = 0.99  # of the GB2312 hanzi, for a system font used as a generic substitute

FONT_HELP = (
    "请安装含有这些字符的中文字体，并在 config.yaml 中指定，例如：\n"
    "  fonts:\n"
    "    files: {我的宋体: C:/Windows/Fonts/simsun.ttc}\n"
    "    body: [我的宋体, 仿宋_GB2312, 仿宋]\n"
    "Windows 自带宋体、仿宋、黑体、楷体；Linux 可安装 fonts-arphic-uming、fonts-arphic-ukai、"
    "fonts-wqy-zenhei；开源的思源（Noto CJK）字体见 https://github.com/notofonts/noto-cjk 。"
    "生僻字也可改用通用写法，或以图片插入。"
)


def _bundled() -> dict[str, tuple[str, Path]]:
    try:
        import pylopdf_fonts_zh_cn as pkg
    except ImportError:  # pragma: no cover - a dependency of qcbrief
        return {}
    return {"serif": ("Noto Serif SC", pkg.serif_path()), "sans": ("Noto Sans SC", pkg.sans_path())}


def ignorable(ch: str) -> bool:
    """Whitespace and control/format characters: never reported as missing."""
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return True
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"  # variation selectors


# --------------------------------------------------------------------------- faces
@dataclass(eq=False)
class FontFace:
    """One usable TrueType font, registered in reportlab under `name`."""

    name: str  # reportlab font name
    path: Path  # the .ttf/.ttc actually embedded (may be a cached converted file)
    family: str  # e.g. "FangSong", "AR PL UMing CN", "Noto Serif SC (qcbrief 内置)"
    source: str  # "config" | "system" | "fallback"
    index: int = 0  # subfont index in a .ttc
    origin: Path | None = None  # the CFF font it was converted from, if converted
    candidate: str = ""  # the config candidate (or generic class) that brought it in

    @property
    def codepoints(self) -> frozenset[int]:
        return fontcache.read_cmap(self.path, self.index)

    def covers(self, ch: str) -> bool:
        return len(ch) == 1 and ord(ch) in self.codepoints

    @property
    def converted(self) -> bool:
        return self.origin is not None

    def __repr__(self) -> str:
        return f"FontFace({self.name!r}, {self.family!r}, {self.source}, {str(self.path)!r}#{self.index})"


@dataclass
class FontSet:
    faces: dict[str, list[FontFace]]  # role -> chain, best first; the last entries are fallbacks
    notes: list[str] = field(default_factory=list)  # candidates skipped and why (Chinese)
    _memo: dict = field(default_factory=dict, repr=False)

    def primary(self, role: str) -> FontFace:
        return self.faces[role][0]

    def all_faces(self) -> list[FontFace]:
        seen, out = set(), []
        for role in ROLES:
            for f in self.faces.get(role, []):
                if f.name not in seen:
                    seen.add(f.name)
                    out.append(f)
        return out

    def face_for(self, role: str, ch: str) -> FontFace | None:
        """The first face of the role's chain that has ch; else any face that has it; else None."""
        key = (role, ch)
        if key in self._memo:
            return self._memo[key]
        hit = next((f for f in self.faces[role] if f.covers(ch)), None)
        if hit is None:
            hit = next((f for f in self.all_faces() if f.covers(ch)), None)
        self._memo[key] = hit
        return hit

    def split_runs(self, role: str, text: str) -> list[tuple[FontFace, str]]:
        """text as maximal runs drawable by one face each (per-character fallback).

        Characters no face covers (and whitespace the current face has) stay
        in the current run."""
        runs: list[tuple[FontFace, str]] = []
        cur: FontFace | None = None
        buf: list[str] = []
        for ch in text:
            if cur is not None and (ch.isspace() or ignorable(ch)) and (cur.covers(ch) or ignorable(ch)):
                face = cur
            else:
                face = self.face_for(role, ch) or cur or self.primary(role)
            if face is not cur and buf:
                runs.append((cur, "".join(buf)))
                buf = []
            cur = face
            buf.append(ch)
        if buf:
            runs.append((cur, "".join(buf)))
        return runs

    def missing(self, text: str, role: str = "body") -> set[str]:
        """Characters of text no face covers (whitespace and control characters ignored)."""
        return {ch for ch in set(text) if not ignorable(ch) and self.face_for(role, ch) is None}


# --------------------------------------------------------------------------- registration
_REGISTERED: dict[tuple, str] = {}


def _register(path: Path, index: int) -> str:
    """Register path#index in reportlab once per process; return its font name."""
    from reportlab.pdfbase import pdfmetrics

    from .ttfcache import load_ttfont

    st = path.stat()
    key = (str(path.resolve()), index, st.st_size, st.st_mtime_ns)
    name = _REGISTERED.get(key)
    if name is None:
        stem = re.sub(r"[^A-Za-z0-9]", "", path.stem)[:20] or "font"
        digest = hashlib.sha1(repr(key).encode()).hexdigest()[:8]
        name = f"qc-{stem}-{index}-{digest}"
        font = load_ttfont(name, path, index)  # parsed once, then from the cache
        # reportlab maps a second font with the same PostScript name to the first one
        # registered (two conversions of Noto Serif SC for different character sets in
        # one process would draw from the first): give the face a name of its own then
        same = getattr(pdfmetrics, "_dynFaceNames", {}).get(font.face.name)
        if same is not None and getattr(same.face, "filename", None) != font.face.filename:
            font.face.name = font.face.name + b"-" + digest.encode()
        pdfmetrics.registerFont(font)
        _REGISTERED[key] = name
    register_file(name, path, index)  # glyph ink boxes for punctuation placement
    return name


def _outline(path: Path, index: int) -> tuple[str, list[str]]:
    """("glyf" | "cff" | "", family names) of path#index; raises on unreadable files.
    Kept on disk per font version (fontcache.font_info)."""
    kind, names = fontcache.font_info(path, index, _read_outline)
    return kind, list(names)


def _read_outline(path: Path, index: int) -> tuple[str, list[str]]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), fontNumber=index, lazy=True) as f:
        kind = "glyf" if "glyf" in f else "cff" if ("CFF " in f or "CFF2" in f) else ""
        names = family_names(f)
    return kind, names


def _display_family(names: list[str], default: str) -> str:
    for n in names:
        if re.search(r"[\u4e00-\u9fff]", n):
            return n
    return names[0] if names else default


# --------------------------------------------------------------------------- resolution
class _Resolver:
    def __init__(self, config, chars: set[str] | None, use_system: bool):
        fcfg = config["fonts"]
        self.fcfg = fcfg
        self.root = config.root
        self.use_system = use_system
        self.chars = chars
        if chars is None:
            needed = set(fontcache.gb2312_hanzi()) | set(fontcache.gb2312_symbols())
        else:
            needed = {c for s in chars for c in s}
        self.needed = frozenset(ord(c) for c in needed if not ignorable(c))
        self.notes: list[str] = []
        self._faces: dict[tuple, FontFace | None] = {}
        self._sys: list[SystemFace] | None = None
        self._noted: set[str] = set()

    def note(self, msg: str) -> None:
        if msg not in self._noted:
            self._noted.add(msg)
            self.notes.append(msg)

    # -- files
    def _path_of(self, cand: str) -> tuple[Path, int] | None:
        """A file candidate (a path, or a name in fonts.files) -> (path, subfont index)."""
        files = self.fcfg.get("files") or {}
        target = files.get(cand)
        if target is None:
            looks_like_file = "/" in cand or "\\" in cand or cand.lower().split("#")[0].endswith(FONT_SUFFIXES)
            if not looks_like_file:
                return None
            target = cand
        index = 0
        m = re.match(r"^(.*)#(\d+)$", target)
        if m:
            target, index = m.group(1), int(m.group(2))
        p = Path(target).expanduser()
        if not p.is_absolute():
            p = self.root / p
        return p, index

    def face(self, path: Path, index: int, source: str, family: str | None, candidate: str) -> FontFace | None:
        """A registered face for path#index (CFF fonts converted), or None with a note."""
        key = (str(path), index, source)
        if key in self._faces:
            return self._faces[key]
        result = None
        try:
            kind, names = _outline(path, index)
            fam = family or _display_family(names, path.stem)
            origin = None
            use_path, use_index = path, index
            if kind == "cff":
                use_path = fontcache.convert(path, self._convert_chars(), index)
                use_index, origin = 0, path
            elif kind != "glyf":
                raise ValueError("no outlines")
            name = _register(use_path, use_index)
            result = FontFace(name, use_path, fam, source, use_index, origin, candidate)
        except Exception as exc:  # noqa: BLE001 - any unusable file becomes a note
            self.note(f"字体文件 {path}{f'#{index}' if index else ''} 无法使用，已跳过（{_reason(exc)}）")
        self._faces[key] = result
        return result

    def _convert_chars(self) -> set[str]:
        return {chr(c) for c in self.needed} if self.chars is not None else set(fontcache.gb2312_hanzi())

    # -- system
    def system(self) -> list[SystemFace]:
        if self._sys is None:
            self._sys = system_faces() if self.use_system else []
        return self._sys

    # -- roles
    def role(self, role: str) -> list[FontFace]:
        chain: list[FontFace] = []
        have: set[int] = set()

        def add(face: FontFace | None) -> bool:
            """Append face; True when the chain now covers every needed character."""
            if face is not None and all(f.name != face.name for f in chain):
                new = (self.needed & face.codepoints) - have
                if not chain or new:  # a face that adds no needed character is left out
                    chain.append(face)
                    have.update(face.codepoints)
            return bool(chain) and self.needed <= have

        def adds(sf: SystemFace) -> bool:
            """Whether a system face would add a needed character, read from the cached
            cmap: registering a face in reportlab parses the whole font (≈0.3 s for a
            CJK font), so a face that adds nothing is not registered at all."""
            if not chain:
                return True
            try:
                return bool((self.needed & fontcache.read_cmap(sf.path, sf.index)) - have)
            except Exception:  # noqa: BLE001 - unreadable: let face() note it
                return True

        for cand in self.fcfg[role]:
            pi = self._path_of(cand)
            if pi is not None:
                path, index = pi
                if not path.is_file():
                    self.note(f"fonts.{role}：字体文件不存在，已跳过：{path}")
                    continue
                if add(self.face(path, index, "config", None, cand)):
                    return chain
                continue
            if not self.use_system:
                continue
            for sf in find_family(cand, self.system()):
                if not adds(sf):
                    break  # one face per family name, and this one adds nothing
                face = self.face(sf.path, sf.index, "system", matched_name(cand, sf), cand)
                if face is None:
                    continue
                if add(face):
                    return chain
                break  # one face per family name (Regular before Bold)
        if self.use_system:
            klass = ROLE_CLASS[role]
            for sf in self._generic(klass):
                if adds(sf) and add(self.face(sf.path, sf.index, "system", sf.family, f"（通用{_CLASS_NAMES[klass]}）")):
                    return chain
        if self.fcfg.get("fallback", True):
            bundled = _bundled()
            fam, src = bundled.get(ROLE_CLASS[role], (None, None))
            if src is not None:
                face = self.face(src, 0, "fallback", f"{fam} (qcbrief 内置)", "（内置后备）")
                add(face)
            return chain
        if not chain and self.use_system:
            other = "sans" if ROLE_CLASS[role] == "serif" else "serif"
            for sf in self._generic(other):
                if add(self.face(sf.path, sf.index, "system", sf.family, f"（通用{_CLASS_NAMES[other]}）")):
                    break
        return chain

    _generic_cache: dict[str, list[SystemFace]] | None = None

    def _generic(self, klass: str) -> list[SystemFace]:
        """Installed TrueType Chinese fonts of a class that cover the GB2312 hanzi, best first."""
        if self._generic_cache is None:
            self._generic_cache = {}
        if klass not in self._generic_cache:
            hanzi = {ord(c) for c in fontcache.gb2312_hanzi()}
            out, seen = [], set()
            for sf in sorted(self.system(), key=lambda f: generic_rank(f, klass)):
                if classify(sf) != klass or (sf.path, sf.index) in seen or not _is_truetype(sf):
                    continue
                seen.add((sf.path, sf.index))
                try:
                    cov = len(hanzi & fontcache.read_cmap(sf.path, sf.index)) / len(hanzi)
                except Exception:  # noqa: BLE001
                    continue
                if cov >= GENERIC_MIN_COVERAGE:
                    out.append(sf)
            self._generic_cache[klass] = out
        return self._generic_cache[klass]


_CLASS_NAMES = {"serif": "衬线（宋/明）体", "sans": "无衬线（黑）体"}


def _is_truetype(sf: SystemFace) -> bool:
    if sf.truetype is None:
        try:
            sf.truetype = _outline(sf.path, sf.index)[0] == "glyf"
        except Exception:  # noqa: BLE001
            sf.truetype = False
    return sf.truetype


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:120]


def resolve_fonts(config, chars: set[str] | None = None, use_system: bool | None = None) -> FontSet:
    """Resolve every role of config["fonts"] to a chain of registered faces.

    chars: every character the issue will print (the bundled fallback is subset
    to them; None = the GB2312 character set).  use_system: search installed
    fonts (None = as config says).  Raises QcbriefError when a role has no
    usable face at all."""
    fcfg = config["fonts"]
    if use_system is None:
        use_system = bool(fcfg.get("system", True))
    r = _Resolver(config, chars, use_system)
    faces: dict[str, list[FontFace]] = {}
    failed = []
    for role in ROLES:
        if role == "masthead" and list(fcfg.get("masthead") or fcfg["title"]) == list(fcfg["title"]):
            if "title" in faces:  # the masthead uses the title's fonts: nothing more to register
                faces[role] = faces["title"]
            continue
        chain = r.role(role)
        if chain:
            faces[role] = chain
        else:
            failed.append(f"“{ROLE_NAMES[role]}”（fonts.{role}，已尝试：{'、'.join(fcfg[role])}）")
    if failed:
        how = "" if use_system else "（未查找系统字体）"
        raise QcbriefError(
            f"找不到可用的中文字体{how}：{'；'.join(failed)}。"
            + ("" if fcfg.get("fallback", True) else "内置后备字体已被 fonts.fallback: false 关闭。")
            + "".join(f"\n{n}" for n in r.notes)
            + "\n" + FONT_HELP
        )
    return FontSet(faces, r.notes)


def check_coverage(fontset: FontSet, texts: dict[str, str]) -> None:
    """Raise QcbriefError when some character of texts (role -> text) is in no font."""
    where: dict[str, list[str]] = {}
    for role, text in texts.items():
        for ch in sorted(fontset.missing(text, role if role in fontset.faces else "body")):
            where.setdefault(ch, []).append(ROLE_NAMES.get(role, role))
    if not where:
        return
    chars = sorted(where)
    shown = "、".join(f"“{ch}”（U+{ord(ch):04X}，{'/'.join(where[ch])}）" for ch in chars[:20])
    more = f"等 {len(chars)} 个字符" if len(chars) > 20 else f"共 {len(chars)} 个字符"
    raise QcbriefError(f"以下字符在所有可用字体中都没有字形，PDF 中将无法显示：{shown}，{more}。\n{FONT_HELP}")


# --------------------------------------------------------------------------- issue text
def _block_texts(block) -> list[str]:
    out = []
    if hasattr(block, "items"):  # ListBlock: the items and the markers the writers print
        out += [item.text for item in block.items]
        out += block.markers()
    elif hasattr(block, "rows"):  # Table
        out.append("".join(x.text for x in block.caption))
        for cell in block.header:
            out.append("".join(x.text for x in cell))
        for row in block.rows:
            for cell in row:
                out.append("".join(x.text for x in cell))
    elif hasattr(block, "caption"):  # Image
        out.append(block.caption or "")
    elif hasattr(block, "text"):
        out.append(block.text)
    return out


def issue_text(bulletin, wording=None) -> str:
    """Every piece of text the bulletin prints (articles, masthead, 版记, labels), joined.

    Used to decide which characters the fonts must carry.  Fixed labels and
    digits the writers add are included generously."""
    parts: list[str] = []
    pub = bulletin.publication
    parts += [pub.name, pub.office, pub.author, *pub.publishers]
    for d in pub.distribution:
        parts += [d.label, *d.recipients, "：；。、"]
    for label, value in pub.contact:
        parts += [label, value]
    parts += [bulletin.issue, bulletin.subtitle, bulletin.date_text, bulletin.preface,
              str(bulletin.number or ""), str(bulletin.total_number or "")]
    for section in bulletin.sections:
        parts.append(section.heading or "")
        for a in section.articles:
            parts += [a.center, a.title, str(a.number or "")]
            for block in a.all_blocks():
                parts += _block_texts(block)
            if a.commentary:
                parts.append(a.commentary.label)
    if wording is not None:
        labels = getattr(wording, "labels", None) or {}
        parts += [str(v) for v in labels.values()]
    parts.append(fontcache.ALWAYS)
    return "\n".join(p for p in parts if p)
