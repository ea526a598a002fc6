"""thresholds: per-label thresholds for a target precision, their coverage, and their place in the manifest."""

import math

import numpy as np
import pytest

import linkmotive
from linkmotive import LABELS, InputError, InputTypeError
from linkmotive.features import Example
from linkmotive.model import Model
from linkmotive.scoring import ScoredExamples
from linkmotive.thresholds import precision_at_thresholds, precision_coverage, thresholds_for_precision

# Ten predictions of "buy", most confident first; R = truly buy, W = truly sell.
# cumulative precision: 1, 1, .67, .75, .8, .83, .71, .62, .67, .7
BUY = [(0.99, "R"), (0.95, "R"), (0.90, "W"), (0.85, "R"), (0.80, "R"), (0.75, "R"), (0.70, "W"), (0.65, "W"), (0.60, "R"), (0.55, "R")]  # fmt: skip


def scored(predictions=BUY, extra_true_buy=2):
    """ScoredExamples with the given "buy" predictions, plus true "buy" examples predicted "network"."""
    proba, labels = [], []
    k = LABELS.index("buy")
    for conf, mark in predictions:
        row = np.full(len(LABELS), (1 - conf) / (len(LABELS) - 1))
        row[k] = conf
        proba.append(row)
        labels.append("buy" if mark == "R" else "sell")
    for _ in range(extra_true_buy):
        proba.append(np.eye(len(LABELS))[0] * 0.9 + 0.02)
        labels.append("buy")
    n = len(labels)
    return ScoredExamples([Example(f"t{i}") for i in range(n)], labels, [str(i) for i in range(n)], np.array(proba))


@pytest.fixture
def model(default_model, monkeypatch):
    """A copy of the default model whose held-out scores are the constructed ones."""
    import linkmotive.thresholds as thresholds

    monkeypatch.setattr(thresholds, "score", lambda m, data: data if isinstance(data, ScoredExamples) else scored())
    return Model(default_model.pipeline, dict(default_model.thresholds), dict(default_model.manifest))


def test_thresholds_precision_coverage_curve():
    curve = precision_coverage(scored(), label="buy")
    assert curve.thresholds.tolist() == sorted(c for c, _ in BUY)
    assert curve.n_confident.tolist() == list(range(10, 0, -1))
    assert curve.precision[-1] == 1.0 and curve.precision[0] == pytest.approx(0.7)
    assert curve.coverage[0] == 1.0 and curve.coverage[-1] == pytest.approx(0.1)
    assert curve.recall[0] == pytest.approx(7 / 9)  # 7 of 9 true buy (2 predicted network) are caught


def test_thresholds_precision_coverage_ties_share_a_threshold():
    curve = precision_coverage(scored([(0.9, "R"), (0.8, "W"), (0.8, "R"), (0.7, "R")]), label="buy")
    assert curve.thresholds.tolist() == [0.7, 0.8, 0.9]
    assert curve.n_confident.tolist() == [4, 3, 1]


def test_thresholds_for_precision_takes_no_lucky_dip(model):
    # 0.75 keeps 6 predictions at 83%, but raising it to 0.85 or 0.90 drops below 80%: not stable.
    choice = thresholds_for_precision(model, None, target={"buy": 0.8}, min_count=1)["buy"]
    assert choice.threshold == 0.95 and choice.precision == 1.0 and choice.reached


def test_thresholds_for_precision_ignores_thin_top(model):
    # Thresholds keeping fewer than 5 predictions (0.85 and up) are not checked: from 0.75 up, precision >= 80%.
    choice = thresholds_for_precision(model, None, target={"buy": 0.8}, min_count=5)["buy"]
    assert choice.threshold == 0.75
    assert choice.precision == pytest.approx(5 / 6) and choice.coverage == pytest.approx(0.6)
    assert (choice.n_confident, choice.n_predicted) == (6, 10)
    assert choice.recall == pytest.approx(5 / 9)


