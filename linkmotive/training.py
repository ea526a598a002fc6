"""Training and evaluation: :func:`train` makes a :class:`~linkmotive.model.Model`, :func:`evaluate` measures one."""

from __future__ import annotations

import numbers
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import numpy as np

from .classifier import make_pipeline
from .datasets import LabeledData, read_labeled
from .errors import InputError, InputTypeError, TrainingDataError
from .labels import LABELS
from .model import Model

__all__ = ["choose_thresholds", "evaluate", "expected_calibration_error", "train"]


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            ece += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    return float(ece)


def choose_thresholds(
    proba: np.ndarray, y: Sequence[str], target_accuracy: float = 0.95, floor: float = 0.5
) -> dict[str, float]:
    """The ``uncertain`` threshold: the lowest confidence above which held-out accuracy reaches the target.

    The same threshold applies to every label and is never below ``floor``
    (a calibrated 0.5 means "as likely wrong as right").
    """
    conf = proba.max(axis=1)
    correct = np.asarray(LABELS, dtype=object)[proba.argmax(axis=1)] == np.asarray(y, dtype=object)
    order = np.argsort(-conf)
    acc = np.cumsum(correct[order]) / np.arange(1, len(order) + 1)
    ok = np.nonzero(acc >= target_accuracy)[0]
    t = float(conf[order][ok[-1]]) if len(ok) else 1.0
    return {label: round(max(floor, t), 4) for label in LABELS}


def evaluate(model: Model, data: Any) -> dict[str, Any]:
    """Per-label precision, recall and F1, macro-F1, accuracy, ECE and the confusion matrix.

    Examples
    --------
    >>> from linkmotive import load
    >>> report = evaluate(load(), [("We met at the Lisbon meetup, let's stay in touch", "network")])
    >>> report["n"]
    1
    """
    from .scoring import metrics_report

    if not isinstance(model, Model):
        raise InputTypeError(f"model must be a linkmotive Model (from train() or load()), got {type(model).__name__}.")
    labeled = data if isinstance(data, LabeledData) else read_labeled(data)
    return metrics_report(labeled.labels, model.predict_proba(labeled.examples))


def train(
    examples: Any,
    *,
    dev: Any = None,
    params: dict[str, Any] | None = None,
    target_accuracy: float = 0.95,
    random_state: int = 0,
    description: str = "",
) -> Model:
    """Train a linkmotive model.

    Parameters
    ----------
    examples : path, rows, ``(text, label)`` pairs or pandas DataFrame
        Labeled training data (see LABELS.md for the row format).
    dev : same forms, optional
        Held-out data that sets the probability calibration and the
        ``uncertain`` threshold. Without it, out-of-fold predictions on the
        training data do both.
    params : dict, optional
        Pipeline parameters, e.g. ``{"classify__C": 5.0}``.
    target_accuracy : float, default=0.95
        Held-out accuracy that predictions at or above the threshold must reach.
    random_state : int, default=0
        Seed, for reproducible models.
    description : str
        Free text stored in the manifest (where the data came from).

    Returns
    -------
    Model

    Examples
    --------
    >>> rows = [("We met at the Oslo expo, let's keep in touch", "network"), ("Loved your talk, any advice for a student?", "learn"),
    ...         ("What went wrong with the launch? I want to avoid it", "avoid-mistakes"), ("We help clinics book more patients, demo?", "sell"),
    ...         ("Could you send a quote for 500 units?", "buy")] * 4
    >>> model = train(rows)
    >>> model.labels
    ('network', 'learn', 'avoid-mistakes', 'sell', 'buy')
    """
    number = isinstance(target_accuracy, numbers.Real) and not isinstance(target_accuracy, bool)
    if not number or not 0.0 < target_accuracy <= 1.0:
        raise InputError(
            f"target_accuracy must be a number in (0, 1], the held-out accuracy confident predictions must reach; "
            f"got {target_accuracy!r}."
        )
    data = read_labeled(examples)
    missing = [lab for lab in LABELS if lab not in set(data.labels)]
    if missing:
        raise TrainingDataError(
            f"The training data has no example of label(s) {missing}; every one of {list(LABELS)} needs some. "
            "Fix: add labeled examples of those motives."
        )
    held = read_labeled(dev) if dev is not None else None
    settings = {"classify__random_state": random_state, **(params or {})}
    if held is not None:
        settings["classify__calibration"] = "none"
    pipeline = make_pipeline(**settings)
    started = time.perf_counter()
    pipeline.fit(data.examples, data.labels)
    clf = pipeline.named_steps["classify"]
    if held is not None:
        feats = pipeline[:-1].transform(held.examples)
        clf.calibrate(feats, held.labels)
        proba, y_held = clf.predict_proba(feats), held.labels
    else:
        proba, y_held = _out_of_fold(pipeline, data, random_state), data.labels
    seconds = time.perf_counter() - started
    model = Model(pipeline, thresholds=choose_thresholds(proba, y_held, target_accuracy))
    model.manifest = {
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "description": description,
        "training": {
            "n_examples": len(data),
            "data_sha256": data.sha256(),
            "held_out": "dev" if held is not None else "out-of-fold",
            "n_held_out": len(y_held),
            "params": {k: repr(v) for k, v in sorted(settings.items())},
            "seconds": round(seconds, 1),
            "target_accuracy": target_accuracy,
        },
        "temperature": clf.temperature_,
    }
    return model


def _out_of_fold(pipeline: Any, data: LabeledData, seed: int) -> np.ndarray:
    """Out-of-fold probabilities of the classifier on the (already fitted) features."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = min(5, min(data.labels.count(lab) for lab in LABELS))
    if folds < 2:
        return np.eye(len(LABELS))[[LABELS.index(lab) for lab in data.labels]]
    feats = pipeline[:-1].transform(data.examples)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    clf = clone(pipeline.named_steps["classify"])
    proba: np.ndarray = cross_val_predict(clf, feats, data.labels, cv=splitter, method="predict_proba")
    return proba
