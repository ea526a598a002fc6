"""linkmotive: why does this person want to link with me?

Reads a LinkedIn connection message or a sender's profile headline and
predicts the sender's dominant motive, one of :data:`LABELS`, with a
calibrated confidence.

>>> import linkmotive
>>> linkmotive.classify("Could I pick your brain on how you ran the campaign?").label
'learn'

``import linkmotive`` is cheap: scikit-learn, spaCy and the model load on
first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    ExportError,
    IncompatibleModelError,
    InputError,
    InputTypeError,
    LinkmotiveError,
    MissingDependencyError,
    ModelError,
    ModelLoadError,
    NotFittedError,
    TrainingDataError,
    UntrustedModelError,
)
from .labels import KINDS, LABEL_DESCRIPTIONS, LABELS

if TYPE_CHECKING:
    from .active import find_label_errors, suggest_for_labeling
    from .api import classify, explain, load
    from .datasets import load_corpus
    from .frames import classify_frame
    from .model import Explanation, Model, Prediction
    from .scoring import cross_validate
    from .thresholds import thresholds_for_precision
    from .training import evaluate, train

__all__ = [
    "KINDS",
    "LABELS",
    "LABEL_DESCRIPTIONS",
    "Explanation",
    "IncompatibleModelError",
    "InputError",
    "InputTypeError",
    "LinkmotiveError",
    "MissingDependencyError",
    "ExportError",
    "Model",
    "ModelError",
    "ModelLoadError",
    "NotFittedError",
    "Prediction",
    "TrainingDataError",
    "UntrustedModelError",
    "__version__",
    "classify",
    "classify_frame",
    "cross_validate",
    "evaluate",
    "explain",
    "find_label_errors",
    "load",
    "load_corpus",
    "suggest_for_labeling",
    "thresholds_for_precision",
    "train",
]

_LAZY = {
    "classify": "api",
    "explain": "api",
    "load": "api",
    "train": "training",
    "evaluate": "training",
    "load_corpus": "datasets",
    "classify_frame": "frames",
    "Prediction": "model",
    "Explanation": "model",
    "Model": "model",
    "suggest_for_labeling": "active",
    "find_label_errors": "active",
    "cross_validate": "scoring",
    "thresholds_for_precision": "thresholds",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'linkmotive' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
