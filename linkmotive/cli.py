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
from .frames import RESULT_COLUMNS, STATUS_EMPTY, STATUS_OK
from .labels import LABELS

__all__ = ["main"]

CHUNK = 2048
"""Rows per chunk, as ``model.CHUNK`` (not imported: the CLI starts without scikit-learn)."""


def _model(args: argparse.Namespace) -> Any:
    from .api import default_model, load

    # A folder named on the command line is the user's explicit choice: trusted.
    return load(args.model, trusted=True) if args.model else default_model()


def _result_fields(pred: Any, prefix: str = "") -> dict[str, Any]:
    fields = {"label": pred.label, "confidence": round(pred.confidence, 6), "uncertain": pred.uncertain}
    fields.update({f"score_{k}": round(v, 6) for k, v in pred.scores.items()})
    fields["status"] = STATUS_OK
    return {prefix + k: v for k, v in fields.items()} if prefix else fields


def _check_clash(row: dict[str, Any], prefix: str, where: str) -> None:
    """Refuse to overwrite an input column with a prediction column: nothing the user had is lost."""
    clash = [c for c in (prefix + name for name in RESULT_COLUMNS) if c in row]
    if clash:
        raise InputError(
            f"{where} already has column(s) {clash!r}, which the output would overwrite with predictions. "
            "Fix: pass --prefix pred_ (or another prefix) to name the output columns apart."
        )


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
    from .datasets import ReadStats, iter_rows
    from .features import Example
    from .parallel import check_n_jobs, predict_batches
    from .text import is_blank

    src, dst = Path(args.input), Path(args.output)
    if dst.suffix.lower() not in (".csv", ".jsonl", ".parquet"):
        raise InputError(f"--output must end in .csv, .jsonl or .parquet, got {str(dst)!r}.")
    if not src.exists():
        raise InputError(f"--input {str(src)!r} does not exist. Fix: check the path.")
    check_n_jobs(args.n_jobs)
    if args.kind == "headline" and args.headline_column:
        raise InputError(
            "--headline-column was given with --kind headline: each text is already a headline. "
            "Fix: drop --headline-column, or use --kind message."
        )
    if ".parquet" in (src.suffix.lower(), dst.suffix.lower()):
        from .parquet import iter_parquet_rows, require_pyarrow

        require_pyarrow()  # a missing pyarrow fails before any work
    model = _model(args)
    stats = ReadStats()
    if src.suffix.lower() == ".parquet":
        rows = iter_parquet_rows(src, args.column, args.headline_column)
    else:
        rows = iter_rows(src, args.column, headline_column=args.headline_column, validate=True, stats=stats)
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=f".{dst.name}.", suffix=".tmp")
    progress, skipped, total, read = _Progress(), 0, 0, 0
    out_names = {args.prefix + name for name in RESULT_COLUMNS}

    def prepared() -> Iterator[tuple[tuple[Any, ...], list[Any]]]:
        # Check each chunk and pick its rows to classify; with --n-jobs this reads a few chunks ahead of the workers.
        nonlocal skipped, read
        for chunk in _chunked(rows, CHUNK):
            examples, positions = [], []
            results: list[dict[str, Any]] = [{} for _ in chunk]
            for i, row in enumerate(chunk):
                # Every row: JSON Lines rows may each carry other fields, and no field of theirs is overwritten.
                if not out_names.isdisjoint(row):
                    _check_clash(row, args.prefix, f"{str(src)!r} row {read + i + 1}")
                if args.column not in row:
                    raise InputError(
                        f"{str(src)!r} row {read + i + 1} has no field {args.column!r}. Fix: pass --column."
                    )
                text = row.get(args.column)
                head = row.get(args.headline_column) if args.headline_column else None
                text = "" if text is None else str(text)
                head = None if head in (None, "") else str(head)
                if is_blank(text, head):
                    results[i] = {args.prefix + "status": STATUS_EMPTY}
                    skipped += 1
                    continue
                examples.append(Example(text, head, args.kind))
                positions.append(i)
            read += len(chunk)
            yield (chunk, results, examples, positions), examples

    try:
        # backslashreplace: a lone surrogate from a JSON escape is written as \uXXXX, never an encoding crash.
        with os.fdopen(fd, "w", encoding="utf-8", newline="", errors="backslashreplace") as out:
            writer: Any = None
            # In input order; the chunks are classified in --n-jobs worker processes (joblib).
            for (chunk, results, examples, positions), proba in predict_batches(model, prepared(), args.n_jobs):
                for i, pred in zip(positions, model._predictions(examples, proba)):
                    results[i] = _result_fields(pred, args.prefix)
                if writer is None:
                    writer = _writer(out, dst, chunk[0], args.prefix)
                for row, res in zip(chunk, results):
                    writer(row, res)
                total += len(chunk)
                progress.add(len(chunk))
            if dst.suffix.lower() == ".parquet":  # the footer; an empty input still gives a valid file
                (writer or _writer(out, dst, {}, args.prefix)).close()
            elif writer is None and dst.suffix.lower() == ".csv":  # no rows: still a CSV with its header
                _writer(out, dst, {}, args.prefix)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        progress.close()
    note = f"; {skipped} with empty text kept with status 'skipped: empty text'" if skipped else ""
    note += f"; {stats.blank_lines} blank lines skipped" if stats.blank_lines else ""
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


