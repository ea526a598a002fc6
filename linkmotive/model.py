"""The classifier, the whole scikit-learn pipeline, and the :class:`Model` wrapper.

``make_pipeline()`` returns a plain scikit-learn :class:`~sklearn.pipeline.Pipeline`
(``analyse`` → ``features`` → ``classify``) that can be cloned, grid-searched or
given another final estimator. :class:`Model` adds what a user needs around it:
the labels, the ``uncertain`` thresholds, the manifest, batched prediction and
explanations.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .features import BlockVectorizer, DenseBlock, Example, Select, TextAnalyzer, make_features
from .labels import LABELS

__all__ = ["Contribution", "Explanation", "Model", "MotiveClassifier", "Prediction", "make_pipeline"]

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


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    p: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return p


def _as_2d(decision: np.ndarray) -> np.ndarray:
    return np.column_stack([np.zeros_like(decision), decision]) if decision.ndim == 1 else decision


def fit_temperature(decision: np.ndarray, y_index: np.ndarray) -> float:
    """The temperature T minimising the log loss of ``softmax(decision / T)``."""
    z = _as_2d(decision)

    def nll(log_t: float) -> float:
        p = _softmax(z / math.exp(log_t))
        return float(-np.mean(np.log(np.clip(p[np.arange(len(y_index)), y_index], 1e-12, None))))

    res = minimize_scalar(nll, bounds=(math.log(0.05), math.log(20.0)), method="bounded")
    return float(math.exp(res.x))


class MotiveClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]  # scikit-learn ships no types: its base classes are Any
    """A linear classifier with temperature-scaled probabilities.

    The decision values come from a linear support vector machine
    (``loss="squared_hinge"``, scikit-learn's :class:`~sklearn.svm.LinearSVC`,
    one-vs-rest) or a multinomial logistic regression (``loss="log_loss"``);
    the probabilities are ``softmax(decision / T)``. ``T`` is learnt on
    out-of-fold decisions of the training data (``calibration="cv"``) or later
    on held-out data with :meth:`calibrate`. The model stays linear, so every
    prediction can be explained feature by feature.

    Parameters
    ----------
    C : float, default=0.5
        Inverse regularisation strength (0.3 to 1 tie on the dev split with the SVM).
    loss : {"squared_hinge", "log_loss"}, default="squared_hinge"
        The linear model: a linear SVM (best on the dev split, and faster to
        train) or a logistic regression (use ``C=10``).
    class_weight : "balanced" or None, default="balanced"
        Passed to the linear model.
    calibration : {"cv", "none"}, default="cv"
        How to set the temperature during ``fit``.
    cv : int, default=5
        Folds for ``calibration="cv"``.
    max_iter : int, default=2000
        Solver iterations.
    random_state : int, default=0
        Seed for the folds and the SVM's coordinate descent.
    solver : str, default="newton-cg"
        Solver of the logistic regression (``loss="log_loss"`` only).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0]] * 10)
    >>> clf = MotiveClassifier(cv=2).fit(X, ["a", "b"] * 10)
    >>> clf.predict([[0.0, 1.0]]).tolist()
    ['a']
    """

    def __init__(
        self,
        C: float = 0.5,
        loss: str = "squared_hinge",
        class_weight: str | None = "balanced",
        calibration: str = "cv",
        cv: int = 5,
        max_iter: int = 2000,
        random_state: int = 0,
        solver: str = "newton-cg",
    ) -> None:
        self.C = C
        self.loss = loss
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.max_iter = max_iter
        self.random_state = random_state
        self.solver = solver

    def _linear_model(self) -> Any:
        if self.loss == "squared_hinge":
            return LinearSVC(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, random_state=self.random_state
            )
        if self.loss == "log_loss":
            return LogisticRegression(
                C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, solver=self.solver
            )
        raise ValueError(
            f"The 'loss' parameter of MotiveClassifier must be 'squared_hinge' or 'log_loss'. Got {self.loss!r} instead."
        )

    def fit(self, X: Any, y: Any) -> MotiveClassifier:
        from threadpoolctl import threadpool_limits

        # One BLAS thread: on a shared 2-core machine extra threads only contend (measured 2x slower).
        with threadpool_limits(limits=1, user_api="blas"):
            return self._fit(X, y)

    def _fit(self, X: Any, y: Any) -> MotiveClassifier:
        if self.calibration not in ("cv", "none"):
            raise ValueError(
                f"The 'calibration' parameter of MotiveClassifier must be 'cv' or 'none'. Got {self.calibration!r} instead."
            )
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        present = np.unique(y)
        if present.dtype.kind in "OUS" and set(present.tolist()) <= set(LABELS):
            # Motive labels keep the fixed LABELS order (score columns, matrices).
            present = np.array([lab for lab in LABELS if lab in set(present.tolist())], dtype=object)
        self.classes_ = present
        if len(self.classes_) < 2:
            raise ValueError(
                f"MotiveClassifier needs samples of at least 2 classes in y; got 1 class: {self.classes_[0]!r}."
            )
        index = {c: i for i, c in enumerate(self.classes_.tolist())}
        y_index = np.array([index[v] for v in y.tolist()])
        self.temperature_ = 1.0
        counts = np.bincount(y_index)
        folds = min(self.cv, int(counts.min()))
        if self.calibration == "cv" and folds >= 2:
            splitter = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            oof = cross_val_predict(self._linear_model(), X, y_index, cv=splitter, method="decision_function")
            self.temperature_ = fit_temperature(oof, y_index)
        self.estimator_ = self._linear_model().fit(X, y_index)
        # float32 weights halve the model on disk; predictions move by ~1e-7 at most.
        self.estimator_.coef_ = self.estimator_.coef_.astype(np.float32)
        return self

    def calibrate(self, X: Any, y: Sequence[Any]) -> MotiveClassifier:
        """Re-learn the temperature on held-out features ``X`` and labels ``y``."""
        check_is_fitted(self)
        index = {c: i for i, c in enumerate(self.classes_.tolist())}
        y_index = np.array([index[v] for v in np.asarray(y).tolist()])
        self.temperature_ = fit_temperature(self.estimator_.decision_function(X), y_index)
        return self

    @property
    def coef_(self) -> np.ndarray:
        """Per-class weights, already divided by the temperature (classes × features)."""
        check_is_fitted(self)
        coef: np.ndarray = self.estimator_.coef_
        if coef.shape[0] == 1:
            coef = np.vstack([np.zeros_like(coef), coef])
        return coef / self.temperature_

    @property
    def intercept_(self) -> np.ndarray:
        check_is_fitted(self)
        b = self.estimator_.intercept_
        return (np.array([0.0, b[0]]) if b.shape[0] == 1 else b) / self.temperature_

    @property
    def n_iter_(self) -> np.ndarray:
        check_is_fitted(self)
        n_iter: np.ndarray = self.estimator_.n_iter_
        return n_iter

    def decision_function(self, X: Any) -> np.ndarray:
        """Temperature-scaled decision values: (n_samples, n_classes), or (n_samples,) for two classes."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return self._scores(X)

    def _scores(self, X: Any) -> np.ndarray:
        # The linear model's decision_function arithmetic (X @ coef.T + intercept), with coef.T kept in the
        # layout scipy needs instead of converted on every call, then the temperature. X is validated.
        lr = self.estimator_
        scores: np.ndarray = safe_sparse_dot(X, _coef_t(lr, X.dtype), dense_output=True) + lr.intercept_
        if scores.ndim > 1 and scores.shape[1] == 1:
            scores = scores.reshape(-1)
        return scores / self.temperature_

    def predict_proba(self, X: Any) -> np.ndarray:
        return _softmax(_as_2d(self.decision_function(X)))

    def predict(self, X: Any) -> np.ndarray:
        scores = _as_2d(self.decision_function(X))
        predicted: np.ndarray = self.classes_[np.argmax(scores, axis=1)]
        return predicted

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


