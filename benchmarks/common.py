"""Data and metrics shared by the benchmark processes.

Every process rebuilds the same splits from the same options, so nothing but
options and results (JSON) passes between them.
"""

from __future__ import annotations

import random
import resource
import sys
from typing import Any

from .contenders import LABELS, SEED, fields

OTHER_AUTHORS = "other-authors"
"""Rows whose ``author`` starts with this were written by people outside the corpus team."""


def load_splits(sample: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """The corpus train, dev and test splits; with ``sample``, a seeded sample of at most that many rows each."""
    from linkmotive.datasets import load_corpus

    splits = {name: load_corpus(name) for name in ("train", "dev", "test")}
    if sample:
        for name, rows in splits.items():
            if len(rows) > sample:
                splits[name] = sorted(random.Random(SEED).sample(rows, sample), key=rows.index)
    return splits


def message_batch(test: list[dict[str, Any]], n: int) -> tuple[list[str], list[str | None]]:
    """``n`` messages (with their headlines) from the test split, cycled in order."""
    msgs = [fields(r) for r in test if r.get("kind", "message") == "message"]
    texts = [msgs[i % len(msgs)][0] for i in range(n)]
    heads = [msgs[i % len(msgs)][1] for i in range(n)]
    return texts, heads


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (1 MB = 2**20 bytes).

    On Linux it is ``VmHWM`` of ``/proc/self/status``: ``ru_maxrss`` of a child
    started by fork and exec starts at its parent's peak (measured here: a
    child of a 500 MB parent reports 510 MB), ``VmHWM`` does not.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def expected_calibration_error(confidence: Any, correct: Any, bins: int = 10) -> float:
    """ECE with equal-width bins: the same definition as ``linkmotive.training``."""
    from linkmotive.training import expected_calibration_error as ece

    return ece(confidence, correct, bins)


def scores(rows: list[dict[str, Any]], proba: Any) -> dict[str, Any]:
    """Macro-F1, accuracy and per-label F1 on every slice, and ECE on all rows."""
    import numpy as np
    from sklearn.metrics import f1_score

    proba = np.asarray(proba, dtype=float)
    pred = np.asarray(LABELS, dtype=object)[proba.argmax(axis=1)] if len(rows) else np.array([], dtype=object)
    truth = np.asarray([r["label"] for r in rows], dtype=object)
    slices = {
        "all": np.ones(len(rows), dtype=bool),
        "messages": np.array([r.get("kind", "message") == "message" for r in rows], dtype=bool),
        "headlines": np.array([r.get("kind") == "headline" for r in rows], dtype=bool),
        "other_authors": np.array([str(r.get("author", "")).startswith(OTHER_AUTHORS) for r in rows], dtype=bool),
    }
    out: dict[str, Any] = {}
    for name, mask in slices.items():
        if not mask.any():
            out[name] = {"n": 0}
            continue
        y, p = truth[mask], pred[mask]
        per = f1_score(y, p, labels=list(LABELS), average=None, zero_division=0)
        out[name] = {
            "n": int(mask.sum()),
            "macro_f1": float(f1_score(y, p, labels=list(LABELS), average="macro", zero_division=0)),
            "accuracy": float((y == p).mean()),
            "per_label_f1": {lab: float(f) for lab, f in zip(LABELS, per)},
        }
    correct = pred == truth
    out["ece"] = expected_calibration_error(proba.max(axis=1), correct) if len(rows) else None
    return out