def _writer(out: io.TextIOBase, dst: Path, first: dict[str, Any], prefix: str = "") -> Any:
    results = [prefix + c for c in RESULT_COLUMNS]
    if dst.suffix.lower() == ".parquet":
        from .parquet import ParquetRowWriter

        return ParquetRowWriter(out.buffer, results)  # type: ignore[attr-defined]
    if dst.suffix.lower() == ".jsonl":

        def write_json(row: dict[str, Any], res: dict[str, Any]) -> None:
            out.write(json.dumps({**row, **res}, ensure_ascii=False, default=str) + "\n")

        return write_json
    columns = [c for c in first if c not in results] + results
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    known = set(columns)

    def write_csv(row: dict[str, Any], res: dict[str, Any]) -> None:
        extra = [k for k in row if k not in known]
        if extra:  # JSONL rows may differ in fields; a CSV cannot grow columns, and nothing is dropped silently
            raise InputError(
                f"A row has field(s) {extra[:5]!r} that the first row lacks; CSV output has the first row's "
                "columns. Fix: write .jsonl output, or give every row the same fields."
            )
        w.writerow({**row, **res})

    return write_csv


def cmd_classify(args: argparse.Namespace) -> int:
    if args.input:
        if not args.output:
            raise InputError("--input needs --output FILE (.csv, .jsonl or .parquet).")
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
    from .datasets import read_labeled
    from .persist import check_save_target
    from .training import evaluate, train

    check_save_target(args.output)  # a bad --output or --test fails before training, not after it
    test = read_labeled(args.test) if args.test else None
    model = train(
        args.data, dev=args.dev, random_state=args.seed, description=f"trained by `linkmotive train {args.data}`"
    )
    if test is not None:
        model.manifest["test_metrics"] = evaluate(model, test)
    model.save(args.output)
    print(
        f"linkmotive: trained on {model.manifest['training']['n_examples']} examples; saved to {args.output}",
        file=sys.stderr,
    )
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .training import evaluate

    if args.plot:
        from .plots import check_plot_path

        check_plot_path(args.plot)
    report = evaluate(_model(args), args.data)
    if args.plot:
        from .plots import save_confusion_matrix

        print(f"linkmotive: wrote {save_confusion_matrix(report, args.plot)}", file=sys.stderr)
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


def cmd_report(args: argparse.Namespace) -> int:
    from .report import build_report, check_output, parse_want

    want = parse_want(args.want)  # fail on a bad --want or --output before reading anything
    check_output(args.output)
    model = _model(args) if args.model else None
    report = build_report(args.export, want=want, redact=args.redact, model=model, me=args.me)
    out = report.write(args.output)
    print(report.summary())
    print(f"linkmotive: wrote {out}", file=sys.stderr)
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

    c = sub.add_parser("classify", help="classify a text, or a CSV/JSONL/Parquet file")
    c.add_argument("text", nargs="?")
    text_options(c)
    c.add_argument("--input", help="a .csv, .jsonl or .parquet file to classify (Parquet needs pyarrow)")
    c.add_argument("--column", default="text", help="the text column of --input (default: text)")
    c.add_argument("--headline-column", help="the column holding the sender's headline")
    c.add_argument("--prefix", default="", help="prefix of the output columns, e.g. pred_ when the input has a 'label'")
    c.add_argument("--output", help="where to write the results (.csv, .jsonl or .parquet)")
    c.add_argument(
        "--n-jobs",
        type=int,
        default=1,
        help="worker processes for --input (joblib; -1 for all cores); the output equals --n-jobs 1",
    )
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
    v.add_argument("--plot", help="also save the confusion matrix as a .png/.svg/.pdf (needs linkmotive[notebooks])")
    v.set_defaults(func=cmd_evaluate)

    r = sub.add_parser("report", help="an HTML report of why people link with you, from a LinkedIn data export")
    r.add_argument("export", help="the export ZIP LinkedIn sent you, or the folder it unpacks to")
    r.add_argument("--output", default="report.html", help="the HTML file to write (default: report.html)")
    r.add_argument("--want", help="motives to answer first, comma-separated (default: learn,buy)")
    r.add_argument("--redact", action="store_true", help="remove names, e-mail addresses, phone numbers and URLs")
    r.add_argument("--me", help="your name or profile URL, if the export does not make it clear")
    r.add_argument("--model", help="a model folder (default: the shipped model)")
    r.set_defaults(func=cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except LinkmotiveError as exc:
        print(f"linkmotive: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # unwritable output, a folder given as a file...: a usage error, not a crash
        where = f" {exc.filename!r}" if exc.filename else ""
        print(f"linkmotive: error: cannot use{where}: {exc.strerror or exc}. Fix: check the path.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("linkmotive: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