def make_pipeline(**params: Any) -> Pipeline:
    """The default linkmotive pipeline: spaCy analysis, features, classifier.

    Keyword arguments are pipeline parameters (``classify__C=5``...).

    Examples
    --------
    >>> pipe = make_pipeline(classify__C=5.0)
    >>> [name for name, _ in pipe.steps]
    ['analyse', 'features', 'classify']
    """
    pipe = Pipeline(
        [
            ("analyse", TextAnalyzer()),
            ("features", make_features()),
            ("classify", MotiveClassifier()),
        ]
    )
    return pipe.set_params(**params) if params else pipe


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


_Plan = tuple[TextAnalyzer, list[tuple[list[Any], "float | None"]], MotiveClassifier]


def _direct_plan(pipeline: Any) -> _Plan | None:
    """The steps of a fitted default-shaped pipeline, or None for any other pipeline.

    For the default shape (analyser → FeatureUnion of Select → vectorizer pipelines and the dense
    block → MotiveClassifier), :func:`_direct_proba` does what ``pipeline.predict_proba`` does,
    with the same arithmetic in the same order, minus scikit-learn's per-call dispatch and
    validation (joblib, output wrappers, tags), which cost a single prediction about 2.5 ms.
    """
    steps = getattr(pipeline, "steps", None)
    if type(pipeline) is not Pipeline or steps is None or len(steps) != 3:
        return None
    (_, analyser), (_, union), (_, clf) = steps
    if type(analyser) is not TextAnalyzer or type(union) is not FeatureUnion or type(clf) is not MotiveClassifier:
        return None
    if union.n_jobs not in (None, 1) or not hasattr(clf, "estimator_"):
        return None
    weights = union.transformer_weights or {}
    blocks: list[tuple[list[Any], float | None]] = []
    for name, trans in union.transformer_list:
        if isinstance(trans, str) and trans == "drop":
            continue
        chain = trans.steps if type(trans) is Pipeline else [(name, trans)]
        if not all(type(step) in (Select, BlockVectorizer, DenseBlock) for _, step in chain):
            return None
        blocks.append(([step for _, step in chain], weights.get(name)))
    return (analyser, blocks, clf) if blocks else None


