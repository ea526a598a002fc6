"""The notebooks in notebooks/: committed without outputs, and each runs top to bottom from a fresh kernel.

Execution uses a kernel spec written for this test that starts this very
Python (``sys.executable``), so the notebooks import the linkmotive installed
here, never a Jupyter kernel registered elsewhere on the machine. CI runs them on
small samples of the corpus (``LINKMOTIVE_NOTEBOOK_SAMPLE``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
SAMPLE = os.environ.get("LINKMOTIVE_NOTEBOOK_SAMPLE", "300")
STRIP_HINT = "Fix: python scripts/strip_notebooks.py (or Jupyter's Edit > Clear All Outputs), then save."

pytestmark = pytest.mark.skipif(
    not NOTEBOOKS.is_dir(), reason="notebooks/ is not here: the tests run outside a source checkout"
)


def test_notebooks_are_there():
    names = [p.name for p in PATHS]
    assert names == [
        "01-quickstart.ipynb",
        "02-retrain-with-your-labels.ipynb",
        "03-what-to-label-next.ipynb",
        "04-thresholds.ipynb",
    ]
    assert (NOTEBOOKS / "your-labels.csv").is_file() and (NOTEBOOKS / "inbox.csv").is_file()


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebooks_committed_without_outputs(path):
    nb = json.loads(path.read_text("utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, f"{path.name} has outputs or execution counts in cells {dirty}. {STRIP_HINT}"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebooks_use_only_the_public_api(path):
    nb = json.loads(path.read_text("utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "._" not in code.replace("__version__", ""), f"{path.name} reaches into a private name"
    allowed = ("import linkmotive", "from linkmotive import", "from linkmotive.datasets import load_corpus",
               "from linkmotive.thresholds import")  # fmt: skip
    for line in code.splitlines():
        if "linkmotive" in line and line.lstrip().startswith(("import ", "from ")):
            assert line.strip().startswith(allowed), f"{path.name}: {line.strip()!r} is not a public import"


def test_strip_notebooks_clears_outputs(tmp_path):
    import subprocess

    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 3,
                "id": "a",
                "metadata": {},
                "outputs": [{"x": 1}],
                "source": "1",
            },
            {"cell_type": "markdown", "id": "b", "metadata": {}, "source": "# t"},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), "utf-8")
    script = Path(__file__).resolve().parent.parent / "scripts" / "strip_notebooks.py"
    proc = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True, check=True)
    cell = json.loads(path.read_text("utf-8"))["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "n.ipynb" in proc.stdout


@pytest.fixture(scope="module")
def kernel_manager_factory(tmp_path_factory):
    """Kernel managers for a kernel spec that runs this interpreter."""
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    kernels = tmp_path_factory.mktemp("kernels")
    spec = kernels / "linkmotive-test"
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "linkmotive test", "language": "python"}), "utf-8"
    )

    def make() -> KernelManager:
        ksm = KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False)
        return KernelManager(kernel_name="linkmotive-test", kernel_spec_manager=ksm)

    return make


def _execute(nb, kernel_manager_factory, cwd: Path):
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        km=kernel_manager_factory(),
        timeout=600,
        resources={"metadata": {"path": str(cwd)}},
    )
    return client.execute()


@pytest.mark.slow
def test_notebooks_kernel_is_this_python(kernel_manager_factory, tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys, os\nprint(sys.executable)")])
    out = _execute(nb, kernel_manager_factory, tmp_path)
    printed = out.cells[0].outputs[0]["text"].strip()
    assert Path(printed).resolve() == Path(sys.executable).resolve()


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebooks_run_top_to_bottom(path, kernel_manager_factory, monkeypatch):
    import nbformat

    monkeypatch.setenv("LINKMOTIVE_NOTEBOOK_SAMPLE", SAMPLE)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    out = _execute(nb, kernel_manager_factory, NOTEBOOKS)
    errors = [o for c in out.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    shown = [o for c in out.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert shown, f"{path.name} printed nothing"
    if path.name != "01-quickstart.ipynb":
        images = [o for o in shown if "image/png" in o.get("data", {})]
        assert images, f"{path.name} drew no plot"
