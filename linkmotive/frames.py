"""pandas in and out: :func:`classify_frame`.

pandas is optional: it is imported inside :func:`classify_frame`, and a missing
pandas raises :class:`~linkmotive.errors.MissingDependencyError` naming the
``pip install`` that fixes it.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import InputError, InputTypeError, missing_dependency
from .labels import LABELS

__all__ = ["RESULT_COLUMNS", "classify_frame"]

RESULT_COLUMNS: tuple[str, ...] = ("label", "confidence", "uncertain", *(f"score_{lab}" for lab in LABELS), "status")
"""The columns :func:`classify_frame` adds: the same names as ``linkmotive classify --input``."""

STATUS_OK = "ok"
STATUS_EMPTY = "skipped: empty text"


def _is_missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or type(value).__name__ in ("NAType", "NaTType")
    )


def classify_frame(
    data: Any,
    column: str = "text",
    headline_column: str | None = None,
    kind: str = "message",
    *,
    model: Any = None,
    prefix: str = "",
) -> Any:
    """Classify a text column of a DataFrame (or a Series); return a new frame with the results.

    The result is a copy of the input with the columns ``label``,
    ``confidence``, ``uncertain``, ``score_<label>`` (one per label, in
    :data:`~linkmotive.LABELS` order) and ``status``, the same names as the
    CSV output of ``linkmotive classify --input``. The index and row order are
    preserved. Rows whose text is missing or empty (and that have no headline)
    are kept with ``status`` = ``"skipped: empty text"``, a missing label and
    NaN scores; every other row has ``status`` = ``"ok"``.

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
        The texts. A Series is turned into a one-column frame (named after the
        Series, or ``column`` when it has no name).
    column : str, default="text"
        The column holding the messages (or headlines, with ``kind="headline"``).
    headline_column : str, optional
        A column holding the sender's headline next to each message.
    kind : {"message", "headline"}, default="message"
        What the texts are.
    model : Model, optional
        A model from :func:`linkmotive.train` or :func:`linkmotive.load`; the
        shipped default otherwise.
    prefix : str, default=""
        Put before every result column name (``prefix="pred_"`` gives
        ``pred_label``...), for frames that already hold a ``label`` column.

    Returns
    -------
    pandas.DataFrame
        The input columns followed by the result columns. ``uncertain`` has
        pandas' nullable ``boolean`` dtype; skipped rows have missing values
        (``isna()`` is true) in ``label``, ``confidence``, ``uncertain`` and the
        scores.

    Raises
    ------
    MissingDependencyError
        pandas is not installed.
    InputTypeError
        ``data`` is not a DataFrame or Series, or a text is not a string (the
        error names its index label).
    InputError
        ``column`` or ``headline_column`` is not in the frame, a result column
        already exists (use ``prefix=``), or ``kind`` is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["Could you send a quote for 400 pallets?",
    ...                             "Could I pick your brain on how you grew the newsletter?"]},
    ...                   index=["a", "b"])
    >>> out = classify_frame(df)
    >>> out["label"].tolist()
    ['buy', 'learn']
    >>> list(out.index)
    ['a', 'b']
    >>> classify_frame(pd.Series(["We met at the Leeds marketing breakfast, great to connect"]))["label"].tolist()
    ['network']
    """
    try:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise missing_dependency("pandas", "pandas", "linkmotive.classify_frame") from None
    from .api import _check_kind, _example, default_model
    from .model import Model
    from .text import is_blank

    kind = _check_kind(kind)
    if isinstance(data, pd.Series):
        if headline_column is not None:
            raise InputError(
                f"headline_column={headline_column!r} was given with a Series, which has only one column. "
                "Fix: pass a DataFrame holding both the text and the headline columns."
            )
        name = data.name if data.name is not None else column
        column = str(name) if not isinstance(name, str) else name
        frame = data.to_frame(name=column)
    elif isinstance(data, pd.DataFrame):
        frame = data  # never mutated: assign() below returns a new frame
    else:
        raise InputTypeError(
            f"classify_frame() takes a pandas DataFrame or Series, got {type(data).__name__}. "
            "Fix: pd.DataFrame({'text': texts}), or linkmotive.classify(texts) for a plain list."
        )
    if not isinstance(prefix, str):
        raise InputTypeError(f"prefix must be a str (e.g. 'pred_', or '' for none), got {type(prefix).__name__}.")
    for name, what in ((column, "column"), (headline_column, "headline_column")):
        if name is not None and list(frame.columns).count(name) > 1:
            raise InputError(
                f"The frame has {list(frame.columns).count(name)} columns named {name!r}, so {what} is ambiguous. "
                "Fix: rename or drop the duplicates first."
            )
        if name is not None and name not in frame.columns:
            raise InputError(
                f"{what}={name!r} is not a column of the frame; its columns are {list(frame.columns)!r}. "
                f"Fix: pass {what}= one of them."
            )
    out_names = [prefix + c for c in RESULT_COLUMNS]
    clash = [c for c in out_names if c in frame.columns]
    if clash:
        raise InputError(
            f"The frame already has the column(s) {clash!r} that classify_frame() writes. "
            "Fix: pass prefix='pred_' (or another prefix), or drop those columns first."
        )
    m = model if model is not None else default_model()
    if not isinstance(m, Model):
        raise InputTypeError(f"model must be a linkmotive Model (from train() or load()), got {type(m).__name__}.")
    texts = frame[column].tolist()
    heads = frame[headline_column].tolist() if headline_column is not None else [None] * len(texts)
    examples, rows = [], []
    for i, (key, text, head) in enumerate(zip(frame.index, texts, heads)):
        text = "" if _is_missing(text) else text
        head = None if _is_missing(head) or head == "" else head
        if not isinstance(text, str) or (head is not None and not isinstance(head, str)):
            what, value = ("text", text) if not isinstance(text, str) else ("headline", head)
            raise InputTypeError(
                f"The {what} at index {key!r} must be a str, got {type(value).__name__}: {value!r:.60}. "
                f"Fix: convert the column first, e.g. df[{column!r}].astype('string')."
            )
        if is_blank(text, head):
            continue
        examples.append(_example(text, head, kind, i))
        rows.append(i)

    n = len(texts)
    labels: list[str | None] = [None] * n
    confidence = [math.nan] * n
    uncertain: list[bool | None] = [None] * n
    scores = {lab: [math.nan] * n for lab in LABELS}
    status = [STATUS_EMPTY] * n
    for i, pred in zip(rows, m.predict_iter(examples)):
        labels[i], confidence[i], uncertain[i], status[i] = pred.label, pred.confidence, pred.uncertain, STATUS_OK
        for lab in LABELS:
            scores[lab][i] = pred.scores[lab]
    columns: dict[str, Any] = {
        "label": labels,
        "confidence": confidence,
        "uncertain": pd.array(uncertain, dtype="boolean"),
        **{f"score_{lab}": scores[lab] for lab in LABELS},
        "status": status,
    }
    return frame.assign(**{prefix + k: v for k, v in columns.items()})
