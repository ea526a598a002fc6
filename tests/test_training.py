"""train() and evaluate(): accepted inputs, errors before training, honest metrics."""

import pytest

import linkmotive
from linkmotive import TrainingDataError


def test_training_accepts_pairs(tiny_rows):
    pairs = [(r["text"], r["label"]) for r in tiny_rows]
    model = linkmotive.train(pairs, params={"features__all_words__tfidf__min_df": 1})
    assert model.labels == linkmotive.LABELS


def test_training_accepts_dataframe(tiny_rows):
    pd = pytest.importorskip("pandas")
    model = linkmotive.train(pd.DataFrame(tiny_rows))
    assert model.manifest["training"]["n_examples"] == len(tiny_rows)


def test_training_accepts_jsonl_path():
    from pathlib import Path

    model = linkmotive.train(Path(__file__).parent / "data" / "tiny.jsonl")
    assert model.manifest["training"]["n_examples"] == 30


def test_training_unknown_label_fails_before_training(tiny_rows):
    rows = [*tiny_rows, {"id": "x", "text": "hello", "label": "spam"}]
    with pytest.raises(TrainingDataError, match="unknown label 'spam'"):
        linkmotive.train(rows)


def test_training_missing_label_fails(tiny_rows):
    rows = [r for r in tiny_rows if r["label"] != "buy"]
    with pytest.raises(TrainingDataError, match=r"\['buy'\]"):
        linkmotive.train(rows)


def test_training_bad_text_type(tiny_rows):
    with pytest.raises(TrainingDataError, match="must be a string"):
        linkmotive.train([*tiny_rows, {"id": "x", "text": 5, "label": "buy"}])


def test_training_bad_example_shape():
    with pytest.raises(TrainingDataError, match="expected a dict row"):
        linkmotive.train(["just a string"])


def test_training_is_reproducible(tiny_rows, tiny_model):
    again = linkmotive.train(
        tiny_rows,
        params={f"features__{b}__tfidf__min_df": 1 for b in ("all_words", "all_chars", "msg_chars", "hl_chars")},
    )
    texts = ["We met in Oslo", "quote for 300 boxes please"]
    assert linkmotive.classify(texts, model=again) == linkmotive.classify(texts, model=tiny_model)


def test_training_with_dev_sets_thresholds(tiny_rows):
    model = linkmotive.train(tiny_rows[::2] + tiny_rows[1::2], dev=tiny_rows)
    assert model.manifest["training"]["held_out"] == "dev"
    assert set(model.thresholds) == set(linkmotive.LABELS)
    assert all(0.5 <= t <= 1.0 for t in model.thresholds.values())


def test_evaluate_reports_per_label_metrics(tiny_model, tiny_rows):
    report = linkmotive.evaluate(tiny_model, tiny_rows)
    assert report["n"] == 30
    assert set(report["per_label"]) == set(linkmotive.LABELS)
    assert sum(map(sum, report["confusion_matrix"])) == 30
    assert 0.0 <= report["ece"] <= 1.0
    assert report["accuracy"] > 0.8  # it has seen these rows; a broken pipeline would not fit them


def test_training_dataframe_with_empty_headline_cells(tiny_rows):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{**r, "headline": None} for r in tiny_rows])
    frame.loc[0, "headline"] = "Site Manager at Hollis Build"
    from linkmotive.datasets import read_labeled

    data = read_labeled(frame)
    assert data.examples[1].headline is None


def test_training_data_too_small_for_min_df_leaves_blocks_empty(tiny_rows):
    # 30 rows: no term of some blocks reaches min_df; those blocks get no columns instead of failing the fit.
    with pytest.warns(UserWarning, match=r"No term reaches min_df=30 .*Fix: a lower min_df"):
        model = linkmotive.train(
            tiny_rows, params={f"features__{b}__tfidf__min_df": 30 for b in ("all_words", "hl_chars")}
        )
    union = model.pipeline.named_steps["features"]
    assert union.named_transformers["all_words"].named_steps["tfidf"].empty_
    assert union.named_transformers["hl_chars"].named_steps["tfidf"].empty_
    assert not union.named_transformers["all_chars"].named_steps["tfidf"].empty_
    assert linkmotive.classify("Could I pick your brain?", model=model).label in linkmotive.LABELS
