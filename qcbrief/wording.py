"""Editable wording: Jinja2 templates for masthead, TOC entry, center line and 版记.

Templates are looked up first in the workspace's `templates/` folder, then in
the defaults shipped with the package (qcbrief/templates/).  Article data is
passed in as plain values: text in an article is never itself evaluated as a
template, so `{{ }}` typed in an article prints as typed.  The sandboxed
environment keeps an edited template from reaching into Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from .errors import ConfigError
from .load.yamlsrc import load_yaml
from .model import Article, Bulletin, Publication

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
NAME_BREAK = "\x1f"  # a line break within the bulletin name while it passes through masthead.j2


@dataclass
class Masthead:
    name: str
    number_line: str = ""  # 第1期（总第9期）
    issue_line: str = ""  # （2026年第1季度·省级质控中心篇）
    office: str = ""
    date: str = ""


@dataclass
class TocEntry:
    text: str  # "1.标题"
    center: str  # "××省……质量控制中心"


@dataclass
class ColophonBlock:
    lines: list[str] = field(default_factory=list)


class Wording:
    def __init__(self, root: Path | None):
        dirs = []
        if root is not None and (root / "templates").is_dir():
            dirs.append(str(root / "templates"))
        dirs.append(str(PACKAGE_TEMPLATES))
        self.dirs = dirs
        self.env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(dirs),
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.labels = self._labels()

    def _labels(self) -> dict[str, str]:
        for d in self.dirs:
            p = Path(d) / "labels.yaml"
            if p.is_file():
                try:
                    data = load_yaml(p.read_text(encoding="utf-8-sig"), p, error_cls=ConfigError).data or {}
                except ConfigError as exc:
                    raise ConfigError(f"模板文字文件格式错误：{exc.message}", p, exc.line, exc.column) from None
                if not isinstance(data, dict):
                    raise ConfigError("模板文字文件应为“名称: 文字”形式的映射", p, 1)
                base = yaml.safe_load((PACKAGE_TEMPLATES / "labels.yaml").read_text(encoding="utf-8"))
                base.update({str(k): str(v) for k, v in data.items()})
                return base
        return {}  # pragma: no cover - the package always ships labels.yaml

    def render(self, name: str, /, **values) -> str:
        try:
            template = self.env.get_template(name)
            return template.render(**values)
        except jinja2.TemplateSyntaxError as exc:
            raise ConfigError(f"模板语法错误：{exc.message}", exc.filename or name, exc.lineno) from None
        except jinja2.TemplateError as exc:
            path = next((Path(d) / name for d in self.dirs if (Path(d) / name).is_file()), Path(name))
            raise ConfigError(f"模板渲染出错：{exc}", path) from None

    # --- the pieces writers ask for -------------------------------------
    def masthead(self, bulletin: Bulletin) -> Masthead:
        pub = bulletin.publication
        # the template's output is one "key: text" a line: a line break the editor put in
        # the name (two-line masthead) travels through it as NAME_BREAK
        out = self.render(
            "masthead.j2", name=pub.name.replace("\n", NAME_BREAK), subtitle=bulletin.subtitle,
            number=bulletin.number, total_number=bulletin.total_number, office=pub.office, date=bulletin.date_text,
        )
        m = Masthead(name=pub.name)
        for line in out.split("\n"):
            key, sep, text = line.partition(":")
            if sep and hasattr(m, key.strip()):
                setattr(m, key.strip(), text.strip().replace(NAME_BREAK, "\n"))
        return m

    def toc_entry(self, article: Article) -> TocEntry:
        out = self.render("toc_entry.j2", number=article.number, title=article.title, center=article.center,
                          kind=article.kind).strip()
        text, _, center = out.partition("|")
        return TocEntry(text=text.strip(), center=center.strip())

    def center_line(self, article: Article) -> str:
        return self.render("center_line.j2", center=article.center, kind=article.kind).strip()

    def colophon(self, pub: Publication) -> list[ColophonBlock]:
        out = self.render(
            "colophon.j2",
            publishers=pub.publishers,
            distribution=[{"label": d.label, "recipients": d.recipients} for d in pub.distribution],
            contact=[{"label": label, "value": value} for label, value in pub.contact],
            office=pub.office,
        )
        blocks = [ColophonBlock()]
        for line in out.splitlines():
            if line.strip() == "---":
                if blocks[-1].lines:
                    blocks.append(ColophonBlock())
            elif line.strip():
                blocks[-1].lines.append(line.strip())
        return [b for b in blocks if b.lines]
