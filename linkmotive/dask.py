"""Classify a text column of a Dask DataFrame, on one machine or a cluster: :func:`classify_dataframe`.

Needs the optional extra ``pip install 'linkmotive[dask]'`` (dask[dataframe,distributed],
pandas, pyarrow); without it :func:`classify_dataframe` raises
:class:`~linkmotive.errors.MissingDependencyError` naming that install.

Each partition is classified by :func:`_classify_partition` through
``map_partitions`` with an explicit ``meta``, so building the graph never runs
the model. The model reaches each worker once, never once per partition:

- the shipped default model is not sent at all: each worker process loads it
  from its own installed linkmotive the first time it needs it and keeps it;
- another model is scattered (``Client.scatter``) when a ``dask.distributed``
  client is running, so it is uploaded once and every worker fetches it once
  and reuses it for all its partitions; without a client it becomes a single
  ``dask.delayed`` node of the graph. A ``Future`` you scattered yourself is
  used as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import InputError, InputTypeError, missing_dependency
from .frames import RESULT_COLUMNS, STATUS_EMPTY, STATUS_OK
from .frames import _is_missing as _missing
from .labels import LABELS
from .text import is_blank

__all__ = ["RESULT_COLUMNS", "classify_dataframe"]

PREDICT_CHUNK = 2048
"""Texts per ``predict_proba`` call inside a partition: bounds memory for large partitions."""


def _result_dtypes() -> dict[str, Any]:
    return {
        "label": "string",
        "confidence": "float64",
        "uncertain": "boolean",
        **{f"score_{lab}": "float64" for lab in LABELS},
        "status": "string",
    }


def _classify_partition(df: Any, column: str, headline_column: str | None, kind: str, model: Any, prefix: str) -> Any:
    """Classify one pandas partition; ``model=None`` means this process's default model."""
    import numpy as np
    import pandas as pd

    n = len(df)
    texts = df[column].tolist()
    heads = df[headline_column].tolist() if headline_column is not None else [None] * n
    examples, rows = [], []
    if n:
        from .features import Example

        for i, (text, head) in enumerate(zip(texts, heads)):
            text = "" if _missing(text) else text
            head = None if _missing(head) or head == "" else head
            if not isinstance(text, str) or (head is not None and not isinstance(head, str)):
                what, value = ("text", text) if not isinstance(text, str) else ("headline", head)
                key = df.index[i]
                key = key.item() if hasattr(key, "item") else key  # np.int64(8) -> 8
                raise InputTypeError(
                    f"The {what} at index {key!r} must be a str, got {type(value).__name__}: {value!r:.60}. "
                    f"Fix: convert the column first, e.g. ddf[{column!r}] = ddf[{column!r}].astype('string')."
                )
            if not is_blank(text, head):
                examples.append(Example(text, head, kind))
                rows.append(i)

    confidence = np.full(n, np.nan)
    scores = np.full((n, len(LABELS)), np.nan)
    labels = pd.array([pd.NA] * n, dtype="string")
    uncertain = pd.array([pd.NA] * n, dtype="boolean")
    status = pd.array([STATUS_EMPTY] * n, dtype="string")
    if examples:
        if model is None:
            from .api import default_model

            model = default_model()
        proba = np.vstack(
            [model.predict_proba(examples[i : i + PREDICT_CHUNK]) for i in range(0, len(examples), PREDICT_CHUNK)]
        )
        model_labels = list(model.labels)
        best = proba.argmax(axis=1)
        conf = proba[np.arange(len(best)), best]
        idx = np.asarray(rows)
        confidence[idx] = conf
        for j, lab in enumerate(model_labels):
            scores[idx, LABELS.index(lab)] = proba[:, j]
        absent = [k for k, lab in enumerate(LABELS) if lab not in model_labels]
        if absent:  # a model trained without some label gives it probability 0
            scores[np.ix_(idx, np.asarray(absent))] = 0.0
        chosen = [model_labels[k] for k in best.tolist()]
        thresholds = model.thresholds
        labels[idx] = chosen
        uncertain[idx] = [c < thresholds.get(lab, 0.0) for c, lab in zip(conf.tolist(), chosen)]
        status[idx] = STATUS_OK
    columns: dict[str, Any] = {
        "label": labels,
        "confidence": confidence,
        "uncertain": uncertain,
        **{f"score_{lab}": scores[:, k] for k, lab in enumerate(LABELS)},
        "status": status,
    }
    out = df.assign(**{prefix + name: pd.Series(v, index=df.index) for name, v in columns.items()})
    return out.astype({prefix + name: dtype for name, dtype in _result_dtypes().items()})


def _model_argument(model: Any) -> Any:
    """What the partitions receive: None (each worker's default model), a Future, or a Delayed."""
    from .model import Model

    if model is None:
        return None
    future_type: type[Any] | None = None
    default_client: Callable[[], Any] | None = None  # both stay None without dask.distributed
    try:
        from distributed import Future, default_client
    except ImportError:
        pass
    else:
        future_type = Future
    if future_type is not None and isinstance(model, future_type):
        return model  # already scattered by the caller
    if not isinstance(model, Model):
        raise InputTypeError(
            f"model must be a linkmotive Model (from train() or load()) or a Future of one, got {type(model).__name__}."
        )
    try:
        client = default_client() if default_client is not None else None
    except ValueError:  # no client running
        client = None
    if client is not None:
        return client.scatter(model, hash=False)
    from dask.delayed import delayed  # the function dask.delayed

    return delayed(model)


