"""The classifier and the whole scikit-learn pipeline.

``make_pipeline()`` returns a plain scikit-learn :class:`~sklearn.pipeline.Pipeline`
(``analyse`` → ``features`` → ``classify``) that can be cloned, grid-searched or
given another final estimator. :class:`MotiveClassifier` is its last step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._compiled import as_2d, linear_scores, softmax
from .features import TextAnalyzer, make_features
from .labels import LABELS
from .model import Model as _Model  # noqa: F401  # linkmotive.model must be loaded: see MotiveClassifier.__module__

__all__ = ["MotiveClassifier", "fit_temperature", "make_pipeline"]


def fit_temperature(decision: np.ndarray, y_index: np.ndarray) -> float:
    """The temperature T minimising the log loss of ``softmax(decision / T)``."""
    z = as_2d(decision)

    def nll(log_t: float) -> float:
        p = softmax(z / math.exp(log_t))
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
        # Half-precision weights quarter the model on disk; decision values move by ~1e-4, probabilities by
        # less. Weights too large for float16 (a huge C) stay float32.
        coef = self.estimator_.coef_
        self.estimator_.coef_ = coef.astype(np.float16 if np.abs(coef).max(initial=0.0) < 1e4 else np.float32)
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
        coef: np.ndarray = self.estimator_.coef_.astype(np.float64)  # stored in float16 or float32
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
        # X is validated; the arithmetic is linkmotive._compiled.linear_scores, shared with the compiled path.
        return linear_scores(self, X)

    def predict_proba(self, X: Any) -> np.ndarray:
        return softmax(as_2d(self.decision_function(X)))

    def predict(self, X: Any) -> np.ndarray:
        scores = as_2d(self.decision_function(X))
        predicted: np.ndarray = self.classes_[np.argmax(scores, axis=1)]
        return predicted

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


# Files and pickles have always named it linkmotive.model.MotiveClassifier (it lived there until this module
# was split off, and linkmotive.model still resolves the name): keeping that name lets older linkmotive
# versions read models saved by this one. linkmotive.model is imported above, so that pickle and cloudpickle
# (joblib's workers) always find the class under that name and send it by reference.
MotiveClassifier.__module__ = "linkmotive.model"


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
