"""Fuzz the text path: ``classify`` (single, batch, with a headline) and ``explain`` on arbitrary text.

Run it (atheris, coverage-guided; ``pip install ".[fuzz]"``)::

    python fuzz/fuzz_text.py -max_total_time=300 -timeout=30 /tmp/fuzz-text fuzz/seeds/text

New interesting inputs go to /tmp/fuzz-text (keep the seed folder read-only that way); a
failure writes ``crash-*``/``timeout-*`` files. Replay files without atheris::

    python fuzz/fuzz_text.py fuzz/seeds/text/* crash-abc123

Every input must give a valid prediction (scores sum to 1, label is the argmax, batch equals
singles) or an ``InputError`` for a blank text, and take under ``SLOW_SECONDS``.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared harness beside this file
from _harness import run

SLOW_SECONDS = 10.0
"""An input slower than this is a finding (the quadratic tokenizer runs took 15-20 s)."""


def decode(data: bytes) -> dict:
    """Turn fuzzer bytes into classify() arguments. Byte 0 holds flags; the rest is the text."""
    flags, body = (data[0], data[1:]) if data else (0, b"")
    if flags & 1:  # UTF-16 code units: any BMP character, lone surrogates included
        text = body[: len(body) // 2 * 2].decode("utf-16-le", "surrogatepass")
    else:  # UTF-8, bad bytes kept as lone surrogates U+DC80..U+DCFF
        text = body.decode("utf-8", "surrogateescape")
    if flags & 0x42 == 0x42 and text:  # a 100,000-character text (two bits: slow, so a quarter of the inputs)
        text = (text * (100_000 // len(text) + 1))[:100_000]
    kind = "headline" if flags & 4 else "message"
    headline = None
    if flags & 8 and kind == "message" and "\x1f" in text:
        text, headline = text.split("\x1f", 1)
    return {
        "text": text,
        "headline": headline,
        "kind": kind,
        "explain": flags & 0x90 == 0x90,
        "batch": bool(flags & 32),
    }


def check(p, kind: str) -> None:
    import linkmotive

    values = list(p.scores.values())
    assert p.label in linkmotive.LABELS and p.kind == kind, p
    assert list(p.scores) == list(linkmotive.LABELS), p
    assert all(math.isfinite(v) and 0.0 <= v <= 1.0 for v in values), p
    assert abs(sum(values) - 1.0) < 1e-6, p
    assert p.label == linkmotive.LABELS[values.index(max(values))] and p.confidence == p.scores[p.label], p


def test_one_input(data: bytes) -> None:
    import linkmotive

    args = decode(data)
    text, headline, kind = args["text"], args["headline"], args["kind"]
    started = time.perf_counter()
    blank = not text.strip() and not (headline or "").strip()
    try:
        p = linkmotive.classify(text, headline=headline, kind=kind)
    except linkmotive.InputError:
        assert blank, f"InputError for a non-blank text {text!r:.100}"
        return
    assert not blank, f"a blank text was classified: {text!r:.100}"
    check(p, kind)
    assert linkmotive.classify(text, headline=headline, kind=kind) == p, "two calls differ"
    if args["batch"]:
        parts = [t for t in text.split("\n") if t.strip()][:10] or [text]  # 10: singles are checked one by one
        assert linkmotive.classify(parts, kind=kind) == [linkmotive.classify(t, kind=kind) for t in parts]
    if args["explain"]:
        e = linkmotive.explain(text, headline=headline, kind=kind)
        assert e.prediction == p and isinstance(str(e), str)
    elapsed = time.perf_counter() - started
    assert elapsed < SLOW_SECONDS, f"{elapsed:.1f}s for {len(text):,} characters starting {text[:40]!r}"


def main() -> None:
    run(test_one_input, ("linkmotive.api", "linkmotive.features", "linkmotive.model", "linkmotive.text"))


if __name__ == "__main__":
    main()
