"""Labeled data in and out: JSONL/CSV files, pairs, DataFrames, and the shipped corpus.

Rows follow LABELS.md: ``{"id", "kind", "text", "label", "source"}`` and,
for messages, an optional ``headline``. :func:`read_labeled` accepts any of the
forms a user has at hand and checks every label before training starts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, TrainingDataError
from .features import Example
from .frames import _is_missing
from .labels import KINDS, LABELS
from .text import is_blank

__all__ = [
    "SPLITS",
    "LabeledData",
    "ReadStats",
    "corpus_dir",
    "corpus_stats",
    "iter_rows",
    "load_corpus",
    "near_duplicates",
    "read_labeled",
    "read_rows",
]

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class LabeledData:
    """Examples with their labels and row ids, aligned."""

    examples: list[Example]
    labels: list[str]
    ids: list[str]

    def __len__(self) -> int:
        return len(self.labels)

    def sha256(self) -> str:
        """A hash of the content (texts, headlines, kinds, labels), for manifests."""
        h = hashlib.sha256()
        for ex, lab in zip(self.examples, self.labels):
            h.update(json.dumps([ex.text, ex.headline, ex.kind, lab], ensure_ascii=False).encode("utf-8"))
        return h.hexdigest()


def corpus_dir() -> Path:
    """The folder of the labeled corpus: inside the installed package, or ``data`` in a checkout.

    It holds ``slices/*.jsonl`` (the rows, as written) and ``splits/{train,dev,test}.txt``
    (the ids of each fixed split).
    """
    packaged = Path(str(resources.files("linkmotive"))) / "corpus"
    if (packaged / "splits" / "train.txt").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def load_corpus(split: str = "train", kind: str | None = None) -> list[dict[str, Any]]:
    """Rows of the shipped corpus.

    Parameters
    ----------
    split : {"train", "dev", "test", "all"}
        Which fixed split to read. The test split never trains the shipped model.
    kind : {"message", "headline"}, optional
        Keep only rows of this kind.

    Examples
    --------
    >>> rows = load_corpus("dev")
    >>> {"id", "kind", "text", "label", "source"} <= set(rows[0])
    True
    """
    names = SPLITS if split == "all" else (split,)
    if split != "all" and split not in SPLITS:
        raise InputError(f"split must be one of {(*SPLITS, 'all')}, got {split!r}.")
    if kind is not None and kind not in KINDS:
        raise InputError(f"kind must be one of {KINDS} or None, got {kind!r}.")
    root = corpus_dir()
    wanted: dict[str, int] = {}
    for name in names:
        for i in (root / "splits" / f"{name}.txt").read_text("utf-8").split():
            wanted.setdefault(i, len(wanted))
    rows = [r for path in sorted((root / "slices").glob("*.jsonl")) for r in iter_rows(path)]
    rows = [r for r in rows if r.get("id") in wanted and (kind is None or r.get("kind") == kind)]
    return sorted(rows, key=lambda r: wanted[r["id"]])


FIELD_SIZE_LIMIT = 64 * 1024 * 1024
"""Largest CSV field read (characters); Python's default of 131,072 would reject long messages."""

_UNDECODABLE = re.compile("[\udc80-\udcff]")


@dataclass
class ReadStats:
    """What :func:`iter_rows` read and skipped, so that nothing disappears silently.

    Attributes
    ----------
    rows : int
        Rows yielded.
    blank_lines : int
        Blank lines skipped: whitespace-only JSONL lines, and CSV lines with
        nothing on them (a line of only delimiters is a row, with empty fields).
    line : int
        The line the last row yielded started on (1-based).
    """

    rows: int = 0
    blank_lines: int = 0
    line: int = 0


def _open_text(path: Path) -> io.TextIOWrapper:
    # surrogateescape: undecodable bytes become U+DC80..U+DCFF and are reported with their line number.
    try:
        return open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise InputError(f"Cannot open {str(path)!r}: {exc.strerror}. Fix: check the path.") from None


def _check_decoded(path: Path, text: str, line: int) -> None:
    bad = _UNDECODABLE.search(text)
    if bad is None:
        return
    hint = " It looks like UTF-16." if line == 1 and text.startswith(("\udcff\udcfe", "\udcfe\udcff")) else ""
    raise InputError(
        f"{str(path)!r} line {line} is not valid UTF-8 (byte 0x{ord(bad.group()) - 0xDC00:02x} at character "
        f"{bad.start() + 1}).{hint} Fix: re-save the file as UTF-8."
    )


def read_rows(path: Any, column: str = "text") -> list[dict[str, Any]]:
    """Read a JSONL or CSV file into dicts (UTF-8, with or without BOM)."""
    path = Path(path)
    return list(iter_rows(path, column))


def iter_rows(
    path: Path,
    column: str = "text",
    *,
    headline_column: str | None = None,
    validate: bool = False,
    stats: ReadStats | None = None,
) -> Iterator[dict[str, Any]]:
    """Stream the rows of a ``.jsonl``/``.ndjson`` or ``.csv``/``.tsv`` file, in file order.

    The rules, for every file:

    - UTF-8, with or without a BOM; CRLF, LF or CR line ends. A byte that is
      not UTF-8 is an error naming its line.
    - Blank lines are not rows: they are skipped and counted in ``stats``.
    - A line that cannot be parsed (invalid JSON, a JSON value that is not an
      object, a CSV quote left open) is an error naming its line; nothing is
      guessed.
    - CSV: the header must name ``column`` (and ``headline_column``) once; a row
      with fewer fields gets None for the missing ones; a row with more fields
      is an error unless the extra fields are empty; quoted fields may hold
      newlines and up to :data:`FIELD_SIZE_LIMIT` characters.
    - JSONL with ``validate=True``: each object must have ``column``, and its
      text and headline must be strings (or null).

    Parameters
    ----------
    path : Path
        The file.
    column : str, default="text"
        The text column.
    headline_column : str, optional
        A headline column that must exist in a CSV header.
    validate : bool, default=False
        Check ``column`` and the value types on every JSONL row.
    stats : ReadStats, optional
        Filled in while reading: rows, blank lines skipped, current line.

    Raises
    ------
    InputError
        Naming the file, the line and the fix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "in.jsonl"
    >>> _ = p.write_text('{"text": "hi"}\\n\\n{"text": "bye"}\\n')
    >>> stats = ReadStats()
    >>> [r["text"] for r in iter_rows(p, stats=stats)], stats.blank_lines
    (['hi', 'bye'], 1)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv", ".tsv"):
        raise InputError(f"Cannot read {str(path)!r}: expected a .jsonl or .csv file, got {suffix or 'no suffix'!r}.")
    stats = stats if stats is not None else ReadStats()
    with _open_text(path) as fh:
        if suffix in (".csv", ".tsv"):
            yield from _iter_csv(path, fh, "\t" if suffix == ".tsv" else ",", column, headline_column, stats)
        else:
            yield from _iter_jsonl(path, fh, column, headline_column, validate, stats)


def _iter_jsonl(
    path: Path, fh: Any, column: str, headline_column: str | None, validate: bool, stats: ReadStats
) -> Iterator[dict[str, Any]]:
    where = repr(str(path))
    for n, line in enumerate(fh, 1):
        _check_decoded(path, line, n)
        if not line.strip():
            stats.blank_lines += 1
            continue
        try:
            row = json.loads(line)
        except RecursionError:
            raise InputError(
                f"{where} line {n} is nested too deeply to be a row. Fix: repair or remove that line."
            ) from None
        except ValueError as exc:  # JSONDecodeError, and integers too long to convert
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise InputError(f"{where} line {n} is not valid JSON ({msg}). Fix: repair or remove that line.") from None
        if not isinstance(row, dict):
            raise InputError(
                f'{where} line {n} is a JSON {type(row).__name__}, expected an object like {{"{column}": "..."}}. '
                "Fix: one JSON object per line."
            )
        if validate:
            if column not in row:
                raise InputError(
                    f"{where} line {n} has no field {column!r} (fields: {sorted(row)[:10]!r}). "
                    "Fix: name the text field with --column / column=."
                )
            for name in (column, headline_column):
                if name is not None and row.get(name) is not None and not isinstance(row[name], str):
                    raise InputError(
                        f"{where} line {n}: field {name!r} is a JSON {type(row[name]).__name__}, expected a string "
                        "or null. Fix: repair that line."
                    )
        stats.rows += 1
        stats.line = n
        yield row


def _iter_csv(
    path: Path, fh: Any, delimiter: str, column: str, headline_column: str | None, stats: ReadStats
) -> Iterator[dict[str, Any]]:
    where = repr(str(path))
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    reader = csv.reader(fh, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    last_line = 0
    while True:
        start = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(
                f"{where} line {start} is not valid CSV ({exc}). Fix: close the quote or quote the field "
                '(a quote inside a quoted field is written "").'
            ) from None
        last_line = reader.line_num
        _check_decoded(path, delimiter.join(row), start)
        if not row:
            stats.blank_lines += 1
            continue
        if header is None:
            header = row
            _check_header(where, header, column, headline_column)
            continue
        if len(row) > len(header):
            extra = row[len(header) :]
            if any(v.strip() for v in extra):
                raise InputError(
                    f"{where} line {start} has {len(row)} fields but the header has {len(header)}: the extra "
                    f"{extra[0][:40]!r}... would be lost. Fix: quote fields that contain {delimiter!r}."
                )
            row = row[: len(header)]
        record: dict[str, Any] = dict(zip(header, row))
        for name in header[len(row) :]:
            record[name] = None
        stats.rows += 1
        stats.line = start
        yield record
    if header is None:
        raise InputError(f"{where} is empty: expected a header line naming the columns. Fix: add the header.")


def _check_header(where: str, header: list[str], column: str, headline_column: str | None) -> None:
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise InputError(f"{where} names the column(s) {dupes} more than once. Fix: give every column its own name.")
    for name, option in ((column, "--column / column="), (headline_column, "--headline-column")):
        if name is not None and name not in header:
            raise InputError(
                f"{where} has no column {name!r} (columns: {header!r}). Fix: name the right column with {option}."
            )


def _from_pairs(items: Iterable[Any]) -> Iterator[dict[str, Any]]:
    if not isinstance(items, Iterable) or isinstance(items, (bytes, dict)):
        raise TrainingDataError(
            f"Labeled data must be a path, a list of rows or (text, label) pairs, or a DataFrame; "
            f"got {type(items).__name__}: {items!r:.60}."
        )
    for i, item in enumerate(items):
        if isinstance(item, dict):
            yield item
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            yield {"text": item[0], "label": item[1], "id": str(i)}
        else:
            raise TrainingDataError(
                f"Training example {i} is {type(item).__name__} {item!r:.60}; expected a dict row or a (text, label) pair."
            )


def read_labeled(data: Any) -> LabeledData:
    """Read labeled examples from a path, rows, ``(text, label)`` pairs or a pandas DataFrame.

    Every row is checked before anything trains: the text must be a string, the
    label one of :data:`~linkmotive.LABELS` and the kind one of ``KINDS``.

    Examples
    --------
    >>> d = read_labeled([("Loved your talk, any advice?", "learn"), ("We help hotels fill rooms", "sell")])
    >>> d.labels
    ['learn', 'sell']
    """
    if isinstance(data, (str, Path)):
        rows: Iterable[dict[str, Any]] = read_rows(data)
    elif type(data).__name__ == "DataFrame" and hasattr(data, "to_dict"):
        missing = {"text", "label"} - set(map(str, data.columns))
        if missing:
            raise TrainingDataError(f"The DataFrame lacks column(s) {sorted(missing)}; it needs 'text' and 'label'.")
        rows = data.to_dict("records")
    else:
        rows = _from_pairs(data)
    examples, labels, ids = [], [], []
    for i, row in enumerate(rows):
        text, label = row.get("text"), row.get("label")
        # pandas reads an empty cell as NaN (or NA): no headline, and the default kind, as when read by path
        kind, headline = (None if _is_missing(v) else v for v in (row.get("kind"), row.get("headline")))
        kind, headline = kind or "message", headline or None
        rid = str(row.get("id", i))
        if not isinstance(text, str):
            raise TrainingDataError(f"Row {rid!r}: 'text' must be a string, got {type(text).__name__} {text!r:.40}.")
        if label not in LABELS:
            raise TrainingDataError(
                f"Row {rid!r}: unknown label {label!r}; expected one of {list(LABELS)}. Fix: relabel it per LABELS.md."
            )
        if kind not in KINDS:
            raise TrainingDataError(f"Row {rid!r}: unknown kind {kind!r}; expected one of {list(KINDS)}.")
        if headline is not None and not isinstance(headline, str):
            raise TrainingDataError(f"Row {rid!r}: 'headline' must be a string, got {type(headline).__name__}.")
        if is_blank(text, headline):
            raise TrainingDataError(f"Row {rid!r} has an empty text. Fix: remove it or fill it in.")
        examples.append(Example(text, headline if kind == "message" else None, kind))
        labels.append(label)
        ids.append(rid)
    if not labels:
        raise TrainingDataError("No training examples were given.")
    return LabeledData(examples, labels, ids)


def near_duplicates(texts: list[str], threshold: float = 0.8) -> list[tuple[int, int, float]]:
    """Pairs of texts whose character 5-gram sets have a Jaccard similarity above ``threshold``.

    Uses one sparse matrix product, so a corpus of tens of thousands of texts
    takes seconds.
    """
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    norm = [" ".join(t.lower().split()) for t in texts]
    vec = CountVectorizer(analyzer="char", ngram_range=(5, 5), binary=True, lowercase=False, dtype=np.int32)
    X = vec.fit_transform(norm)
    sizes = np.asarray(X.sum(axis=1)).ravel()
    inter = (X @ X.T).tocoo()
    out = []
    for i, j, v in zip(inter.row, inter.col, inter.data):
        if i < j:
            jac = v / (sizes[i] + sizes[j] - v)
            if jac > threshold:
                out.append((int(i), int(j), float(jac)))
    return out


def opening(text: str, words: int = 4) -> str:
    """The first ``words`` words of a text, lowercased, punctuation dropped."""
    import re

    return " ".join(re.findall(r"\w+", text.lower())[:words])


def corpus_stats(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts per kind, label, language, industry and hard case, as the data card reports them."""
    from collections import Counter

    msgs = [r for r in rows if r["kind"] == "message"]
    heads = [r for r in rows if r["kind"] == "headline"]
    words = sorted(len(r["text"].split()) for r in msgs)
    return {
        "rows": len(rows),
        "messages": len(msgs),
        "headlines": len(heads),
        "label_share": {
            kind: {lab: round(sum(r["label"] == lab for r in part) / max(1, len(part)), 3) for lab in LABELS}
            for kind, part in (("message", msgs), ("headline", heads))
        },
        "messages_with_headline": round(sum(bool(r.get("headline")) for r in msgs) / max(1, len(msgs)), 3),
        "non_english": round(sum(r.get("lang", "en") != "en" for r in rows) / max(1, len(rows)), 3),
        "languages": dict(Counter(r.get("lang", "?") for r in rows).most_common()),
        "industries": len({r.get("industry") for r in rows if r.get("industry")}),
        "countries": len({r.get("country") for r in rows if r.get("country")}),
        "hard_share": round(sum(bool(r.get("hard")) for r in rows) / max(1, len(rows)), 3),
        "bare_or_messy_headlines": round(
            sum(r.get("style") in ("bare", "messy") for r in heads) / max(1, len(heads)), 3
        ),
        "message_words": {"min": words[0], "median": words[len(words) // 2], "max": words[-1]} if words else {},
        "top_opening_share": round(
            Counter(opening(r["text"]) for r in msgs).most_common(1)[0][1] / max(1, len(msgs)), 4
        )
        if msgs
        else 0.0,
        "authors": dict(Counter(r.get("author", "?") for r in rows).most_common()),
    }