def classify_dataframe(
    ddf: Any,
    column: str = "text",
    headline_column: str | None = None,
    kind: str = "message",
    *,
    model: Any = None,
    prefix: str = "",
) -> Any:
    """Classify a text column of a Dask DataFrame; return it with the results as new columns.

    Lazy, like any Dask operation: nothing runs until you ``.compute()``,
    ``.to_parquet()``... The result has the input's columns, index and
    partitions, followed by ``label``, ``confidence``, ``uncertain``, one
    ``score_<label>`` per label (in :data:`~linkmotive.LABELS` order) and
    ``status``: the same names as the output of ``linkmotive classify --input``.
    Every row's values equal :func:`linkmotive.classify` on that row. Rows whose
    text is missing or empty (and that have no headline) are kept, with
    ``status`` = ``"skipped: empty text"``, a missing label and ``uncertain``
    and NaN scores.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        The texts, one per row.
    column : str, default="text"
        The column holding the messages (or headlines, with ``kind="headline"``).
    headline_column : str, optional
        A column holding the sender's headline next to each message.
    kind : {"message", "headline"}, default="message"
        What the texts are.
    model : Model or distributed.Future, optional
        A model from :func:`linkmotive.train` or :func:`linkmotive.load` (or a
        Future of one that you scattered). By default each worker uses the
        shipped model, loaded once per worker process. A model you pass is
        sent to each worker once: scattered when a ``dask.distributed`` client
        is running, else a single node of the graph.
    prefix : str, default=""
        Put before every result column name, for frames that already have a
        ``label`` column (``prefix="pred_"`` gives ``pred_label``...).

    Returns
    -------
    dask.dataframe.DataFrame
        ``label`` and ``status`` have the ``string`` dtype, ``uncertain`` the
        nullable ``boolean`` dtype, ``confidence`` and the scores ``float64``.

    Raises
    ------
    MissingDependencyError
        dask or pandas is not installed (``pip install 'linkmotive[dask]'``).
    InputTypeError
        ``ddf`` is not a Dask DataFrame, or the text column is numeric. A
        non-string text inside an object column raises when computed, naming
        its index.
    InputError
        ``column`` or ``headline_column`` is missing, a result column already
        exists (use ``prefix=``), a headline column is given with
        ``kind="headline"``, or ``kind`` is unknown.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> texts = ["Could you send a quote for 400 pallets?", "",
    ...          "Could I pick your brain on how you grew the newsletter?"]
    >>> ddf = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=2)
    >>> out = classify_dataframe(ddf).compute(scheduler="synchronous")
    >>> out["label"].tolist()
    ['buy', <NA>, 'learn']
    >>> out["status"].tolist()
    ['ok', 'skipped: empty text', 'ok']
    """
    try:
        import dask.dataframe as dd
        import pandas as pd
    except ImportError:
        raise missing_dependency("dask", "dask", "linkmotive.dask.classify_dataframe") from None
    from .api import _check_kind

    kind = _check_kind(kind)
    if not isinstance(ddf, dd.DataFrame):
        hint = (
            " Fix: dd.from_pandas(df, npartitions=...), or linkmotive.classify_frame(df) for pandas."
            if isinstance(ddf, (pd.DataFrame, pd.Series))
            else " Fix: build one with dask.dataframe (dd.read_parquet, dd.read_csv, dd.from_pandas...)."
        )
        raise InputTypeError(f"classify_dataframe() takes a dask.dataframe.DataFrame, got {type(ddf).__name__}.{hint}")
    if not isinstance(prefix, str):
        raise InputTypeError(f"prefix must be a str, got {type(prefix).__name__} {prefix!r}.")
    columns = list(ddf.columns)
    for name, what in ((column, "column"), (headline_column, "headline_column")):
        if name is not None and name not in columns:
            raise InputError(
                f"{what}={name!r} is not a column of the DataFrame; its columns are {columns!r}. "
                f"Fix: pass {what}= one of them."
            )
    if headline_column is not None and kind == "headline":
        raise InputError(
            f"headline_column={headline_column!r} was given with kind='headline'. Fix: classify the headlines "
            "with column=<the headline column>, kind='headline', or the messages with kind='message'."
        )
    for name in (column, headline_column):
        if name is not None and (
            pd.api.types.is_numeric_dtype(ddf.dtypes[name]) or pd.api.types.is_bool_dtype(ddf.dtypes[name])
        ):
            raise InputTypeError(
                f"Column {name!r} has dtype {ddf.dtypes[name]}, but it must hold text. "
                f"Fix: pass the text column, or convert it: ddf[{name!r}] = ddf[{name!r}].astype('string')."
            )
    clash = [prefix + c for c in RESULT_COLUMNS if prefix + c in columns]
    if clash:
        raise InputError(
            f"The DataFrame already has the column(s) {clash!r} that classify_dataframe() writes. "
            "Fix: pass prefix='pred_' (or another prefix), or drop those columns first."
        )
    meta = _classify_partition(ddf._meta, column, headline_column, kind, None, prefix)
    return ddf.map_partitions(
        _classify_partition, column, headline_column, kind, _model_argument(model), prefix, meta=meta
    )
