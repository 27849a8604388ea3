"""Finding Chinese fonts installed on the system (Windows, macOS, Linux).

Linux (and any system with fontconfig): `fc-list :lang=zh` lists file, face
index, every localized family name and the outline format.  Without
fc-list (Windows, stock macOS, minimal Linux) the usual font folders are
scanned and each file's `name` and `OS/2` tables read with fontTools; the
result of a scan is kept per process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
FC_TIMEOUT = 10.0


@dataclass
class SystemFace:
    path: Path
    index: int
    families: list[str]  # every family name the font carries, localized ones included
    truetype: bool | None = None  # glyf outlines; None = not known yet
    style: str = ""
    keys: set[str] = field(default_factory=set)  # normalized family names

    def __post_init__(self) -> None:
        self.keys = {norm(f) for f in self.families if f}

    @property
    def family(self) -> str:
        """A display name: the first family name (fontconfig lists the English one first)."""
        return self.families[0] if self.families else self.path.stem


def norm(name: str) -> str:
    """Family names compare case-insensitively, ignoring spaces, '-' and '_'."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


# Chinese and English names of the same family: a candidate matches any of its aliases.
ALIASES: list[tuple[str, ...]] = [
    ("仿宋", "FangSong", "SimFang"),
    ("仿宋_GB2312", "FangSong_GB2312", "FangSongGB2312"),
    ("黑体", "SimHei"),
    ("楷体", "KaiTi", "SimKai"),
    ("楷体_GB2312", "KaiTi_GB2312"),
    ("宋体", "SimSun"),
    ("新宋体", "NSimSun"),
    ("微软雅黑", "Microsoft YaHei"),
    ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "FZXBSJW"),
    ("方正仿宋简体", "FZFangSong-Z02S"),
    ("方正黑体简体", "FZHei-B01S"),
    ("方正楷体简体", "FZKai-Z03S"),
    ("华文中宋", "STZhongsong"),
    ("华文仿宋", "STFangsong"),
    ("华文楷体", "STKaiti"),
    ("华文宋体", "STSong"),
    ("华文黑体", "STHeiti"),
    ("华文细黑", "STXihei"),
    ("宋体-简", "Songti SC"),
    ("黑体-简", "Heiti SC"),
    ("楷体-简", "Kaiti SC"),
    ("苹方-简", "PingFang SC"),
    ("文泉驿正黑", "文泉驛正黑", "WenQuanYi Zen Hei"),
    ("文泉驿微米黑", "文泉驛微米黑", "WenQuanYi Micro Hei"),
    ("思源宋体", "Source Han Serif SC", "Noto Serif CJK SC"),
    ("思源黑体", "Source Han Sans SC", "Noto Sans CJK SC"),
    ("霞鹜文楷", "LXGW WenKai"),
]
_ALIAS_OF: dict[str, set[str]] = {}
for _group in ALIASES:
    _keys = {norm(n) for n in _group}
    for _k in _keys:
        _ALIAS_OF.setdefault(_k, set()).update(_keys)


def aliases(name: str) -> set[str]:
    k = norm(name)
    return _ALIAS_OF.get(k, set()) | {k}


# --------------------------------------------------------------------------- generic classes
SANS_WORDS = ("hei", "sans", "gothic", "黑", "yahei", "pingfang", "苹方", "雅黑")
SERIF_WORDS = ("song", "sung", "ming", "serif", "宋", "明", "kai", "楷", "fang", "仿", "mincho")
SONG_WORDS = ("song", "sung", "ming", "serif", "宋", "明", "mincho")
AVOID_WORDS = ("mono", "sharp", "bitmap", "等宽", "等寬", "點陣", "点阵", "mbe")


def classify(face: SystemFace) -> str:
    """"sans", "serif" or "" (unknown) from the family names."""
    names = " ".join(face.families).casefold()
    if any(w in names for w in SANS_WORDS):
        return "sans"
    if any(w in names for w in SERIF_WORDS):
        return "serif"
    return ""


def generic_rank(face: SystemFace, klass: str) -> tuple:
    """Sort key for generic substitutes of a class: better first."""
    names = " ".join(face.families).casefold()
    return (
        any(w in names for w in AVOID_WORDS),
        not any(t in names for t in (" cn", " sc", " gb", "简")) and any(t in names for t in (" tw", " hk", "繁")),
        klass == "serif" and not any(w in names for w in SONG_WORDS),
        str(face.path), face.index,
    )


# --------------------------------------------------------------------------- discovery
def font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows")
        dirs = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                Path("/Library/Fonts"), home / "Library" / "Fonts"] + sorted(
            # fonts downloaded on demand (e.g. Kaiti SC, Songti SC in recent macOS)
            Path("/System/Library/AssetsV2").glob("com_apple_MobileAsset_Font*"))
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts", home / ".fonts"]


