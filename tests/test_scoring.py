"""scoring: held-out probabilities from a model or from cross-validation, and their reports."""

import numpy as np
import pytest

import linkmotive
from linkmotive import LABELS, InputError, TrainingDataError
from linkmotive.scoring import ScoredExamples, cross_validate, metrics_report, reliability_table, score

MIN_DF_1 = {f"features__{block}__tfidf__min_df": 1 for block in ("all_words", "all_chars", "msg_chars", "hl_chars")}


def test_scoring_report_matches_evaluate(default_model, tiny_rows):
    assert score(default_model, tiny_rows).report() == linkmotive.evaluate(default_model, tiny_rows)


def test_scoring_scored_examples_properties(default_model, tiny_rows):
    s = score(default_model, tiny_rows)
    assert len(s) == len(tiny_rows) and s.proba.shape == (len(tiny_rows), len(LABELS))
    assert s.ids == [r["id"] for r in tiny_rows]
    assert s.predicted == [LABELS[i] for i in s.proba.argmax(axis=1)]
    assert np.allclose(s.confidence, s.proba.max(axis=1))
    assert s.correct.tolist() == [p == t for p, t in zip(s.predicted, s.labels)]


def test_scoring_metrics_report_counts():
    proba = np.eye(5)[[0, 0, 4, 3]]
    report = metrics_report(["network", "learn", "buy", "buy"], proba)
    assert report["n"] == 4 and report["accuracy"] == 0.5
    assert report["confusion_matrix"][1][0] == 1 and report["confusion_matrix"][4][3] == 1
    assert report["per_label"]["network"]["precision"] == 0.5


def test_scoring_cross_validate_predicts_every_row(tiny_rows, default_model):
    cv = cross_validate(tiny_rows, cv=3, params=MIN_DF_1)
    assert cv.proba.shape == (len(tiny_rows), len(LABELS))
    assert np.allclose(cv.proba.sum(axis=1), 1.0)
    assert cv.labels == [r["label"] for r in tiny_rows] and cv.ids == [r["id"] for r in tiny_rows]
    assert cv.source == "cross-validation, 3 folds"
    assert set(cv.report()) == set(linkmotive.evaluate(default_model, tiny_rows))


def test_scoring_cross_validate_is_reproducible(tiny_rows):
    a = cross_validate(tiny_rows, cv=2, params=MIN_DF_1, random_state=3)
    b = cross_validate(tiny_rows, cv=2, params=MIN_DF_1, random_state=3)
    assert np.array_equal(a.proba, b.proba)


def test_scoring_cross_validate_predicts_out_of_fold():
    # A text seen in training would be predicted with its (wrong) label; held out, it gets the label of its twins.
    rows = [
        ("We met at the Oslo expo, let's keep in touch", "network"),
        ("Loved your talk, any advice for a student?", "learn"),
        ("What went wrong with the launch? I want to avoid it", "avoid-mistakes"),
        ("We help clinics book more patients, demo?", "sell"),
        ("Could you send a quote for 500 units?", "buy"),
    ] * 4
    rows[-1] = ("Could you send a quote for 500 units?", "sell")
    cv = cross_validate(rows, cv=2)
    assert cv.predicted[-1] == "buy"


def test_scoring_cross_validate_needs_two_of_each_label(tiny_rows):
    rows = [r for r in tiny_rows if r["label"] != "buy"] + [next(r for r in tiny_rows if r["label"] == "buy")]
    with pytest.raises(TrainingDataError, match=r"at least 2 examples of every label.*'buy': 1"):
        cross_validate(rows)


@pytest.mark.parametrize("cv", [1, 0, "5", True])
def test_scoring_cross_validate_rejects_bad_cv(tiny_rows, cv):
    with pytest.raises(InputError, match="cv must be an int of at least 2"):
        cross_validate(tiny_rows, cv=cv)


def test_scoring_reliability_table_bins(default_model, tiny_rows):
    s = score(default_model, tiny_rows)
    table = reliability_table(s, bins=5)
    assert sum(row["n"] for row in table) == len(s)
    assert all(row["low"] <= row["confidence"] <= row["high"] for row in table)
    with pytest.raises(InputError, match="bins"):
        reliability_table(s, bins=0)


def test_scoring_score_rejects_a_non_model(tiny_rows):
    with pytest.raises(TypeError, match="linkmotive Model"):
        score("my-model", tiny_rows)


def test_scoring_scored_examples_is_public():
    assert linkmotive.cross_validate is cross_validate
    assert ScoredExamples.__module__ == "linkmotive.scoring"


@pytest.mark.slow
def test_scoring_cross_validate_parallel_equals_serial(tiny_rows):
    serial = cross_validate(tiny_rows, cv=3, params=MIN_DF_1)
    parallel = cross_validate(tiny_rows, cv=3, params=MIN_DF_1, n_jobs=2)
    assert np.allclose(serial.proba, parallel.proba, atol=1e-9)
