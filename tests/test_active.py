"""active: what to label next (margin sampling and friends) and likely label errors."""

import math

import pytest

import linkmotive
from linkmotive import InputError, InputTypeError
from linkmotive.active import STRATEGIES, find_label_errors, suggest_for_labeling

POOL = [
    "Could you send a quote for 400 pallets?",
    "Would you be open to a quick call?",
    "We met at the Leeds marketing breakfast, great to connect",
    "Interested in what you do.",
    "Loved your post, could I pick your brain about pricing?",
    "Can I ask you something about your last project?",
    "We help agencies like yours double their leads. Free audit?",
    "What went wrong with the launch? Asking so I don't repeat it",
]

ROWS = [
    ("We met at the Oslo expo, let's keep in touch", "network"),
    ("Loved your talk, any advice for a student?", "learn"),
    ("What went wrong with the launch? I want to avoid it", "avoid-mistakes"),
    ("We help clinics book more patients, demo?", "sell"),
    ("Could you send a quote for 500 units?", "buy"),
] * 4


def top2(pred):
    a, b = sorted(pred.scores.values(), reverse=True)[:2]
    return a, b


def test_active_suggest_margin_smallest_gap_first(default_model):
    picks = suggest_for_labeling(POOL, n=len(POOL), model=default_model)
    assert sorted(p.index for p in picks) == list(range(len(POOL)))
    margins = [p.margin for p in picks]
    assert margins == sorted(margins)
    for p in picks:
        a, b = top2(p.prediction)
        assert p.margin == pytest.approx(a - b)
        assert p.text == POOL[p.index]
    # The clear request for a quote is among the surest, the vague call among the least sure.
    order = [p.index for p in picks]
    assert order.index(1) < order.index(0)


def test_active_suggest_returns_n_most_informative(default_model):
    everything = suggest_for_labeling(POOL, n=len(POOL), model=default_model)
    assert [p.index for p in suggest_for_labeling(POOL, n=3, model=default_model)] == [p.index for p in everything[:3]]
    assert len(suggest_for_labeling(POOL, n=100, model=default_model)) == len(POOL)


def test_active_suggest_other_strategies(default_model):
    least = suggest_for_labeling(POOL, n=len(POOL), model=default_model, strategy="least-confident")
    conf = [p.prediction.confidence for p in least]
    assert conf == sorted(conf)
    ent = suggest_for_labeling(POOL, n=len(POOL), model=default_model, strategy="entropy")
    entropies = [p.entropy for p in ent]
    assert entropies == sorted(entropies, reverse=True)
    p = ent[0].prediction
    assert ent[0].entropy == pytest.approx(-sum(v * math.log(v) for v in p.scores.values() if v > 0), abs=1e-6)


def test_active_suggest_uses_the_default_model():
    picks = suggest_for_labeling(POOL[:2], n=1)
    assert len(picks) == 1 and picks[0].prediction.label in linkmotive.LABELS


def test_active_suggest_accepts_rows_and_headlines(default_model):
    rows = [
        {
            "text": "Procurement Lead | sourcing print suppliers",
            "kind": "headline",
            "headline": "ignored for a headline",
        },
        {"text": "Hi, I'd like to join your network", "headline": "Procurement Lead | sourcing print suppliers"},
    ]
    picks = {p.index: p for p in suggest_for_labeling(rows, n=2, model=default_model)}
    assert picks[0].prediction.kind == "headline"
    assert picks[1].headline == "Procurement Lead | sourcing print suppliers"
    expected = linkmotive.classify(rows[1]["text"], headline=rows[1]["headline"], model=default_model)
    assert picks[1].prediction.scores == pytest.approx(expected.scores)
    by_list = suggest_for_labeling(["Hi, I'd like to join your network"], headline=[rows[1]["headline"]])
    assert by_list[0].prediction.scores == pytest.approx(expected.scores)


def test_active_suggest_empty_pool(default_model):
    assert suggest_for_labeling([], model=default_model) == []


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"texts": "one text"}, InputTypeError, r"texts must be a list.*pass \[text\]"),
        ({"texts": POOL, "strategy": "random"}, InputError, "strategy must be one of .*'margin'"),
        ({"texts": POOL, "n": 0}, InputError, "n must be a positive int"),
        ({"texts": POOL, "headline": ["h"]}, InputError, "headline has 1 entries for 8 texts"),
        ({"texts": POOL, "headline": "h"}, InputTypeError, "headline must be a list"),
        ({"texts": ["ok", ""]}, InputError, "index 1"),
        ({"texts": ["ok", None]}, InputTypeError, "index 1"),
        ({"texts": POOL, "model": "my-model"}, InputTypeError, "linkmotive Model"),
    ],
)
def test_active_suggest_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        suggest_for_labeling(**kwargs)


def test_active_suggestion_str_names_the_two_labels(default_model):
    s = suggest_for_labeling(POOL, n=1, model=default_model)[0]
    first, second = sorted(s.prediction.scores, key=lambda k: -s.prediction.scores[k])[:2]
    assert first in str(s) and second in str(s) and f"#{s.index}" in str(s)


def test_active_find_label_errors_flags_the_slip():
    rows = list(ROWS)
    rows[-1] = ("Could you send a quote for 500 units?", "network")
    rows[7] = ("What went wrong with the launch? I want to avoid it", "sell")
    issues = find_label_errors(rows, cv=2, min_confidence=0.5)
    assert {(i.index, i.given, i.suggested) for i in issues} == {(19, "network", "buy"), (7, "sell", "avoid-mistakes")}
    for i in issues:
        assert i.confidence >= 0.5 and i.given_probability < i.confidence
        assert i.id == str(i.index) and i.text == rows[i.index][0]
        assert "labeled" in str(i)
    assert [i.given_probability for i in issues] == sorted(i.given_probability for i in issues)


def test_active_find_label_errors_clean_data_and_threshold():
    assert find_label_errors(ROWS, cv=2) == []
    rows = list(ROWS)
    rows[-1] = ("Could you send a quote for 500 units?", "network")
    assert find_label_errors(rows, cv=2, min_confidence=1.0) == []


@pytest.mark.parametrize("value", [-0.1, 1.5, "high"])
def test_active_find_label_errors_rejects_bad_min_confidence(value):
    with pytest.raises(InputError, match="min_confidence must be a probability"):
        find_label_errors(ROWS, min_confidence=value)


def test_active_names_are_public():
    assert linkmotive.suggest_for_labeling is suggest_for_labeling
    assert linkmotive.find_label_errors is find_label_errors
    assert STRATEGIES[0] == "margin"
    assert {"suggest_for_labeling", "find_label_errors", "thresholds_for_precision", "cross_validate"} <= set(
        linkmotive.__all__
    )


def test_active_suggest_takes_a_dataframe_with_missing_headlines(default_model):
    pd = pytest.importorskip("pandas")

    texts = ["We help clinics book more patients", "Could you quote 500 boxes?", "Loved your talk"]
    frame = pd.DataFrame({"text": texts, "headline": [None, "CEO", None]})
    picked = linkmotive.suggest_for_labeling(frame, n=3, model=default_model)
    assert sorted(p.text for p in picked) == sorted(texts)  # rows, not the column names
    assert len(linkmotive.suggest_for_labeling(frame.to_dict("records"), n=3, model=default_model)) == 3
    with pytest.raises(linkmotive.errors.InputError, match="no 'text' column"):
        linkmotive.suggest_for_labeling(pd.DataFrame({"msg": ["a"]}), model=default_model)
