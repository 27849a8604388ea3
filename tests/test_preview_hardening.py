"""The preview server holds: 200 concurrent requests all answered (the stdlib's default accept
backlog of 5 reset or timed out 5-35 % of them), and only the local host names are answered, so
a web page cannot read an unpublished bulletin through DNS rebinding. Loopback only."""

from __future__ import annotations

import http.client
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers import GOOD_ARTICLE, workspace
from qcbrief.preview.server import Preview, bind


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = workspace(tmp_path_factory.mktemp("pv"), {"a01.md": GOOD_ARTICLE})
    preview = Preview(root, "T", root / "articles" / "T")
    srv, _ = bind(preview, 0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def get(port: int, path: str = "/", host: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.putrequest("GET", path, skip_host=host is not None)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8")
    finally:
        conn.close()


def test_200_concurrent_requests_all_succeed(server):
    start = threading.Barrier(200, timeout=30)

    def one(i: int):
        start.wait()  # all 200 connect at once
        try:
            status, body = get(server, "/" if i % 2 else "/html/a01.html")
            return status, "织密基层网络" in body
        except (OSError, http.client.HTTPException) as exc:
            return type(exc).__name__, False

    with ThreadPoolExecutor(200) as pool:
        results = list(pool.map(one, range(200)))
    failed = [r for r in results if r != (200, True)]
    assert not failed, f"{len(failed)} of 200 failed: {failed[:5]}"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]", "127.0.0.1:{port}", "localhost:{port}",
                                  "[::1]:{port}", "localhost.:{port}"])
def test_local_host_names_are_answered(server, host):
    status, body = get(server, "/", host.format(port=server))
    assert status == 200 and "织密基层网络" in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil:{port}",
                                  "127.0.0.2:{port}", "0.0.0.0:{port}", "localhost:{other}", "", "127.0.0.1:{port}@evil"])
def test_foreign_host_header_is_refused(server, host):
    status, body = get(server, "/", host.format(port=server, other=server + 1))
    assert status in (403, 421)
    assert "织密基层网络" not in body and "本机" in body
    status, body = get(server, "/__qcbrief/version", host.format(port=server, other=server + 1))
    assert status in (403, 421)


def test_listens_on_loopback_only(server):
    with socket.socket() as s:
        s.settimeout(2)
        assert s.connect_ex(("127.0.0.1", server)) == 0
    addrs = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1", "127.0.1.1"}
    for addr in addrs:
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((addr, server)) != 0
