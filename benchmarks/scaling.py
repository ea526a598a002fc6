"""Throughput of batch classification at 1 and 2 workers: joblib (``classify(n_jobs=N)``) and Dask.

Run from a checkout (the numbers in docs/scaling.md come from the default run)::

    python benchmarks/scaling.py                      # 1,000,000 messages, joblib and Dask, 1 and 2 workers
    python benchmarks/scaling.py --rows 20000 --engines joblib --workers 2

The messages are made by cycling the message texts of the shipped corpus
(``load_corpus("all", kind="message")``, a few thousand distinct texts) up to
``--rows``, and written once to a Parquet folder (``--parts`` files), which
every engine reads:

- ``joblib``: the texts are read into a list and classified with
  ``linkmotive.classify(texts, n_jobs=N)`` (``N=1`` is plain single-process
  classification, no joblib);
- ``dask``: ``dd.read_parquet`` on a ``LocalCluster`` of ``N`` worker processes
  with one thread each, then ``linkmotive.dask.classify_dataframe(...).compute()``.

Each run reports wall-clock seconds (from the call to the last result in
hand, worker start-up and model loading included), messages per second, the CPU
seconds used by this process and all the processes it started, and the load
average of the machine before and after: on a shared machine other work steals
CPU time, and the CPU seconds show how much the run itself needed. One JSON
object per run goes to ``--json`` (appended as each run ends) and a Markdown
table is printed at the end.

Because the texts repeat, the timings are those of a corpus with the length
mix of the shipped one (short LinkedIn messages, median about 40 words); much
longer texts classify more slowly.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _cpu_seconds() -> float:
    """CPU seconds of this process and every live descendant (joblib and Dask workers)."""
    import psutil

    total = 0.0
    me = psutil.Process()
    for proc in [me, *me.children(recursive=True)]:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def make_data(folder: Path, rows: int, parts: int) -> int:
    """Write ``rows`` corpus messages (cycled) as ``parts`` Parquet files; return the number of distinct texts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from linkmotive.datasets import load_corpus

    texts = [r["text"] for r in load_corpus("all", kind="message")]
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-rows // parts)
    for p in range(parts):
        ids = range(p * per, min(rows, (p + 1) * per))
        table = pa.table({"id": list(ids), "text": [texts[i % len(texts)] for i in ids]})
        pq.write_table(table, folder / f"part-{p:04d}.parquet")
    return len(texts)


def run_joblib(folder: Path, workers: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    import linkmotive

    texts = pq.read_table(folder, columns=["text"]).column("text").to_pylist()
    linkmotive.classify("warm-up: load the model in this process")
    start = time.perf_counter()
    preds = linkmotive.classify(texts, n_jobs=workers)
    wall = time.perf_counter() - start
    cpu_end = _cpu_seconds()  # the joblib workers are still alive here
    assert len(preds) == len(texts)
    return {"wall_s": wall, "cpu_end": cpu_end, "rows": len(preds), "labels": _label_counts(p.label for p in preds)}


def run_dask(folder: Path, workers: int) -> dict[str, Any]:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from linkmotive.dask import classify_dataframe

    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=":0", silence_logs=40
        ) as cluster,
        Client(cluster),
    ):
        ddf = dd.read_parquet(str(folder))
        out = classify_dataframe(ddf).compute()
        wall = time.perf_counter() - start
        cpu_end = _cpu_seconds()  # before the cluster's processes end
        partitions = ddf.npartitions
    return {
        "wall_s": wall,
        "cpu_end": cpu_end,
        "rows": len(out),
        "partitions": partitions,
        "labels": _label_counts(out["label"]),
    }


def _label_counts(labels: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for lab in labels:
        counts[str(lab)] = counts.get(str(lab), 0) + 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=50, help="Parquet files (= Dask partitions)")
    parser.add_argument("--engines", nargs="+", default=["joblib", "dask"], choices=["joblib", "dask"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--json", help="append one JSON object per run to this file")
    parser.add_argument("--data", help="Parquet folder to reuse or create (default: a temporary folder)")
    args = parser.parse_args(argv)

    import linkmotive

    with tempfile.TemporaryDirectory(prefix="linkmotive-scaling-") as tmp:
        folder = Path(args.data) if args.data else Path(tmp) / "messages"
        if not folder.exists() or not any(folder.glob("*.parquet")):
            distinct = make_data(folder, args.rows, args.parts)
            print(
                f"wrote {args.rows:,} messages ({distinct:,} distinct corpus texts, cycled) to {folder}",
                file=sys.stderr,
            )
        else:
            distinct = None  # a folder from an earlier run
        results = []
        for engine in args.engines:
            for workers in args.workers:
                load_before = os.getloadavg()
                cpu_before = _cpu_seconds()
                res = (run_joblib if engine == "joblib" else run_dask)(folder, workers)
                res.update(
                    engine=engine,
                    workers=workers,
                    rows_per_s=res["rows"] / res["wall_s"],
                    distinct_texts=distinct,
                    cpu_s=res.pop("cpu_end") - cpu_before,
                    load_before=[round(x, 2) for x in load_before],
                    load_after=[round(x, 2) for x in os.getloadavg()],
                    cores=os.cpu_count(),
                    python=platform.python_version(),
                    linkmotive=linkmotive.__version__,
                    model_created=linkmotive.load().manifest.get("created"),
                )
                results.append(res)
                print(json.dumps(res), file=sys.stderr)
                if args.json:
                    with open(args.json, "a", encoding="utf-8") as fh:
                        fh.write(json.dumps(res) + "\n")
    print("| engine | workers | messages | wall-clock | messages/s | CPU seconds | load average before → after |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(
            f"| {r['engine']} | {r['workers']} | {r['rows']:,} | {r['wall_s']:,.0f} s | {r['rows_per_s']:,.0f} "
            f"| {r['cpu_s']:,.0f} | {r['load_before'][0]:.1f} → {r['load_after'][0]:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
