"""Parquet files in and out for ``linkmotive classify --input/--output`` (needs pyarrow).

pyarrow is optional: it is imported by the functions that need it, and a
missing pyarrow raises :class:`~linkmotive.errors.MissingDependencyError`
naming the ``pip install`` that fixes it. Rows stream in record batches both
ways, so a file of any size is read and written in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError, missing_dependency

__all__ = ["ParquetRowWriter", "iter_parquet_rows", "require_pyarrow"]

BATCH = 2048
"""Rows per record batch read, and per row group written."""


def require_pyarrow() -> Any:
    """The pyarrow module, or :class:`~linkmotive.errors.MissingDependencyError` naming the install."""
    try:
        import pyarrow as pa
        import pyarrow.parquet  # makes pa.parquet available
    except ImportError:
        raise missing_dependency("pyarrow", "parquet", "Reading and writing Parquet files") from None
    return pa


def iter_parquet_rows(path: Any, column: str = "text", headline_column: str | None = None) -> Iterator[dict[str, Any]]:
    """Stream the rows of a Parquet file as dicts, in file order.

    Raises
    ------
    MissingDependencyError
        pyarrow is not installed.
    InputError
        The file is not Parquet, or lacks ``column`` or ``headline_column``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pyarrow as pa, pyarrow.parquet as pq
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "in.parquet"
    >>> pq.write_table(pa.table({"id": [1, 2], "text": ["hi", None]}), p)
    >>> list(iter_parquet_rows(p))
    [{'id': 1, 'text': 'hi'}, {'id': 2, 'text': None}]
    """
    pa = require_pyarrow()
    path = Path(path)
    try:
        source = pa.parquet.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(
            f"Cannot read {str(path)!r} as Parquet ({exc}). Fix: check the file, or pass .csv/.jsonl."
        ) from None
    names = source.schema_arrow.names
    for name, what in ((column, "--column"), (headline_column, "--headline-column")):
        if name is not None and name not in names:
            raise InputError(f"{str(path)!r} has no column {name!r} (columns: {names!r}). Fix: name it with {what}.")
    for batch in source.iter_batches(batch_size=BATCH):
        yield from batch.to_pylist()


class ParquetRowWriter:
    """Write ``{**row, **result}`` dicts to a Parquet file, one row group per :data:`BATCH` rows.

    The input columns' types are inferred from the first batch (a column that
    is empty there is stored as text); the result columns have fixed types:
    ``label`` and ``status`` text, ``uncertain`` boolean, ``confidence`` and the
    ``score_<label>`` columns float64, null where a row was skipped.

    Parameters
    ----------
    sink : binary file object or path
        Where to write; a file object is left open.
    result_columns : sequence of str
        The result columns, in order, after the input columns.
    """

    def __init__(self, sink: BinaryIO | Any, result_columns: Sequence[str]) -> None:
        self._pa = require_pyarrow()
        self._sink = sink
        self._results = list(result_columns)
        self._buffer: list[dict[str, Any]] = []
        self._writer: Any = None
        self._schema: Any = None
        self._written = 0

    def _result_type(self, name: str) -> Any:
        pa = self._pa
        if name in ("label", "status"):
            return pa.string()
        if name == "uncertain":
            return pa.bool_()
        return pa.float64()

    def __call__(self, row: dict[str, Any], result: dict[str, Any]) -> None:
        self._buffer.append({**row, **result})
        if len(self._buffer) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        pa = self._pa
        rows, self._buffer = self._buffer, []
        if self._schema is None:
            inputs = [k for k in (rows[0] if rows else {}) if k not in self._results]
            # None only when there are no rows, and then there are no inputs to look up either.
            inferred: Any = pa.Table.from_pylist([{k: r.get(k) for k in inputs} for r in rows]).schema if rows else None
            fields = [
                pa.field(k, pa.string() if pa.types.is_null(inferred.field(k).type) else inferred.field(k).type)
                for k in inputs
            ]
            fields += [pa.field(k, self._result_type(k)) for k in self._results]
            self._schema = pa.schema(fields)
            self._writer = pa.parquet.ParquetWriter(self._sink, self._schema)
        known = set(self._schema.names)
        for n, row in enumerate(rows):
            extra = [k for k in row if k not in known]
            if extra:  # a Parquet file cannot grow columns, and nothing is dropped silently
                raise InputError(
                    f"Row {self._written + n + 1} has field(s) {extra[:5]!r} that the first rows lack; Parquet output "
                    "has the columns of the first rows. Fix: write .jsonl output, or give every row the same fields."
                )
        try:
            table = pa.Table.from_pylist(rows, schema=self._schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise InputError(
                f"Rows {self._written + 1}-{self._written + len(rows)} do not fit the column types of the first rows "
                f"({exc}). Fix: write .jsonl or .csv output, or give each column one type."
            ) from None
        self._writer.write_table(table)
        self._written += len(rows)

    def close(self) -> None:
        """Write the buffered rows and the file footer (an input with no rows gives only the result columns)."""
        self._flush()
        self._writer.close()

    def __del__(self) -> None:
        # After a failed run the caller has closed and removed the file: pyarrow must not write a footer to it.
        writer = getattr(self, "_writer", None)
        if writer is not None and getattr(writer, "is_open", False) and getattr(self._sink, "closed", False):
            writer.is_open = False
