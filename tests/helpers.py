"""Small helpers for tests: tiny workspaces and running the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from typer.testing import CliRunner

from qcbrief.cli import app

REPO = Path(__file__).resolve().parent.parent

GOOD_ARTICLE = """---
center: 湖北省护理质量控制中心
title: 织密基层网络 筑牢安全底线
---

**聚焦薄弱环节，开展专项督查。**2026年1月，中心组织专家对12家医院开展督查。

点评：

该中心以督查促整改，做法值得借鉴。
"""


def workspace(tmp: Path, files: dict[str, str | bytes], issue_yaml: str | None = None, issue: str = "T") -> Path:
    """A workspace with the project's config and one issue holding `files`.
    issue.yaml lists the files' stems in the given order unless given."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config.yaml", tmp / "config.yaml")
    folder = tmp / "articles" / issue
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    if issue_yaml is None:
        stems = [Path(n).stem for n in files if n.endswith((".md", ".yaml")) and "/" not in n]
        issue_yaml = "subtitle: 测试\ndate: 2026-03-31\ntoc:\n" + "".join(f"  - {s}\n" for s in stems)
    (folder / "issue.yaml").write_text(issue_yaml, encoding="utf-8")
    return tmp


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def check_json(root: Path, *targets: str) -> tuple[int, list[dict]]:
    result = run("check", *targets, "--root", str(root), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def codes(findings: list[dict]) -> list[str]:
    return [f["code"] for f in findings]


# --------------------------------------------------------------------------- LibreOffice
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """soffice, or skip (fail in CI, which installs it: a skipped rendering check there would hide a defect)."""
    exe = soffice()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI to check the rendered DOCX")
        pytest.skip("LibreOffice (soffice) not installed")
    return exe


def lo_convert(src: Path, fmt: str, outdir: Path, timeout: int = 300) -> Path:
    """Convert with LibreOffice as a user would (`soffice --headless --convert-to FMT`), in a
    private profile so it runs beside another LibreOffice; returns the new file."""
    exe = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-test-"))
    try:
        r = subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
                            "--outdir", str(outdir), str(src)], capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    assert out.is_file(), f"LibreOffice did not write {out}: {r.stdout}{r.stderr}"
    return out


def lo_convert_all(srcs: list[Path], fmt: str, outdir: Path, timeout: int = 600) -> list[Path]:
    """Several files in one LibreOffice run (it starts once: a conversion is then well under a second)."""
    exe = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-test-"))
    try:
        r = subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
                            "--outdir", str(outdir), *map(str, srcs)], capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    outs = [outdir / (s.stem + "." + fmt.split(":")[0]) for s in srcs]
    missing = [o for o in outs if not o.is_file()]
    assert not missing, f"LibreOffice did not write {missing}: {r.stdout}{r.stderr}"
    return outs
