"""One benchmark step in its own process: ``python -m benchmarks.worker {fit,serve} KEY FOLDER OPTIONS_JSON``.

``fit`` trains a contender on the train split (dev too, where it uses it),
saves it to FOLDER, scores it on the test split and prints one JSON line.

``serve`` is a fresh process as a user would start it: it loads the saved
contender, classifies one message and prints ``READY`` (the parent times
process start to that line: the cold start). With ``"full": true`` in the
options it goes on: batch throughput, warm single-call latency, peak RSS,
and for linkmotive the scaling sizes; then it prints one JSON line.

Only the standard library is imported before ``READY`` apart from what the
contender itself needs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from .contenders import CONTENDERS

FIRST_TEXT = "Hi Simon, loved your M&S post - could I pick your brain on how you ran the campaign?"


def fit(key: str, folder: Path, opts: dict[str, Any]) -> dict[str, Any]:
    from .common import peak_rss_mb, scores

    # The parent froze the splits for the whole run: every contender sees the same rows.
    with open(opts["splits_file"], encoding="utf-8") as fh:
        splits = json.load(fh)
    contender = CONTENDERS[key]()
    started = time.perf_counter()
    contender.fit(splits["train"], splits["dev"], quick=bool(opts.get("quick")))
    train_seconds = time.perf_counter() - started
    contender.save(folder)
    from .contenders import folder_size

    result = {
        "train_seconds": train_seconds,
        "n_train": len(splits["train"]),
        "n_dev": len(splits["dev"]),
        "model_bytes": folder_size(folder),
        "train_peak_rss_mb": peak_rss_mb(),
        "note": contender.note,
    }
    started = time.perf_counter()
    result["test"] = scores(splits["test"], contender.predict_proba(splits["test"]))
    result["eval_seconds"] = time.perf_counter() - started
    if hasattr(contender, "C"):
        result["chosen_C"] = contender.C
    return result


def _percentile(sorted_values: list[float], q: float) -> float:
    k = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]


def serve(key: str, folder: Path, opts: dict[str, Any]) -> dict[str, Any] | None:
    contender = CONTENDERS[key].load(folder)
    contender.one(FIRST_TEXT, None)
    print("READY", flush=True)
    if not opts.get("full"):
        return None
    from .common import peak_rss_mb

    rss_loaded = peak_rss_mb()
    # The parent wrote the batch: this process imports nothing the contender does not need.
    with open(opts["messages_file"], encoding="utf-8") as fh:
        texts, heads = json.load(fh)
    n = len(texts)
    repeats = int(opts.get("repeats", 3))
    contender.batch(texts[:50], heads[:50])  # warm-up
    seconds = float("inf")
    for _ in range(repeats):  # best of `repeats` passes: the machine is shared
        started = time.perf_counter()
        out = contender.batch(texts, heads)
        seconds = min(seconds, time.perf_counter() - started)
        assert len(out) == n
        del out
    calls = int(opts["latency_calls"])
    for i in range(20):  # warm-up
        contender.one(texts[i % n], heads[i % n])
    lat = []
    for i in range(calls):
        t0 = time.perf_counter()
        contender.one(texts[i % n], heads[i % n])
        lat.append(time.perf_counter() - t0)
    lat.sort()
    result: dict[str, Any] = {
        "batch_n": n,
        "batch_seconds": seconds,
        "batch_repeats": repeats,
        "throughput": n / seconds,
        "latency_calls": calls,
        "p50_ms": 1000 * _percentile(lat, 0.50),
        "p99_ms": 1000 * _percentile(lat, 0.99),
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": peak_rss_mb(),
    }
    scaling = {}
    for size in opts.get("scaling", []) if key == "linkmotive" else []:
        # The batch cycled up to `size` messages (a list of references: no new strings).
        size = int(size)
        big_t, big_h = [texts[i % n] for i in range(size)], [heads[i % n] for i in range(size)]
        best = float("inf")
        for _ in range(repeats if size <= n else 1):
            started = time.perf_counter()
            contender.batch(big_t, big_h)
            best = min(best, time.perf_counter() - started)
        scaling[str(size)] = size / best
    if scaling:
        result["scaling"] = scaling
    return result


def main(argv: list[str]) -> int:
    step, key, folder, opts = argv[0], argv[1], Path(argv[2]), json.loads(argv[3])
    result = fit(key, folder, opts) if step == "fit" else serve(key, folder, opts)
    if result is not None:
        print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
