"""The package type-checks: ``mypy --strict linkmotive`` passes with the configuration in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"

needs_checkout = pytest.mark.skipif(
    not PYPROJECT.is_file(), reason="pyproject.toml is not here: the tests run outside a source checkout"
)


def mypy_config() -> dict:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11")
    with PYPROJECT.open("rb") as f:
        return tomllib.load(f)["tool"]["mypy"]


@needs_checkout
def test_typing_config_is_strict_for_the_whole_package():
    config = mypy_config()
    assert config["strict"] is True
    assert config["files"] == ["linkmotive"]
    for override in config.get("overrides", []):
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        own = [m for m in modules if m == "linkmotive" or m.startswith("linkmotive.")]
        assert not own, f"an override relaxes mypy for linkmotive's own modules {own}: fix the types instead"


@needs_checkout
def test_typing_mypy_strict_passes():
    # mypy comes from the "test" extra, with the stub packages it needs (scipy-stubs, pandas-stubs...).
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "linkmotive"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"mypy --strict linkmotive failed (exit {proc.returncode}):\n{output}"
    assert "Success: no issues found" in output, output