_COEF_T: weakref.WeakKeyDictionary[Any, tuple[Any, np.ndarray]] = weakref.WeakKeyDictionary()


def _coef_t(lr: Any, dtype: Any) -> np.ndarray:
    """``lr.coef_.T`` as the contiguous array scipy would convert it to on every product, made once."""
    dtype = np.result_type(dtype, lr.coef_.dtype)
    cached = _COEF_T.get(lr)
    if cached is None or cached[0] is not lr.coef_ or cached[1].dtype != dtype:
        cached = _COEF_T[lr] = (lr.coef_, np.ascontiguousarray(lr.coef_.T, dtype=dtype))
    return cached[1]


def _direct_proba(plan: _Plan, examples: Sequence[Example]) -> np.ndarray:
    import scipy.sparse as sp

    analyser, blocks, clf = plan
    columns = analyser.transform(examples)
    parts = []
    for chain, weight in blocks:
        out: Any = columns
        for step in chain:
            out = step.transform(out)
        parts.append(out if weight is None else out * weight)
    X = sp.hstack(parts).tocsr()
    if X.shape[1] != clf.n_features_in_:
        raise ValueError(f"X has {X.shape[1]} features, but the classifier expects {clf.n_features_in_}.")
    return _softmax(_as_2d(clf._scores(X)))


@dataclass
class Model:
    """A trained linkmotive model: the pipeline plus its labels, thresholds and manifest.

    Use :func:`linkmotive.train` to make one and :func:`linkmotive.load` to read
    one from disk; :meth:`save` writes it.

    Attributes
    ----------
    pipeline : sklearn.pipeline.Pipeline
        The fitted scikit-learn pipeline.
    thresholds : dict
        Per-label confidence below which a prediction is ``uncertain``.
    manifest : dict
        Provenance: versions, training data hash, metrics.
    """

    pipeline: Pipeline
    thresholds: dict[str, float] = field(default_factory=lambda: {lab: 0.5 for lab in LABELS})
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.pipeline.classes_)

    def predict_proba(self, examples: Sequence[Example]) -> np.ndarray:
        """Probabilities (examples × labels, ``LABELS`` order) for :class:`Example` rows."""
        plan = _direct_plan(self.pipeline)
        if plan is None:
            proba: np.ndarray = self.pipeline.predict_proba(examples)
            return proba
        return _direct_proba(plan, examples)

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

    def predict_iter(self, examples: Iterable[Example], chunk: int = CHUNK) -> Iterator[Prediction]:
        """Predict lazily, ``chunk`` examples at a time, in input order."""
        batch: list[Example] = []
        for ex in examples:
            batch.append(ex)
            if len(batch) >= chunk:
                yield from self._predictions(batch, self.predict_proba(batch))
                batch = []
        if batch:
            yield from self._predictions(batch, self.predict_proba(batch))

    def explain(self, example: Example, top: int = 6) -> Explanation:
        """The features that pushed ``example`` most toward and away from its label."""
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
        spelled = _WordsBySubstring(texts)
        for j, v in zip(x.indices, x.data):
            c = float(v * centred[j])
            block, _, name = names[j].partition("__")
            if block.endswith("_chars"):
                words = spelled.get(block[: -len("_chars")], name.strip())
                for w in words:
                    key = f"{'headline' if block.startswith('hl') else 'message'} word '{w}' (spelling)"
                    contrib[key] = contrib.get(key, 0.0) + c / max(1, len(words))
            else:
                contrib[self._describe(block, name, j)] = c
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
