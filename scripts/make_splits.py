"""Assign every corpus row to the fixed train / dev / test split.

Usage: python scripts/make_splits.py

Rows of slices written by "other authors" (helpers that never saw the rest of
the corpus) all go to test. The rest is split 70/15/15 within each
(kind, label) group, ordered by a hash of the row id, so the assignment is
stable: re-running it after adding rows never moves an existing row that was
already assigned. Writes data/splits/{train,dev,test}.txt (one id per line).
"""

from __future__ import annotations

import collections
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLICES = ROOT / "data" / "slices"
SPLITS = ROOT / "data" / "splits"


def main() -> None:
    existing: dict[str, str] = {}
    for name in ("train", "dev", "test"):
        f = SPLITS / f"{name}.txt"
        if f.exists():
            existing.update({i: name for i in f.read_text().split()})
    groups: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    assigned: dict[str, str] = {}
    for path in sorted(SLICES.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row["id"] in existing:  # rows removed from the slices drop out of the splits
                assigned[row["id"]] = existing[row["id"]]
                continue
            if str(row.get("author", "")).startswith("other-authors"):
                assigned[row["id"]] = "test"
            else:
                groups[(row["kind"], row["label"])].append(row["id"])
    for ids in groups.values():
        ids.sort(key=lambda i: hashlib.sha256(i.encode()).hexdigest())
        n = len(ids)
        for k, i in enumerate(ids):
            assigned[i] = "train" if k < 0.70 * n else "dev" if k < 0.85 * n else "test"
    SPLITS.mkdir(parents=True, exist_ok=True)
    for name in ("train", "dev", "test"):
        ids = sorted(i for i, s in assigned.items() if s == name)
        (SPLITS / f"{name}.txt").write_text("\n".join(ids) + "\n")
        print(name, len(ids))


if __name__ == "__main__":
    main()
