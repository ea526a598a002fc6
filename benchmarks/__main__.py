"""Run every benchmark and write docs/benchmarks.md: ``python -m benchmarks [--quick] [--sample N]``.

Each contender trains in its own process (``benchmarks.worker fit``), then is
started afresh ``--cold-runs`` times (``benchmarks.worker serve``): the first
fresh process also measures throughput, latency and peak RSS. A last step
classifies a large JSONL file with the ``linkmotive classify`` command line
and records its peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .contenders import CONTENDERS

ROOT = Path(__file__).resolve().parent.parent

FULL = {
    "repeats": 3,
    "batch": 10_000,
    "latency_calls": 1000,
    "cold_runs": 5,
    "scaling": [1_000, 10_000, 100_000],
    "cli_lines": 1_000_000,
}
QUICK = {
    "repeats": 1,
    "batch": 500,
    "latency_calls": 50,
    "cold_runs": 1,
    "scaling": [100, 300],
    "cli_lines": 2_000,
    "sample": 250,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smoke run: small sample and sizes (about a minute)")
    p.add_argument("--sample", type=int, help="use at most N rows of each split (seeded sample)")
    p.add_argument("--only", help="comma-separated contender keys: " + ",".join(CONTENDERS))
    p.add_argument("--skip", default="", help="comma-separated contender keys to leave out")
    p.add_argument("--batch", type=int, help="messages in the throughput batch (default 10000)")
    p.add_argument("--latency-calls", type=int, help="single calls timed for p50/p99 (default 1000)")
    p.add_argument("--repeats", type=int, help="timed passes over the batch, the best one kept (default 3)")
    p.add_argument("--cold-runs", type=int, help="fresh processes for the cold start median (default 5)")
    p.add_argument("--scaling", help="comma-separated batch sizes for linkmotive's scaling row")
    p.add_argument("--cli-lines", type=int, help="lines of the JSONL file for the CLI memory row (0 skips it)")
    p.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"), help="the markdown report to write")
    p.add_argument("--json", help="also write the raw results to this JSON file")
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed for each step process")
    return p.parse_args(argv)


def options(args: argparse.Namespace) -> dict[str, Any]:
    opts: dict[str, Any] = dict(QUICK if args.quick else FULL)
    opts["quick"] = bool(args.quick)
    for name in ("sample", "batch", "latency_calls", "cold_runs", "cli_lines", "repeats"):
        if getattr(args, name) is not None:
            opts[name] = getattr(args, name)
    if args.scaling:
        opts["scaling"] = [int(s) for s in args.scaling.split(",") if s]
    opts.setdefault("sample", None)
    return opts


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _log(msg: str) -> None:
    print(f"[benchmarks {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _run_fit(key: str, folder: Path, opts: dict[str, Any], timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.worker", "fit", key, str(folder), json.dumps(opts)]
    proc = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=timeout)
    return _result(proc.returncode, proc.stdout, proc.stderr)


def _result(code: int, stdout: str, stderr: str) -> dict[str, Any]:
    for line in reversed(stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    tail = " | ".join(stderr.strip().splitlines()[-3:])
    raise RuntimeError(f"exit code {code}: {tail}")


def _run_serve(key: str, folder: Path, opts: dict[str, Any], full: bool, timeout: float) -> tuple[float, Any]:
    """Start a fresh serving process; return (seconds to READY, its result or None)."""
    cmd = [sys.executable, "-m", "benchmarks.worker", "serve", key, str(folder), json.dumps({**opts, "full": full})]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    cold = None
    for line in proc.stdout:
        if line.strip() == "READY":
            cold = time.perf_counter() - started
            break
    try:
        rest, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    if cold is None:
        raise RuntimeError(f"exit code {proc.returncode} before READY: {' | '.join(err.strip().splitlines()[-3:])}")
    return cold, (_result(proc.returncode, rest, err) if full else None)


def bench_contender(key: str, workdir: Path, opts: dict[str, Any], timeout: float) -> dict[str, Any]:
    cls = CONTENDERS[key]
    entry: dict[str, Any] = {"key": key, "title": cls.title}
    reason = cls.unavailable()
    if reason:
        entry["skipped"] = reason
        _log(f"{key}: skipped ({reason})")
        return entry
    folder = workdir / key
    try:
        _log(f"{key}: training")
        entry.update(_run_fit(key, folder, opts, timeout))
        _log(f"{key}: trained in {entry['train_seconds']:.1f}s, macro-F1 {entry['test']['all']['macro_f1']:.3f}")
        colds = []
        for i in range(int(opts["cold_runs"])):
            cold, served = _run_serve(key, folder, opts, full=(i == 0), timeout=timeout)
            colds.append(cold)
            if served:
                entry.update(served)
        entry["cold_runs"] = colds
        entry["cold_seconds"] = statistics.median(colds)
        _log(f"{key}: {entry['throughput']:.0f} msg/s, p50 {entry['p50_ms']:.2f} ms, cold {entry['cold_seconds']:.2f}s")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        entry["error"] = str(exc)
        _log(f"{key}: failed: {exc}")
    return entry


def bench_cli(workdir: Path, opts: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Classify a ``cli_lines``-line JSONL file with ``linkmotive classify --input --output``; time and peak RSS."""
    from .common import message_batch

    n = int(opts["cli_lines"])
    texts, heads = message_batch(_frozen(opts)["test"], n)
    src, dst = workdir / "cli-input.jsonl", workdir / "cli-output.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i, (t, h) in enumerate(zip(texts, heads)):
            fh.write(json.dumps({"id": i, "text": t, "headline": h or ""}, ensure_ascii=False) + "\n")
    del texts, heads
    script = Path(sys.executable).with_name("linkmotive")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "linkmotive"]
    cli = [*base, "classify", "--input", str(src), "--output", str(dst), "--headline-column", "headline"]
    # A wrapper process whose only child is the CLI: its RUSAGE_CHILDREN peak is the CLI's peak RSS.
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter(); code = subprocess.run(sys.argv[1:]).returncode\n"
        "print(json.dumps({'code': code, 'seconds': time.perf_counter() - t,"
        " 'peak_rss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
    )
    _log(f"cli: classifying {n:,} lines")
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *cli], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=timeout
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    rows = sum(1 for _ in open(dst, encoding="utf-8")) if dst.exists() else 0
    result = {
        "lines": n,
        "rows_written": rows,
        "exit_code": out["code"],
        "seconds": out["seconds"],
        "rows_per_second": n / out["seconds"],
        "peak_rss_mb": out["peak_rss_kb"] / 1024,
        "command": "linkmotive classify --input FILE.jsonl --output OUT.jsonl --headline-column headline",
        "input_mb": src.stat().st_size / 2**20,
    }
    src.unlink(missing_ok=True)
    dst.unlink(missing_ok=True)
    _log(f"cli: {result['seconds']:.0f}s, peak RSS {result['peak_rss_mb']:.0f} MB")
    return result


