"""Batch classification across processes with joblib (``classify(..., n_jobs=N)``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from .errors import InputError
from .features import Example
from .model import Model, Prediction

__all__ = ["predict_parallel"]

CHUNK = 4096


def _chunks(items: Iterable[Example], size: int) -> Iterator[list[Example]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _predict_chunk(model: Model | None, chunk: list[Example]) -> list[Prediction]:
    from .api import default_model

    m = model if model is not None else default_model()
    return m._predictions(chunk, m.predict_proba(chunk))


def predict_parallel(model: Model, examples: Iterable[Example], n_jobs: int) -> list[Prediction]:
    """Predict in ``n_jobs`` worker processes, in input order.

    The shipped default model is loaded once in each worker rather than sent
    with every chunk.
    """
    from joblib import Parallel, delayed

    from . import api

    if not isinstance(n_jobs, int) or n_jobs == 0:
        raise InputError(f"n_jobs must be a non-zero int (-1 for all cores), got {n_jobs!r}.")
    send = None if model is api._DEFAULT else model
    results = Parallel(n_jobs=n_jobs)(delayed(_predict_chunk)(send, c) for c in _chunks(examples, CHUNK))
    return [p for chunk in results for p in chunk]
