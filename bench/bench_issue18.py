"""The four figures of issue 18, side by side in one run (medians, interleaved).

    python bench/bench_issue18.py --before /tmp/base [--runs 5] [--check-runs 9] [--size 100] [--huge 4] [--write]
    python bench/bench_issue18.py --before /tmp/base --only check [--check-runs 15]   (figure 2 alone)

1. DOCX + PDF build of 20 articles (the real corpus when present, else the invented twin,
   cycled; as bench_peers.py): qcbrief, the --before checkout and pandoc + LibreOffice on the
   same content, interleaved; medians and the ratio qcbrief / peers (goal ≤ 0.5).
2. `qcbrief check ONE.md` (one article of that 20-article issue, run from the workspace as the
   pre-commit hook does), wall time of the whole command, interleaved with the --before
   checkout and with `python -c pass` (the interpreter's own start-up on this machine);
   medians (goal ≤ 150 ms).
3. PDF bytes per 100 articles for a --size article issue: qcbrief, --before and LibreOffice
   (from pandoc's DOCX) (goal: qcbrief ≤ LibreOffice).
4. One article made of a single --huge MB paragraph: time and peak RSS, qcbrief and --before
   (goal ≤ 10 s, ≤ 400 MB).

Both checkouts are byte-compiled first (`compileall`), as an installed package is: the
environment may set PYTHONDONTWRITEBYTECODE, and recompiling the sources on every run would
be counted otherwise.  Fonts come from the per-user cache after a warm-up build of each.
--write puts the table at the top of bench/RESULTS.md.  Not a test: timings are noisy.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_peers as bp  # noqa: E402

REPO = bp.REPO


CPU: dict[int, float] = {}  # id of a timed() result -> CPU seconds (user + system) of the command


def timed(cmd: list[str], env: dict, cwd: Path, ok=(0,)) -> tuple[float, int]:
    """(seconds, peak RSS in MB); exit codes in `ok` are accepted.  The command's CPU
    time (user + system) is kept in CPU: on a loaded machine it is steadier than wall time."""
    full = ([bp.TIME, "-f", "%U %S %M"] + cmd) if bp.TIME else cmd
    t0 = time.perf_counter()
    r = subprocess.run(full, capture_output=True, text=True, env=env, cwd=cwd)
    took = time.perf_counter() - t0
    if r.returncode not in ok:
        raise SystemExit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    if not bp.TIME:
        return took, 0
    user, system, peak = r.stderr.strip().splitlines()[-1].split()
    result = (took, int(peak) // 1024)
    CPU[id(result)] = float(user) + float(system)
    return result


def peers(md: Path, out: Path, home: Path) -> tuple[float, int]:
    """pandoc → DOCX, then LibreOffice → PDF: (seconds, peak MB), CPU kept as for timed()."""
    env = dict(os.environ, HOME=str(home))
    a = timed(["pandoc", str(md), "-o", str(out / "peer.docx")], env, out)
    b = timed(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(out / "peer.docx")], env, out)
    result = (a[0] + b[0], max(a[1], b[1]))
    CPU[id(result)] = CPU.get(id(a), 0.0) + CPU.get(id(b), 0.0)
    return result


def cpu(results) -> float:
    return med(CPU.get(id(r), 0.0) for r in results)


def peer_font_family(pdf: Path) -> str | None:
    """The family name of the first CJK font LibreOffice embedded (pdffonts), as fontconfig knows it."""
    if not shutil.which("pdffonts") or not shutil.which("fc-list"):
        return None
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    names = [line.split()[0].split("+", 1)[-1] for line in fonts if line.strip()]
    listing = subprocess.run(["fc-list", ":lang=zh", "family", "postscriptname"], capture_output=True,
                             text=True).stdout.splitlines()
    for name in names:
        for entry in listing:
            if entry.rsplit("postscriptname=", 1)[-1].strip() == name:
                return entry.split(":")[0].split(",")[0].strip()
    return None


def med(xs) -> float:
    return statistics.median(xs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, required=True, help="older checkout (a folder holding qcbrief/)")
    ap.add_argument("--runs", type=int, default=5, help="interleaved builds of 20 articles")
    ap.add_argument("--check-runs", type=int, default=9)
    ap.add_argument("--size", type=int, default=100, help="articles for the PDF size figure")
    ap.add_argument("--huge", type=float, default=4.0, help="MB of the one-paragraph article (0 = skip)")
    ap.add_argument("--huge-runs", type=int, default=1, help="interleaved builds of the huge paragraph (median)")
    ap.add_argument("--huge-only", action="store_true", help="measure only the huge paragraph (figure 4)")
    ap.add_argument("--write", action="store_true", help="put the results at the top of bench/RESULTS.md")
    ap.add_argument("--only", choices=["check"], help="measure `check ONE.md` alone (figure 2)")
    args = ap.parse_args()
    for tree in (REPO, args.before):
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "qcbrief")], check=True)
    env = {"now": dict(os.environ, PYTHONPATH=str(REPO)), "before": dict(os.environ, PYTHONPATH=str(args.before))}
    have_peers = bool(shutil.which("pandoc") and shutil.which("soffice"))
    py = sys.executable
    res: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        home = tmp / "home"
        home.mkdir()
        if args.huge_only:
            huge(args, env, py, tmp, res)
            print(report_huge(args, res))
            return
        ws, md = bp.make_workspace(tmp / "n20", 20)
        if args.only == "check":
            res["check"], res["check_cpu"] = check_one(args, env, ws)
            text = report_check(args, res)
            print(text)
            return
        out = {k: ws / f"out-{k}" for k in ("now", "before", "peers")}
        for o in out.values():
            o.mkdir()
        build = {k: [py, "-m", "qcbrief", "build", "BENCH", "--root", str(ws), "--out", str(out[k])] for k in env}
        for k in env:  # warm-up: font caches
            timed(build[k], env[k], tmp, ok=(0, 1))
        if have_peers:
            peers(md, out["peers"], home)

        # 1. build of 20 articles, interleaved
        t: dict[str, list] = {"now": [], "before": [], "peers": []}
        for _ in range(args.runs):
            for k in env:
                t[k].append(timed(build[k], env[k], tmp))
            if have_peers:
                t["peers"].append(peers(md, out["peers"], home))
        res["build"] = {k: (med(x for x, _ in v), max(m for _, m in v), cpu(v)) for k, v in t.items() if v}
        print("build 20:", res["build"], flush=True)

        # 2. check ONE.md
        res["check"], res["check_cpu"] = check_one(args, env, ws)

        # 3. PDF bytes per 100 articles
        wsn, mdn = bp.make_workspace(tmp / f"n{args.size}", args.size)
        sizes = {}
        for k in env:
            o = wsn / f"out-{k}"
            timed([py, "-m", "qcbrief", "build", "BENCH", "--root", str(wsn), "--out", str(o), "--format", "pdf"],
                  env[k], tmp)
            sizes[k] = (o / "BENCH.pdf").stat().st_size
        if have_peers:
            o = wsn / "out-peers"
            o.mkdir()
            peers(mdn, o, home)
            sizes["peers"] = (o / "peer.pdf").stat().st_size
            # the same, with every role set to the font LibreOffice embedded (WenQuanYi Zen Hei
            # here): how much of the difference is the choice of fonts
            peer_font = peer_font_family(o / "peer.pdf")
            if peer_font:
                cfg = wsn / "config.yaml"
                original = cfg.read_text(encoding="utf-8")
                cfg.write_text(re.sub(r"^  (title|body|heading|kai|song): \[.*\]$", rf"  \1: [{peer_font}]", original,
                                      flags=re.M), encoding="utf-8")
                o = wsn / "out-peerfont"
                timed([py, "-m", "qcbrief", "build", "BENCH", "--root", str(wsn), "--out", str(o), "--format", "pdf"],
                      env["now"], tmp)
                cfg.write_text(original, encoding="utf-8")
                sizes["now_peer_font"] = (o / "BENCH.pdf").stat().st_size
                res["peer_font"] = peer_font
        res["size"] = {k: v / 1024 * 100 / args.size for k, v in sizes.items()}
        print(f"PDF KB per 100 articles ({args.size}):", res["size"], flush=True)

        # 4. one huge paragraph
        if args.huge:
            huge(args, env, py, tmp, res)
    text = report(args, res, have_peers)
    print(text)
    if args.write:
        path = REPO / "bench" / "RESULTS.md"
        old = path.read_text(encoding="utf-8")
        head, _, rest = old.partition("\n")
        path.write_text(head + "\n\n" + text + "\n" + rest, encoding="utf-8")
        print(f"wrote {path}")


def check_one(args, env: dict, ws: Path) -> tuple[dict, dict]:
    """Figure 2: `check ONE.md` from the workspace (relative path, as the pre-commit hook
    passes it), interleaved with the --before checkout and `python -c pass`; medians of
    wall and CPU seconds.  One untimed run of each first (per-user caches warm, as on a
    contributor's machine after the first save)."""
    py = sys.executable
    one = "articles/BENCH/a0001.md"
    for k in env:
        timed([py, "-m", "qcbrief", "check", one], env[k], ws, ok=(0, 1))
    c: dict[str, list] = {"now": [], "before": [], "python": []}
    for _ in range(args.check_runs):
        for k in env:
            c[k].append(timed([py, "-m", "qcbrief", "check", one], env[k], ws, ok=(0, 1)))
        c["python"].append(timed([py, "-c", "pass"], env["now"], ws))
    wall = {k: med(x for x, _ in v) for k, v in c.items()}
    cpus = {k: cpu(v) for k, v in c.items()}
    print("check ONE.md:", wall, cpus, flush=True)
    return wall, cpus


def check_row(args, c: dict, cc: dict) -> str:
    return (f"| `qcbrief check ONE.md` ({args.check_runs} runs) | ≤ 150 ms | {c['now'] * 1000:.0f} ms "
            f"({cc['now'] * 1000:.0f} ms) | {c['before'] * 1000:.0f} ms ({cc['before'] * 1000:.0f} ms) | "
            f"`python -c pass`: {c['python'] * 1000:.0f} ms ({cc['python'] * 1000:.0f} ms) | "
            f"**{c['now'] / c['before']:.2f}** × before |")


def report_check(args, res) -> str:
    cmd = f"python bench/bench_issue18.py --before {args.before} --only check --check-runs {args.check_runs}"
    return "\n".join([f"## `check ONE.md` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
                      f"`{cmd}` — interleaved, medians; wall time, CPU time (user + system) in brackets.", "",
                      "| figure | goal | qcbrief | before | `python -c pass` | ratio |", "|---|---|---:|---:|---:|---:|",
                      check_row(args, res["check"], res["check_cpu"]).replace("`python -c pass`: ", "")]) + "\n"
def huge(args, env, py, tmp: Path, res: dict) -> None:
    """Figure 4: one article of a single --huge MB paragraph, --huge-runs builds interleaved
    (now, before, now, …): median wall, peak RSS (max), median CPU."""
    wsh = bp.make_huge(tmp / "huge", args.huge)
    runs: dict[str, list] = {k: [] for k in env}
    for _ in range(max(1, args.huge_runs)):
        for k in env:
            r = timed([py, "-m", "qcbrief", "build", "BENCH", "--root", str(wsh), "--out", str(wsh / f"out-{k}")],
                      env[k], tmp)
            runs[k].append(r)
            print("huge", k, r, CPU.get(id(r), 0.0), flush=True)
    res["huge"] = {k: (med(x for x, _ in v), max(m for _, m in v), cpu(v)) for k, v in runs.items()}


def report_huge(args, res) -> str:
    h = res["huge"]
    return (f"`python bench/bench_issue18.py --before {args.before} --huge {args.huge:g} --huge-runs {args.huge_runs} "
            f"--huge-only` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}): medians of {args.huge_runs} "
            f"interleaved builds, wall (CPU)\n\n"
            f"| one {args.huge:g} MB paragraph, DOCX + PDF | ≤ 10 s, ≤ 400 MB | now: {h['now'][0]:.1f} s "
            f"({h['now'][2]:.1f} s), {h['now'][1]} MB | before: {h['before'][0]:.1f} s ({h['before'][2]:.1f} s), "
            f"{h['before'][1]} MB | **{h['now'][2] / max(h['before'][2], 1e-9):.2f}** × before (CPU) |\n")


def report(args, res, have_peers) -> str:
    b, c, cc, s = res["build"], res["check"], res["check_cpu"], res["size"]
    cmd = (f"python bench/bench_issue18.py --before {args.before} --runs {args.runs} --check-runs {args.check_runs} "
           f"--size {args.size} --huge {args.huge:g}")
    lines = [f"## Issue 18 figures ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
             f"`{cmd}` — one run, interleaved, medians; \"before\" is the --before checkout in the same run. "
             "Wall time, then CPU time (user + system, `/usr/bin/time`) in brackets: on a loaded machine the "
             "CPU figures are the steadier comparison.", "",
             "| figure | goal | qcbrief | before | peers (pandoc + LibreOffice) | ratio |",
             "|---|---|---:|---:|---:|---:|"]
    p = b.get("peers")
    now, bef = b["now"], b["before"]
    lines.append(f"| DOCX + PDF build, 20 articles ({args.runs} runs) | ≤ 0.5 × peers | {now[0]:.2f} s ({now[2]:.2f} s), "
                 f"{now[1]} MB | {bef[0]:.2f} s ({bef[2]:.2f} s), {bef[1]} MB | "
                 + (f"{p[0]:.2f} s ({p[2]:.2f} s), {p[1]} MB | **{now[0] / p[0]:.2f}** wall, **{now[2] / p[2]:.2f}** CPU "
                    f"(before {bef[0] / p[0]:.2f}, {bef[2] / p[2]:.2f}) |" if p else "– | – |"))
    lines.append(check_row(args, c, cc))
    lines.append(f"| PDF KB per 100 articles ({args.size} articles) | ≤ LibreOffice | {s['now']:.0f} KB | "
                 f"{s['before']:.0f} KB | " + (f"{s['peers']:.0f} KB | **{s['now'] / s['peers']:.2f}** |"
                                              if "peers" in s else "– | – |"))
    if "now_peer_font" in s:
        lines.append(f"| the same, every role set to {res['peer_font']} (LibreOffice's font) | – | "
                     f"{s['now_peer_font']:.0f} KB | – | {s['peers']:.0f} KB | **{s['now_peer_font'] / s['peers']:.2f}** |")
    if "huge" in res:
        h = res["huge"]
        lines.append(f"| one {args.huge:g} MB paragraph, DOCX + PDF | ≤ 10 s, ≤ 400 MB | {h['now'][0]:.1f} s "
                     f"({h['now'][2]:.1f} s), {h['now'][1]} MB | {h['before'][0]:.1f} s ({h['before'][2]:.1f} s), "
                     f"{h['before'][1]} MB | – | **{h['now'][2] / max(h['before'][2], 1e-9):.2f}** × before (CPU) |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