def test_thresholds_for_precision_sets_only_the_targeted_labels(model):
    before = dict(model.thresholds)
    thresholds_for_precision(model, None, target={"buy": 0.8}, min_count=5)
    assert model.thresholds["buy"] == 0.75
    assert {k: v for k, v in model.thresholds.items() if k != "buy"} == {k: v for k, v in before.items() if k != "buy"}
    assert model.manifest["threshold_targets"]["buy"]["target_precision"] == 0.8


def test_thresholds_for_precision_respects_the_floor(model):
    choice = thresholds_for_precision(model, None, target={"buy": 0.6}, min_count=1, floor=0.7)["buy"]
    assert choice.threshold == 0.7
    assert thresholds_for_precision(model, None, target={"buy": 0.6}, min_count=1, floor=0.0)["buy"].threshold == 0.55


def test_thresholds_for_precision_unreachable_warns_and_sets_one(model, monkeypatch):
    import linkmotive.thresholds as thresholds

    monkeypatch.setattr(thresholds, "score", lambda m, data: scored([(0.99, "W"), (0.9, "R")]))
    with pytest.warns(UserWarning, match="No threshold reaches 95% precision for 'buy'"):
        choice = thresholds_for_precision(model, None, target={"buy": 0.95}, min_count=1)["buy"]
    assert choice.threshold == 1.0 and choice.reached is False and choice.n_confident == 0
    assert math.isnan(choice.precision)
    assert model.thresholds["buy"] == 1.0
    assert model.manifest["threshold_targets"]["buy"]["precision"] is None


@pytest.mark.parametrize(
    ("target", "error", "match"),
    [
        ({"spam": 0.9}, InputError, "Unknown label 'spam'"),
        ({"buy": 1.5}, InputError, r"target precision of 'buy' must be a number in \(0, 1\]"),
        ({"buy": "high"}, InputError, "must be a number"),
        ("0.9", InputTypeError, "target must be a precision"),
        ({}, InputTypeError, "target must be a precision"),
    ],
)
def test_thresholds_for_precision_rejects_bad_targets(model, target, error, match):
    with pytest.raises(error, match=match):
        thresholds_for_precision(model, None, target=target)


def test_thresholds_for_precision_one_number_targets_every_label(default_model, tiny_rows):
    m = Model(default_model.pipeline, dict(default_model.thresholds), dict(default_model.manifest))
    choice = thresholds_for_precision(m, tiny_rows, target=0.5)
    assert set(choice) == set(LABELS)
    assert all(m.thresholds[lab] == c.threshold for lab, c in choice.items())


def test_thresholds_survive_save_and_load(default_model, tiny_rows, tmp_path):
    m = Model(default_model.pipeline, dict(default_model.thresholds), dict(default_model.manifest))
    linkmotive.thresholds_for_precision(m, tiny_rows, target={"buy": 0.9, "sell": 0.8})
    m.save(tmp_path / "m")
    back = linkmotive.load(tmp_path / "m", trusted=True)
    assert back.thresholds == m.thresholds
    assert back.manifest["threshold_targets"]["sell"]["target_precision"] == 0.8


def test_thresholds_uncertain_follows_the_label_threshold(default_model):
    m = Model(default_model.pipeline, dict(default_model.thresholds), dict(default_model.manifest))
    text = "Could you send a quote for 400 pallets?"
    p = linkmotive.classify(text, model=m)
    assert p.label == "buy" and not p.uncertain
    m.thresholds["buy"] = 1.0
    assert linkmotive.classify(text, model=m).uncertain
    m.thresholds["sell"] = 1.0  # another label's threshold changes nothing here
    m.thresholds["buy"] = 0.0
    assert not linkmotive.classify(text, model=m).uncertain


def test_thresholds_precision_at_thresholds_reports_every_label(default_model, tiny_rows):
    report = precision_at_thresholds(default_model, tiny_rows)
    assert set(report) == set(LABELS)
    assert sum(r.n_predicted for r in report.values()) == len(tiny_rows)
    for lab, r in report.items():
        assert r.threshold == default_model.thresholds[lab]
        assert 0 <= r.coverage <= 1 and r.n_confident <= r.n_predicted
    assert "coverage" in str(report["buy"])
