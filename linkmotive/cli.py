"""The ``linkmotive`` command line (also ``python -m linkmotive``).

Exit codes: 0 on success, 2 on usage or input errors (one line on stderr, no
traceback), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .errors import InputError, LinkmotiveError
from .labels import LABELS

__all__ = ["main"]

SCORE_COLUMNS = [f"score_{lab}" for lab in LABELS]
RESULT_COLUMNS = ["label", "confidence", "uncertain", *SCORE_COLUMNS, "status"]
CHUNK = 2048


def _model(args: argparse.Namespace) -> Any:
    from .api import default_model, load

    # A folder named on the command line is the user's explicit choice: trusted.
    return load(args.model, trusted=True) if args.model else default_model()


def _result_fields(pred: Any) -> dict[str, Any]:
    fields = {"label": pred.label, "confidence": round(pred.confidence, 6), "uncertain": pred.uncertain}
    fields.update({f"score_{k}": round(v, 6) for k, v in pred.scores.items()})
    fields["status"] = "ok"
    return fields


class _Progress:
    def __init__(self) -> None:
        self.on = sys.stderr.isatty()
        self.n = 0

    def add(self, n: int) -> None:
        self.n += n
        if self.on:
            print(f"\rclassified {self.n:,} rows", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.on:
            print(file=sys.stderr)


def _classify_file(args: argparse.Namespace) -> int:
    from .datasets import iter_rows
    from .features import Example

    src, dst = Path(args.input), Path(args.output)
    if dst.suffix.lower() not in (".csv", ".jsonl"):
        raise InputError(f"--output must end in .csv or .jsonl, got {str(dst)!r}.")
    if not src.exists():
        raise InputError(f"--input {str(src)!r} does not exist. Fix: check the path.")
    model = _model(args)
    rows = iter_rows(src, args.column)
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=f".{dst.name}.", suffix=".tmp")
    progress, skipped, total = _Progress(), 0, 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer: Any = None
            for chunk in _chunked(rows, CHUNK):
                examples, positions = [], []
                results: list[dict[str, Any]] = [{} for _ in chunk]
                for i, row in enumerate(chunk):
                    if args.column not in row:
                        raise InputError(
                            f"{str(src)!r} row {total + i + 1} has no field {args.column!r}. Fix: pass --column."
                        )
                    text = row.get(args.column)
                    head = row.get(args.headline_column) if args.headline_column else None
                    text = "" if text is None else str(text)
                    head = None if head in (None, "") else str(head)
                    if not text.strip() and not (head or "").strip():
                        results[i] = {"status": "skipped: empty text"}
                        skipped += 1
                        continue
                    examples.append(Example(text, head, args.kind))
                    positions.append(i)
                if examples:
                    proba = model.predict_proba(examples)
                    for i, pred in zip(positions, model._predictions(examples, proba)):
                        results[i] = _result_fields(pred)
                if writer is None:
                    writer = _writer(out, dst, chunk[0])
                for row, res in zip(chunk, results):
                    writer(row, res)
                total += len(chunk)
                progress.add(len(chunk))
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        progress.close()
    note = f"; {skipped} with empty text kept with status 'skipped: empty text'" if skipped else ""
    print(f"linkmotive: wrote {total} rows to {dst}{note}", file=sys.stderr)
    return 0


def _chunked(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _writer(out: io.TextIOBase, dst: Path, first: dict[str, Any]) -> Any:
    if dst.suffix.lower() == ".jsonl":

        def write_json(row: dict[str, Any], res: dict[str, Any]) -> None:
            out.write(json.dumps({**row, **res}, ensure_ascii=False) + "\n")

        return write_json
    columns = [c for c in first if c not in RESULT_COLUMNS] + RESULT_COLUMNS
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    w.writeheader()

    def write_csv(row: dict[str, Any], res: dict[str, Any]) -> None:
        w.writerow({**row, **res})

    return write_csv


def cmd_classify(args: argparse.Namespace) -> int:
    if args.input:
        if not args.output:
            raise InputError("--input needs --output FILE (.csv or .jsonl).")
        return _classify_file(args)
    if args.text is None:
        raise InputError("Give a TEXT to classify, or --input FILE --output FILE.")
    from .api import classify

    pred = classify(args.text, headline=args.headline, kind=args.kind, model=_model(args))
    if args.json:
        print(json.dumps(pred.to_dict(), ensure_ascii=False))
    else:
        flag = "  (uncertain)" if pred.uncertain else ""
        print(f"{pred.label}  {pred.confidence:.2f}{flag}")
        for lab, score in pred.scores.items():
            print(f"  {lab:<15} {score:.3f}")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .api import explain

    exp = explain(args.text, headline=args.headline, kind=args.kind, model=_model(args))
    print(json.dumps(exp.to_dict(), ensure_ascii=False) if args.json else str(exp))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from .training import evaluate, train

    model = train(
        args.data, dev=args.dev, random_state=args.seed, description=f"trained by `linkmotive train {args.data}`"
    )
    if args.test:
        model.manifest["test_metrics"] = evaluate(model, args.test)
    model.save(args.output)
    print(
        f"linkmotive: trained on {model.manifest['training']['n_examples']} examples; saved to {args.output}",
        file=sys.stderr,
    )
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .training import evaluate

    report = evaluate(_model(args), args.data)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(
        f"n={report['n']}  accuracy={report['accuracy']:.3f}  macro-F1={report['macro_f1']:.3f}  ECE={report['ece']:.3f}"
    )
    print(f"{'label':<15} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for lab, m in report["per_label"].items():
        print(f"{lab:<15} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m['support']:>8}")
    print("confusion matrix (rows: true, columns: predicted)")
    print(" " * 15 + "".join(f"{lab[:8]:>9}" for lab in LABELS))
    for lab, row in zip(LABELS, report["confusion_matrix"]):
        print(f"{lab:<15}" + "".join(f"{v:>9}" for v in row))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(prog="linkmotive", description="Why does this person want to link with me?")
    parser.add_argument("--version", action="version", version=f"linkmotive {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def text_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--headline", help="the sender's headline next to the message")
        p.add_argument("--kind", choices=["message", "headline"], default="message")
        p.add_argument("--model", help="a model folder (default: the shipped model)")
        p.add_argument("--json", action="store_true", help="print JSON")

    c = sub.add_parser("classify", help="classify a text, or a CSV/JSONL file")
    c.add_argument("text", nargs="?")
    text_options(c)
    c.add_argument("--input", help="a .csv or .jsonl file to classify")
    c.add_argument("--column", default="text", help="the text column of --input (default: text)")
    c.add_argument("--headline-column", help="the column holding the sender's headline")
    c.add_argument("--output", help="where to write the results (.csv or .jsonl)")
    c.set_defaults(func=cmd_classify)

    e = sub.add_parser("explain", help="show which features drove a prediction")
    e.add_argument("text")
    text_options(e)
    e.set_defaults(func=cmd_explain)

    t = sub.add_parser("train", help="train a model on labeled JSONL/CSV data")
    t.add_argument("data")
    t.add_argument("--output", required=True, help="the model folder to write")
    t.add_argument("--dev", help="held-out data for calibration and the uncertain threshold")
    t.add_argument("--test", help="test data whose metrics go into the manifest")
    t.add_argument("--seed", type=int, default=0)
    t.set_defaults(func=cmd_train)

    v = sub.add_parser("evaluate", help="per-label precision, recall, F1 and the confusion matrix")
    v.add_argument("data")
    v.add_argument("--model", help="a model folder (default: the shipped model)")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except LinkmotiveError as exc:
        print(f"linkmotive: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("linkmotive: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
