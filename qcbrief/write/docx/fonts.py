"""Which font name the DOCX names for each font role."""

from __future__ import annotations

import re

from ...config import Config

ROLES = ("title", "body", "heading", "kai", "song", "masthead")
_PATH = re.compile(r"[/\\]|\.(ttf|otf|ttc|otc|woff2?)$", re.IGNORECASE)


def is_font_name(entry: str) -> bool:
    return bool(entry) and not _PATH.search(entry.strip())


def role_fonts(config: Config) -> dict[str, str]:
    """role -> the first entry of config.fonts[role] that is a family name (not a file path)."""
    fonts = config["fonts"]
    out = {}
    for role in ROLES:
        entries = fonts.get(role) or (fonts.get("title", []) if role == "masthead" else [])
        names = [str(f).strip() for f in entries if is_font_name(str(f))]
        out[role] = names[0] if names else "SimSun"
    return out
