"""催稿: the reminder text from templates/reminder.j2, mailto: links and an .eml batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

from ..model import Bulletin
from ..roster import Center
from ..wording import Wording


@dataclass
class Notice:
    subject: str
    body: str
    center: Center | None = None


def render(wording: Wording, bulletin: Bulletin, missing: list[Center], center: Center | None,
           deadline: str = "") -> Notice:
    pub = bulletin.publication
    text = wording.render(
        "reminder.j2", center=center, centers=missing, bulletin=pub.title, issue=bulletin.issue,
        subtitle=bulletin.subtitle, office=pub.office, deadline=deadline,
        contact=[{"label": label, "value": value} for label, value in pub.contact],
    )
    lines = text.strip("\n").split("\n")
    subject = ""
    if lines and lines[0].startswith(("主题：", "主题:")):
        subject = lines[0][3:].strip()
        lines = lines[1:]
    return Notice(subject, "\n".join(lines).strip("\n") + "\n", center)


def mailto(notice: Notice) -> str:
    """mailto:address?subject=…&body=… with UTF-8 percent-encoding (RFC 6068; line ends as %0D%0A)."""
    to = notice.center.email if notice.center else ""
    body = notice.body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{quote(to, safe='@')}?subject={quote(notice.subject, safe='')}&body={quote(body, safe='')}"


def eml(notice: Notice, sender: str = "", when: dt.datetime | None = None) -> bytes:
    """A draft e-mail (X-Unsent: 1 opens it ready to send in Outlook and Thunderbird)."""
    msg = EmailMessage()
    if notice.center and notice.center.email:
        msg["To"] = notice.center.email
    if sender:
        msg["From"] = sender
    msg["Subject"] = notice.subject
    msg["Date"] = format_datetime(when or _now())
    msg["X-Unsent"] = "1"
    msg.set_content(notice.body, charset="utf-8")
    return bytes(msg)


def _now() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible output, as `build` does), else now."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def eml_name(index: int, center: Center) -> str:
    bad = '\\/:*?"<>|'
    name = "".join("_" if ch in bad else ch for ch in (center.short or center.name))
    return f"{index:02d}-{name}.eml"


def write_batch(notices: list[Notice], folder: Path, sender: str = "") -> list[Path]:
    from ..atomic import write_atomic

    paths = []
    for i, n in enumerate([n for n in notices if n.center is not None], 1):
        p = folder / eml_name(i, n.center)  # type: ignore[arg-type]
        write_atomic(p, eml(n, sender))
        paths.append(p)
    return paths
