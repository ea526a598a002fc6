"""Every error linkmotive raises, in one place.

All of them derive from :class:`LinkmotiveError`. Where a caller would expect a
built-in exception, the error subclasses it too, so ``except ValueError`` and
``except TypeError`` clauses keep working.
"""

from __future__ import annotations

__all__ = [
    "ExportError",
    "IncompatibleModelError",
    "InputError",
    "InputTypeError",
    "LinkmotiveError",
    "MissingDependencyError",
    "ModelError",
    "ModelLoadError",
    "NotFittedError",
    "TrainingDataError",
    "UntrustedModelError",
]


class LinkmotiveError(Exception):
    """Root of every error raised by linkmotive."""


class InputTypeError(LinkmotiveError, TypeError):
    """A text, headline or option has the wrong type."""


class InputError(LinkmotiveError, ValueError):
    """A text, headline, option or input file has an invalid value."""


class ExportError(InputError):
    """A LinkedIn data export is missing, not a ZIP or folder, or a file in it lacks an expected column."""


class TrainingDataError(LinkmotiveError, ValueError):
    """Training or evaluation examples are malformed: unknown labels, missing columns..."""


class ModelError(LinkmotiveError, ValueError):
    """A model cannot be used as asked."""


class ModelLoadError(ModelError):
    """A model file is missing, truncated, tampered with or not a linkmotive model."""


class IncompatibleModelError(ModelLoadError):
    """A model was saved by an incompatible version of linkmotive or its libraries."""


class UntrustedModelError(ModelLoadError):
    """Loading this model file would run code from an untrusted source."""


class NotFittedError(ModelError, AttributeError):
    """An estimator was used before ``fit``."""


class MissingDependencyError(LinkmotiveError, ImportError):
    """An optional dependency is needed for this feature."""


def missing_dependency(package: str, extra: str, feature: str) -> MissingDependencyError:
    """Build the error for an optional dependency that is not installed."""
    return MissingDependencyError(
        f"{feature} needs the optional dependency {package!r}, which is not installed. "
        f"Fix: pip install 'linkmotive[{extra}]' (or pip install {package})."
    )
