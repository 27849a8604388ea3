"""The region a workspace serves, read from its own config (never a built-in
province): examples in messages ("如 center: 河南省护理质量控制中心") and the
starter files of `qcbrief init` are worded with it."""

from __future__ import annotations

import re

NEUTRAL = "××省"  # when the config names no region

# 河南省 / 广西壮族自治区 / 新疆维吾尔自治区 / 北京市 / 香港特别行政区, at the start of a name
_REGION = re.compile(r"^(.{2,3}?省|.{2,10}?自治区|.{2,3}?特别行政区|.{2,3}?市)")


def region_of(*texts: str) -> str:
    """The leading province-level region of the first text that starts with one
    ("河南省医疗质量控制中心管理办公室" -> "河南省"), else the neutral "××省"."""
    for text in texts:
        m = _REGION.match((text or "").strip())
        if m:
            return m.group(1)
    return NEUTRAL


def example_center(config=None, specialty: str = "护理") -> str:
    """A center name to quote in a message, from the workspace's config."""
    if config is None:
        return f"{NEUTRAL}{specialty}质量控制中心"
    b = config["bulletin"]
    return f"{region_of(b.get('office', ''), b.get('name', ''))}{specialty}质量控制中心"


# --------------------------------------------------------------------------- provinces
def _places():
    from pathlib import Path

    path = Path(__file__).parent / "data" / "places.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def find_province(text: str) -> tuple[str, str] | None:
    """(full name, short name) of the province-level division text names or starts
    with: "河南" / "河南省" / "河南省卫生健康委员会" -> ("河南省", "河南")."""
    text = (text or "").strip()
    if not text:
        return None
    best = None
    for level, full, short, _prov in _places():
        if level != "省":
            continue
        for form in (full, short):
            if text.startswith(form) and (best is None or len(form) > best[0]):
                best = (len(form), full, short)
    return (best[1], best[2]) if best else None


def prefectures(province: str) -> list[str]:
    """The prefecture-level divisions of a province (full names), in the data file's order."""
    return [full for level, full, _short, prov in _places() if level == "市" and prov == province]
