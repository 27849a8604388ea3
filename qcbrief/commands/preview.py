"""`qcbrief preview ISSUE`: serve the web edition and rebuild it on every save."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..config import load_config
from ..errors import UsageError
from ..load.issue import issue_dir
from ..preview.server import Preview, bind, start_watcher


def _stop(signum, frame):
    raise KeyboardInterrupt


def _stop_on_signals():
    """Ctrl-C (SIGINT) and SIGTERM stop the server cleanly, even when the shell
    started us with SIGINT ignored (a background job)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    old = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    return lambda: [signal.signal(s, h) for s, h in old.items()]


def run_preview(issue: str, root: Path, port: int, out: Console, err: Console) -> int:
    load_config(root)  # a missing or broken config.yaml: say so now, not in the browser
    folder = issue_dir(root, issue)
    if not folder.is_dir():
        from ..load.issue import list_issues

        known = list_issues(root)
        hint = f"现有各期：{'、'.join(known)}" if known else f"{root / 'articles'} 下还没有任何一期"
        raise UsageError(f"找不到这一期：{issue}。{hint}")
    if not 0 <= port <= 65535:
        raise UsageError(f"端口号应在 0～65535 之间，实际是 {port}")
    preview = Preview(root, issue, folder)
    try:
        server, wanted = bind(preview, port)
    except OSError as exc:
        raise UsageError(f"无法在 127.0.0.1:{port} 启动预览服务（{exc.strerror or exc}）。请用 --port 换一个端口。") from None
    actual = server.server_address[1]
    if port and actual != wanted:
        err.print(f"端口 {wanted} 已被占用，改用端口 {actual}。")

    def report(snap) -> None:
        if snap.error:
            err.print(f"[red]无法生成[/]：{escape(snap.error)}")
        elif snap.blocking:
            err.print(f"[red]有 {len(snap.blocking)} 个结构错误，未能生成[/]（详见预览页面）")
        else:
            what = "已生成" if snap.version == 0 else "已重新生成"
            out.print(f"{snap.built_at} {what}" + (f"；检查发现 {len(snap.findings)} 个问题（见页首）" if snap.findings else ""))
        sys.stdout.flush()

    preview.on_rebuild = report
    out.print(f"预览地址：http://127.0.0.1:{actual}/")
    out.print("各篇文章：http://127.0.0.1:%d/html/<文件名>.html　保存文章、issue.yaml、config.yaml 或模板后页面自动刷新；按 Ctrl-C 停止。" % actual)
    report(preview.snap)
    watcher = start_watcher(preview)
    restore = _stop_on_signals()
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        server.server_close()
        restore()
    out.print("预览已停止。")
    return 0
