"""Rewrite a model folder in the safe format (no pickle) and prove nothing changed.

    python scripts/convert_model.py                      # models/default, in place
    python scripts/convert_model.py MODEL [--output OUT]

Loads MODEL (a joblib folder loads as trusted, because you name it), writes it
in the safe format to a hidden folder beside OUT, loads that back *without*
trust, and compares the probabilities on the whole corpus test split with
``numpy.array_equal``. Only if they are bit-identical does the new folder
replace OUT (default: MODEL itself); otherwise nothing is touched and the
script exits 1. The manifest (metrics, training provenance, thresholds) is
kept; its format fields are rewritten.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from linkmotive.datasets import load_corpus
from linkmotive.features import Example
from linkmotive.persist import load_model, save_model

ROOT = Path(__file__).resolve().parent.parent


def test_split_examples() -> list[Example]:
    rows = load_corpus("test")
    return [Example(r["text"], r.get("headline") if r["kind"] == "message" else None, r["kind"]) for r in rows]


def convert(src: Path, dst: Path) -> int:
    started = time.perf_counter()
    model = load_model(src, trusted=True)
    dst.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dst.parent, prefix=f".{dst.name}.convert.", suffix=".tmp"))
    try:
        save_model(model, staging / "model", format="safe")
        safe = load_model(staging / "model")  # no trust needed: nothing is unpickled
        examples = test_split_examples()
        before, after = model.predict_proba(examples), safe.predict_proba(examples)
        if not np.array_equal(before, after) or safe.thresholds != model.thresholds:
            print(
                f"convert_model: predictions differ on the test split (max |diff| "
                f"{float(np.abs(before - after).max()):.3g}); {dst} left untouched",
                file=sys.stderr,
            )
            return 1
        if dst.exists():
            old = dst.with_name(f".{dst.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(dst, old)
            os.replace(staging / "model", dst)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging / "model", dst)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files = ", ".join(f"{p.name} ({p.stat().st_size:,} bytes)" for p in sorted(dst.iterdir()))
    print(
        f"convert_model: {dst} is now in the safe format: {files}; {len(examples)} test-split predictions "
        f"bit-identical; {time.perf_counter() - started:.1f}s"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", nargs="?", default=str(ROOT / "models" / "default"))
    parser.add_argument("--output", help="where to write the safe folder (default: replace MODEL)")
    args = parser.parse_args(argv)
    src = Path(args.model)
    return convert(src, Path(args.output) if args.output else src)


if __name__ == "__main__":
    sys.exit(main())
