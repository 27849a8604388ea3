"""Time PDF builds (the sample issue 2026Q1 and a 60-article bulletin) and the HTML build. Not a test.

    python bench/bench_build.py [N]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def timed(cmd: list[str], n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    exe = shutil.which("qcbrief") or "qcbrief"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        m = timed([exe, "build", "2026Q1", "--root", str(REPO), "--out", str(out), "--format", "pdf"], n)
        print(f"2026Q1 (sample, 12 articles + 5 briefs): median {m:.2f} s over {n} builds")
        m = timed([exe, "build", "2026Q1", "--root", str(REPO), "--out", str(out), "--format", "html"], n)
        pages = list((out / "html").glob("*.html"))
        size = (out / "2026Q1.html").stat().st_size + sum(p.stat().st_size for p in pages)
        print(f"2026Q1 web edition (--format html, issue page + {len(pages)} article pages, {size / 1024:.0f} KB): "
              f"median {m:.2f} s over {n} builds")
        from test_pdf import build, make_big  # noqa: E402

        ws = make_big(Path(tmp) / "big")
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            build(ws, "BIG", Path(tmp) / "big.pdf")
            times.append(time.perf_counter() - t0)
        import pdfplumber

        with pdfplumber.open(Path(tmp) / "big.pdf") as p:
            pages = len(p.pages)
        print(f"BIG (60 articles + 30 briefs, {pages} pages, in-process write_pdf): median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
