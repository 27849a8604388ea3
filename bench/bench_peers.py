"""`qcbrief build` (DOCX + PDF) against pandoc → DOCX plus LibreOffice → PDF, on the same content.

    python bench/bench_peers.py [--sizes 20,80,400,1000] [--runs 5,5,3,2] [--before DIR] [--profile]

For each size N a workspace with N articles is made from the invented bulletin of
tests/fixtures/corpus (or the real corpus when $QCBRIEF_CORPUS / ../shared/corpus exists),
cycled under new names, and the same articles are written as one Markdown file for pandoc
(center line, title as a heading, body).  The commands run as subprocesses (start-up included),
interleaved qcbrief / peer / qcbrief … so that both see the same machine load; medians are quoted.
Peak memory is the largest resident set of the process (/usr/bin/time, or getrusage).
--before DIR also times an older checkout of qcbrief (PYTHONPATH=DIR) for before/after figures.
--profile writes cProfile summaries of the 20- and 400-article builds.
Writes bench/RESULTS.md.  Not a test: timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def corpus_dir() -> Path:
    env = os.environ.get("QCBRIEF_CORPUS")
    for c in ([Path(env)] if env else []) + [REPO.parent / "shared" / "corpus", REPO / "tests" / "fixtures" / "corpus"]:
        if (c / "articles" / "2023Q4").is_dir():
            return c / "articles" / "2023Q4"
    raise SystemExit("no articles to benchmark")


def make_workspace(dest: Path, n: int) -> tuple[Path, Path]:
    """A workspace with issue BENCH of n articles, and the same content as one Markdown file."""
    src = sorted(corpus_dir().glob("c*.md"))
    folder = dest / "articles" / "BENCH"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "config.yaml", dest / "config.yaml")
    stems, md = [], ["---", "title: 湖北医疗质控管理工作简报", "lang: zh-CN", "---", ""]
    for k in range(n):
        stem = f"a{k + 1:04d}"
        text = src[k % len(src)].read_text(encoding="utf-8")
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
        stems.append(stem)
        head, body = text.split("\n---\n", 1)
        meta = dict(re.findall(r'^(\w+): "?(.*?)"?$', head, re.M))
        md += [f"{meta.get('center', '')}——", "", f"# {meta.get('title', '')}", "", body.strip(), ""]
    (folder / "issue.yaml").write_text(
        'subtitle: "基准测试"\ndate: 2026-03-31\ncommentary: optional\ntoc:\n' + "".join(f"  - {s}\n" for s in stems),
        encoding="utf-8")
    mdfile = dest / "bench.md"
    mdfile.write_text("\n".join(md), encoding="utf-8")
    return dest, mdfile


def make_huge(dest: Path, mb: float) -> Path:
    """A workspace whose one article is a single paragraph of mb megabytes (UTF-8)."""
    unit = "质控中心组织专家开展督查，发现问题12条，合格率95.5%，整改完成。"
    body = unit * int(mb * 1024 * 1024 / len(unit.encode()))
    folder = dest / "articles" / "BENCH"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "config.yaml", dest / "config.yaml")
    (folder / "a01.md").write_text(f"---\ncenter: 湖北省示例质量控制中心\ntitle: 超长段落\n---\n\n{body}\n\n点评：\n\n好。\n",
                                   encoding="utf-8")
    (folder / "issue.yaml").write_text("subtitle: 基准\ndate: 2026-03-31\ntoc: [a01]\n", encoding="utf-8")
    return dest


def run(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one command."""
    full = ([TIME, "-f", "%M"] + cmd) if TIME else cmd
    t0 = time.perf_counter()
    # cwd outside the repo: `python -m qcbrief` would import ./qcbrief before $PYTHONPATH
    r = subprocess.run(full, capture_output=True, text=True, env=env, cwd=cwd or tempfile.gettempdir())
    took = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    peak = int(r.stderr.strip().splitlines()[-1]) // 1024 if TIME else 0
    return took, peak


def qcbrief_cmd(ws: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "qcbrief", "build", "BENCH", "--root", str(ws), "--out", str(out)]


def peers(md: Path, out: Path, home: Path) -> tuple[float, int]:
    env = dict(os.environ, HOME=str(home))
    t1, m1 = run(["pandoc", str(md), "-o", str(out / "peer.docx")], env)
    t2, m2 = run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(out / "peer.docx")], env)
    return t1 + t2, max(m1, m2)


