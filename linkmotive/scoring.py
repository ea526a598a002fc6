"""Held-out probabilities on labeled data: a model's, or cross-validated ones.

:func:`score` runs a trained model over labeled examples; :func:`cross_validate`
trains one pipeline per fold and predicts each example from the fold that did not
see it. Both return :class:`ScoredExamples`, which the threshold, label-error and
plotting helpers (:mod:`linkmotive.thresholds`, :mod:`linkmotive.active`,
:mod:`linkmotive.plots`) all accept, and whose :meth:`ScoredExamples.report` has
the same keys as :func:`linkmotive.evaluate`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .datasets import LabeledData, read_labeled
from .errors import InputError, InputTypeError, TrainingDataError
from .features import Columns, Example
from .labels import LABELS

__all__ = ["ScoredExamples", "cross_validate", "metrics_report", "reliability_table", "score"]


@dataclass(frozen=True)
class ScoredExamples:
    """Labeled examples with held-out probabilities for every label.

    Attributes
    ----------
    examples : list of Example
        The inputs, in the order given.
    labels : list of str
        The given (true) label of each example.
    ids : list of str
        Row ids (``id`` field, or the position).
    proba : numpy.ndarray
        Probabilities, examples × :data:`~linkmotive.LABELS`.
    source : str
        Where the probabilities come from (``"model"`` or ``"cross-validation, 5 folds"``).
    """

    examples: list[Example]
    labels: list[str]
    ids: list[str]
    proba: np.ndarray
    source: str = "model"

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def predicted(self) -> list[str]:
        """The most likely label of each example."""
        return [LABELS[i] for i in self.proba.argmax(axis=1).tolist()]

    @property
    def confidence(self) -> np.ndarray:
        """The probability of the predicted label of each example."""
        confidence: np.ndarray = self.proba.max(axis=1)
        return confidence

    @property
    def correct(self) -> np.ndarray:
        """True where the predicted label is the given label."""
        correct: np.ndarray = np.array(self.predicted, dtype=object) == np.array(self.labels, dtype=object)
        return correct

    def report(self) -> dict[str, Any]:
        """Per-label precision, recall and F1, macro-F1, accuracy, ECE and the confusion matrix.

        The same keys as :func:`linkmotive.evaluate`.
        """
        return metrics_report(self.labels, self.proba)


def metrics_report(labels: list[str], proba: np.ndarray) -> dict[str, Any]:
    """The evaluation report of probabilities ``proba`` (examples × LABELS) against the true ``labels``.

    Examples
    --------
    >>> import numpy as np
    >>> report = metrics_report(["learn", "buy"], np.eye(5)[[1, 3]])
    >>> report["accuracy"], report["per_label"]["buy"]["recall"]
    (0.5, 0.0)
    """
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    from .training import expected_calibration_error

    proba = np.asarray(proba, dtype=float)
    pred = [LABELS[i] for i in proba.argmax(axis=1).tolist()]
    p, r, f, s = precision_recall_fscore_support(labels, pred, labels=list(LABELS), zero_division=0)
    conf = proba.max(axis=1)
    correct = np.array(pred, dtype=object) == np.array(labels, dtype=object)
    return {
        "n": len(labels),
        "accuracy": round(float(correct.mean()), 4),
        "macro_f1": round(float(f1_score(labels, pred, labels=list(LABELS), average="macro", zero_division=0)), 4),
        "ece": round(expected_calibration_error(conf, correct), 4),
        "per_label": {
            lab: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(s[i]),
            }
            for i, lab in enumerate(LABELS)
        },
        "labels": list(LABELS),
        "confusion_matrix": confusion_matrix(labels, pred, labels=list(LABELS)).tolist(),
    }


def reliability_table(scored: ScoredExamples, bins: int = 10) -> list[dict[str, float]]:
    """Confidence against accuracy in equal-width confidence bins (the data of a reliability diagram).

    Returns one dict per non-empty bin: ``low``, ``high``, ``n``, ``confidence``
    (mean confidence in the bin) and ``accuracy`` (share correct).
    """
    if not isinstance(bins, int) or bins < 1:
        raise InputError(f"bins must be a positive int, got {bins!r}.")
    conf, correct = scored.confidence, scored.correct.astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        mask = idx == b
        if mask.any():
            rows.append(
                {
                    "low": float(edges[b]),
                    "high": float(edges[b + 1]),
                    "n": int(mask.sum()),
                    "confidence": float(conf[mask].mean()),
                    "accuracy": float(correct[mask].mean()),
                }
            )
    return rows


def score(model: Any, data: Any) -> ScoredExamples:
    """A model's probabilities on labeled data.

    Parameters
    ----------
    model : Model
        From :func:`linkmotive.train` or :func:`linkmotive.load`.
    data : path, rows, ``(text, label)`` pairs or pandas DataFrame
        Labeled examples (any form :func:`linkmotive.train` accepts).

    Examples
    --------
    >>> from linkmotive import load
    >>> s = score(load(), [("Could you send a quote for 300 mugs?", "buy")])
    >>> s.predicted, len(s)
    (['buy'], 1)
    """
    from .model import Model

    if not isinstance(model, Model):
        raise InputTypeError(f"model must be a linkmotive Model (from train() or load()), got {type(model).__name__}.")
    labeled = data if isinstance(data, LabeledData) else read_labeled(data)
    return ScoredExamples(labeled.examples, labeled.labels, labeled.ids, model.predict_proba(labeled.examples), "model")


def _take(cols: Columns, idx: np.ndarray) -> Columns:
    """The rows ``idx`` of analysed columns."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cols):
        v = getattr(cols, f.name)
        values[f.name] = None if v is None else v[idx] if isinstance(v, np.ndarray) else [v[i] for i in idx]
    return type(cols)(**values)