def _fc_list() -> list[SystemFace] | None:
    exe = shutil.which("fc-list")
    if not exe:
        return None
    try:
        proc = subprocess.run(
            [exe, "-f", r"%{file}\t%{index}\t%{family}\t%{style}\t%{fontformat}\n", ":lang=zh"],
            capture_output=True, timeout=FC_TIMEOUT, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    faces = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0]:
            continue
        path = Path(parts[0])
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        try:
            index = int(parts[1] or 0)
        except ValueError:
            index = 0
        if index > 0xFFFF:  # variable-font named instances: index = (instance << 16) | face
            continue
        families = [f.strip() for f in parts[2].split(",") if f.strip()]
        fmt = parts[4].strip() if len(parts) > 4 else ""
        truetype = None if not fmt else fmt == "TrueType"
        faces.append(SystemFace(path, index, families, truetype, parts[3].split(",")[0] if len(parts) > 3 else ""))
    return faces


def _is_chinese_font(font) -> bool:
    """OS/2 says the font covers GB2312 / Big5 code pages or CJK ideographs."""
    os2 = font.get("OS/2") if "OS/2" in font else None
    if os2 is None:
        return False
    cp1 = getattr(os2, "ulCodePageRange1", 0) or 0
    ur2 = getattr(os2, "ulUnicodeRange2", 0) or 0
    return bool(cp1 & ((1 << 18) | (1 << 20))) or bool(ur2 & (1 << (59 - 32)))


def _lang_rank(rec) -> int:
    """English names first, then Simplified Chinese, then the rest (as fontconfig lists them)."""
    lang = rec.langID if rec.platformID == 3 else -1
    return {0x0409: 0, 0x0804: 1, 0x1004: 2}.get(lang, 3)


def family_names(font) -> list[str]:
    """Typographic (16) and legacy (1) family names of a TTFont, English first."""
    names: list[str] = []
    if "name" not in font:
        return names
    recs = [r for r in font["name"].names if r.nameID in (1, 16) and r.platformID in (0, 3)]
    for rec in sorted(recs, key=lambda r: (r.nameID != 16, _lang_rank(r))):
        try:
            s = rec.toUnicode().strip()
        except Exception:  # noqa: BLE001 - undecodable record
            continue
        if s and s not in names:
            names.append(s)
    return names


def inspect_file(path: Path) -> list[SystemFace]:
    """Chinese faces in one font file (all subfonts of a collection)."""
    from fontTools.ttLib import TTCollection, TTFont

    faces = []
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            with TTCollection(str(path), lazy=True) as coll:
                fonts = list(coll.fonts)
                for i, f in enumerate(fonts):
                    if _is_chinese_font(f):
                        faces.append(SystemFace(path, i, family_names(f), "glyf" in f))
        else:
            with TTFont(str(path), lazy=True) as f:
                if _is_chinese_font(f):
                    faces.append(SystemFace(path, 0, family_names(f), "glyf" in f))
    except Exception:  # unreadable or not a font: skip
        return []
    return [f for f in faces if f.families]


def _scan(dirs: list[Path]) -> list[SystemFace]:
    faces: list[SystemFace] = []
    seen: set[str] = set()
    for d in dirs:
        if not d.is_dir():
            continue
        for root, _dirs, files in os.walk(d):
            for name in sorted(files):
                if not name.lower().endswith(FONT_SUFFIXES):
                    continue
                p = Path(root) / name
                key = os.path.normcase(str(p))
                if key in seen:
                    continue
                seen.add(key)
                faces.extend(inspect_file(p))
    return faces


_INDEX: dict[tuple, list[SystemFace]] = {}


def system_faces(use_fc_list: bool = True) -> list[SystemFace]:
    """Every Chinese face installed on the system (cached per process)."""
    key = (sys.platform, use_fc_list)
    if key not in _INDEX:
        faces = _fc_list() if use_fc_list and sys.platform != "win32" else None
        if faces is None:
            faces = _scan(font_dirs())
        _INDEX[key] = faces
    return _INDEX[key]


def matched_name(name: str, face: SystemFace) -> str:
    """The face's own family name that matched the candidate name (the candidate if it is one)."""
    wanted = aliases(name)
    if norm(name) in face.keys:
        return name
    return next((f for f in face.families if norm(f) in wanted), face.family)


def find_family(name: str, faces: list[SystemFace]) -> list[SystemFace]:
    """Faces whose family names match name (or one of its Chinese/English aliases)."""
    wanted = aliases(name)
    hits = [f for f in faces if f.keys & wanted]
    # Regular/Book/Light before Bold/Italic
    return sorted(hits, key=lambda f: (bool(re.search(r"bold|italic|oblique|粗|斜", f.style, re.I)), f.index))
