"""config.yaml: schema, defaults and validation with file/line messages.

The schema is data: each key has a type and a default.  Unknown keys get a
did-you-mean, wrong types and missing values name the line.  The validated
result is a plain nested dict with every default filled in, wrapped in
`Config` for the few things code asks for often.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .load.textfile import read_text
from .load.yamlsrc import YamlDoc, load_yaml

CONFIG_NAME = "config.yaml"


@dataclass(frozen=True)
class Spec:
    """One key of the schema: an expected type and a default."""

    kind: str  # "str" | "int" | "num" | "bool" | "strlist" | "fontlist" | "map" | "labelmap" | "choice"
    default: Any = None
    required: bool = False
    choices: tuple = ()
    children: dict[str, "Spec"] = field(default_factory=dict)
    help: str = ""


def _m(children: dict[str, Spec], help: str = "") -> Spec:
    return Spec("map", children=children, help=help)


SONG = ["宋体", "SimSun", "Songti SC", "STSong", "AR PL UMing CN", "AR PL SungtiL GB", "Noto Serif CJK SC", "Source Han Serif SC"]
FONT_ROLES = {
    # role: default candidates (family names or font file paths), best first
    "title": ["方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong"] + SONG,
    "body": ["仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312", "STFangsong", "华文仿宋"] + SONG,
    "heading": ["黑体", "SimHei", "Heiti SC", "STHeiti", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC"],
    "kai": ["楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312", "STKaiti", "华文楷体", "AR PL UKai CN", "AR PL KaitiM GB", "LXGW WenKai"],
    "song": SONG,
    "masthead": [],  # the bulletin name in the masthead; empty = the title's fonts
}

SCHEMA: dict[str, Spec] = {
    "bulletin": _m(
        {
            "name": Spec("str", required=True, help="简报名称（报头）"),
            "office": Spec("str", required=True, help="编印单位"),
            "publishers": Spec("strlist", default=[], help="版记上方的单位行"),
            "author": Spec("str", default="", help="文档属性中的作者，默认为编印单位"),
            "name_color": Spec("str", default="#E60012", help="报头名称与红线的颜色"),
        }
    ),
    "distribution": Spec("labelmap", default={}, help="报送范围：标签 → 单位列表，如 报、分送、抄送"),
    "contact": Spec("labelmap", default={}, help="投稿地址、电话、邮箱等：标签 → 内容"),
    "fonts": _m({role: Spec("fontlist", default=list(c)) for role, c in FONT_ROLES.items()}
                | {"files": Spec("map", default={}, help="字体名 → 字体文件路径"),
                   "system": Spec("bool", default=True, help="是否查找系统字体"),
                   "fallback": Spec("bool", default=True, help="无系统中文字体时使用随包安装的思源（Noto）字体")}),
    "layout": _m(
        {
            "page_width": Spec("num", 210.0),
            "page_height": Spec("num", 297.0),
            "margin_top": Spec("num", 37.0),
            "margin_left": Spec("num", 28.0),
            "type_width": Spec("num", 156.0),
            "type_height": Spec("num", 225.0),
            "lines_per_page": Spec("int", 22),
            "chars_per_line": Spec("int", 28),
            "body_size": Spec("num", 16.0),
            "name_size": Spec("num", 42.0),
            "title_size": Spec("num", 22.0),
            "colophon_size": Spec("num", 14.0),
            "page_number_size": Spec("num", 14.0),
            "table_size": Spec("num", 12.0),
            "article_new_page": Spec("bool", True, help="每篇文章另起一页"),
            "toc": Spec("choice", "auto", choices=("auto", "always", "never")),
            "toc_min_articles": Spec("int", 4),
            "toc_size": Spec("num", 14.0, help="目录条目字号（默认 4号）"),
            "page_numbering": Spec("choice", "first_article", choices=("first_article", "cover"),
                                   help="页码从第一篇文章起（报头、按语、目录页不编页码）或从报头页起"),
            "colophon_even_page": Spec("bool", True, help="版记置于偶数页"),
        }
    ),
    "check": _m(
        {
            "select": Spec("strlist", default=[]),
            "ignore": Spec("strlist", default=[]),
            "digit_space": Spec("choice", "forbid", choices=("forbid", "allow")),
            "range_connector": Spec("choice", "auto", choices=("auto", "～", "—", "-")),
            "title_max_chars": Spec("int", 40),
            "article_max_chars": Spec("int", 5000),
            "brief_max_chars": Spec("int", 400),
            "commentary_max_chars": Spec("int", 400),
        }
    ),
}


def _did_you_mean(key: str, options) -> str:
    close = difflib.get_close_matches(key, list(options), n=1, cutoff=0.5)
    return f"，您是否想写“{close[0]}”？" if close else f"。可用的键：{'、'.join(options)}"


_KIND_NAMES = {
    "str": "文字", "int": "整数", "num": "数字", "bool": "true 或 false", "strlist": "文字列表",
    "fontlist": "字体名列表", "map": "映射（键: 值）", "labelmap": "映射（标签: 内容）", "choice": "选项",
}


def validate(data: Any, schema: dict[str, Spec], doc: YamlDoc, prefix: tuple = (), error_cls=ConfigError) -> dict:
    """Check data against schema; return a dict with defaults filled in."""
    where = lambda *k: dict(path=doc.path, line=doc.line_of(*(prefix + k)))  # noqa: E731
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise error_cls(f"“{'.'.join(map(str, prefix)) or '文件'}”应为映射（键: 值）", **where())
    out: dict[str, Any] = {}
    for key in data:
        if key not in schema:
            raise error_cls(f"未知的配置项“{'.'.join(map(str, prefix + (key,)))}”{_did_you_mean(str(key), schema)}", **where(key))
    for key, spec in schema.items():
        name = ".".join(map(str, prefix + (key,)))
        if key not in data or data[key] is None:
            if spec.required:
                raise error_cls(f"缺少必填配置项“{name}”（{spec.help or _KIND_NAMES[spec.kind]}）", **where())
            if spec.kind == "map" and spec.children:
                out[key] = validate({}, spec.children, doc, prefix + (key,), error_cls)
            else:
                out[key] = _copy(spec.default)
            continue
        out[key] = _coerce(data[key], spec, name, doc, prefix + (key,), error_cls)
    return out


def _copy(v):
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return list(v)
    return v


def _coerce(value: Any, spec: Spec, name: str, doc: YamlDoc, keys: tuple, error_cls) -> Any:
    def bad(extra: str = ""):
        return error_cls(f"配置项“{name}”应为{_KIND_NAMES[spec.kind]}{extra}，实际是“{value}”", doc.path, doc.value_line(*keys))

    k = spec.kind
    if k == "str":
        if isinstance(value, (dict, list)):
            raise bad()
        text = str(value).strip()
        if spec.required and not text:
            raise error_cls(f"配置项“{name}”不能为空", doc.path, doc.value_line(*keys))
        return text
    if k == "bool":
        if not isinstance(value, bool):
            raise bad()
        return value
    if k == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad()
        return value
    if k == "num":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad()
        return float(value)
    if k == "choice":
        if value not in spec.choices:
            raise error_cls(f"配置项“{name}”只能是 {' / '.join(map(str, spec.choices))}，实际是“{value}”", doc.path, doc.value_line(*keys))
        return value
    if k in ("strlist", "fontlist"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            raise bad()
        return [str(v).strip() for v in value if str(v).strip()]
    if k == "labelmap":
        if not isinstance(value, dict):
            raise bad()
        out = {}
        for label, v in value.items():
            if isinstance(v, list):
                out[str(label)] = [str(x).strip() for x in v if x is not None and str(x).strip()]
            elif isinstance(v, dict):
                raise error_cls(f"配置项“{name}.{label}”应为文字或文字列表", doc.path, doc.value_line(*keys, label))
            else:
                out[str(label)] = "" if v is None else str(v).strip()
        return out
    if k == "map":
        if spec.children:
            return validate(value, spec.children, doc, keys, error_cls)
        if not isinstance(value, dict):
            raise bad()
        return {str(a): str(b) for a, b in value.items()}
    raise AssertionError(k)  # pragma: no cover


@dataclass
class Config:
    path: Path | None
    data: dict

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def load_config(root: Path) -> Config:
    """Read and validate <root>/config.yaml."""
    path = root / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            f"找不到配置文件 {CONFIG_NAME}。请在简报工作目录中运行，或用 --root 指定包含 {CONFIG_NAME} 的目录。",
            path,
        )
    text = read_text(path, error_cls=ConfigError)
    doc = load_yaml(text, path, error_cls=ConfigError, what=CONFIG_NAME)
    data = validate(doc.data, SCHEMA, doc)
    if not data["fonts"]["masthead"]:  # the masthead falls back to the title's fonts
        data["fonts"]["masthead"] = list(data["fonts"]["title"])
    for role in FONT_ROLES:
        if not data["fonts"][role]:
            raise ConfigError(f"配置项“fonts.{role}”不能为空列表", path, doc.line_of("fonts", role))
    return Config(path=path, data=data)
