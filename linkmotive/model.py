"""The :class:`Model` wrapper and its predictions.

:class:`Model` adds what a user needs around the fitted scikit-learn pipeline
(:func:`linkmotive.classifier.make_pipeline`): the labels, the ``uncertain``
thresholds, the manifest, batched prediction and explanations.

This module does not import scikit-learn: a model read from a safe-format file
predicts through :mod:`linkmotive._compiled` and builds its scikit-learn
pipeline only when :attr:`Model.pipeline` is first used (a fresh process then
starts about a second sooner). ``MotiveClassifier``, ``make_pipeline`` and
``fit_temperature`` still import from here, as before; they live in
:mod:`linkmotive.classifier`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ._analysis import Example, as_example
from ._compiled import Plan, compile_pipeline, predict_proba
from .errors import InputError, InputTypeError
from .labels import LABELS
from .text import is_blank

if TYPE_CHECKING:
    from .classifier import MotiveClassifier, make_pipeline

__all__ = ["Contribution", "Explanation", "Model", "MotiveClassifier", "Prediction", "make_pipeline"]

_MOVED = ("MotiveClassifier", "fit_temperature", "make_pipeline")


def __getattr__(name: str) -> Any:
    # The classifier and the pipeline factory moved to linkmotive.classifier, which imports scikit-learn;
    # importing them from here keeps working (and old pickles that name linkmotive.model.MotiveClassifier).
    if name in _MOVED:
        from . import classifier

        return getattr(classifier, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CHUNK = 2048
"""Examples per prediction chunk: bounds memory for any batch size."""


@dataclass(frozen=True)
class Prediction:
    """The predicted motive of one text.

    Attributes
    ----------
    label : str
        The most likely of the five labels.
    confidence : float
        Calibrated probability of ``label``.
    scores : dict
        Probability of every label, in ``LABELS`` order; sums to 1.
    kind : str
        ``"message"`` or ``"headline"``.
    uncertain : bool
        True when ``confidence`` is below the model's threshold for ``label``.
    """

    label: str
    confidence: float
    scores: Mapping[str, float]
    kind: str = "message"
    uncertain: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (JSON-ready) of this prediction."""
        return {
            "label": self.label,
            "confidence": self.confidence,
            "scores": dict(self.scores),
            "kind": self.kind,
            "uncertain": self.uncertain,
        }


@dataclass(frozen=True)
class Contribution:
    """One feature's push toward (positive) or away from (negative) a label."""

    feature: str
    weight: float

    def __str__(self) -> str:
        return f"{self.feature} {self.weight:+.2f}"


@dataclass(frozen=True)
class Explanation:
    """Why a text got its label: the strongest features for and against it."""

    prediction: Prediction
    toward: tuple[Contribution, ...]
    away: tuple[Contribution, ...]

    def __str__(self) -> str:
        lines = [f"{self.prediction.label} ({self.prediction.confidence:.0%})"]
        lines += [f"  + {c}" for c in self.toward]
        lines += [f"  - {c}" for c in self.away]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "prediction": self.prediction.to_dict(),
            "toward": [(c.feature, c.weight) for c in self.toward],
            "away": [(c.feature, c.weight) for c in self.away],
        }


