"""The model is a real scikit-learn estimator: clone, params, grid search, estimator checks."""

import pytest
from sklearn.base import clone
from sklearn.utils.estimator_checks import parametrize_with_checks

from linkmotive.model import MotiveClassifier, make_pipeline


def test_model_pipeline_clones_and_exposes_params():
    pipe = make_pipeline(classify__C=3.0)
    copy = clone(pipe)
    assert copy.get_params()["classify__C"] == 3.0
    assert [n for n, _ in copy.steps] == ["analyse", "features", "classify"]


def test_model_pipeline_grid_search(tiny_rows):
    from sklearn.model_selection import GridSearchCV

    X = [(r["text"], None, r["kind"]) for r in tiny_rows]
    y = [r["label"] for r in tiny_rows]
    grid = GridSearchCV(make_pipeline(classify__cv=2), {"classify__C": [1.0, 10.0]}, cv=2)
    grid.fit(X, y)
    assert grid.best_params_["classify__C"] in (1.0, 10.0)


def test_model_swap_classifier(tiny_rows):
    from sklearn.linear_model import SGDClassifier

    X = [(r["text"], None, r["kind"]) for r in tiny_rows]
    y = [r["label"] for r in tiny_rows]
    pipe = make_pipeline().set_params(classify=SGDClassifier(random_state=0)).fit(X, y)
    assert set(pipe.predict(X)) <= set(y)


def test_model_temperature_is_positive(tiny_model):
    assert tiny_model.pipeline.named_steps["classify"].temperature_ > 0


@pytest.mark.slow
@parametrize_with_checks([MotiveClassifier(cv=2)])
def test_model_sklearn_estimator_checks(estimator, check):
    check(estimator)
