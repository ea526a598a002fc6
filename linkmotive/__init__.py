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
    from .api import classify, explain, load
    from .datasets import load_corpus
    from .model import Explanation, Model, Prediction
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
    "Model",
    "ModelError",
    "ModelLoadError",
    "NotFittedError",
    "Prediction",
    "TrainingDataError",
    "UntrustedModelError",
    "__version__",
    "classify",
    "evaluate",
    "explain",
    "load",
    "load_corpus",
    "train",
]

_LAZY = {
    "classify": "api",
    "explain": "api",
    "load": "api",
    "train": "training",
    "evaluate": "training",
    "load_corpus": "datasets",
    "Prediction": "model",
    "Explanation": "model",
    "Model": "model",
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
