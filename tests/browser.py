"""Headless Chromium for the HTML tests: screenshots and layout measurements.

The built pages carry no script; to measure, a test copy of a page gets a small
script that writes the page's scroll width (and the widest elements) into the
DOM, and Chromium's --dump-dom hands it back.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

MEASURE = """
<script>
window.addEventListener("load", function () {
  var w = window.innerWidth, out = [];
  var els = document.body.getElementsByTagName("*");
  for (var i = 0; i < els.length; i++) {
    var r = els[i].getBoundingClientRect();
    if (r.right > w + 0.5 || r.left < -0.5) {
      var p = els[i].parentElement, scrolled = false;
      while (p) { if (getComputedStyle(p).overflowX === "auto") { scrolled = true; break; } p = p.parentElement; }
      if (!scrolled) out.push(els[i].tagName + ":" + Math.round(r.right) + ":" + (els[i].textContent || "").slice(0, 30));
    }
  }
  parent.postMessage(JSON.stringify({inner: w, scroll: document.documentElement.scrollWidth,
                                     body: document.body.scrollWidth, offenders: out.slice(0, 10)}), "*");
});
</script>
"""

# Chromium's headless window is at least 500 px wide: a phone-width viewport is an
# iframe of that width inside a wrapper page.
FRAME = """<!DOCTYPE html><html><body style="margin:0;background:#fff">
<iframe src="{src}" scrolling="no" style="display:block;border:0;width:{width}px;height:{height}px"></iframe>
{script}</body></html>"""
LISTEN = """<script>
window.addEventListener("message", function (e) {
  var pre = document.createElement("pre"); pre.id = "qc-measure"; pre.textContent = e.data;
  document.body.appendChild(pre);
});
</script>"""


def chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(args: list[str]) -> subprocess.CompletedProcess:
    exe = chromium()
    assert exe, "chromium not installed"
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-dev-shm-usage", "--force-device-scale-factor=1"]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=180)


def _frame(page: Path, width: int, height: int, script: str = "") -> Path:
    wrapper = page.parent / f".frame-{width}-{page.stem}.html"
    wrapper.write_text(FRAME.format(src=page.name, width=width, height=height, script=script), encoding="utf-8")
    return wrapper


def screenshot(page: Path, out: Path, width: int, height: int) -> Path:
    """A PNG of the top `height` px of `page` in a viewport `width` px wide."""
    from PIL import Image

    wrapper = _frame(page, width, height)
    try:
        res = _run([f"--window-size={max(width, 500)},{height}", "--virtual-time-budget=5000",
                    f"--screenshot={out}", wrapper.resolve().as_uri()])
    finally:
        wrapper.unlink(missing_ok=True)
    assert out.is_file(), res.stderr[-2000:]
    with Image.open(out) as im:
        im.crop((0, 0, width, height)).save(out)
    return out


def measure(page: Path, width: int) -> dict:
    """Layout figures of `page` in a viewport `width` px wide: inner and scroll
    widths, and elements sticking out (outside any scrolling box)."""
    html = page.read_text(encoding="utf-8")
    probe = page.parent / f".measure-{width}-{page.name}"
    probe.write_text(re.sub(r"</body>", lambda m: MEASURE + "</body>", html, count=1), encoding="utf-8")
    wrapper = _frame(probe, width, 900, LISTEN)
    try:
        res = _run([f"--window-size={max(width, 500)},900", "--virtual-time-budget=10000", "--dump-dom",
                    wrapper.resolve().as_uri()])
    finally:
        probe.unlink(missing_ok=True)
        wrapper.unlink(missing_ok=True)
    m = re.search(r'<pre id="qc-measure">(.*?)</pre>', res.stdout, re.S)
    assert m, f"no measurement in Chromium's DOM dump: {res.stderr[-2000:]}"
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
