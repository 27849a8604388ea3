"""Images for the web edition: embedded as data URIs (the original bytes), so a
page pasted into the WeChat editor or mailed on carries its pictures along."""

from __future__ import annotations

import base64
from pathlib import Path

# leading bytes -> MIME type of the formats browsers show
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
]


def sniff(data: bytes) -> str | None:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:2048].lower()):
        return "image/svg+xml"
    return None


def data_uri(path: Path) -> str | None:
    """data:<mime>;base64,… for an image file, or None when it is missing or not an image."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    mime = sniff(data)
    if mime is None:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
