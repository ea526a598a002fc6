"""The model's input records, without scikit-learn: examples, the analysed columns and the analysis itself.

:class:`~linkmotive.features.TextAnalyzer` (the pipeline step) and the compiled prediction path
(:mod:`linkmotive._compiled`) both call :func:`analyse_columns`, so there is one copy of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .errors import InputError, InputTypeError
from .labels import KINDS

__all__ = ["Columns", "Example", "analyse_columns", "as_example", "dense_names"]


class Example(NamedTuple):
    """One input to the model: the text, the sender's headline (or None) and the kind."""

    text: str
    headline: str | None = None
    kind: str = "message"


def as_example(item: Any, index: int | None = None) -> Example:
    """Coerce a pipeline input item to an :class:`Example`, or raise a clear error."""
    where = "" if index is None else f" at index {index}"
    if isinstance(item, str):
        return Example(item)
    if isinstance(item, Example):
        return item
    if isinstance(item, (tuple, list)) and 1 <= len(item) <= 3 and isinstance(item[0], str):
        ex = Example(*item)
        if ex.headline is not None and not isinstance(ex.headline, str):
            raise InputTypeError(
                f"The headline{where} must be a str or None, got {type(ex.headline).__name__}: {ex.headline!r:.60}."
            )
        if ex.kind not in KINDS:
            raise InputError(f"kind{where} must be one of {KINDS}, got {ex.kind!r}.")
        return ex
    raise InputTypeError(
        f"Each input{where} must be a str or a (text, headline, kind) tuple, got {type(item).__name__}: {item!r:.80}."
    )


@dataclass(frozen=True)
class Columns:
    """Analysed texts as columns, the input of the feature union."""

    msg_lemmas: list[str]
    msg_chars: list[str]
    hl_lemmas: list[str]
    hl_chars: list[str]
    dense: np.ndarray
    msg_roles: list[str] | None = None

    def __len__(self) -> int:
        return len(self.msg_lemmas)

    def take(self, index: Sequence[int] | np.ndarray) -> Columns:
        """The rows at positions ``index``, in that order: folds of analysed text without running spaCy again."""
        given = np.asarray(index).reshape(-1)
        if given.size and not np.issubdtype(given.dtype, np.integer):
            raise InputTypeError(
                f"Columns.take() takes integer positions, got an array of {given.dtype}. "
                "Fix: for a boolean mask, pass np.flatnonzero(mask)."
            )
        pick = given.astype(np.intp)
        rows = pick.tolist()
        return Columns(
            msg_lemmas=[self.msg_lemmas[i] for i in rows],
            msg_chars=[self.msg_chars[i] for i in rows],
            hl_lemmas=[self.hl_lemmas[i] for i in rows],
            hl_chars=[self.hl_chars[i] for i in rows],
            dense=self.dense[pick],
            msg_roles=None if self.msg_roles is None else [self.msg_roles[i] for i in rows],
        )

    @property
    def all_lemmas(self) -> list[str]:
        """The message's lemmas, then its headline's: one text per example for the shared word block."""
        return _joined(self.msg_lemmas, self.hl_lemmas)

    @property
    def all_chars(self) -> list[str]:
        """The message's normalised text, then its headline's, for the shared character block."""
        return _joined(self.msg_chars, self.hl_chars)


def _joined(first: list[str], second: list[str]) -> list[str]:
    return [f"{a} {b}" if a and b else a or b for a, b in zip(first, second)]


def dense_names() -> list[str]:
    """Names of the dense columns of :class:`Columns`, for explanations."""
    from .text import SHAPE_NAMES, load_cues

    cues = [f"cue: {c.description}" for c in load_cues()]
    names = []
    for block in ("message", "headline"):
        names += [f"{block} {n}" for n in cues] + [f"{block} shape: {n}" for n in SHAPE_NAMES]
    return [*names, "input is a headline", "message comes with a headline"]


def analyse_columns(X: Sequence[Any], chunk_size: int = 2048) -> Columns:
    """Run spaCy over the messages and headlines of ``X`` (examples or tuples) and return :class:`Columns`."""
    from .text import SHAPE_NAMES, analyse, load_cues

    examples = [as_example(x, i) for i, x in enumerate(X)]
    messages = [e.text if e.kind == "message" else "" for e in examples]
    headlines = [(e.text if e.kind == "headline" else e.headline) or "" for e in examples]
    msg = list(analyse(messages, chunk_size))
    hl = list(analyse(headlines, chunk_size))
    rows = [
        (
            *m.cues,
            *m.shape,
            *h.cues,
            *h.shape,
            float(e.kind == "headline"),
            float(bool(e.headline) and e.kind == "message"),
        )
        for m, h, e in zip(msg, hl, examples)
    ]
    width = 2 * (len(load_cues()) + len(SHAPE_NAMES)) + 2  # also for an empty batch
    dense = np.log1p(np.asarray(rows, dtype=np.float64).reshape(len(examples), width))
    return Columns(
        [a.lemmas for a in msg],
        [a.chars for a in msg],
        [a.lemmas for a in hl],
        [a.chars for a in hl],
        dense,
        [a.roles for a in msg],
    )