def _fit_fold(head: Any, cols: Columns, y: np.ndarray, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Fit a clone of ``head`` (features + classifier) on the train rows; raw decision values on the test rows.

    BLAS runs single-threaded here: the solver's vector operations are too small
    to gain from threads, and on a busy machine threads waiting for each other
    made a fit many times slower. It also makes ``n_jobs=1`` and worker
    processes compute alike.
    """
    from sklearn.base import clone
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        est = clone(head).fit(_take(cols, train), y[train])
        x = _take(cols, test)
        raw = est.decision_function(x) if hasattr(est, "decision_function") else np.log(est.predict_proba(x) + 1e-12)
    classes = [str(c) for c in est.classes_]
    raw = np.asarray(raw, dtype=float)
    if raw.ndim == 1:
        raw = np.column_stack([np.zeros_like(raw), raw])
    return raw[:, [classes.index(lab) for lab in LABELS]]


def cross_validate(
    data: Any,
    *,
    cv: int = 5,
    params: Mapping[str, Any] | None = None,
    random_state: int = 0,
    n_jobs: int = 1,
) -> ScoredExamples:
    """Cross-validated probabilities: each example predicted by a model that never saw it.

    The data is split into ``cv`` stratified folds; for each fold a fresh
    pipeline (the one :func:`linkmotive.train` uses, with ``params``) is fitted
    on the other folds. spaCy analysis is stateless, so it runs once; the
    vocabularies and the classifier are fitted per fold. One temperature is then
    fitted on all out-of-fold decision values, so the probabilities are
    calibrated like a trained model's.

    Parameters
    ----------
    data : path, rows, ``(text, label)`` pairs or pandas DataFrame
        Labeled examples; every label needs at least 2.
    cv : int, default=5
        Number of folds (lowered to the size of the rarest label when that is smaller).
    params : dict, optional
        Pipeline parameters, as for :func:`linkmotive.train`.
    random_state : int, default=0
        Seed of the fold split and the classifier.
    n_jobs : int, default=1
        Folds fitted in parallel (joblib processes); results equal ``n_jobs=1``.

    Returns
    -------
    ScoredExamples
        ``.report()`` gives per-label precision, recall and F1 and the confusion matrix.

    Examples
    --------
    >>> rows = [("We met at the Oslo expo, let's keep in touch", "network"), ("Loved your talk, any advice for a student?", "learn"),
    ...         ("What went wrong with the launch? I want to avoid it", "avoid-mistakes"), ("We help clinics book more patients, demo?", "sell"),
    ...         ("Could you send a quote for 500 units?", "buy")] * 4
    >>> cv = cross_validate(rows, cv=2)
    >>> cv.proba.shape, cv.source
    ((20, 5), 'cross-validation, 2 folds')
    """
    from joblib import Parallel, delayed
    from sklearn.model_selection import StratifiedKFold

    from ._compiled import softmax as _softmax
    from .classifier import fit_temperature, make_pipeline

    if isinstance(cv, bool) or not isinstance(cv, int) or cv < 2:
        raise InputError(f"cv must be an int of at least 2 (the number of folds), got {cv!r}.")
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0:
        raise InputError(f"n_jobs must be a non-zero int (-1 for all cores), got {n_jobs!r}.")
    labeled = data if isinstance(data, LabeledData) else read_labeled(data)
    counts = Counter(labeled.labels)
    short = {lab: counts.get(lab, 0) for lab in LABELS if counts.get(lab, 0) < 2}
    if short:
        raise TrainingDataError(
            f"Cross-validation needs at least 2 examples of every label; these have fewer: {short}. "
            "Fix: add labeled examples of those motives."
        )
    folds = min(cv, min(counts.values()))
    settings = {"classify__random_state": random_state, **(params or {}), "classify__calibration": "none"}
    pipe = make_pipeline(**settings)
    analyse, head = pipe[0], pipe[1:]
    cols = analyse.fit(labeled.examples).transform(labeled.examples)
    y = np.array(labeled.labels, dtype=object)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    splits = list(splitter.split(np.zeros(len(y)), y))
    if n_jobs == 1:
        parts = [_fit_fold(head, cols, y, tr, te) for tr, te in splits]
    else:
        parts = Parallel(n_jobs=n_jobs)(delayed(_fit_fold)(head, cols, y, tr, te) for tr, te in splits)
    raw = np.zeros((len(y), len(LABELS)))
    for (_, te), part in zip(splits, parts):
        raw[te] = part
    y_index = np.array([LABELS.index(lab) for lab in labeled.labels])
    temperature = fit_temperature(raw, y_index)
    proba = _softmax(raw / temperature)
    return ScoredExamples(labeled.examples, labeled.labels, labeled.ids, proba, f"cross-validation, {folds} folds")
