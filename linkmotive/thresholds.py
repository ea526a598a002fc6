"""Per-label ``uncertain`` thresholds: choose them for a target precision, and see what they cost.

A model calls a prediction ``uncertain`` when its confidence is below the
threshold of the predicted label (``model.thresholds``, saved in the manifest).
Raising the threshold of a label makes its confident predictions more precise
and fewer. :func:`thresholds_for_precision` picks, on held-out data, the lowest
threshold per label that reaches a target precision ("tag ``buy`` only at 90%
precision") and reports the coverage it costs; :func:`precision_at_thresholds`
measures the thresholds a model has on other data; :func:`precision_coverage`
gives the whole trade-off curve (see :func:`linkmotive.plots.plot_precision_coverage`).

Definitions, for a label ``L`` on held-out data:

- the *predictions* of ``L`` are the examples whose most likely label is ``L``;
- the *confident* ones are those with confidence at or above the threshold;
- *precision*: the share of confident predictions of ``L`` whose true label is ``L``;
- *coverage*: the share of predictions of ``L`` that are confident (what the
  threshold keeps; ``1 - coverage`` become ``uncertain``);
- *recall*: the share of true ``L`` examples that are confidently predicted ``L``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from .errors import InputError, InputTypeError
from .labels import LABELS
from .scoring import ScoredExamples, score

__all__ = [
    "LabelThreshold",
    "PrecisionCoverage",
    "precision_at_thresholds",
    "precision_coverage",
    "thresholds_for_precision",
]


@dataclass(frozen=True)
class LabelThreshold:
    """A label's threshold and what it gives on held-out data.

    Attributes
    ----------
    label : str
    threshold : float
        Confidence at or above which a prediction of ``label`` is not ``uncertain``.
    precision : float
        Share of confident predictions of ``label`` that are right (nan when there are none).
    coverage : float
        Share of predictions of ``label`` that are confident.
    recall : float
        Share of true ``label`` examples confidently predicted ``label``.
    n_predicted : int
        Held-out examples predicted ``label``.
    n_confident : int
        Of those, how many reach the threshold.
    target : float or None
        The precision asked for, when the threshold was chosen for one.
    reached : bool or None
        Whether the target was reached on the held-out data.
    """

    label: str
    threshold: float
    precision: float
    coverage: float
    recall: float
    n_predicted: int
    n_confident: int
    target: float | None = None
    reached: bool | None = None

    def __str__(self) -> str:
        goal = "" if self.target is None else f" (target {self.target:.0%}{'' if self.reached else ', NOT reached'})"
        return (
            f"{self.label}: threshold {self.threshold:.3f} -> precision {self.precision:.1%}{goal}, "
            f"coverage {self.coverage:.1%} ({self.n_confident}/{self.n_predicted} predictions), recall {self.recall:.1%}"
        )


@dataclass(frozen=True)
class PrecisionCoverage:
    """Precision, coverage and recall of one label at each candidate threshold (ascending).

    ``n_confident`` counts the predictions at or above each threshold, out of ``n_predicted``.
    """

    label: str
    thresholds: np.ndarray
    precision: np.ndarray
    coverage: np.ndarray
    recall: np.ndarray
    n_confident: np.ndarray
    n_predicted: int


def _scored(model_or_scored: Any, data: Any) -> ScoredExamples:
    if isinstance(model_or_scored, ScoredExamples):
        return model_or_scored
    if data is None:
        raise InputError(
            "Held-out labeled data is needed with a model. Fix: pass data=..., e.g. load_corpus('dev'), "
            "or pass the ScoredExamples of linkmotive.scoring.score() or cross_validate()."
        )
    return score(model_or_scored, data)


def _check_label(label: Any) -> str:
    if label not in LABELS:
        raise InputError(f"Unknown label {label!r}; expected one of {list(LABELS)}.")
    return cast(str, label)


def precision_coverage(model_or_scored: Any, data: Any = None, *, label: str) -> PrecisionCoverage:
    """The precision/coverage trade-off of one label over every threshold that changes it.

    Parameters
    ----------
    model_or_scored : Model or ScoredExamples
        A model (then ``data`` is the held-out labeled data to score) or
        already scored examples.
    data : labeled data, optional
        Any form :func:`linkmotive.train` accepts.
    label : str
        One of :data:`~linkmotive.LABELS`.

    Returns
    -------
    PrecisionCoverage
        Arrays over the distinct confidences of the predictions of ``label``,
        ascending: the threshold, and the precision, coverage and recall of the
        predictions at or above it.

    Examples
    --------
    >>> from linkmotive import load
    >>> curve = precision_coverage(load(), [("Could you quote 300 mugs?", "buy"), ("Hiring: data engineer", "buy")], label="buy")
    >>> float(curve.coverage[0])
    1.0
    """
    label = _check_label(label)
    s = _scored(model_or_scored, data)
    k = LABELS.index(label)
    is_pred = s.proba.argmax(axis=1) == k
    conf = s.proba[is_pred, k]
    right = (np.array(s.labels, dtype=object)[is_pred] == label).astype(float)
    n_true = sum(lab == label for lab in s.labels)
    order = np.argsort(-conf, kind="stable")
    conf, right = conf[order], right[order]
    kept = np.arange(1, len(conf) + 1)
    hits = np.cumsum(right)
    # Among tied confidences, only the last position is a real threshold: all of them pass or none does.
    last = np.r_[conf[1:] != conf[:-1], True] if len(conf) else np.array([], dtype=bool)
    thresholds, kept, hits = conf[last][::-1], kept[last][::-1], hits[last][::-1]
    m = max(len(conf), 1)
    return PrecisionCoverage(
        label=label,
        thresholds=thresholds,
        precision=hits / kept,
        coverage=kept / m,
        recall=hits / max(n_true, 1),
        n_confident=kept,
        n_predicted=len(conf),
    )


def _measure(s: ScoredExamples, label: str, threshold: float) -> LabelThreshold:
    k = LABELS.index(label)
    is_pred = s.proba.argmax(axis=1) == k
    conf = s.proba[is_pred, k]
    right = np.array(s.labels, dtype=object)[is_pred] == label
    keep = conf >= threshold
    n_true = sum(lab == label for lab in s.labels)
    return LabelThreshold(
        label=label,
        threshold=float(threshold),
        precision=float(right[keep].mean()) if keep.any() else math.nan,
        coverage=float(keep.mean()) if len(keep) else 0.0,
        recall=float(right[keep].sum() / n_true) if n_true else 0.0,
        n_predicted=len(conf),
        n_confident=int(keep.sum()),
    )


def precision_at_thresholds(model: Any, data: Any) -> dict[str, LabelThreshold]:
    """Precision, coverage and recall of a model's current thresholds on labeled data, per label.

    Use it on data the thresholds were *not* chosen on (the test split) to check
    that the precision holds.

    Examples
    --------
    >>> from linkmotive import load
    >>> report = precision_at_thresholds(load(), [("Could you send a quote for 300 mugs?", "buy")])
    >>> report["buy"].n_predicted
    1
    """
    from .model import Model

    if not isinstance(model, Model):
        raise InputTypeError(f"model must be a linkmotive Model (from train() or load()), got {type(model).__name__}.")
    s = score(model, data)
    return {lab: _measure(s, lab, model.thresholds.get(lab, 0.0)) for lab in LABELS}


def _targets(target: Any) -> dict[str, float]:
    if isinstance(target, (int, float)) and not isinstance(target, bool):
        target = {lab: target for lab in LABELS}
    if not isinstance(target, Mapping) or not target:
        raise InputTypeError(
            f"target must be a precision (a float) or a dict of label -> precision, e.g. {{'buy': 0.9}}; got {target!r}."
        )
    out = {}
    for lab, t in target.items():
        _check_label(lab)
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0.0 < t <= 1.0:
            raise InputError(f"The target precision of {lab!r} must be a number in (0, 1], got {t!r}. Example: 0.9.")
        out[lab] = float(t)
    return out


def _lowest_stable(curve: PrecisionCoverage, goal: float, min_count: int) -> int | None:
    """Index of the lowest threshold from which up the precision stays at or above ``goal``, or None.

    Thresholds keeping fewer than ``min_count`` predictions are too thin to
    measure and are not required to reach the goal (unless no threshold keeps that many).
    """
    ok = curve.precision >= goal - 1e-12
    checked = curve.n_confident >= min_count
    if not checked.any():
        checked = np.ones_like(ok)
    bad = np.nonzero(checked & ~ok)[0]
    start = int(bad.max()) + 1 if len(bad) else 0
    hits = np.nonzero(ok[start:])[0]
    return start + int(hits[0]) if len(hits) else None


def thresholds_for_precision(
    model: Any, data: Any, target: Any, *, min_count: int = 10, floor: float = 0.5
) -> dict[str, LabelThreshold]:
    """Set ``model.thresholds`` so that each targeted label reaches a precision, and report the cost.

    For each label in ``target`` the threshold becomes the lowest confidence
    from which up the held-out precision of that label stays at or above the
    target: at that threshold and at every higher one (a lucky dip of the
    precision curve is not taken). Higher thresholds that keep fewer than
    ``min_count`` predictions are too few to measure and are not checked. The
    threshold is never below ``floor``.

    The model is changed in place (its other labels keep their thresholds); the
    choice is recorded in ``model.manifest`` under ``"threshold_targets"`` and
    saved with the model. When a target cannot be reached the threshold becomes
    1.0 (every prediction of that label is ``uncertain``) and a warning says so.

    Choose thresholds on held-out data that did not train the model (the dev
    split), then check them on other data with :func:`precision_at_thresholds`:
    a threshold picked on a few dozen predictions is a noisy estimate.

    Parameters
    ----------
    model : Model
        The model whose thresholds to set.
    data : labeled data
        Held-out examples (any form :func:`linkmotive.train` accepts).
    target : float or dict
        The precision to reach: one number for every label, or ``{label: precision}``.
    min_count : int, default=10
        Thresholds keeping fewer predictions than this are not checked.
    floor : float, default=0.5
        The lowest threshold allowed (a calibrated confidence under 0.5 means
        "more likely wrong than right").

    Returns
    -------
    dict
        ``label -> LabelThreshold``: the threshold with its precision, coverage
        and recall on ``data``.

    Examples
    --------
    >>> from linkmotive import load
    >>> from linkmotive.datasets import load_corpus
    >>> model = load()
    >>> choice = thresholds_for_precision(model, load_corpus("dev")[:200], target={"buy": 0.9})
    >>> model.thresholds["buy"] == choice["buy"].threshold and choice["buy"].reached
    True
    """
    from .model import Model

    if not isinstance(model, Model):
        raise InputTypeError(f"model must be a linkmotive Model (from train() or load()), got {type(model).__name__}.")
    goals = _targets(target)
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise InputError(f"min_count must be a positive int, got {min_count!r}.")
    if isinstance(floor, bool) or not isinstance(floor, (int, float)) or not 0.0 <= floor <= 1.0:
        raise InputError(f"floor must be a confidence in [0, 1], got {floor!r}.")
    s = score(model, data)
    chosen: dict[str, LabelThreshold] = {}
    for lab, goal in goals.items():
        curve = precision_coverage(s, label=lab)
        i = _lowest_stable(curve, goal, min_count)
        threshold = max(float(floor), float(curve.thresholds[i])) if i is not None else 1.0
        m = _measure(s, lab, threshold)
        chosen[lab] = LabelThreshold(**{**m.__dict__, "target": goal, "reached": i is not None})
        if i is None:
            warnings.warn(
                f"No threshold reaches {goal:.0%} precision for {lab!r} on these {len(s)} held-out examples "
                f"({curve.n_predicted} predicted {lab!r}); its threshold is set to 1.0, so every {lab!r} prediction "
                "is uncertain. Fix: lower the target, or add labeled examples of this motive and retrain.",
                UserWarning,
                stacklevel=2,
            )
    for lab, c in chosen.items():
        model.thresholds[lab] = c.threshold
    record = dict(model.manifest.get("threshold_targets", {}))
    for lab, c in chosen.items():
        record[lab] = {
            "target_precision": c.target,
            "threshold": c.threshold,
            "precision": None if math.isnan(c.precision) else c.precision,
            "coverage": c.coverage,
            "recall": c.recall,
            "n_predicted": c.n_predicted,
            "n_held_out": len(s),
        }
    model.manifest["threshold_targets"] = record
    return chosen
