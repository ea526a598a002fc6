"""Write data/generated/train-augmented.jsonl: noisy variants of the train split only.

Usage: python scripts/augment.py   (run after scripts/make_splits.py; seed 0)

Only train rows are augmented, so nothing derived from dev or test ever trains the model.
"""

import json
from pathlib import Path

from linkmotive.augment import augment_rows
from linkmotive.datasets import load_corpus

out = Path(__file__).resolve().parent.parent / "data" / "generated" / "train-augmented.jsonl"
out.parent.mkdir(parents=True, exist_ok=True)
rows = augment_rows(load_corpus("train"), seed=0)
out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
print(f"wrote {len(rows)} generated rows to {out}")