def profile(ws: Path, out: Path, top: int = 15) -> str:
    sys.path.insert(0, str(REPO))
    from qcbrief.cli import app

    prof = cProfile.Profile()
    prof.enable()
    try:
        app(["build", "BENCH", "--root", str(ws), "--out", str(out)], standalone_mode=False)
    finally:
        prof.disable()
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(top)
    lines = [l for l in s.getvalue().splitlines() if l.strip()]
    start = next(i for i, l in enumerate(lines) if l.lstrip().startswith("ncalls"))
    return "\n".join(lines[start - 2 if start >= 2 else 0:])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="20,80,400,1000")
    ap.add_argument("--runs", default="5,5,3,2")
    ap.add_argument("--before", type=Path, help="an older qcbrief checkout to compare with")
    ap.add_argument("--before-max", type=int, default=400, help="time --before only up to this many articles")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--huge", default="0.5,1,2,4", help="MB sizes of a one-paragraph article ('' to skip)")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    runs = [int(x) for x in args.runs.split(",")]
    have_peers = bool(shutil.which("pandoc") and shutil.which("soffice"))
    env_now = dict(os.environ, PYTHONPATH=str(REPO))
    env_before = dict(os.environ, PYTHONPATH=str(args.before)) if args.before else None
    rows, profiles = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        home = tmp / "home"
        home.mkdir()
        # warm-up: font cache (first build converts bundled fonts), LibreOffice profile
        ws, md = make_workspace(tmp / "warm", 2)
        run(qcbrief_cmd(ws, tmp / "warm" / "o"), env_now)
        if env_before:
            run(qcbrief_cmd(ws, tmp / "warm" / "b"), env_before)
        if have_peers:
            peers(md, ws, home)
        for n, r in zip(sizes, runs + [runs[-1]] * len(sizes)):
            ws, md = make_workspace(tmp / f"n{n}", n)
            out = ws / "out"
            out.mkdir()
            q, p, b = [], [], []
            for _ in range(r):  # interleaved: the same load for all
                q.append(run(qcbrief_cmd(ws, out), env_now))
                if env_before and n <= args.before_max:
                    b.append(run(qcbrief_cmd(ws, out / "before"), env_before))
                if have_peers:
                    p.append(peers(md, out, home))
            from pypdf import PdfReader

            pdf = out / "BENCH.pdf"
            pages = len(PdfReader(str(pdf)).pages)
            row = {"n": n, "runs": r, "q": statistics.median(t for t, _ in q), "qmem": max(m for _, m in q),
                   "pages": pages, "pdf_kb_100": pdf.stat().st_size / 1024 * 100 / n,
                   "docx_kb_100": (out / "BENCH.docx").stat().st_size / 1024 * 100 / n}
            if p:
                row |= {"p": statistics.median(t for t, _ in p), "pmem": max(m for _, m in p),
                        "ppdf_kb_100": (out / "peer.pdf").stat().st_size / 1024 * 100 / n}
            if b:
                row |= {"b": statistics.median(t for t, _ in b), "bmem": max(m for _, m in b)}
            rows.append(row)
            print(row, flush=True)
            if args.profile and n in (20, 400):
                profiles[n] = profile(ws, out / "prof")
        huge = []
        for mb in [float(x) for x in args.huge.split(",") if x]:
            ws = make_huge(tmp / f"huge{mb}", mb)
            t, m = run(qcbrief_cmd(ws, ws / "out"), env_now)
            row = {"mb": mb, "t": t, "m": m}
            if env_before and mb <= 1:
                row["bt"], row["bm"] = run(qcbrief_cmd(ws, ws / "before"), env_before)
            huge.append(row)
            print(row, flush=True)
    write_results(args.out, rows, profiles, have_peers, args.before, huge)


def write_results(path: Path, rows, profiles, have_peers, before, huge=()) -> None:
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                   if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = []
    for tool in ("pandoc", "soffice"):
        if shutil.which(tool):
            v = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout.splitlines()
            versions.append(v[0] if v else tool)
    out = ["# Benchmark results", "",
           f"Generated by `python bench/bench_peers.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "",
           f"- Machine: {cpu}, {os.cpu_count()} cores (shared with other jobs: timings are noisy; "
           f"runs are interleaved and medians quoted), Python {platform.python_version()}, {platform.system()}",
           f"- Articles: {corpus_dir().relative_to(REPO) if corpus_dir().is_relative_to(REPO) else 'the real corpus'} "
           "cycled to N articles (no 点评, commentary: optional)",
           "- qcbrief: `python -m qcbrief build BENCH --root WS --out OUT` (DOCX + PDF, check included, fonts from the cache)",
           "- peers: `pandoc bench.md -o peer.docx` then `soffice --headless --convert-to pdf peer.docx` "
           f"({'; '.join(versions) or 'not installed'})",
           "- peak memory: largest resident set of one process (`/usr/bin/time -f %M`)", ""]
    head = "| articles | runs | PDF pages | qcbrief median | qcbrief peak MB |"
    sep = "|---:|---:|---:|---:|---:|"
    if before:
        head += " before median | before peak MB |"
        sep += "---:|---:|"
    if have_peers:
        head += " pandoc+LibreOffice median | peers peak MB | ratio qcbrief/peers |"
        sep += "---:|---:|---:|"
    head += " PDF KB per 100 articles | DOCX KB per 100 |"
    sep += "---:|---:|"
    out += [head, sep]
    for r in rows:
        line = f"| {r['n']} | {r['runs']} | {r['pages']} | {r['q']:.2f} s | {r['qmem']} |"
        if before:
            line += f" {r['b']:.2f} s | {r['bmem']} |" if "b" in r else " – | – |"
        if have_peers:
            line += f" {r['p']:.2f} s | {r['pmem']} | **{r['q'] / r['p']:.2f}** |"
        line += f" {r['pdf_kb_100']:.0f} (peers {r.get('ppdf_kb_100', 0):.0f}) | {r['docx_kb_100']:.0f} |"
        out.append(line)
    if len(rows) > 1:
        a, z = rows[0], rows[-1]
        out += ["", f"Growth: {z['n'] / a['n']:.0f}× the articles took {z['q'] / a['q']:.1f}× the time "
                f"({(z['q'] - a['q']) / (z['n'] - a['n']) * 1000:.0f} ms per extra article)."]
    if huge:
        out += ["", "## One huge paragraph (DOCX + PDF)", "",
                "| paragraph | time | peak MB | time per MB |" + (" before: time | before: peak MB |" if before else ""),
                "|---:|---:|---:|---:|" + ("---:|---:|" if before else "")]
        for h in huge:
            line = f"| {h['mb']:g} MB | {h['t']:.1f} s | {h['m']} | {h['t'] / h['mb']:.1f} s |"
            if before:
                line += f" {h['bt']:.1f} s | {h['bm']} |" if "bt" in h else " – | – |"
            out.append(line)
    for n, text in profiles.items():
        out += ["", f"## cProfile, {n} articles (own time, top entries)", "", "```", text, "```"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
