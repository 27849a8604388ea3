"""Time `qcbrief import` of a whole 60-article bulletin DOCX (built by qcbrief). Not a test.

    python bench/bench_import.py [N]
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


def big_workspace(dest: Path, n: int = 60, n_briefs: int = 30) -> Path:
    """The sample issue's articles repeated (each under a new center) to n articles and n_briefs briefs."""
    dest.mkdir(parents=True)
    shutil.copy(REPO / "config.yaml", dest / "config.yaml")
    src = REPO / "articles" / "2026Q1"
    folder = dest / "articles" / "BIG"
    shutil.copytree(src / "images", folder / "images")
    full = sorted(p for p in src.glob("*.md") if not p.name.startswith("b"))
    briefs = sorted(src.glob("b*.md"))
    stems, bstems = [], []
    for k in range(n):
        text = full[k % len(full)].read_text(encoding="utf-8").replace("质量控制中心\n", f"质量控制中心{k + 1:02d}\n", 1)
        (folder / f"a{k + 1:03d}.md").write_text(text, encoding="utf-8")
        stems.append(f"a{k + 1:03d}")
    for k in range(n_briefs):
        text = briefs[k % len(briefs)].read_text(encoding="utf-8").replace("质量控制中心\n", f"质量控制中心{k + 1:02d}\n", 1)
        (folder / f"b{k + 1:03d}.md").write_text(text, encoding="utf-8")
        bstems.append(f"b{k + 1:03d}")
    lines = ["subtitle: 测试用大型简报", "date: 2026-06-30", "toc:"] + [f"  - {s}" for s in stems]
    lines += ["  - section: 简讯", "    articles:"] + [f"      - {s}" for s in bstems]
    (folder / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    exe = shutil.which("qcbrief") or "qcbrief"
    with tempfile.TemporaryDirectory() as tmp:
        ws = big_workspace(Path(tmp) / "ws")
        subprocess.run([exe, "build", "BIG", "--root", str(ws), "--out", str(Path(tmp) / "out"), "--format", "docx"],
                       check=True, capture_output=True)
        built = Path(tmp) / "out" / "BIG.docx"
        times = []
        for k in range(n):
            target = Path(tmp) / f"t{k}"
            target.mkdir()
            shutil.copy(REPO / "config.yaml", target / "config.yaml")
            t0 = time.perf_counter()
            subprocess.run([exe, "import", str(built), "--issue", "BACK", "--root", str(target)],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        count = len(list((Path(tmp) / "t0" / "articles" / "BACK").glob("*.md")))
        print(f"import BIG.docx ({built.stat().st_size // 1024} KB, {count} articles and briefs, check included): "
              f"median {statistics.median(times):.2f} s, min {min(times):.2f} s over {n} runs")


if __name__ == "__main__":
    main()
