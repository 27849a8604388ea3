"""The preview's HTTP server (stdlib): / is the issue page, /html/<stem>.html an
article page, /__qcbrief/version the build number the pages poll.

It listens on 127.0.0.1 only, serves each request in a thread with an accept queue
far deeper than the stdlib's 5 (which reset or timed out 5-35 % of 200 concurrent
requests), and answers only requests addressed to a local name (Host: 127.0.0.1,
localhost or [::1], with this port): a web page whose own name was made to resolve
to 127.0.0.1 (DNS rebinding) gets 403, not the unpublished bulletin."""

from __future__ import annotations

import errno
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .snapshot import VERSION_PATH, Snapshot, take, wrap
from .watch import Watcher


class Preview:
    """The current snapshot, rebuilt by the watcher; the handler only reads it."""

    def __init__(self, root: Path, issue: str, folder: Path):
        self.root, self.issue, self.folder = root, issue, folder
        self.lock = threading.Lock()
        self.version = 0
        self.snap: Snapshot = take(root, issue, 0)
        self.last_good: Snapshot | None = self.snap if self.snap.issue_page else None
        self.on_rebuild = lambda snap: None

    def rebuild(self) -> None:
        with self.lock:
            self.version += 1
            snap = take(self.root, self.issue, self.version)
            self.snap = snap
            if snap.issue_page:
                self.last_good = snap
        self.on_rebuild(snap)

    def page(self, path: str) -> str | None:
        snap = self.snap
        good = snap if snap.issue_page else self.last_good  # a failed build shows the last good pages
        stale = good is not snap
        stems = list(good.article_pages) if good else []
        if path in ("/", "/index.html", f"/{self.issue}.html"):
            return wrap(good.issue_page if good else None, snap, self.root, stems=stems, stale=stale)
        if path.startswith("/html/") and path.endswith(".html"):
            stem = path[len("/html/"):-len(".html")]
            if good is None:
                return wrap(None, snap, self.root)
            if stem in good.article_pages:
                return wrap(good.article_pages[stem], snap, self.root, good.article_paths.get(stem), stem,
                            stems=stems, stale=stale)
        return None


LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
_HOST = re.compile(r"(\[::1\]|[^:\[\]@/\s]+)(?::(\d{1,5}))?")
FOREIGN_HOST = ("<!DOCTYPE html><meta charset='utf-8'><p>预览只接受本机地址的访问："
                "请打开 http://127.0.0.1:{port}/ 或 http://localhost:{port}/</p>")


def local_host(host: str | None, port: int) -> bool:
    """Whether a Host header names this machine's preview (a local name, and this port if any)."""
    m = _HOST.fullmatch((host or "").strip())
    if not m:
        return False
    name = m.group(1).lower()
    name = name[:-1] if name.endswith(".") and name != "." else name  # "localhost." is localhost
    return name in LOCAL_NAMES and (m.group(2) is None or int(m.group(2)) == port)


class PreviewServer(ThreadingHTTPServer):
    request_queue_size = 256  # the kernel caps it at net.core.somaxconn
    daemon_threads = True


def handler_for(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            port = self.server.server_address[1]
            if not local_host(self.headers.get("Host"), port):
                return self._send(403, FOREIGN_HOST.format(port=port), "text/html")
            path = unquote(urlsplit(self.path).path)
            if path == VERSION_PATH:
                return self._send(200, str(preview.snap.version), "text/plain")
            page = preview.page(path)
            if page is None:
                return self._send(404, "<!DOCTYPE html><meta charset='utf-8'><p>没有这个页面。"
                                  "<a href='/'>返回整期预览</a></p>", "text/html")
            self._send(200, page, "text/html")

        def _send(self, status: int, body: str, ctype: str) -> None:
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser went away (a reload): nothing to do

        def log_message(self, format, *args) -> None:  # noqa: A002 - quiet: no access log
            pass

    return Handler


def bind(preview: Preview, port: int, tries: int = 20) -> tuple[PreviewServer, int]:
    """A server on 127.0.0.1:port, or on the next free port when it is taken
    (port 0: any free port).  Returns the server and the port asked for first."""
    last: OSError | None = None
    for p in ([0] if port == 0 else range(port, min(port + tries, 65536))):
        try:
            return PreviewServer(("127.0.0.1", p), handler_for(preview)), port
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            last = exc
    raise last or OSError("no free port")


def start_watcher(preview: Preview) -> Watcher:
    w = Watcher(preview.root, preview.folder, preview.rebuild)
    w.start()
    return w
