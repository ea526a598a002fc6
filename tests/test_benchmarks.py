"""The benchmark harness: metrics, the report, and a smoke run on a tiny sample so it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import scores  # noqa: E402
from benchmarks.contenders import BASELINE, CONTENDERS, LABELS, flat  # noqa: E402
from benchmarks.report import render  # noqa: E402


def _rows() -> list[dict]:
    return [
        {"text": "We met at the expo", "label": "network", "kind": "message", "author": "slice-a"},
        {"text": "Any advice?", "label": "learn", "kind": "message", "author": "other-authors-1"},
        {"text": "Procurement Lead", "label": "buy", "kind": "headline", "author": "other-authors-1"},
        {"text": "Sales Director", "label": "sell", "kind": "headline", "author": "slice-b"},
    ]


def test_benchmarks_scores_per_slice():
    rows = _rows()
    proba = np.eye(len(LABELS))[[LABELS.index(lab) for lab in ("network", "learn", "buy", "buy")]]
    s = scores(rows, proba)
    assert (s["all"]["n"], s["messages"]["n"], s["headlines"]["n"], s["other_authors"]["n"]) == (4, 2, 2, 2)
    assert s["messages"]["accuracy"] == 1.0
    assert s["headlines"]["accuracy"] == 0.5
    assert s["other_authors"]["per_label_f1"]["buy"] == 1.0
    assert s["headlines"]["per_label_f1"]["sell"] == 0.0
    # Confident everywhere, right 3 times in 4: the calibration gap is 0.25.
    assert s["ece"] == pytest.approx(0.25)


def test_benchmarks_flat_joins_message_and_headline():
    assert flat("Hi there", None) == "Hi there"
    assert flat("Hi there", "CFO at Acme") == "Hi there\nCFO at Acme"


def _fake_entry(key: str, f1: float, throughput: float) -> dict:
    per = {lab: f1 for lab in LABELS}
    part = {"n": 2, "macro_f1": f1, "accuracy": f1, "per_label_f1": per}
    return {
        "key": key,
        "title": CONTENDERS[key].title,
        "note": "n",
        "n_train": 10,
        "n_dev": 5,
        "test": {"all": part, "messages": part, "headlines": part, "other_authors": part, "ece": 0.1},
        "throughput": throughput,
        "p50_ms": 1.0,
        "p99_ms": 2.0,
        "cold_seconds": 1.0,
        "peak_rss_mb": 200.0,
        "model_bytes": 2**20,
        "train_seconds": 3.0,
        "scaling": {"1000": throughput, "10000": throughput},
    }


def test_benchmarks_report_shows_ratios_targets_and_skips():
    results = {
        "command": "python -m benchmarks",
        "options": {"batch": 10_000, "latency_calls": 10, "cold_runs": 5, "quick": False, "sample": None},
        "environment": {
            "date": "2026-01-01 00:00 UTC",
            "cpu": "cpu",
            "cores": 2,
            "memory_gib": 24,
            "os": "Linux",
            "versions": {"linkmotive": "0"},
            "load_average": [0.0, 0.0, 0.0],
        },
        "load_after": [0.0, 0.0, 0.0],
        "wall_seconds": 60.0,
        "contenders": [
            _fake_entry("linkmotive", 0.9, 30_000.0),
            _fake_entry(BASELINE, 0.8, 40_000.0),
            {"key": "fasttext", "title": CONTENDERS["fasttext"].title, "skipped": "no fastText module installed"},
        ],
        "cli": {
            "lines": 100,
            "rows_written": 100,
            "exit_code": 0,
            "seconds": 1.0,
            "rows_per_second": 100.0,
            "peak_rss_mb": 300.0,
            "command": "linkmotive classify",
            "input_mb": 0.1,
        },
    }
    md = render(results)
    assert "| linkmotive (default configuration) | 0.900 |" in md
    assert "| 1.12x | 0.75x |" in md  # linkmotive's macro-F1 and throughput over the baseline's
    assert "not run: no fastText module installed" in md
    assert "| macro-F1 above every other contender (best other 0.800) | 0.900 | yes |" in md
    assert "under 500 MB: met" in md
    assert "| messages per second | 30,000 | 30,000 |" in md


@pytest.mark.slow
def test_benchmarks_quick_run_writes_report(tmp_path):
    out, raw = tmp_path / "benchmarks.md", tmp_path / "benchmarks.json"
    cmd = [
        sys.executable, "-m", "benchmarks", "--quick", "--sample", "150", "--only", "linkmotive,sklearn-words,cues",
        "--cli-lines", "300", "--output", str(out), "--json", str(raw),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(raw.read_text("utf-8"))
    by_key = {c["key"]: c for c in results["contenders"]}
    assert set(by_key) == {"linkmotive", "sklearn-words", "cues"}
    for c in by_key.values():
        assert 0.0 <= c["test"]["all"]["macro_f1"] <= 1.0
        assert c["throughput"] > 0 and c["p99_ms"] >= c["p50_ms"] > 0
        assert c["model_bytes"] > 0 and c["peak_rss_mb"] > 0 and len(c["cold_runs"]) == 1
    # Every contender is scored on the same frozen test rows.
    assert len({c["test"]["all"]["n"] for c in by_key.values()}) == 1
    assert results["splits"]["test"] == by_key["cues"]["test"]["all"]["n"]
    assert set(by_key["linkmotive"]["scaling"]) == {"100", "300"}
    assert results["cli"]["rows_written"] == 300 and results["cli"]["exit_code"] == 0
    md = out.read_text("utf-8")
    assert "## Side by side" in md and "Smoke run on a sample" in md


def test_benchmarks_stages_smoke(capsys):
    from benchmarks.stages import main

    main(["--rows", "60", "--repeat", "1", "--calls", "5"])
    out = capsys.readouterr().out
    assert "| linkmotive.classify(texts) |" in out and "feature block msg_chars" in out
    assert "single call p50:" in out
