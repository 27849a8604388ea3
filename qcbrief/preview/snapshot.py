"""One build of the preview: the web pages (from the same writer as
`build --format html`, kept in memory) plus the `check` findings, or the error
that stopped the build.  The pages served get a findings panel at the top and a
tiny reload script; neither is ever in the files `build` writes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from ..safetext import visible

from ..build import BuildContext
from ..check.runner import blocks_build, check_issue
from ..config import load_config
from ..diagnostics import Finding, display_path
from ..errors import QcbriefError
from ..layout import Layout
from ..load.issue import load_issue
from ..wording import Wording
from ..write.html.render import HtmlRenderer

VERSION_PATH = "/__qcbrief/version"


@dataclass
class Snapshot:
    version: int
    issue_page: str | None = None  # the built issue page (None: the build failed)
    article_pages: dict[str, str] = field(default_factory=dict)  # stem -> page
    article_paths: dict[str, Path] = field(default_factory=dict)  # stem -> source file
    findings: list[Finding] = field(default_factory=list)
    blocking: list[Finding] = field(default_factory=list)
    error: str = ""  # a configuration or template error
    built_at: str = ""


def take(root: Path, issue: str, version: int) -> Snapshot:
    """Load, check and render the issue; never raises for the user's mistakes."""
    snap = Snapshot(version=version, built_at=dt.datetime.now().strftime("%H:%M:%S"))
    try:
        config = load_config(root)
        loaded = load_issue(root, issue, config)
        snap.findings = check_issue(loaded, config)
        snap.blocking = [f for f in snap.findings if blocks_build(f)]
        if snap.blocking:
            return snap
        ctx = BuildContext(config=config, layout=Layout.from_config(config), wording=Wording(root), root=root)
        renderer = HtmlRenderer(ctx)
        snap.issue_page, snap.article_pages = renderer.pages(loaded.bulletin)
        snap.article_paths = {a.stem: a.path for a in loaded.bulletin.articles()}
    except QcbriefError as exc:
        snap.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug must not kill the preview; show it instead
        snap.error = f"qcbrief 内部错误（{type(exc).__name__}: {exc}），请报告给维护者"
    return snap


# --- the preview wrapper ---------------------------------------------------
PANEL = ("margin:0;padding:10px 14px;font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;"
         "font-size:14px;line-height:1.6;border-bottom:1px solid #ddd;overflow-wrap:break-word;")
OK, WARN, BAD = "background:#eef8ee;color:#1e5e1e;", "background:#fff8e6;color:#6b4e00;", "background:#fdecec;color:#8a1010;"

RELOAD = """<script>
(function () {
  var v = "%s";
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (t) {
      if (t.trim() !== v) { location.reload(); } else { setTimeout(poll, 700); }
    }).catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 700);
})();
</script>"""


def _finding_line(f: Finding, root: Path) -> Markup:
    color = "#b00000" if f.severity == "error" else "#8a6100"
    kind = "错误" if f.severity == "error" else "警告"
    return Markup('<li style="margin:2px 0;"><code style="font-family:monospace;">{}:{}:{}</code> '
                  '<b style="color:{};">{} {}</b> {}</li>').format(
        visible(display_path(f.path, root)), f.line, f.column, color, f.code, kind, visible(f.message, one_line=False))


def panel(snap: Snapshot, root: Path, only: Path | None = None) -> Markup:
    """The box at the top of every preview page: findings, or why nothing was built."""
    findings = snap.findings if only is None else [f for f in snap.findings if f.path.resolve() == only.resolve()]
    stamp = escape(f"（{snap.built_at} 生成，保存文件后自动刷新）")
    if snap.error:
        head = Markup("<b>无法生成预览：</b>{}").format(visible(snap.error, one_line=False))
        return Markup('<div style="{}">{} {}</div>').format(PANEL + BAD, head, stamp)
    if snap.blocking:
        items = Markup("").join(_finding_line(f, root) for f in snap.blocking)
        head = Markup("<b>这一期有 {} 个结构错误，未能生成</b>（修正后页面自动刷新）").format(len(snap.blocking))
        return Markup('<div style="{}">{} {}<ul style="margin:6px 0 0;padding-left:1.5em;">{}</ul></div>').format(
            PANEL + BAD, head, stamp, items)
    if not findings:
        return Markup('<div style="{}"><b>检查通过</b>，未发现问题。{}</div>').format(PANEL + OK, stamp)
    errors = sum(1 for f in findings if f.severity == "error")
    head = Markup("<b>检查发现 {} 个问题</b>（{} 个错误，{} 个警告；可运行 qcbrief check 查看详情或 --fix 自动修正）").format(
        len(findings), errors, len(findings) - errors)
    items = Markup("").join(_finding_line(f, root) for f in findings)
    return Markup('<details open style="{}"><summary style="cursor:pointer;">{} {}</summary>'
                  '<ul style="margin:6px 0 0;padding-left:1.5em;">{}</ul></details>').format(
        PANEL + (BAD if errors else WARN), head, stamp, items)


def nav(stems, current: str | None) -> Markup:
    """Links between the issue page and the article pages (the ones to paste into WeChat)."""
    from urllib.parse import quote

    link = 'color:#1a4f8b;text-decoration:none;margin-right:0.8em;white-space:nowrap;'
    items = [Markup('<a href="/" style="{}">{}</a>').format(link + ("font-weight:bold;" if current is None else ""), "整期")]
    for stem in stems:
        style = link + ("font-weight:bold;" if stem == current else "")
        items.append(Markup('<a href="/html/{}.html" style="{}">{}</a>').format(quote(stem), style, visible(stem)))
    return Markup('<div style="{}">单篇网页（粘贴到公众号用）：{}</div>').format(
        PANEL + "background:#f5f7fa;color:#333;font-size:13px;", Markup("").join(items))


def wrap(page: str | None, snap: Snapshot, root: Path, only: Path | None = None, current: str | None = None,
         stems=(), stale: bool = False) -> str:
    """A built page with the findings panel (and links to the article pages) after
    <body> and the reload script before </body>.  When the latest build failed,
    `page` is the last good one (stale) or None."""
    top = str(panel(snap, root, only))
    if stale and page is not None:
        top += str(Markup('<div style="{}">下方是上次成功生成的页面，尚未包含最新的修改。</div>').format(PANEL + WARN))
    if stems:
        top += str(nav(stems, current))
    script = RELOAD % (snap.version, VERSION_PATH)
    if page is None:
        return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1"><title>qcbrief 预览</title></head>'
                f'<body style="margin:0;">{top}{script}</body></html>')
    page = re.sub(r"<body[^>]*>", lambda m: m.group(0) + top, page, count=1)
    return re.sub(r"</body>", lambda m: script + "</body>", page, count=1)
