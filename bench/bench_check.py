"""Benchmark (not a test): `qcbrief check` on a 100-article issue, start-up included.

Builds a temporary workspace whose issue holds N copies of the real corpus
articles (../shared/corpus/articles/2023Q4) under new stems, then runs
`qcbrief check --root WS BENCH` as a subprocess RUNS times and prints the
median and the minimum wall time.  Target: median <= 1.5 s.

    python bench/bench_check.py [--articles 100] [--runs 7] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "articles" / "2023Q4"


def make_issue(ws: Path, corpus: Path, n: int) -> str:
    shutil.copy(REPO / "config.yaml", ws / "config.yaml")
    folder = ws / "articles" / "BENCH"
    folder.mkdir(parents=True)
    sources = sorted(corpus.glob("*.md"))
    stems = []
    for i in range(n):
        src = sources[i % len(sources)]
        stem = f"a{i + 1:03d}-{src.stem}"
        shutil.copy(src, folder / f"{stem}.md")
        stems.append(stem)
    (folder / "issue.yaml").write_text(
        "subtitle: 基准测试\ndate: 2026-03-31\ncommentary: optional\ntoc:\n" + "".join(f"  - {s}\n" for s in stems),
        encoding="utf-8")
    return "BENCH"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    exe = shutil.which("qcbrief")
    cmd_head = [exe] if exe else [sys.executable, "-m", "qcbrief"]
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp)
        issue = make_issue(ws, args.corpus, args.articles)
        cmd = cmd_head + ["check", "--root", str(ws), issue, "--format", "json"]
        subprocess.run(cmd, capture_output=True)  # warm the file cache and .pyc
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True)
            times.append(time.perf_counter() - t0)
            if r.returncode not in (0, 1):
                print(r.stderr.decode(errors="replace"), file=sys.stderr)
                return 2
        found = r.stdout.count(b'"code"')
    print(f"qcbrief check: {args.articles} articles, {found} findings, {args.runs} runs: "
          f"median {statistics.median(times):.3f} s, min {min(times):.3f} s (target <= 1.5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
