"""The machine, the library versions, and the markdown report."""

from __future__ import annotations

import os
import platform
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from .contenders import BASELINE, FASTTEXT_PACKAGES, LABELS, _fasttext_dist

PACKAGES = ("linkmotive", "scikit-learn", "spacy", "thinc", "numpy", "scipy", "joblib")

TARGETS = (
    # (label, result key, comparison, target, unit)
    ("batch throughput", "throughput", ">=", 20_000, "msg/s"),
    ("single-call p50 latency", "p50_ms", "<=", 1.0, "ms"),
    ("cold start", "cold_seconds", "<=", 1.5, "s"),
    ("model size", "model_mb", "<=", 5.0, "MB"),
    ("training time", "train_seconds", "<=", 60.0, "s"),
)

FASTTEXT_TRIED = (
    "`pip install fasttext-numpy2-wheel` (0.9.2, a manylinux wheel for CPython 3.11, built against numpy 2) installed "
    "and works; `fasttext-wheel` 0.9.2 also has a CPython 3.11 wheel (downloaded, not installed: the first one sufficed)."
)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def environment() -> dict[str, Any]:
    """Machine, versions, date and load, for the report header."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    versions = {name: _version(name) for name in PACKAGES}
    versions["python"] = platform.python_version()
    versions["fastText"] = _fasttext_dist() or "not installed"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": cores,
        "memory_gib": round(mem_gib, 1) if mem_gib else None,
        "os": f"{platform.system()} {platform.release()}",
        "versions": versions,
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def _f(x: Any, fmt: str = ".3f") -> str:
    return "—" if x is None else format(x, fmt)


def _ratio(a: Any, b: Any) -> str:
    if a is None or b is None or not b:
        return "—"
    return f"{a / b:.2f}x"


def _get(entry: dict[str, Any], *path: str) -> Any:
    cur: Any = entry
    for p in path:
        if not isinstance(cur, dict) or p not in cur:
            return None
        cur = cur[p]
    return cur


def _prepare(entry: dict[str, Any]) -> dict[str, Any]:
    e = dict(entry)
    if "model_bytes" in e:
        e["model_mb"] = e["model_bytes"] / 2**20
    return e


def render(results: dict[str, Any]) -> str:
    env = results["environment"]
    opts = results["options"]
    entries = [_prepare(c) for c in results["contenders"]]
    ran = [e for e in entries if "test" in e]
    base = next((e for e in ran if e["key"] == BASELINE), None)
    lines: list[str] = []
    add = lines.append
    add("# Benchmarks: linkmotive side by side with the alternatives")
    add("")
    add(f"Written by `{results['command'].strip()}` on {env['date']}, in {results['wall_seconds'] / 60:.1f} minutes.")
    if opts.get("quick") or opts.get("sample"):
        add("")
        add(
            f"**Smoke run on a sample** (`sample={opts.get('sample')}`, batch {opts['batch']:,}): "
            "the figures below are not the benchmark. Run `python -m benchmarks` for the real one."
        )
    add("")
    add("## Machine and versions")
    add("")
    add(
        f"- CPU: {env['cpu']}, {env['cores']} cores available to the process; memory {env['memory_gib']} GiB; {env['os']}"
    )
    add(
        f"- Load average (1, 5, 15 min) at the start {env['load_average']}, at the end {results.get('load_after')}: "
        "the machine is shared, so other work ran at the same time and the speed figures carry that noise."
    )
    add("- " + ", ".join(f"{k} {v}" for k, v in env["versions"].items()))
    add(
        f"- Splits: train {_get(ran[0], 'n_train') if ran else '—'} rows, dev {_get(ran[0], 'n_dev') if ran else '—'}, "
        f"test {_get(ran[0], 'test', 'all', 'n') if ran else '—'} "
        f"({_get(ran[0], 'test', 'messages', 'n') if ran else '—'} messages, "
        f"{_get(ran[0], 'test', 'headlines', 'n') if ran else '—'} headlines, "
        f"{_get(ran[0], 'test', 'other_authors', 'n') if ran else '—'} rows by other authors); "
        f"read once at the start of the run and shared by every step (split ids sha256 "
        f"`{(results.get('splits') or {}).get('ids_sha256', '—')}`)"
    )
    add("")
    add("## Side by side")
    add("")
    add(
        "| contender | macro-F1 messages | macro-F1 headlines | macro-F1 other authors | macro-F1 all | ECE | "
        f"throughput (msg/s, {opts['batch']:,}) | p50 ms | p99 ms | cold start s | peak RSS MB | model MB | training s |"
    )
    add("|---|" + "---:|" * 12)
    for e in entries:
        if "test" not in e:
            why = e.get("skipped") or e.get("error", "")
            add(f"| {e['title']} | not run: {why} |" + " |" * 11)
            continue
        add(
            f"| {e['title']} | {_f(_get(e, 'test', 'messages', 'macro_f1'))} | {_f(_get(e, 'test', 'headlines', 'macro_f1'))} "
            f"| {_f(_get(e, 'test', 'other_authors', 'macro_f1'))} | {_f(_get(e, 'test', 'all', 'macro_f1'))} "
            f"| {_f(_get(e, 'test', 'ece'))} | {_f(e.get('throughput'), ',.0f')} | {_f(e.get('p50_ms'), '.2f')} "
            f"| {_f(e.get('p99_ms'), '.2f')} | {_f(e.get('cold_seconds'), '.2f')} | {_f(e.get('peak_rss_mb'), '.0f')} "
            f"| {_f(e.get('model_mb'), '.2f')} | {_f(e.get('train_seconds'), '.1f')} |"
        )
    add("")
    if base:
        add(f"### As ratios to the plain scikit-learn pipeline ({base['title']})")
        add("")
        add("Higher is better for macro-F1 and throughput; lower is better for the rest.")
        add("")
        add("| contender | macro-F1 all | throughput | p50 | p99 | cold start | peak RSS | model size | training |")
        add("|---|" + "---:|" * 8)
        for e in ran:
            add(
                f"| {e['title']} | {_ratio(_get(e, 'test', 'all', 'macro_f1'), _get(base, 'test', 'all', 'macro_f1'))} "
                f"| {_ratio(e.get('throughput'), base.get('throughput'))} | {_ratio(e.get('p50_ms'), base.get('p50_ms'))} "
                f"| {_ratio(e.get('p99_ms'), base.get('p99_ms'))} | {_ratio(e.get('cold_seconds'), base.get('cold_seconds'))} "
                f"| {_ratio(e.get('peak_rss_mb'), base.get('peak_rss_mb'))} | {_ratio(e.get('model_mb'), base.get('model_mb'))} "
                f"| {_ratio(e.get('train_seconds'), base.get('train_seconds'))} |"
            )
        add("")
    for slice_name, heading in (
        ("messages", "messages"),
        ("headlines", "headlines"),
        ("other_authors", "rows by other authors"),
    ):
        add(f"## Per-label F1: {heading}")
        add("")
        add("| contender | n | " + " | ".join(LABELS) + " | macro-F1 | accuracy |")
        add("|---|" + "---:|" * (len(LABELS) + 3))
        for e in ran:
            s = _get(e, "test", slice_name) or {}
            per = s.get("per_label_f1", {})
            add(
                f"| {e['title']} | {s.get('n', 0)} | "
                + " | ".join(_f(per.get(lab)) for lab in LABELS)
                + f" | {_f(s.get('macro_f1'))} | {_f(s.get('accuracy'))} |"
            )
        add("")
    lm = next((e for e in ran if e["key"] == "linkmotive"), None)
    add("## Scaling: linkmotive batch throughput by batch size")
    add("")
    if lm and lm.get("scaling"):
        sizes = list(lm["scaling"])
        add("| batch size | " + " | ".join(f"{int(s):,}" for s in sizes) + " |")
        add("|---|" + "---:|" * len(sizes))
        add("| messages per second | " + " | ".join(f"{lm['scaling'][s]:,.0f}" for s in sizes) + " |")
        add("")
        add("Constant throughput across sizes means the cost grows linearly with the number of messages.")
    else:
        add("Not measured in this run.")
    add("")
    add("## Command-line memory: classifying a large JSONL file")
    add("")
    cli = results.get("cli")
    if cli and "error" not in cli:
        add("| lines | input MB | seconds | rows/s | peak RSS MB | target | exit code | rows written |")
        add("|---:|---:|---:|---:|---:|---|---:|---:|")
        ok = "met" if cli["peak_rss_mb"] < 500 else "missed"
        add(
            f"| {cli['lines']:,} | {cli['input_mb']:.0f} | {cli['seconds']:.0f} | {cli['rows_per_second']:,.0f} "
            f"| {cli['peak_rss_mb']:.0f} | under 500 MB: {ok} | {cli['exit_code']} | {cli['rows_written']:,} |"
        )
        add("")
        add(
            f"Command: `{cli['command']}`; peak RSS is the CLI process's `ru_maxrss`, read by a "
            "fresh wrapper process whose only child is the CLI (so the inherited floor is the wrapper's ~10 MB)."
        )
    elif cli:
        add(f"Failed: {cli['error']}")
    else:
        add("Not measured in this run (`--cli-lines 0`).")
    add("")
    if lm:
        add("## linkmotive against its targets (issue 4)")
        add("")
        add("| target | measured | met? |")
        add("|---|---:|---|")
        best_other = max(
            (_get(e, "test", "all", "macro_f1") or 0 for e in ran if e["key"] != "linkmotive"), default=None
        )
        f1 = _get(lm, "test", "all", "macro_f1")
        if best_other is not None and f1 is not None:
            add(
                f"| macro-F1 above every other contender (best other {best_other:.3f}) | {f1:.3f} | {'yes' if f1 > best_other else 'no'} |"
            )
        if base and lm.get("throughput") and base.get("throughput"):
            r = lm["throughput"] / base["throughput"]
            add(f"| throughput at least 0.5x plain scikit-learn | {r:.2f}x | {'yes' if r >= 0.5 else 'no'} |")
        spacy_tp = next((e.get("throughput") for e in ran if e["key"] == "spacy-bow"), None)
        if spacy_tp and lm.get("throughput"):
            add(
                f"| throughput above spaCy textcat BOW ({spacy_tp:,.0f} msg/s) | {lm['throughput']:,.0f} msg/s "
                f"| {'yes' if lm['throughput'] > spacy_tp else 'no'} |"
            )
        for label, key, op, target, unit in TARGETS:
            v = lm.get(key)
            if v is None:
                continue
            met = v >= target if op == ">=" else v <= target
            add(f"| {label} {op} {target:,} {unit} | {v:,.2f} {unit} | {'yes' if met else 'no'} |")
        add("")
    add("## How each contender was built")
    add("")
    for e in entries:
        extra = f" (chosen C = {e['chosen_C']})" if "chosen_C" in e else ""
        status = ""
        if "skipped" in e:
            status = f" Not run: {e['skipped']}."
        elif "error" in e:
            status = f" Failed: {e['error']}."
        add(f"- **{e['title']}**: {e.get('note') or ''}{extra}.{status}")
    add(f"- fastText packages tried: {FASTTEXT_TRIED} Looked for, in order: {', '.join(FASTTEXT_PACKAGES)}.")
    add("")
    add("## Method")
    add("")
    add(
        "- Every contender trains on the same train split; linkmotive also uses the dev split, for its probability "
        "calibration and `uncertain` threshold, as the shipped model does; the calibrated scikit-learn baseline uses "
        "dev to pick C. All are measured on the same test split. The baselines read a message and its sender's "
        "headline as one text (message, newline, headline); linkmotive reads them as separate fields."
    )
    add(
        "- Macro-F1 and per-label F1 with scikit-learn's `f1_score`; ECE (expected calibration error) over 10 "
        "equal-width confidence bins on the whole test split, the confidence being the top probability. The cue "
        "lexicon's probabilities are its normalised cue counts, so its ECE says how far raw counts are from probabilities."
    )
    add(
        f"- Throughput: one call of the contender's batch API on {opts['batch']:,} test messages (cycled), "
        f"the best of {opts.get('repeats', 1)} passes, in a fresh process after a 50-message warm-up; the scaling "
        "row does the same at each size (one pass above the batch size); linkmotive through `linkmotive.classify(texts, headline=...)`, "
        "which returns `Prediction` objects."
    )
    add(
        f"- Latency: {opts['latency_calls']:,} single calls after 20 warm-up calls, one message each "
        "(`linkmotive.classify(text)`, `pipe.predict([text])`, `nlp(text)`, `model.predict(text)`)."
    )
    add(
        f"- Cold start: median of {opts['cold_runs']} fresh processes, from process start to the first prediction "
        "(interpreter start, imports, model load, one message)."
    )
    add(
        "- Peak RSS: the serving process's high-water mark (`VmHWM` on Linux, `ru_maxrss` elsewhere) after loading, "
        "the throughput batch and the latency calls (before linkmotive's scaling batches). Not `ru_maxrss` on Linux: "
        "a child started by fork and exec inherits its parent's peak there. Training peak RSS is in the raw results "
        "(`--json`)."
    )
    add("- Model size: bytes on disk of what the contender saves (a folder, or one file).")
    add("- Training time: wall time of the fit, including text analysis; not the evaluation.")
    add("")
    return "\n".join(lines)


def write_report(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(results), "utf-8")
