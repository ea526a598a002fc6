"""Print the markdown tables of docs/data.md and docs/model-card.md from the corpus and the manifest.

Usage: python scripts/card_tables.py data|model
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from linkmotive import LABELS
from linkmotive.datasets import corpus_stats, load_corpus
from linkmotive.persist import default_model_path


def data_tables() -> None:
    rows = load_corpus("all")
    splits = {s: load_corpus(s) for s in ("train", "dev", "test")}
    print("| split | rows | messages | headlines | " + " | ".join(LABELS) + " |")
    print("|---|---|---|---|" + "---|" * len(LABELS))
    for name, part in [*splits.items(), ("all", rows)]:
        c = Counter(r["label"] for r in part)
        k = Counter(r["kind"] for r in part)
        print(
            f"| {name} | {len(part)} | {k['message']} | {k['headline']} | "
            + " | ".join(str(c[lab]) for lab in LABELS)
            + " |"
        )
    print()
    s = corpus_stats(rows)
    print("| kind | " + " | ".join(LABELS) + " |\n|---|" + "---|" * len(LABELS))
    for kind, share in s["label_share"].items():
        print(f"| {kind} | " + " | ".join(f"{share[lab]:.1%}" for lab in LABELS) + " |")
    print()
    langs = s["languages"]
    print("Languages: " + ", ".join(f"{k} {v}" for k, v in langs.items()))
    print()
    msgs = [len(r["text"].split()) for r in rows if r["kind"] == "message"]
    bins = [(1, 11), (12, 50), (51, 100), (101, 200)]
    print("| message length (words) | " + " | ".join(f"{a}-{b}" for a, b in bins) + " |\n|---|" + "---|" * len(bins))
    print("| messages | " + " | ".join(str(sum(a <= n <= b for n in msgs)) for a, b in bins) + " |")
    print()
    for key in (
        "messages_with_headline",
        "non_english",
        "industries",
        "countries",
        "hard_share",
        "bare_or_messy_headlines",
        "top_opening_share",
    ):
        print(f"- {key}: {s[key]}")
    print("- authors: " + ", ".join(f"{k} {v}" for k, v in s["authors"].items()))
    hard = Counter(r.get("hard") for r in rows if r.get("hard"))
    print("- hard-case tags: " + ", ".join(f"{k} {v}" for k, v in hard.most_common()))


def model_tables() -> None:
    m = json.loads((default_model_path() / "manifest.json").read_text())
    print("| slice | n | macro-F1 | accuracy | ECE | " + " | ".join(f"F1 {lab}" for lab in LABELS) + " |")
    print("|---|---|---|---|---|" + "---|" * len(LABELS))
    for name, r in m["metrics"].items():
        print(
            f"| {name} | {r['n']} | {r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r['ece']:.3f} | "
            + " | ".join(f"{r['per_label'][lab]['f1']:.3f}" for lab in LABELS)
            + " |"
        )
    print()
    cm = m["metrics"]["test"]["confusion_matrix"]
    print("| true \\ predicted | " + " | ".join(LABELS) + " |\n|---|" + "---|" * len(LABELS))
    for lab, row in zip(LABELS, cm):
        print(f"| {lab} | " + " | ".join(map(str, row)) + " |")
    print()
    print(f"- thresholds: {m['thresholds']}; temperature {m['temperature']:.3f}")
    print(
        f"- training: {m['training']['n_examples']} examples, data sha256 {m['training']['data_sha256'][:12]}, {m['training']['seconds']} s"
    )
    print(f"- versions: {m['versions']}")


if __name__ == "__main__":
    {"data": data_tables, "model": model_tables}[sys.argv[1] if len(sys.argv) > 1 else "data"]()