class _WordsBySubstring:
    """The distinct words of a text that contain a given character n-gram, by dictionary look-up.

    Scanning every word for every n-gram took time quadratic in the text (11 s to explain
    10,000 characters); this index is built once per text, for the n-gram lengths asked.
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.index: dict[tuple[str, int], dict[str, set[str]]] = {}

    def get(self, side: str, gram: str) -> set[str]:
        if not gram:
            return set(self.texts[side].split())
        index = self.index.get((side, len(gram)))
        if index is None:
            index = self.index[(side, len(gram))] = {}
            n = len(gram)
            for w in set(self.texts[side].split()):
                for i in range(len(w) - n + 1):
                    index.setdefault(w[i : i + n], set()).add(w)
        return index.get(gram, set())


class Model:
    """A trained linkmotive model: the pipeline plus its labels, thresholds and manifest.

    Use :func:`linkmotive.train` to make one and :func:`linkmotive.load` to read
    one from disk; :meth:`save` writes it.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        The fitted scikit-learn pipeline.
    thresholds : dict, optional
        Per-label confidence below which a prediction is ``uncertain`` (default 0.5 for every label).
    manifest : dict, optional
        Provenance: versions, training data hash, metrics.

    Attributes
    ----------
    pipeline : sklearn.pipeline.Pipeline
        The fitted scikit-learn pipeline. A model loaded from a safe-format
        folder builds it on first use; prediction does not need it.
    thresholds : dict
    manifest : dict
    """

    def __init__(
        self,
        pipeline: Any = None,
        thresholds: dict[str, float] | None = None,
        manifest: dict[str, Any] | None = None,
        *,
        _raw: Any = None,
    ) -> None:
        if pipeline is None and _raw is None:
            raise TypeError("Model needs a fitted pipeline: Model(pipeline), or linkmotive.train(...) to make one.")
        self._pipeline = pipeline
        # A safe-format object tree not yet turned into scikit-learn objects, and its compiled plan.
        self._raw = _raw
        self._raw_plan: Plan | None = compile_pipeline(_raw) if _raw is not None else None
        self._lock = threading.Lock()
        self.thresholds: dict[str, float] = {lab: 0.5 for lab in LABELS} if thresholds is None else thresholds
        self.manifest: dict[str, Any] = {} if manifest is None else manifest

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            with self._lock:
                if self._pipeline is None:
                    from .safe_format import materialise

                    self._pipeline = materialise(self._raw)
                    self._raw = self._raw_plan = None
        return self._pipeline

    @pipeline.setter
    def pipeline(self, value: Any) -> None:
        with self._lock:  # not lost to a first use that is building the pipeline from the file
            self._pipeline, self._raw, self._raw_plan = value, None, None
            self.__dict__.pop("_names", None)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"], state["_raw_plan"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        if "pipeline" in state:  # pickled before Model kept its pipeline lazily (a dataclass field then)
            state["_pipeline"] = state.pop("pipeline")
        self._pipeline = self._raw = None
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._raw_plan = compile_pipeline(self._raw) if self._raw is not None else None

    def __repr__(self) -> str:
        trained = self.manifest.get("created", "unknown date")
        return f"<linkmotive Model labels={list(self.labels)} thresholds={self.thresholds} trained={trained}>"

    def _plan(self) -> Plan | None:
        # Compiled afresh from a live pipeline on every call (cheap: references only), so a pipeline changed
        # in place (recalibrated, refitted) is always predicted as it is now.
        return self._raw_plan if self._pipeline is None else compile_pipeline(self._pipeline)

    @property
    def labels(self) -> tuple[str, ...]:
        plan = self._raw_plan if self._pipeline is None else None
        return plan.classes if plan is not None else tuple(self.pipeline.classes_)

    def predict_proba(self, examples: Sequence[Example | str]) -> np.ndarray:
        """Probabilities (examples × labels, ``LABELS`` order) for a list of texts or :class:`Example` rows.

        A low-level method: it does not refuse blank texts (:func:`linkmotive.classify` does).
        """
        _check_batch(examples)
        plan = self._plan()
        if plan is None:
            proba: np.ndarray = self.pipeline.predict_proba(examples)
            return proba
        return predict_proba(plan, examples)

    def _predictions(self, examples: Sequence[Example], proba: np.ndarray) -> list[Prediction]:
        labels = self.labels
        best = proba.argmax(axis=1)
        out = []
        for ex, row, k in zip(examples, proba.tolist(), best.tolist()):
            label = labels[k]
            out.append(
                Prediction(
                    label=label,
                    confidence=row[k],
                    scores=dict(zip(labels, row)),
                    kind=ex.kind,
                    uncertain=row[k] < self.thresholds.get(label, 0.0),
                )
            )
        return out

    def predict_iter(self, examples: Iterable[Example | str], chunk: int = CHUNK) -> Iterator[Prediction]:
        """Predict lazily, ``chunk`` examples at a time, in input order (texts or :class:`Example` rows)."""
        _check_batch(examples)
        batch: list[Example] = []
        for i, ex in enumerate(examples):
            batch.append(as_example(ex, i))
            if len(batch) >= chunk:
                yield from self._predictions(batch, self.predict_proba(batch))
                batch = []
        if batch:
            yield from self._predictions(batch, self.predict_proba(batch))

    def explain(self, example: Example | str, top: int = 6) -> Explanation:
        """The features that pushed ``example`` (a text or an :class:`Example`) most toward and away from its label."""
        example = as_example(example)
        if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
            raise InputError(f"top must be a positive int (how many features to show each way), got {top!r}.")
        if is_blank(example.text, example.headline):
            raise InputError("The text to explain is empty. Fix: pass a message, or its sender's headline.")
        analyse, features, clf = (step for _, step in self.pipeline.steps)
        cols = analyse.transform([example])
        x = features.transform(cols).tocsr()
        proba = clf.predict_proba(x)
        pred = self._predictions([example], proba)[0]
        k = list(self.labels).index(pred.label)
        coef = clf.coef_
        centred = coef[k] - coef.mean(axis=0)
        names = self._feature_names()
        contrib: dict[str, float] = {}
        texts = {"msg": cols.msg_chars[0], "hl": cols.hl_chars[0]}
        lemmas = {"msg": f" {cols.msg_lemmas[0]} ", "hl": f" {cols.hl_lemmas[0]} "}
        spelled = _WordsBySubstring(texts)
        for j, v in zip(x.indices, x.data):
            c = float(v * centred[j])
            block, _, name = names[j].partition("__")
            side = block.partition("_")[0]  # msg, hl, or all: the shared blocks read both texts
            if block.endswith("_chars"):
                sides = ("msg", "hl") if side == "all" else (side,)
                found = [(s, w) for s in sides for w in spelled.get(s, name.strip())]
                for s, w in found:
                    key = f"{'headline' if s == 'hl' else 'message'} word '{w}' (spelling)"
                    contrib[key] = contrib.get(key, 0.0) + c / len(found)
                continue
            if side != "all":
                key = self._describe(block, name, j)
                contrib[key] = contrib.get(key, 0.0) + c
                continue
            # A shared word or phrase counts for the text(s) that hold it; a phrase that spans the end of
            # the message and the start of the headline is named as such.
            holders = [s for s in ("msg", "hl") if f" {name} " in lemmas[s]]
            keys = [self._describe(f"{s}_words", name, j) for s in holders] or [f"message + headline phrase '{name}'"]
            for key in keys:
                contrib[key] = contrib.get(key, 0.0) + c / len(keys)
        ranked = sorted(((n, w) for n, w in contrib.items() if abs(w) >= 0.005), key=lambda t: -t[1])
        toward = tuple(Contribution(n, round(w, 3)) for n, w in ranked[:top] if w > 0)
        away = tuple(Contribution(n, round(w, 3)) for n, w in reversed(ranked[-top:]) if w < 0)
        return Explanation(pred, toward, away)

    def _feature_names(self) -> list[str]:
        cached = getattr(self, "_names", None)
        if cached is None:
            union = self.pipeline.named_steps["features"]
            cached = [str(n) for n in union.get_feature_names_out()]
            object.__setattr__(self, "_names", cached)
        return cached

    @staticmethod
    def _describe(block: str, name: str, j: int) -> str:
        where = "headline" if block.startswith("hl") else "message"
        if block == "dense":
            return name
        kind = "phrase" if " " in name else "word"
        return f"{where} {kind} '{name}'"

    def save(self, path: Any, *, format: str = "auto") -> None:
        """Write the model to folder ``path`` (created or atomically replaced).

        ``format="auto"`` writes the safe format (no pickle; loads without
        ``trusted=True``) whenever the pipeline allows it, else joblib; see
        :func:`linkmotive.persist.save_model`.
        """
        from .persist import save_model

        save_model(self, path, format=format)


def _check_batch(examples: Any) -> None:
    """A batch is a list (or other iterable) of texts or examples: a bare text or a number is a clear error."""
    if isinstance(examples, (str, bytes, bytearray, Mapping, Example)) or not isinstance(examples, Iterable):
        raise InputTypeError(
            f"Expected a list of texts or Example rows, got {type(examples).__name__}: {examples!r:.60}. "
            "Fix: wrap a single text in a list, e.g. [text]."
        )
