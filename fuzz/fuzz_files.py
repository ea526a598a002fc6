"""Fuzz the file readers: ``datasets.iter_rows`` and ``linkmotive classify --input`` on arbitrary bytes.

Run it (atheris, coverage-guided; ``pip install ".[fuzz]"``)::

    python fuzz/fuzz_files.py -max_total_time=300 -timeout=30 /tmp/fuzz-files fuzz/seeds/files

Replay files without atheris: ``python fuzz/fuzz_files.py fuzz/seeds/files/* crash-abc123``.

Byte 0 picks the file type (.csv, .tsv, .jsonl, .ndjson), whether a headline column is named,
and whether the CLI runs too; the rest is the file. The reader must yield dicts or raise
``InputError``; the CLI must exit 0 with one output row per input row, in order, or exit 2 and
leave no output file behind.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared harness beside this file
from _harness import run

SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson")
_DIR: Path | None = None


def workdir() -> Path:
    global _DIR
    if _DIR is None:
        _DIR = Path(tempfile.mkdtemp(prefix="linkmotive-fuzz-"))
    for p in _DIR.iterdir():
        p.unlink()
    return _DIR


def read_output(dst: Path) -> list[dict]:
    if dst.suffix == ".jsonl":
        return [json.loads(line) for line in dst.read_text("utf-8").splitlines()]
    with open(dst, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_one_input(data: bytes) -> None:
    from linkmotive import InputError, cli
    from linkmotive.datasets import ReadStats, iter_rows

    flags, body = (data[0], data[1:]) if data else (0, b"")
    folder = workdir()
    src = folder / f"in{SUFFIXES[flags & 3]}"
    src.write_bytes(body)
    headline = "headline" if flags & 4 else None
    stats = ReadStats()
    try:
        rows = list(iter_rows(src, "text", headline_column=headline, validate=True, stats=stats))
    except InputError:
        rows = None
    if rows is not None:
        assert stats.rows == len(rows) and all(isinstance(r, dict) for r in rows)
    if not flags & 8:
        return
    dst = folder / ("out.csv" if flags & 16 else "out.jsonl")
    args = ["classify", "--input", str(src), "--output", str(dst)] + (
        ["--headline-column", headline] if headline else []
    )
    with contextlib.redirect_stderr(io.StringIO()) as err:
        code = cli.main(args)
    if code == 2:
        assert "Traceback" not in err.getvalue()
        assert sorted(p.name for p in folder.iterdir()) == [src.name], "an output or temp file was left behind"
        return
    assert code == 0 and rows is not None, (code, err.getvalue())
    out = read_output(dst)
    assert len(out) == len(rows), f"{len(rows)} rows in, {len(out)} out"
    for r, o in zip(rows, out):
        text = r.get("text")
        if isinstance(text, str) and text.isprintable() and (dst.suffix == ".jsonl" or "\x00" not in text):
            assert o["text"] == text, (text, o["text"])
        assert o["status"] in ("ok", "skipped: empty text")


def main() -> None:
    try:
        run(test_one_input, ("linkmotive.api", "linkmotive.cli", "linkmotive.datasets"))
    finally:
        if _DIR is not None:
            shutil.rmtree(_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
