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


def test_model_direct_path_equals_pipeline(default_model):
    # Model.predict_proba skips scikit-learn's dispatch for the default pipeline shape; the numbers must
    # be exactly those of pipeline.predict_proba, for every kind of input and any batch size.
    import numpy as np

    from linkmotive._compiled import compile_pipeline
    from linkmotive.datasets import load_corpus
    from linkmotive.features import Example

    rows = load_corpus("test")[:300]
    examples = [Example(r["text"], r.get("headline"), r["kind"]) for r in rows]
    examples += [Example("Hi", "Procurement lead | sourcing print suppliers"), Example("ok", None, "headline")]
    assert compile_pipeline(default_model.pipeline) is not None
    want = default_model.pipeline.predict_proba(examples)
    assert np.array_equal(default_model.predict_proba(examples), want)
    assert np.array_equal(default_model.predict_proba(examples[:1]), want[:1])  # one-row shortcuts
    assert np.array_equal(default_model.predict_proba(examples[:7]), want[:7])  # a few rows, no sparse product


def test_model_direct_path_falls_back_for_other_pipelines(tiny_rows):
    from sklearn.linear_model import LogisticRegression

    from linkmotive._compiled import compile_pipeline
    from linkmotive.features import Example
    from linkmotive.model import Model

    X = [(r["text"], None, r["kind"]) for r in tiny_rows]
    y = [r["label"] for r in tiny_rows]
    pipe = make_pipeline().set_params(classify=LogisticRegression(max_iter=200)).fit(X, y)
    assert compile_pipeline(pipe) is None
    model = Model(pipe)
    assert model.predict_proba([Example("could I pick your brain?")]).shape == (1, len(set(y)))


@pytest.mark.parametrize("loss", ["squared_hinge", "log_loss"])
def test_model_classifier_losses_fit_and_calibrate(loss):
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 4))
    y = np.array(["network", "learn", "sell"])[np.argmax(X[:, :3], axis=1)]
    clf = MotiveClassifier(loss=loss, cv=3).fit(X, y)
    assert clf.temperature_ > 0
    proba = clf.predict_proba(X)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert (clf.predict(X) == y).mean() > 0.8


def test_model_classifier_rejects_unknown_loss():
    import numpy as np

    with pytest.raises(ValueError, match="'loss' parameter of MotiveClassifier must be"):
        MotiveClassifier(loss="hinge").fit(np.eye(4), ["a", "b", "a", "b"])


def test_model_classifier_pickles_by_reference_in_a_fresh_process():
    # MotiveClassifier keeps the name linkmotive.model.MotiveClassifier; cloudpickle (joblib's workers) must
    # send it by reference even when only linkmotive.classifier was imported, or super() breaks in workers.
    import subprocess
    import sys

    pytest.importorskip("cloudpickle")
    code = (
        "import cloudpickle, pickle\n"
        "from linkmotive.classifier import MotiveClassifier\n"
        "assert len(cloudpickle.dumps(MotiveClassifier)) < 200\n"
        "assert pickle.loads(cloudpickle.dumps(MotiveClassifier(C=2.0))).C == 2.0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_model_shared_blocks_read_message_and_headline_as_one_text():
    from linkmotive._analysis import analyse_columns
    from linkmotive.features import Example, make_features

    cols = analyse_columns(
        [
            Example("Could you send a quote?", "Procurement Lead"),
            Example("Hi"),
            Example("Head of Sales", None, "headline"),
        ]
    )
    assert cols.all_lemmas == [f"{cols.msg_lemmas[0]} {cols.hl_lemmas[0]}", cols.msg_lemmas[1], cols.hl_lemmas[2]]
    assert cols.all_chars == [f"{cols.msg_chars[0]} {cols.hl_chars[0]}", cols.msg_chars[1], cols.hl_chars[2]]
    assert cols.all_lemmas[2] == "head of sale" and cols.msg_lemmas[2] == ""
    names = [name for name, _ in make_features().transformer_list]
    assert names == ["all_words", "all_chars", "msg_chars", "hl_chars", "msg_roles", "dense"]


def test_model_explain_names_the_text_a_shared_feature_came_from(default_model):
    from linkmotive.features import Example

    def names(message, headline):
        explanation = default_model.explain(Example(message, headline), top=200)
        return {c.feature for c in explanation.toward + explanation.away}

    got = names("Could you send me a quote for 500 units?", "Procurement Lead")
    assert not any("all_" in n for n in got)
    assert "headline word 'procurement'" in got and "message word 'quote'" in got  # the shared word block
    assert "message word 'procurement'" not in got and "headline word 'quote'" not in got
    assert "message + headline phrase '? procurement'" in got  # spans the end of one and the start of the other
    assert "headline phrase '? procurement'" not in got
    both = names("Looking for a procurement partner", "Procurement Lead")  # in both texts: both are named
    assert {"message word 'procurement'", "headline word 'procurement'"} <= both


def test_model_methods_take_plain_texts_like_examples(default_model):
    from linkmotive.errors import InputTypeError
    from linkmotive.features import Example

    text = "Could you send me a quote for 500 units?"
    by_text = list(default_model.predict_iter([text, text], chunk=1))
    by_example = list(default_model.predict_iter([Example(text)]))
    assert by_text[0] == by_text[1] == by_example[0]
    assert default_model.explain(text) == default_model.explain(Example(text))
    with pytest.raises(InputTypeError, match="index 1"):
        list(default_model.predict_iter([text, 5]))


def test_model_methods_refuse_a_bare_text_a_bad_headline_and_a_bad_top(default_model):
    from linkmotive.errors import InputError, InputTypeError
    from linkmotive.features import Example

    for call in (lambda: default_model.predict_proba("hello"), lambda: list(default_model.predict_iter("hello"))):
        with pytest.raises(InputTypeError, match=r"\[text\]"):
            call()  # a str is iterable: it used to become one prediction per character
    with pytest.raises(InputTypeError, match="list of texts"):
        default_model.predict_proba(Example("hello"))
    with pytest.raises(InputTypeError, match="headline at index 0"):
        default_model.predict_proba([("hi", 5)])
    for top in (0, -2, "3", None, True):
        with pytest.raises(InputError, match="top must be a positive int"):
            default_model.explain("Could you quote 500 boxes?", top=top)
    with pytest.raises(InputError, match="empty"):
        default_model.explain("\u200b")
    assert len(default_model.explain("Could you quote 500 boxes?", top=2).toward) <= 2


def test_model_classifier_stores_half_precision_weights(tmp_path, tiny_model):
    import numpy as np

    import linkmotive
    from linkmotive.features import Example

    clf = MotiveClassifier(cv=2).fit(np.eye(6), ["a", "b", "c"] * 2)
    assert clf.estimator_.coef_.dtype == np.float16
    assert tiny_model.pipeline.named_steps["classify"].estimator_.coef_.dtype == np.float16
    tiny_model.save(tmp_path / "m")
    again = linkmotive.load(tmp_path / "m")
    assert again.pipeline.named_steps["classify"].estimator_.coef_.dtype == np.float16
    examples = [Example("Could I pick your brain?"), Example("We sell payroll software", None)]
    assert np.array_equal(again.predict_proba(examples), tiny_model.predict_proba(examples))
