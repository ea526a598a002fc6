"""The documentation site and the project's conventions: API page == __all__, changelog, one version."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import linkmotive

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"

needs_checkout = pytest.mark.skipif(
    not MKDOCS_YML.is_file(), reason="mkdocs.yml is not here: the tests run outside a source checkout"
)


def documented_names() -> list[str]:
    """The top-level names the API reference page renders (``::: linkmotive.NAME`` lines)."""
    text = (DOCS / "api.md").read_text("utf-8")
    return re.findall(r"^:::\s+linkmotive\.(\w+)\s*$", text, flags=re.M)


def nav_pages() -> list[str]:
    return re.findall(r":\s+([\w./-]+\.md)\s*$", MKDOCS_YML.read_text("utf-8"), flags=re.M)


@needs_checkout
def test_docs_api_page_matches_all():
    documented = documented_names()
    assert len(documented) == len(set(documented)), "a name is documented twice on docs/api.md"
    missing = sorted(set(linkmotive.__all__) - set(documented))
    extra = sorted(set(documented) - set(linkmotive.__all__))
    assert not missing, f"in linkmotive.__all__ but not on docs/api.md: {missing}; add '::: linkmotive.NAME' lines"
    assert not extra, f"on docs/api.md but not in linkmotive.__all__: {extra}"


def test_docs_every_public_name_resolves():
    for name in linkmotive.__all__:
        assert getattr(linkmotive, name) is not None, name
    assert sorted(dir(linkmotive)) == sorted(linkmotive.__all__)


@needs_checkout
def test_docs_nav_pages_exist():
    pages = nav_pages()
    assert "index.md" in pages and "api.md" in pages
    missing = [p for p in pages if not (DOCS / p).is_file()]
    assert not missing, f"mkdocs.yml's nav names pages that are not in docs/: {missing}"


@needs_checkout
def test_docs_changelog_has_the_current_version():
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(linkmotive.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M), (
        f"CHANGELOG.md has no '## [{linkmotive.__version__}] - YYYY-MM-DD' entry for the version in _version.py"
    )


@needs_checkout
def test_docs_version_is_defined_in_one_place():
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    project = pyproject.split("[project]", 1)[1].split("\n[", 1)[0]
    assert re.search(r'^dynamic\s*=\s*\[[^\]]*"version"', project, re.M)
    assert not re.search(r"^version\s*=", project, re.M)
    assert 'path = "linkmotive/_version.py"' in pyproject
    assigned = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "linkmotive").rglob("*.py")
        if re.search(r"^__version__\s*=", p.read_text("utf-8"), re.M)
    ]
    assert assigned == ["linkmotive/_version.py"]


@needs_checkout
@pytest.mark.slow
def test_docs_mkdocs_build_strict(tmp_path):
    for module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            pytest.skip(f"{module} is not installed: pip install 'linkmotive[docs]' to build the documentation site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, f"mkdocs build --strict failed:\n{run.stdout}\n{run.stderr}"
    api = (tmp_path / "site" / "api" / "index.html").read_text("utf-8")
    for name in documented_names():
        assert f'id="linkmotive.{name}"' in api, f"docs/api.md did not render linkmotive.{name}"
