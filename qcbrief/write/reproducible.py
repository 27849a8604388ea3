"""Reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/).

With the environment variable SOURCE_DATE_EPOCH set (seconds since 1970, UTC),
the same input gives byte-identical files:

- the build time (DOCX core properties created/modified, the draft stamp) is
  SOURCE_DATE_EPOCH instead of the clock;
- the DOCX (a zip) is rewritten with every entry dated SOURCE_DATE_EPOCH, the
  same permissions and compression, in the order python-docx wrote them (that
  order only depends on the document);
- reportlab reads SOURCE_DATE_EPOCH itself for the PDF's dates and file ID.

Without SOURCE_DATE_EPOCH the real time is used everywhere, as before.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as an int, or None when unset or not a number."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return max(0, int(raw))
    except ValueError:
        return None


def build_time() -> dt.datetime:
    """When this build happened: SOURCE_DATE_EPOCH (UTC) if set, else now (local time)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.now().replace(microsecond=0)


def normalize_zip(path: Path) -> None:
    """Rewrite the zip at path with fixed entry times when SOURCE_DATE_EPOCH is set."""
    epoch = source_date_epoch()
    if epoch is None:
        return
    stamp = max(ZIP_EPOCH, dt.datetime.fromtimestamp(epoch, dt.timezone.utc).timetuple()[:6])
    tmp = path.with_name(path.name + ".zip-tmp")
    try:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                entry.create_system = 3  # Unix, whatever machine built it
                dst.writestr(entry, src.read(info.filename))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
