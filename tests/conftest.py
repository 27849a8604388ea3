"""Shared fixtures: the repo, the real 2023 Q4 corpus and the sample issue as workspaces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def make_workspace(dest: Path, articles_from: Path, issues: list[str] | None = None) -> Path:
    """A workspace at dest: the project's config.yaml and templates plus a copy of issues."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config.yaml", dest / "config.yaml")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", dest / "templates", dirs_exist_ok=True)
    for d in sorted(articles_from.iterdir()):
        if d.is_dir() and (issues is None or d.name in issues):
            shutil.copytree(d, dest / "articles" / d.name)
    return dest


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def corpus_ws(tmp_path) -> Path:
    """A copy of ../shared/corpus with the project's config.yaml (issue 2023Q4)."""
    if not (CORPUS / "articles").is_dir():
        pytest.skip(f"corpus {CORPUS / 'articles'} absent (a clone without ../shared)")
    return make_workspace(tmp_path / "corpus", CORPUS / "articles")


@pytest.fixture
def sample_ws(tmp_path) -> Path:
    """A copy of the repo's own sample issue(s) (articles/2026Q1)."""
    return make_workspace(tmp_path / "sample", REPO / "articles")
