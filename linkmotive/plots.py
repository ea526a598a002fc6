"""Plots for evaluating and retraining models, with matplotlib (``pip install 'linkmotive[notebooks]'``).

Every function draws on ``ax`` when given one, otherwise on a new figure, and
returns the :class:`matplotlib.axes.Axes`. Inputs are what the rest of the
library returns: a report of :func:`linkmotive.evaluate`, the
:class:`~linkmotive.scoring.ScoredExamples` of
:func:`~linkmotive.scoring.cross_validate` or :func:`~linkmotive.scoring.score`,
or a model with held-out labeled data.

- :func:`plot_confusion_matrix`: true against predicted labels;
- :func:`plot_reliability`: the reliability (calibration) diagram;
- :func:`plot_learning_curve`: a score against the number of labeled examples;
- :func:`plot_precision_coverage`: precision and coverage of a label per threshold.

matplotlib is imported inside the functions: without it they raise
:class:`~linkmotive.errors.MissingDependencyError` naming the ``pip install``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError, InputTypeError, missing_dependency
from .labels import LABELS

__all__ = [
    "plot_confusion_matrix",
    "plot_learning_curve",
    "plot_precision_coverage",
    "plot_reliability",
    "save_confusion_matrix",
]

FORMATS = (".png", ".svg", ".pdf")
"""File types :func:`save_confusion_matrix` writes."""

COLORS = {
    "network": "#4C72B0",
    "learn": "#55A868",
    "avoid-mistakes": "#C44E52",
    "sell": "#8172B2",
    "buy": "#DD8452",
}


def _matplotlib(feature: str = "Plotting") -> Any:
    try:
        import matplotlib
    except ImportError:
        raise missing_dependency("matplotlib", "notebooks", feature) from None
    return matplotlib


def _axes(ax: Any, figsize: tuple[float, float]) -> Any:
    _matplotlib()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _scored(result: Any, data: Any) -> Any:
    from .model import Model
    from .scoring import ScoredExamples, score

    if isinstance(result, ScoredExamples):
        return result
    if isinstance(result, Model):
        if data is None:
            raise InputError(
                "With a model, pass the labeled data to score it on: plot(model, load_corpus('test')). "
                "Fix: add the data argument."
            )
        return score(result, data)
    raise InputTypeError(
        f"Expected a Model with labeled data or ScoredExamples (from linkmotive.scoring), got {type(result).__name__}."
    )


def plot_confusion_matrix(
    result: Any, data: Any = None, *, normalize: bool = False, ax: Any = None, title: str | None = None
) -> Any:
    """A confusion matrix: rows are the true labels, columns the predicted ones.

    Parameters
    ----------
    result : dict, ScoredExamples, Model or array
        A report of :func:`linkmotive.evaluate` (or ``ScoredExamples.report()``),
        scored examples, a model (with ``data``), or a 5 × 5 matrix in ``LABELS`` order.
    data : labeled data, optional
        Needed when ``result`` is a model.
    normalize : bool, default=False
        Show each row as shares of its true label (the recall on the diagonal).
    ax : matplotlib Axes, optional
    title : str, optional

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_confusion_matrix([[5, 1, 0, 0, 0], [0, 6, 0, 0, 0], [0, 0, 4, 0, 0], [0, 0, 0, 3, 2], [0, 0, 0, 1, 7]])
    >>> ax.get_xlabel()
    'predicted'
    """
    if isinstance(result, Mapping):
        if "confusion_matrix" not in result:
            raise InputError(
                f"The report has no 'confusion_matrix' (keys: {sorted(result)}). Pass evaluate()'s report."
            )
        labels, matrix = list(result.get("labels", LABELS)), result["confusion_matrix"]
    elif isinstance(result, (list, tuple, np.ndarray)):
        labels, matrix = list(LABELS), result
    else:
        labels, matrix = list(LABELS), _scored(result, data).report()["confusion_matrix"]
    counts = np.asarray(matrix, dtype=float)
    if counts.shape != (len(labels), len(labels)):
        raise InputError(f"The confusion matrix must be {len(labels)} x {len(labels)}, got shape {counts.shape}.")
    ax = _axes(ax, (5.5, 4.8))
    shown = counts / np.clip(counts.sum(axis=1, keepdims=True), 1, None) if normalize else counts
    image = ax.imshow(shown, cmap="Blues", vmin=0, vmax=1 if normalize else max(shown.max(), 1))
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    high = shown.max() / 2 if shown.max() else 0.5
    for i in range(len(labels)):
        for j in range(len(labels)):
            text = f"{shown[i, j]:.0%}" if normalize else f"{int(counts[i, j])}"
            ax.text(j, i, text, ha="center", va="center", color="white" if shown[i, j] > high else "black", fontsize=9)
    n = int(counts.sum())
    acc = np.trace(counts) / n if n else 0.0
    ax.set_title(title or f"Confusion matrix (n={n}, accuracy {acc:.1%})")
    return ax


def plot_reliability(result: Any, data: Any = None, *, bins: int = 10, ax: Any = None, title: str | None = None) -> Any:
    """A reliability (calibration) diagram: accuracy against confidence, per confidence bin.

    A calibrated model sits on the diagonal: of the predictions made with 80%
    confidence, 80% are right. Bars show how many predictions fall in each bin
    (right axis); the title gives the expected calibration error (ECE).

    Parameters
    ----------
    result : ScoredExamples or Model
        Scored held-out examples, or a model (with ``data``).
    data : labeled data, optional
        Needed when ``result`` is a model.
    bins : int, default=10
        Equal-width confidence bins.
    ax : matplotlib Axes, optional
    title : str, optional

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from linkmotive import load
    >>> ax = plot_reliability(load(), [("Could you send a quote for 400 pallets?", "buy")])
    >>> ax.get_ylabel()
    'accuracy'
    """
    from .scoring import reliability_table
    from .training import expected_calibration_error

    scored = _scored(result, data)
    table = reliability_table(scored, bins)
    ax = _axes(ax, (5.0, 4.5))
    counts = ax.twinx()
    width = 1.0 / bins
    counts.bar(
        [r["low"] + width / 2 for r in table], [r["n"] for r in table], width=width * 0.9, color="0.85", zorder=0
    )
    counts.set_ylabel("predictions in bin")
    ax.set_zorder(counts.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot([0, 1], [0, 1], linestyle="--", color="0.5", label="perfectly calibrated")
    ax.plot([r["confidence"] for r in table], [r["accuracy"] for r in table], marker="o", label="model")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence (probability of the predicted label)")
    ax.set_ylabel("accuracy")
    ax.legend(loc="upper left")
    ece = expected_calibration_error(scored.confidence, scored.correct, bins)
    ax.set_title(title or f"Reliability (n={len(scored)}, ECE {ece:.3f})")
    return ax


def plot_learning_curve(
    sizes: Sequence[float],
    curves: Mapping[str, Sequence[float]] | Sequence[float],
    *,
    ylabel: str = "macro-F1",
    xlabel: str = "labeled examples",
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """A learning curve: a score (macro-F1 by default) against the number of labeled examples.

    Parameters
    ----------
    sizes : list of numbers
        Training-set sizes.
    curves : dict of name -> list of scores, or one list of scores
        One value per size; several curves (e.g. ``{"margin sampling": [...],
        "random": [...]}``) share the axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_learning_curve([100, 200, 300], {"margin": [0.6, 0.7, 0.75], "random": [0.6, 0.65, 0.7]})
    >>> [line.get_label() for line in ax.get_lines()]
    ['margin', 'random']
    """
    named = dict(curves) if isinstance(curves, Mapping) else {ylabel: curves}
    for name, values in named.items():
        if len(values) != len(sizes):
            raise InputError(
                f"Curve {name!r} has {len(values)} values for {len(sizes)} sizes. Fix: one value per size."
            )
    ax = _axes(ax, (5.5, 4.0))
    for name, values in named.items():
        ax.plot(list(sizes), list(values), marker="o", label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    if isinstance(curves, Mapping):
        ax.legend()
    ax.set_title(title or f"Learning curve ({ylabel})")
    return ax


def plot_precision_coverage(
    result: Any,
    data: Any = None,
    *,
    labels: Sequence[str] | None = None,
    thresholds: Mapping[str, float] | None = None,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Precision (solid) and coverage (dashed) of each label's confident predictions, per threshold.

    Moving a label's threshold right buys precision with coverage: fewer of its
    predictions stay confident, the rest become ``uncertain``. Vertical lines
    mark the thresholds in use (a model's own, or ``thresholds``).

    Parameters
    ----------
    result : ScoredExamples or Model
        Scored held-out examples, or a model (with ``data``; its thresholds are marked).
    data : labeled data, optional
        Needed when ``result`` is a model.
    labels : list of str, optional
        The labels to draw (all five by default).
    thresholds : dict, optional
        ``label -> threshold`` to mark.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from linkmotive import load
    >>> ax = plot_precision_coverage(load(), [("Could you send a quote for 400 pallets?", "buy")], labels=["buy"])
    >>> ax.get_xlabel()
    'threshold (confidence of the predicted label)'
    """
    from .model import Model
    from .thresholds import precision_coverage

    scored = _scored(result, data)
    chosen = list(LABELS) if labels is None else list(labels)
    unknown = [lab for lab in chosen if lab not in LABELS]
    if unknown:
        raise InputError(f"Unknown label(s) {unknown}; expected some of {list(LABELS)}.")
    if thresholds is None and isinstance(result, Model):
        thresholds = result.thresholds
    ax = _axes(ax, (6.0, 4.2))
    for lab in chosen:
        curve = precision_coverage(scored, label=lab)
        color = COLORS.get(lab)
        if len(curve.thresholds):
            ax.step(curve.thresholds, curve.precision, where="post", color=color, label=f"{lab} precision")
            ax.step(
                curve.thresholds, curve.coverage, where="post", color=color, linestyle="--", label=f"{lab} coverage"
            )
        if thresholds and lab in thresholds:
            ax.axvline(thresholds[lab], color=color, linestyle=":", linewidth=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("threshold (confidence of the predicted label)")
    ax.set_ylabel("precision / coverage")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower left")
    ax.set_title(title or "Precision and coverage per threshold")
    return ax


def save_confusion_matrix(report: Mapping[str, Any], path: Any, *, normalize: bool = False) -> Path:
    """Draw the confusion matrix of an evaluation report and write it to ``path`` (.png, .svg or .pdf).

    Uses no GUI backend, so it works on a server (``linkmotive evaluate --plot``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from linkmotive import evaluate, load
    >>> report = evaluate(load(), [("Could you send a quote for 400 pallets?", "buy")])
    >>> out = save_confusion_matrix(report, pathlib.Path(tempfile.mkdtemp()) / "cm.png")
    >>> out.stat().st_size > 1000
    True
    """
    target = check_plot_path(path)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.5, 4.8), layout="constrained")
    plot_confusion_matrix(report, ax=fig.add_subplot(), normalize=normalize)
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, dpi=120)
    return target


def check_plot_path(path: Any) -> Path:
    """``path`` as a Path, once it names a file type plots are saved as and matplotlib is installed.

    Raises :class:`InputError` for another suffix and :class:`MissingDependencyError`
    without matplotlib, so a command can fail before its slow work.
    """
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise InputError(f"A plot file must end in one of {FORMATS}, got {str(target)!r}. Fix: e.g. confusion.png.")
    _matplotlib("Saving a plot")
    return target
