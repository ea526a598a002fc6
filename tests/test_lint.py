"""The code passes ruff (lint and format) with the configuration in pyproject.toml, as CI requires."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["linkmotive", "tests", "benchmarks", "scripts", "fuzz"]

pytestmark = pytest.mark.skipif(
    not (ROOT / "pyproject.toml").is_file(),
    reason="pyproject.toml is not here: the tests run outside a source checkout",
)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_lint_ruff_passes(command):
    # ruff comes from the "test" extra.
    paths = [p for p in PATHS if (ROOT / p).is_dir()]
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *paths], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"ruff {' '.join(command)} failed:\n{proc.stdout}{proc.stderr}"
