"""Shared fixtures: the repo, the 2023 Q4 bulletin (real corpus or invented twin) and the sample issue.

The real corpus lives outside the repo (../shared/corpus, or $QCBRIEF_CORPUS); a user's clone
does not have it. tests/fixtures/corpus is an invented bulletin of the same shape (issue 2023Q4,
17 articles c01…c17, no 点评, commentary: optional, a long lead report with sub-headings, a table,
mixed digit spacing, half-width commas, 》、《 …) so every corpus test also runs on it; the real
corpus variant is skipped with a reason when absent."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = Path(os.environ["QCBRIEF_CORPUS"]) if os.environ.get("QCBRIEF_CORPUS") else SHARED / "corpus"
INVENTED = REPO / "tests" / "fixtures" / "corpus"
HAVE_CORPUS = (CORPUS / "articles" / "2023Q4").is_dir()
NO_CORPUS = ("the real corpus (../shared/corpus or $QCBRIEF_CORPUS) is absent, as in a user's clone; "
             "the invented twin in tests/fixtures/corpus covers the same properties")
needs_corpus = pytest.mark.skipif(not HAVE_CORPUS, reason=NO_CORPUS)
# "invented" always runs; "real" runs where the corpus is present
CORPORA = ["invented", pytest.param("real", marks=needs_corpus)]


def corpus_root(which: str) -> Path:
    return INVENTED if which == "invented" else CORPUS


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


@pytest.fixture(params=CORPORA)
def corpus_ws(request, tmp_path) -> Path:
    """Issue 2023Q4 with the project's config.yaml: the invented twin, and the real corpus when present."""
    return make_workspace(tmp_path / "corpus", corpus_root(request.param) / "articles")


@pytest.fixture
def sample_ws(tmp_path) -> Path:
    """A copy of the repo's own sample issue(s) (articles/2026Q1)."""
    return make_workspace(tmp_path / "sample", REPO / "articles")
