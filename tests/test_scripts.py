"""The maintainer scripts that choose and measure the default model still run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_grouped_cv_holds_out_whole_writers_on_a_sample(monkeypatch):
    grouped_cv = _script("grouped_cv")
    from linkmotive.datasets import load_corpus

    rows = load_corpus("train")
    labels_by_author: dict[str, set[str]] = {}
    for r in rows:
        labels_by_author.setdefault(r["author"], set()).add(r["label"])
    authors = sorted(a for a, labels in labels_by_author.items() if len(labels) == 5)[:8]  # writers of every label
    sample = [r for r in rows if r["author"] in authors][::4]
    assert {r["kind"] for r in sample} == {"message", "headline"}
    monkeypatch.setattr(grouped_cv, "load_corpus", lambda split: sample if split == "train" else [])
    seen = []
    real_fit = grouped_cv.fit_fold

    def spy(params, X, y, train, test):
        groups = np.array([r["author"] for r in sample])
        seen.append(set(groups[train].tolist()) & set(groups[test].tolist()))
        return real_fit(params, X, y, train, test)

    monkeypatch.setattr(grouped_cv, "fit_fold", spy)
    result = grouped_cv.grouped_cv({"features__all_words__tfidf__min_df": 2}, n_jobs=1)
    assert seen == [set()] * grouped_cv.FOLDS  # no writer on both sides of a fold
    assert result["rows"] == len(sample) and result["groups"] == len(authors)
    assert 0.3 < result["macro_f1"] <= 1.0 and 0.3 < result["accuracy"] <= 1.0
    assert 0.0 < result["macro_f1_messages"] <= 1.0 and 0.0 < result["macro_f1_headlines"] <= 1.0


def test_columns_take_keeps_every_column_aligned():
    """grouped_cv analyses the corpus once and cuts folds with Columns.take."""
    import dataclasses

    from linkmotive.features import Example, TextAnalyzer

    X = TextAnalyzer().transform(
        [Example("Hello there"), Example("We sell boats", "Owner"), Example("CFO", None, "headline")]
    )
    part = X.take(np.array([2, 0]))
    assert len(part) == 2
    for field in dataclasses.fields(X):
        whole, cut = getattr(X, field.name), getattr(part, field.name)
        if isinstance(whole, np.ndarray):
            assert np.array_equal(cut, whole[[2, 0]]), field.name
        else:
            assert cut == [whole[2], whole[0]], field.name
    assert part.all_lemmas == [X.all_lemmas[2], X.all_lemmas[0]]
    assert len(X.take([])) == 0 and X.take([]).dense.shape == (0, X.dense.shape[1])
    from linkmotive.errors import InputTypeError

    for bad in ([True, False, True], [0.9, 2.2]):
        with pytest.raises(InputTypeError, match="integer positions"):
            X.take(bad)
