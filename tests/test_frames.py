"""classify_frame: pandas in and out."""

from __future__ import annotations

import sys

import pytest

import linkmotive
from linkmotive import LABELS, InputError, InputTypeError, MissingDependencyError

pd = pytest.importorskip("pandas")

TEXTS = [
    "We met at the Leeds marketing breakfast, great to connect",
    "Could I pick your brain on how you grew the newsletter?",
    "Could you send a quote for 400 pallets?",
]
SCORES = [f"score_{lab}" for lab in LABELS]


def test_frames_adds_the_cli_columns_and_keeps_the_index():
    from linkmotive.cli import RESULT_COLUMNS as CLI_COLUMNS

    df = pd.DataFrame({"id": [7, 3, 9], "text": TEXTS}, index=[30, 10, 20])
    out = linkmotive.classify_frame(df)
    assert list(out.columns) == ["id", "text", *CLI_COLUMNS]
    assert list(out.index) == [30, 10, 20]
    assert out["id"].tolist() == [7, 3, 9]
    assert out["label"].tolist() == ["network", "learn", "buy"]
    assert (out["status"] == "ok").all()
    assert out[SCORES].sum(axis=1).round(6).tolist() == [1.0, 1.0, 1.0]
    assert "label" not in df.columns  # the input is not modified


def test_frames_matches_classify():
    out = linkmotive.classify_frame(pd.DataFrame({"text": TEXTS}))
    for (_, row), pred in zip(out.iterrows(), linkmotive.classify(TEXTS)):
        assert row["label"] == pred.label
        assert row["confidence"] == pytest.approx(pred.confidence)
        assert bool(row["uncertain"]) == pred.uncertain
        assert [row[c] for c in SCORES] == pytest.approx([pred.scores[lab] for lab in LABELS])


def test_frames_series_in_frame_out():
    s = pd.Series(TEXTS, index=["a", "b", "c"], name="message")
    out = linkmotive.classify_frame(s)
    assert isinstance(out, pd.DataFrame)
    assert list(out.index) == ["a", "b", "c"]
    assert out["message"].tolist() == TEXTS
    assert out["label"].tolist() == ["network", "learn", "buy"]


def test_frames_unnamed_series_uses_column_name():
    out = linkmotive.classify_frame(pd.Series(TEXTS[:1]), column="body")
    assert out.columns[0] == "body"


def test_frames_headline_column():
    df = pd.DataFrame(
        {
            "msg": ["Hi, I'd like to join your network", ""],
            "head": ["Procurement Lead | sourcing print suppliers", "Talent Acquisition @ Novamed"],
        }
    )
    out = linkmotive.classify_frame(df, column="msg", headline_column="head")
    expected = linkmotive.classify(df["msg"].tolist(), headline=df["head"].tolist())
    assert out["label"].tolist() == [p.label for p in expected]
    assert out["confidence"].tolist() == pytest.approx([p.confidence for p in expected])


def test_frames_empty_and_missing_texts_are_kept_as_skipped():
    df = pd.DataFrame({"text": [TEXTS[0], None, "  \u200b ", float("nan"), TEXTS[2]]}, index=list("vwxyz"))
    out = linkmotive.classify_frame(df)
    assert list(out.index) == list("vwxyz")
    assert out["status"].tolist() == ["ok", "skipped: empty text", "skipped: empty text", "skipped: empty text", "ok"]
    assert out["label"].isna().tolist() == [False, True, True, True, False]
    assert out["label"].dropna().tolist() == ["network", "buy"]
    assert out["confidence"].isna().tolist() == [False, True, True, True, False]
    assert out["uncertain"].dtype == "boolean"
    assert out["uncertain"].isna().tolist() == [False, True, True, True, False]
    assert len(out[out["uncertain"]]) <= 2  # a nullable mask still filters


def test_frames_string_dtype_column():
    df = pd.DataFrame({"text": pd.array([TEXTS[1], pd.NA], dtype="string")})
    out = linkmotive.classify_frame(df)
    assert out["label"].iloc[0] == "learn"
    assert out["label"].isna().tolist() == [False, True]


def test_frames_kind_headline():
    out = linkmotive.classify_frame(
        pd.DataFrame({"text": ["Procurement Lead | sourcing print suppliers"]}), kind="headline"
    )
    assert out["label"].tolist() == ["buy"]


def test_frames_prefix_avoids_clobbering_gold_labels():
    df = pd.DataFrame({"text": TEXTS, "label": ["network", "learn", "buy"]})
    with pytest.raises(InputError, match=r"already has the column\(s\) \['label'\].*prefix="):
        linkmotive.classify_frame(df)
    out = linkmotive.classify_frame(df, prefix="pred_")
    assert (out["pred_label"] == out["label"]).all()
    assert "pred_score_buy" in out.columns


def test_frames_custom_model(default_model):
    out = linkmotive.classify_frame(pd.DataFrame({"text": TEXTS}), model=default_model)
    assert out["label"].tolist() == ["network", "learn", "buy"]


def test_frames_empty_frame():
    out = linkmotive.classify_frame(pd.DataFrame({"text": pd.Series([], dtype=object)}))
    assert len(out) == 0
    assert "score_buy" in out.columns


def test_frames_duplicate_index_is_preserved():
    df = pd.DataFrame({"text": TEXTS[:2]}, index=[1, 1])
    out = linkmotive.classify_frame(df)
    assert list(out.index) == [1, 1]
    assert out["label"].tolist() == ["network", "learn"]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"column": "body"}, InputError, r"column='body' is not a column of the frame.*\['text'\]"),
        ({"headline_column": "hl"}, InputError, "headline_column='hl' is not a column"),
        ({"kind": "tweet"}, InputError, "kind must be one of"),
        ({"model": "default"}, InputTypeError, "model must be a linkmotive Model"),
    ],
)
def test_frames_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        linkmotive.classify_frame(pd.DataFrame({"text": TEXTS[:1]}), **kwargs)


def test_frames_non_string_text_names_the_index():
    df = pd.DataFrame({"text": [TEXTS[0], 42]}, index=["first", "second"])
    with pytest.raises(InputTypeError, match="text at index 'second' must be a str, got int"):
        linkmotive.classify_frame(df)


def test_frames_rejects_non_pandas_input():
    with pytest.raises(InputTypeError, match="DataFrame or Series, got list"):
        linkmotive.classify_frame(TEXTS)


def test_frames_series_with_headline_column_is_an_error():
    with pytest.raises(InputError, match="Series"):
        linkmotive.classify_frame(pd.Series(TEXTS), headline_column="head")


def test_frames_without_pandas_names_the_pip_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'linkmotive\[pandas\]'"):
        linkmotive.classify_frame(None)


def test_frames_is_exported():
    assert "classify_frame" in linkmotive.__all__
    from linkmotive.frames import classify_frame

    assert linkmotive.classify_frame is classify_frame


def test_frames_duplicate_text_columns_and_a_bad_prefix_are_clear_errors():
    from linkmotive.errors import InputError, InputTypeError

    with pytest.raises(InputError, match="2 columns named 'text'"):
        linkmotive.classify_frame(pd.DataFrame([["hi", "x"]], columns=["text", "text"]))
    with pytest.raises(InputTypeError, match="prefix must be a str"):
        linkmotive.classify_frame(pd.DataFrame({"text": ["hi"]}), prefix=None)
