"""Config-level rules (QC130–QC132): the 版记 and contacts of the workspace.

A bulletin started by copying another province's config and changing only the
name would print that province's 版记, address and telephone.  The values of
the sample config shipped with qcbrief are known here only as a fingerprint
(SHA-256 of each value, data/sample_fingerprint.txt), never as text in code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..diagnostics import Finding
from ..region import region_of
from .registry import rule

_DATA = Path(__file__).resolve().parent.parent / "data"
FINGERPRINT = "sample_fingerprint.txt"


def _sha256(data: bytes):
    """hashlib.sha256, from the built-in module hashlib itself falls back to when it has no
    OpenSSL: the same digest, without loading OpenSSL (≈4 ms of every `check`, which digests
    the bulletin's name)."""
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # Python 3.12+
        except ImportError:
            from hashlib import sha256
    return sha256(data)


def digest(value: str) -> str:
    """The fingerprint of one value: whitespace-insensitive SHA-256."""
    return _sha256("".join(str(value).split()).encode("utf-8")).hexdigest()


def sample_values(data: dict) -> tuple[str, list[str]]:
    """(name, the distinctive values) of a config: office, publishers, contacts, and the
    distribution entries that name the config's own region (generic ones such as
    "各医疗卫生单位" belong to every province)."""
    b = data["bulletin"]
    region = region_of(b["office"], b["name"])
    values = [b["office"], *b["publishers"]]
    for recipients in data["distribution"].values():
        for r in recipients if isinstance(recipients, list) else [recipients]:
            if region in r:
                values.append(r)
    for v in data["contact"].values():
        values += v if isinstance(v, list) else [v]
    return b["name"], [v for v in values if str(v).strip()]


def fingerprint_text(data: dict) -> str:
    """The data file's content for a sample config (tests keep the shipped file in step)."""
    name, values = sample_values(data)
    lines = ["# SHA-256 fingerprints (whitespace removed) of the sample config.yaml shipped with qcbrief:",
             "# the bulletin name, then the office, 版记 and contact values a copied config must not keep",
             "# (rule QC132). Regenerate: python -c 'from qcbrief.check.colophon import main; main()'",
             f"name {digest(name)}"]
    seen = set()
    for v in values:
        h = digest(v)
        if h not in seen:
            seen.add(h)
            lines.append(f"value {h}")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def fingerprint() -> tuple[frozenset, frozenset]:
    """(name digests, value digests) of the sample config."""
    names, values = set(), set()
    for line in (_DATA / FINGERPRINT).read_text(encoding="utf-8").splitlines():
        kind, _, h = line.partition(" ")
        if kind == "name":
            names.add(h.strip())
        elif kind == "value":
            values.add(h.strip())
    return frozenset(names), frozenset(values)


def _lines(ctx):
    """Line lookup in config.yaml (read again only when a finding needs a line)."""
    from ..load.yamlsrc import load_yaml

    path = ctx.config.path
    try:
        doc = load_yaml(path.read_text(encoding="utf-8-sig"), path)
    except Exception:  # noqa: BLE001 - config.yaml loaded once already; lines are a nicety
        return lambda *keys: 1
    return lambda *keys: doc.line_of(*keys) if keys else 1


def _in_workspace(ctx) -> bool:
    return ctx.config.path is not None  # a lone article outside any workspace has no 版记 of its own


@rule("QC130", "colophon-missing", "warning", "版记缺少报送范围或印发单位", scope="issue",
      why="版记印在最后一页底部：印发单位（bulletin.publishers）和报送范围（distribution：报、分送……）。"
          "config.yaml 中没有写时，简报印出的版记是空的或不完整，所以提示。",
      bad="distribution: {}", good="distribution:\n  报: [××省卫生健康委员会]\n  分送: [各省级医疗质量控制中心]")
def colophon_missing(ctx) -> Iterator[Finding]:
    if not _in_workspace(ctx):
        return
    pub = ctx.bulletin.publication
    line = None
    if not pub.distribution:
        line = line or _lines(ctx)
        yield ctx.finding("QC130", ctx.config.path, line("distribution"), 1,
                          "版记没有报送范围：请在 config.yaml 的 distribution 中写明，如“报: [××省卫生健康委员会]”")
    if not pub.publishers:
        line = line or _lines(ctx)
        yield ctx.finding("QC130", ctx.config.path, line("bulletin"), 1,
                          "版记没有印发单位：请在 config.yaml 的 bulletin.publishers 中写明（通常为编印单位）")


@rule("QC131", "contact-missing", "warning", "没有投稿信息（地址、电话、邮箱）", scope="issue",
      why="版记最后一栏是投稿信息（config.yaml 的 contact），供各中心投稿、联系；没有写时提示。",
      bad="contact: {}", good="contact:\n  电话: 0000-12345678\n  邮箱: bgs@example.cn")
def contact_missing(ctx) -> Iterator[Finding]:
    if not _in_workspace(ctx) or ctx.bulletin.publication.contact:
        return
    yield ctx.finding("QC131", ctx.config.path, _lines(ctx)("contact"), 1,
                      "版记没有投稿信息：请在 config.yaml 的 contact 中写明投稿地址、电话、邮箱")


@rule("QC132", "sample-colophon", "warning", "编印单位、版记或投稿信息仍是示例配置的内容", scope="issue",
      why="从 qcbrief 自带的示例配置（另一省份的真实简报）复制 config.yaml 后只改了简报名称时，"
          "版记、投稿地址、电话、邮箱仍会印出示例单位的内容。简报名称已改而这些值仍与示例相同时提示。"
          "新的工作目录请用 qcbrief init 生成。",
      bad="（简报名称已改为本省，contact 仍是示例配置中的电话）", good="contact:\n  电话: 本单位电话")
def sample_colophon(ctx) -> Iterator[Finding]:
    if not _in_workspace(ctx):
        return
    names, values = fingerprint()
    data = ctx.config.data
    if digest(data["bulletin"]["name"]) in names:
        return  # the sample workspace itself
    b = data["bulletin"]
    where: list[tuple[tuple, str, str]] = [(("bulletin", "office"), "编印单位", b["office"])]
    where += [(("bulletin", "publishers", i), "版记印发单位", p) for i, p in enumerate(b["publishers"])]
    for label, recipients in data["distribution"].items():
        listed = isinstance(recipients, list)
        for i, r in enumerate(recipients if listed else [recipients]):
            where.append((("distribution", label) + ((i,) if listed else ()), f"报送范围“{label}”", r))
    for label, v in data["contact"].items():
        for x in v if isinstance(v, list) else [v]:
            where.append((("contact", label), f"投稿信息“{label}”", x))
    line = None
    for keys, what, value in where:
        if str(value).strip() and digest(value) in values:
            line = line or _lines(ctx)
            yield ctx.finding("QC132", ctx.config.path, line(*keys), 1,
                              f"{what}“{value}”仍是示例配置的内容（简报名称已改）：请改为本单位的")


def main() -> None:  # pragma: no cover - maintenance helper
    """Rewrite data/sample_fingerprint.txt from the repository's config.yaml."""
    from ..config import load_config

    repo = Path(__file__).resolve().parents[2]
    (_DATA / FINGERPRINT).write_text(fingerprint_text(load_config(repo).data), encoding="utf-8")
