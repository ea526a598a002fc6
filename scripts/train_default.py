"""Retrain the shipped default model reproducibly: python scripts/train_default.py

Trains on the corpus train split (plus its noisy variants from
data/generated/, made by scripts/augment.py), calibrates and sets the `uncertain` threshold
on the dev split, measures the test split (overall, per kind, per label, and
the "other authors" slice separately) and writes models/default/ with those
metrics in its manifest. The test split never trains the model.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from linkmotive import LABELS
from linkmotive.datasets import load_corpus
from linkmotive.training import evaluate, train

ROOT = Path(__file__).resolve().parent.parent
SEED = 0
GENERATED = ROOT / "data" / "generated" / "train-augmented.jsonl"


def main(output: Path = ROOT / "models" / "default") -> None:
    started = time.perf_counter()
    train_rows, dev_rows, test_rows = (load_corpus(s) for s in ("train", "dev", "test"))
    generated = [json.loads(line) for line in GENERATED.read_text("utf-8").splitlines()] if GENERATED.exists() else []
    train_ids = {r["id"] for r in train_rows}
    assert all(g["parent"] in train_ids for g in generated), "generated rows must derive from the train split only"
    model = train(
        train_rows + generated,
        dev=dev_rows,
        random_state=SEED,
        description="linkmotive default model: corpus train split; dev split sets calibration and threshold",
    )
    others = [r for r in test_rows if r["author"].startswith("other-authors")]
    own = [r for r in test_rows if not r["author"].startswith("other-authors")]
    metrics = {
        "test": evaluate(model, test_rows),
        "test_messages": evaluate(model, [r for r in test_rows if r["kind"] == "message"]),
        "test_headlines": evaluate(model, [r for r in test_rows if r["kind"] == "headline"]),
        "test_other_authors": evaluate(model, others),
        "test_corpus_authors": evaluate(model, own),
        "dev": evaluate(model, dev_rows),
    }
    model.manifest["metrics"] = metrics
    model.manifest["training"]["corpus_splits"] = {
        "train": len(train_rows),
        "dev": len(dev_rows),
        "test": len(test_rows),
    }
    model.manifest["training"]["command"] = "python scripts/train_default.py"
    model.save(output)
    for name, m in metrics.items():
        per = " ".join(f"{lab}={m['per_label'][lab]['f1']:.3f}" for lab in LABELS)
        print(
            f"{name:<20} n={m['n']:<5} macro-F1={m['macro_f1']:.3f} acc={m['accuracy']:.3f} ECE={m['ece']:.3f}  {per}"
        )
    print(f"thresholds: {model.thresholds}  temperature: {model.manifest['temperature']:.3f}")
    print(f"saved {output} in {time.perf_counter() - started:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "models" / "default")
