"""Clear the outputs of notebooks before committing them: python scripts/strip_notebooks.py [NOTEBOOK ...]

With no arguments, every notebooks/*.ipynb. Removes code-cell outputs,
execution counts and per-cell execution metadata, and writes the file the way
Jupyter does (sorted keys, one-space indent). Needs only the standard library.
tests/test_notebooks.py fails when a committed notebook still has outputs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def strip(path: Path) -> bool:
    """Clear ``path`` in place; True when it changed."""
    before = path.read_text("utf-8")
    nb = json.loads(before)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    after = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if after != before:
        path.write_text(after, "utf-8")
    return after != before


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        print(f"{'stripped' if strip(path) else 'clean   '} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