def _frozen(opts: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    with open(opts["splits_file"], encoding="utf-8") as fh:
        return json.load(fh)


def freeze_splits(workdir: Path, opts: dict[str, Any]) -> dict[str, Any]:
    """Read the corpus splits once and write them for every step: the corpus may change during a run."""
    import hashlib

    from .common import load_splits

    splits = load_splits(opts.get("sample"))
    path = workdir / "splits.json"
    path.write_text(json.dumps(splits, ensure_ascii=False), "utf-8")
    opts["splits_file"] = str(path)
    ids = json.dumps({name: [r.get("id") for r in rows] for name, rows in splits.items()}).encode("utf-8")
    return {
        **{name: len(rows) for name, rows in splits.items()},
        "ids_sha256": hashlib.sha256(ids).hexdigest()[:16],
    }


def write_messages(workdir: Path, opts: dict[str, Any]) -> Path:
    """The test messages (cycled) that every serving process times, as ``[texts, headlines]`` JSON."""
    from .common import message_batch

    n = int(opts["batch"])
    path = workdir / "messages.json"
    path.write_text(json.dumps(message_batch(_frozen(opts)["test"], n), ensure_ascii=False), "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    from .report import environment, write_report

    args = parse_args(argv)
    opts = options(args)
    keys = [k for k in (args.only.split(",") if args.only else CONTENDERS) if k]
    unknown = [k for k in keys + [k for k in args.skip.split(",") if k] if k not in CONTENDERS]
    if unknown:
        print(f"unknown contender(s) {unknown}; expected some of {list(CONTENDERS)}", file=sys.stderr)
        return 2
    keys = [k for k in keys if k not in args.skip.split(",")]
    started = time.time()
    env_before = environment()
    results: dict[str, Any] = {"options": opts, "contenders": []}
    with tempfile.TemporaryDirectory(prefix="linkmotive-bench-") as tmp:
        workdir = Path(tmp)
        results["splits"] = freeze_splits(workdir, opts)
        opts["messages_file"] = str(write_messages(workdir, opts))
        for key in keys:
            results["contenders"].append(bench_contender(key, workdir, opts, args.timeout))
        if opts.get("cli_lines"):
            try:
                results["cli"] = bench_cli(workdir, opts, args.timeout)
            except (RuntimeError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
                results["cli"] = {"error": str(exc)}
    opts.pop("messages_file", None)
    opts.pop("splits_file", None)
    results["environment"] = env_before
    results["load_after"] = environment()["load_average"]
    results["wall_seconds"] = time.time() - started
    results["command"] = "python -m benchmarks " + " ".join(sys.argv[1:] if argv is None else argv)
    write_report(results, Path(args.output))
    _log(f"wrote {args.output} in {results['wall_seconds']:.0f}s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), "utf-8")
    failed = [c["key"] for c in results["contenders"] if "error" in c]
    return 1 if failed or "error" in results.get("cli", {}) else 0


if __name__ == "__main__":
    sys.exit(main())
