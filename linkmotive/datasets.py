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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError, TrainingDataError
from .features import Example
from .labels import KINDS, LABELS

__all__ = [
    "SPLITS",
    "LabeledData",
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
    root = corpus_dir()
    wanted: dict[str, int] = {}
    for name in names:
        for i in (root / "splits" / f"{name}.txt").read_text("utf-8").split():
            wanted.setdefault(i, len(wanted))
    rows = [r for path in sorted((root / "slices").glob("*.jsonl")) for r in iter_rows(path)]
    rows = [r for r in rows if r.get("id") in wanted and (kind is None or r.get("kind") == kind)]
    return sorted(rows, key=lambda r: wanted[r["id"]])


def _open_text(path: Path) -> io.TextIOWrapper:
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"Cannot open {str(path)!r}: {exc.strerror}. Fix: check the path.") from None


def read_rows(path: Any, column: str = "text") -> list[dict[str, Any]]:
    """Read a JSONL or CSV file into dicts (UTF-8, with or without BOM)."""
    path = Path(path)
    return list(iter_rows(path, column))


def iter_rows(path: Path, column: str = "text") -> Iterator[dict[str, Any]]:
    """Stream the rows of a ``.jsonl``/``.json`` or ``.csv``/``.tsv`` file; blank JSONL lines are skipped."""
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv", ".tsv"):
        raise InputError(f"Cannot read {str(path)!r}: expected a .jsonl or .csv file, got {suffix or 'no suffix'!r}.")
    with _open_text(path) as fh:
        try:
            if suffix in (".csv", ".tsv"):
                reader = csv.DictReader(fh, delimiter="\t" if suffix == ".tsv" else ",")
                if reader.fieldnames is None or column not in reader.fieldnames:
                    raise InputError(
                        f"{str(path)!r} has no column {column!r} (columns: {reader.fieldnames!r}). "
                        "Fix: name the text column with --column / column=."
                    )
                yield from reader
                return
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"{str(path)!r} line {n} is not valid JSON ({exc.msg}). Fix: repair or remove that line."
                    ) from None
                if not isinstance(row, dict):
                    raise InputError(f"{str(path)!r} line {n} is a {type(row).__name__}, expected a JSON object.")
                yield row
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{str(path)!r} is not UTF-8 text ({exc.reason} at byte {exc.start}). Fix: re-save it as UTF-8."
            ) from None


def _from_pairs(items: Iterable[Any]) -> Iterator[dict[str, Any]]:
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
        kind = row.get("kind") or "message"
        headline = row.get("headline") or None
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
        if not text.strip() and not (headline or "").strip():
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
