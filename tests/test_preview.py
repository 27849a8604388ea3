"""`qcbrief preview`: a real server on a free port, rebuilt on save, findings on
top, errors shown on the page, a clean stop on Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from lxml import html as lxml_html

from helpers import GOOD_ARTICLE, REPO, run, workspace
from qcbrief.preview.server import Preview, bind
from qcbrief.preview.snapshot import VERSION_PATH

SECOND = GOOD_ARTICLE.replace("织密基层网络 筑牢安全底线", "第二篇的标题").replace("湖北省护理", "湖北省急诊医学")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def wait_for(predicate, timeout: float = 15.0, step: float = 0.2):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(step)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")


def serve(preview: Preview):
    """The preview's server and watcher in threads (as the command runs them)."""
    from qcbrief.preview.server import start_watcher

    server, _ = bind(preview, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    watcher = start_watcher(preview)

    def stop():
        watcher.stop()
        server.shutdown()
        server.server_close()
        thread.join(5)

    return f"http://127.0.0.1:{server.server_address[1]}", stop


def test_preview_command_serves_rebuilds_and_stops_on_ctrl_c(tmp_path):
    ws = workspace(tmp_path / "ws", {"a1.md": GOOD_ARTICLE, "a2.md": SECOND})
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONUNBUFFERED="1", COLUMNS="200")
    proc = subprocess.Popen([sys.executable, "-c", "from qcbrief.cli import app; app()", "preview", "T",
                             "--root", str(ws), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            try:
                m = re.search(r"http://127\.0\.0\.1:\d+/", lines.get(timeout=1))
                url = m.group(0) if m else None
            except queue.Empty:
                assert proc.poll() is None, proc.stderr.read()
        assert url, "the preview never printed its address"
        page = fetch(url)
        doc = lxml_html.fromstring(page)
        assert "织密基层网络 筑牢安全底线" in doc.body.text_content()
        assert "检查通过" in doc.body.text_content()
        assert doc.xpath("//script")  # the preview (only) reloads itself
        v0 = fetch(url + VERSION_PATH.lstrip("/")).strip()
        # edit an article: the new text is served within seconds, with a new version
        art = ws / "articles" / "T" / "a2.md"
        art.write_text(art.read_text(encoding="utf-8").replace("做法值得借鉴", "做法值得全省推广借鉴"), encoding="utf-8")
        wait_for(lambda: "做法值得全省推广借鉴" in fetch(url))
        assert fetch(url + VERSION_PATH.lstrip("/")).strip() != v0
        assert "做法值得全省推广借鉴" in fetch(url + "html/a2.html")
        # a typo that `check` reports shows at the top of the page
        art.write_text(art.read_text(encoding="utf-8").replace("全省推广借鉴。", "全省推广借鉴。。"), encoding="utf-8")
        panel = wait_for(lambda: (lambda t: t if "检查发现" in t else None)(fetch(url)))
        assert re.search(r"a2\.md:\d+:\d+", panel)
        # nothing was written into the workspace
        assert not (ws / "build").exists()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            rc = proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
    err = proc.stderr.read()
    assert rc == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    rest = "".join(iter(lambda: lines.get_nowait() if not lines.empty() else "", ""))
    assert "预览已停止" in rest


def test_structural_error_shows_on_the_page_and_recovers(tmp_path):
    ws = workspace(tmp_path / "ws", {"a1.md": GOOD_ARTICLE, "a2.md": SECOND})
    preview = Preview(ws, "T", ws / "articles" / "T")
    url, stop = serve(preview)
    try:
        assert "第二篇的标题" in fetch(url + "/")
        art = ws / "articles" / "T" / "a2.md"
        good = art.read_text(encoding="utf-8")
        art.write_text(good.replace("title: 第二篇的标题\n", ""), encoding="utf-8")  # no title: QC1xx
        page = wait_for(lambda: (lambda t: t if "结构错误" in t else None)(fetch(url + "/")))
        doc = lxml_html.fromstring(page)
        items = [li.text_content() for li in doc.iter("li")]
        assert items and any(re.search(r"a2\.md:\d+:\d+ QC1\d\d 错误", i) for i in items), items
        # the last good pages stay below the errors, marked as such
        assert "上次成功生成" in doc.body.text_content() and "第二篇的标题" in doc.body.text_content()
        art.write_text(good, encoding="utf-8")
        wait_for(lambda: "第二篇的标题" in fetch(url + "/") and "结构错误" not in fetch(url + "/"))
        # a broken config.yaml: the message, not a crash
        cfg = ws / "config.yaml"
        cfg.write_text(cfg.read_text(encoding="utf-8") + "\nbogus_key: 1\n", encoding="utf-8")
        page = wait_for(lambda: (lambda t: t if "无法生成预览" in t else None)(fetch(url + "/")))
        assert "bogus_key" in page and "config.yaml" in page
    finally:
        stop()


def test_templates_are_watched_and_pages_escape_findings(tmp_path):
    ws = workspace(tmp_path / "ws", {"a1.md": GOOD_ARTICLE.replace("做法值得借鉴。", "做法值得借鉴<b>。。")})
    preview = Preview(ws, "T", ws / "articles" / "T")
    url, stop = serve(preview)
    try:
        doc = lxml_html.fromstring(fetch(url + "/html/a1.html"))
        assert [a.get("href") for a in doc.iter("a")][:2] == ["/", "/html/a1.html"]  # links between the pages
        assert not doc.xpath("//li//b[contains(., '。')]")  # message text stays text
        assert "检查发现" in doc.body.text_content()
        tdir = ws / "templates" / "html"
        tdir.mkdir(parents=True)
        src = (REPO / "qcbrief" / "templates" / "html" / "article.html.j2").read_text(encoding="utf-8")
        (tdir / "article.html.j2").write_text(src.replace("{% block content %}", "{% block content %}<p style=\"\">模板已改</p>"),
                                              encoding="utf-8")
        wait_for(lambda: "模板已改" in fetch(url + "/html/a1.html"))
        try:
            fetch(url + "/html/none.html")
            raise AssertionError("expected 404")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
    finally:
        stop()


def test_busy_port_moves_to_the_next_free_one(tmp_path):
    ws = workspace(tmp_path / "ws", {"a1.md": GOOD_ARTICLE})
    preview = Preview(ws, "T", ws / "articles" / "T")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        server, wanted = bind(preview, busy)
        try:
            assert wanted == busy and server.server_address[1] != busy
        finally:
            server.server_close()


def test_unknown_issue_is_a_clear_error(tmp_path):
    ws = workspace(tmp_path / "ws", {"a1.md": GOOD_ARTICLE})
    res = run("preview", "NOPE", "--root", str(ws), "--port", "0")
    assert res.exit_code == 2
    assert "找不到这一期：NOPE" in res.output and "T" in res.output
