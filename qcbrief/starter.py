"""`qcbrief init`: the files of a new bulletin workspace for any province.

Everything is rendered from templates shipped in qcbrief/templates/workspace/
with the answers given (name, office, province, 版记 and contacts): a commented
config.yaml, a copy of the editable wording templates, an example issue (one
article with 点评 and one brief, worded for the province), centers.yaml, a
.gitignore, the pre-commit configuration and the CI workflow that builds draft
PDFs.  No value of the repository's own sample (a real province's bulletin)
is copied: the example content is invented and uses the new province's names.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .atomic import write_atomic
from .errors import ConfigError, UsageError
from .region import find_province, prefectures
from .wording import PACKAGE_TEMPLATES

STARTER = PACKAGE_TEMPLATES / "workspace"
# the editable wording templates a workspace gets a copy of (not html/, not workspace/)
WORDING_FILES = ("masthead.j2", "toc_entry.j2", "center_line.j2", "colophon.j2", "labels.yaml", "reminder.j2")


@dataclass
class Answers:
    name: str = ""
    office: str = ""
    province: str = ""  # 河南省 / 河南 / 广西壮族自治区…
    publishers: list[str] = field(default_factory=list)
    report_to: list[str] = field(default_factory=list)  # 报
    send_to: list[str] = field(default_factory=list)  # 分送
    address: str = ""
    phone: str = ""
    email: str = ""
    install: str = "qcbrief"  # what the CI workflow pip-installs
    today: dt.date = field(default_factory=dt.date.today)


def _yaml_str(value) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_key(value) -> str:
    """A mapping key: bare when it is plain words (报, 分送, 投稿地址), else quoted."""
    text = str(value)
    return text if re.fullmatch(r"[\w\u4e00-\u9fff]+", text) and not text.isascii() else _yaml_str(text)


def province_of(a: Answers) -> tuple[str, str]:
    """(full, short) province name from --province, else from the office or the name."""
    for text in (a.province, a.office, a.name):
        found = find_province(text)
        if found:
            return found
    if a.province.strip():
        p = a.province.strip()
        return p, p.removesuffix("省")
    raise UsageError("无法从简报名称或编印单位看出是哪个省份：请用 --province 指明，如 --province 河南。")


def complete(a: Answers) -> Answers:
    """Fill what was not given with neutral defaults derived from the province."""
    full, _short = province_of(a)
    a.name = a.name.replace("\\n", "\n").strip()  # --name 'A\nB' typed in a shell: a masthead line break
    if not a.name.strip():
        a.name = f"{full}医疗质量控制工作简报"
    if not a.office.strip():
        a.office = f"{full}医疗质量控制中心管理办公室"
    if not a.publishers:
        a.publishers = [a.office]
    if not a.report_to:
        a.report_to = [f"{full}卫生健康委员会"]
    if not a.send_to:
        a.send_to = ["各市（州）卫生健康委员会", "各省级医疗质量控制中心"]
    return a


def _issue_of(today: dt.date) -> tuple[str, int, dt.date]:
    q = (today.month - 1) // 3 + 1
    end_month = 3 * q
    end = (dt.date(today.year + (end_month == 12), end_month % 12 + 1, 1) - dt.timedelta(days=1))
    return f"{today.year}Q{q}", q, end


def render_files(a: Answers) -> dict[str, str]:
    """Relative path -> text of every file of the new workspace."""
    a = complete(a)
    full, short = province_of(a)
    cities = prefectures(full)
    city = cities[0] if cities else f"{short}××市"
    issue, q, end = _issue_of(a.today)
    year = a.today.year
    nq = f"{year + (q == 4)}Q{q % 4 + 1}"
    article_stem, brief_stem = "01-护理", "b01-医院感染管理"
    contact = [(k, v) for k, v in (("投稿地址", a.address), ("电话", a.phone), ("邮箱", a.email)) if v.strip()]
    name_flat = "".join(part.strip() for part in a.name.replace("\\n", "\n").split("\n"))
    values = dict(
        name=a.name, name_flat=name_flat, office=a.office, province=full, province_short=short,
        publishers=a.publishers, distribution=[("报", a.report_to), ("分送", a.send_to)], contact=contact,
        today=a.today.isoformat(), issue=issue, next_issue=nq, year=year,
        subtitle=f"{year}年第{q}季度", date=end.isoformat(), date_text=f"{end.year}年{end.month}月{end.day}日",
        preface=f"本期是《{name_flat}》的示例，收录一篇文章和一条简讯，供编辑熟悉文章格式。"
                "正式编印时请删去示例文章，换成各质控中心的来稿。",
        article_stem=article_stem, brief_stem=brief_stem, hospitals=36, quarter=q, month=3 * q - 2,
        install=a.install,
    )
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(STARTER)), autoescape=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["q"] = _yaml_str
    env.filters["k"] = _yaml_key

    def render(name: str, **extra) -> str:
        return env.get_template(name).render(**values, **extra)

    centers = [
        dict(name=f"{full}护理质量控制中心", short="护理", kind="省级", contact="张三",
             email="hlzk@example.cn", phone="0000-00000000"),
        dict(name=f"{full}医院感染管理质量控制中心", short="医院感染管理", kind="省级", contact="李四",
             email="grzk@example.cn", phone="0000-00000001"),
        dict(name=f"{city}医院感染管理质量控制中心", short=f"{city.removesuffix('市')}医院感染管理", kind="市州",
             contact="王五", email="sgrzk@example.cn", phone="0000-00000002"),
    ]
    files = {
        "config.yaml": render("config.yaml.j2"),
        "centers.yaml": render("centers.yaml.j2", centers=centers),
        f"articles/{issue}/issue.yaml": render("issue.yaml.j2"),
        f"articles/{issue}/{article_stem}.md": render("article.md.j2", center=centers[0]["name"]),
        f"articles/{issue}/{brief_stem}.md": render("brief.md.j2", center=centers[2]["name"]),
        ".gitignore": (STARTER / "gitignore").read_text(encoding="utf-8"),
        ".pre-commit-config.yaml": render("pre-commit-config.yaml.j2"),
        ".github/workflows/drafts.yml": render("drafts.yml.j2"),
        "README.md": render("README.md.j2"),
    }
    for name in WORDING_FILES:
        if (PACKAGE_TEMPLATES / name).is_file():
            files[f"templates/{name}"] = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
    return files


def existing(root: Path, files: dict[str, str]) -> list[str]:
    return [rel for rel in files if (root / rel).exists()]


def create_workspace(root: Path, a: Answers, force: bool = False) -> tuple[list[str], str]:
    """Write the workspace under root; (files written, example issue name).

    Refuses (exit 2) when root already holds a workspace or any of the files,
    unless force: then those files are replaced (nothing else is touched)."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} 已存在且不是文件夹。")
    files = render_files(a)
    clash = existing(root, files)
    if clash and not force:
        what = "已经是一个简报工作目录（有 config.yaml）" if "config.yaml" in clash else "中已有同名文件"
        shown = "、".join(clash[:6]) + (f" 等 {len(clash)} 个文件" if len(clash) > 6 else "")
        raise UsageError(f"{root} {what}：{shown}。为免覆盖已有内容，未做任何改动；确需重新生成请加 --force（只覆盖这些文件）。")
    issue = next(rel.split("/")[1] for rel in files if rel.startswith("articles/"))
    for rel, text in files.items():
        write_atomic(root / rel, text.encode("utf-8"))
    # the new config must load: a value the answers made invalid is our bug, said plainly
    from .config import load_config

    try:
        load_config(root)
    except ConfigError as exc:  # pragma: no cover - the template is tested
        raise ConfigError(f"生成的 config.yaml 无法读取（请报告此缺陷）：{exc.message}", exc.path, exc.line) from None
    return list(files), issue
