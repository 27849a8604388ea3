"""Benchmark (not a test): printing many findings, text output against JSON, side by side.

One article of SIZE KB whose every line has two half-width commas in Chinese text (two QC201
findings a line: about 30 findings per KB), checked as a subprocess with `--format text`
(default: at most 20 findings of a rule per file, the rest counted), `--format text --all`
(every finding, with its excerpt) and `--format json`; RUNS runs each, interleaved; prints
the medians.  Text output used to split the whole file again for every finding (quadratic:
100/200/400 KB took 2.1/5.1/15.1 s); it should now grow like JSON does.

    python bench/bench_findings.py [--sizes 100,200,400] [--runs 5] [--repo PATH]

--repo times another checkout (e.g. the main branch, for a before/after).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LINE = "督查发现问题,整改落实到位,全省合格率明显提高。\n"  # 2 x QC201


def make_issue(ws: Path, size_kb: int) -> int:
    shutil.copy(REPO / "config.yaml", ws / "config.yaml")
    folder = ws / "articles" / "BENCH"
    folder.mkdir(parents=True)
    n = size_kb * 1024 // len(LINE.encode("utf-8"))
    body = "".join(LINE if i % 8 else "\n" + LINE for i in range(n))  # paragraphs of 8 lines
    (folder / "a01.md").write_text("---\ncenter: 湖北省护理质量控制中心\ntitle: 基准\n---\n\n" + body, encoding="utf-8")
    (folder / "issue.yaml").write_text("subtitle: 基准\ndate: 2026-03-31\ncommentary: optional\ntoc: [a01]\n",
                                       encoding="utf-8")
    return 2 * n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,200,400")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repo", type=Path, default=REPO)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(args.repo.resolve()), "COLUMNS": "120"}
    modes = {"text": ["--format", "text"], "text --all": ["--format", "text", "--all"], "json": ["--format", "json"]}
    print(f"repo: {args.repo.resolve()}  runs: {args.runs}")
    print(f"{'size':>7} {'findings':>9} " + " ".join(f"{m:>12}" for m in modes) + "   (median seconds)")
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            ws = Path(tmp) / f"ws{size}"
            ws.mkdir()
            findings = make_issue(ws, size)
            times: dict[str, list[float]] = {m: [] for m in modes}
            for _ in range(args.runs):
                for mode, opts in modes.items():
                    cmd = [sys.executable, "-m", "qcbrief", "check", "BENCH", "--root", str(ws), *opts]
                    t0 = time.perf_counter()
                    r = subprocess.run(cmd, capture_output=True, env=env, cwd=tmp)  # not this checkout's cwd
                    times[mode].append(time.perf_counter() - t0)
                    if r.returncode not in (0, 1) or (mode == "text --all" and b"Usage" in r.stderr):
                        times[mode][-1] = float("nan")  # this checkout has no such option
            print(f"{size:>5}KB {findings:>9} " + " ".join(f"{statistics.median(t):>12.2f}" for t in times.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
