"""The public contract of classify() and explain(), on the shipped default model."""

import math

import pytest

import linkmotive
from linkmotive import LABELS, InputError, InputTypeError, LinkmotiveError, Prediction


def check_prediction(p: Prediction) -> None:
    assert isinstance(p, Prediction)
    assert list(p.scores) == list(LABELS)
    assert math.isclose(sum(p.scores.values()), 1.0, abs_tol=1e-6)
    assert p.label == max(p.scores, key=p.scores.get)
    assert p.confidence == p.scores[p.label]
    assert 0.0 <= p.confidence <= 1.0


def test_api_issue_example_is_learn():
    p = linkmotive.classify("Hi Simon, loved your M&S post - could I pick your brain on how you ran the campaign?")
    check_prediction(p)
    assert p.label == "learn"
    assert p.kind == "message"


def test_api_batch_gives_list_in_order():
    texts = [
        "We met at the Leeds marketing breakfast, great to connect",
        "Could you send us a quote for 2,000 branded mugs?",
        "We help clinics cut no-shows by 30%. Worth a 15 minute demo?",
    ]
    preds = linkmotive.classify(texts)
    assert [p.label for p in preds] == ["network", "buy", "sell"]
    assert preds == [linkmotive.classify(t) for t in texts]


def test_api_batch_accepts_any_iterable():
    preds = linkmotive.classify(t for t in ["Hello from a fellow alum", "Procurement Lead"])
    assert len(preds) == 2


def test_api_headline_kind():
    p = linkmotive.classify("Procurement Lead | sourcing print suppliers", kind="headline")
    assert (p.label, p.kind) == ("buy", "headline")


def test_api_headline_decides_vague_message():
    p = linkmotive.classify("Hi, I'd like to join your network", headline="Procurement Lead | sourcing print suppliers")
    assert p.label == "buy"


def test_api_message_wins_over_headline():
    p = linkmotive.classify(
        "We met at the Porto wine fair last week, great to stay in touch!", headline="Account Executive at ShipFast"
    )
    assert p.label == "network"


def test_api_batch_headlines_aligned():
    preds = linkmotive.classify(
        ["Hello!", "Hello!"], headline=[None, "Talent Acquisition Partner | we're hiring nurses"]
    )
    assert preds[1].label == "buy"
    with pytest.raises(InputError, match="one headline"):
        linkmotive.classify(["a b", "c d"], headline=["x"])


def test_api_prediction_is_frozen_and_serialisable():
    p = linkmotive.classify("Any advice for a nursing student?")
    with pytest.raises(AttributeError):
        p.label = "sell"
    d = p.to_dict()
    assert set(d) == {"label", "confidence", "scores", "kind", "uncertain"}


def test_api_uncertain_follows_threshold(default_model):
    p = linkmotive.classify("ok")
    assert p.uncertain == (p.confidence < default_model.thresholds[p.label])


@pytest.mark.parametrize("bad", [None, 42, 3.5, {"text": "hi"}, b"bytes"])
def test_api_wrong_types_name_the_type(bad):
    with pytest.raises(InputTypeError, match=type(bad).__name__):
        linkmotive.classify(bad)


def test_api_bad_item_in_batch_names_index():
    with pytest.raises(InputTypeError, match="index 1"):
        linkmotive.classify(["fine text", None])


@pytest.mark.parametrize("empty", ["", "   ", "\n\t", "\u200b", "\ufeff\u200d", "\x00\x01", "\xad \u2063"])
def test_api_empty_text_is_clear_error(empty):
    with pytest.raises(InputError, match="empty"):
        linkmotive.classify(empty)


def test_api_empty_in_batch_names_index():
    with pytest.raises(InputError, match="index 2"):
        linkmotive.classify(["a text", "another", " "])


def test_api_empty_message_with_headline_uses_headline():
    assert linkmotive.classify("", headline="Buyer - fresh produce | sourcing growers").label == "buy"


def test_api_unknown_kind():
    with pytest.raises(InputError, match="'tweet'"):
        linkmotive.classify("hello", kind="tweet")


def test_api_errors_share_root_and_builtin_bases():
    assert issubclass(InputError, ValueError) and issubclass(InputError, LinkmotiveError)
    assert issubclass(InputTypeError, TypeError) and issubclass(InputTypeError, LinkmotiveError)


def test_api_huge_text_is_truncated_and_classified():
    check_prediction(linkmotive.classify("we help companies grow " * 50_000))


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01 hello \x7f",
        "مرحبا \u202e reversed",
        "👩‍👩‍👧‍👦🔥🚀",
        "a\u200db\u200bc",
        "\ud800 lone surrogate",
        "ＦＵＬＬＷＩＤＴＨ",
        "𝕳𝖊𝖑𝖑𝖔",
    ],
)
def test_api_odd_unicode_is_classified(text):
    check_prediction(linkmotive.classify(text))


def test_api_explain_names_readable_features():
    e = linkmotive.explain("Hi Simon, loved your M&S post - could I pick your brain on how you ran the campaign?")
    assert e.prediction.label == "learn"
    assert e.toward and all(c.weight > 0 for c in e.toward)
    assert all(c.weight < 0 for c in e.away)
    text = str(e)
    assert "learn" in text and ("brain" in text or "advice" in text)


def test_api_explain_rejects_batches():
    with pytest.raises(InputTypeError, match="one text"):
        linkmotive.explain(["a", "b"])


def test_api_small_arguments_are_checked_up_front():
    from linkmotive.datasets import load_corpus, read_labeled
    from linkmotive.errors import TrainingDataError

    with pytest.raises(InputError, match="kind must be one of"):
        load_corpus("dev", kind="headlines")  # used to return [] silently
    with pytest.raises(TrainingDataError, match="got NoneType"):
        read_labeled(None)
    with pytest.raises(InputTypeError, match="model must be a linkmotive Model"):
        linkmotive.evaluate("my-model", [("Could you quote 500 boxes?", "buy")])
    for bad in (2, 0, "high", True):
        with pytest.raises(InputError, match="target_accuracy"):
            linkmotive.train([("Could you quote 500 boxes?", "buy")], target_accuracy=bad)


def test_api_missing_cells_of_a_pandas_headline_column_are_no_headline():
    pd = pytest.importorskip("pandas")

    from linkmotive.datasets import read_labeled

    texts = ["Could you quote 500 boxes?", "We met at the Leeds breakfast, great to connect"]
    got = linkmotive.classify(texts, headline=pd.Series(["Procurement Lead", None]))
    assert got == linkmotive.classify(texts, headline=["Procurement Lead", None])
    frame = pd.DataFrame({"text": texts, "label": ["buy", "network"], "kind": [None, "message"]})
    assert [e.kind for e in read_labeled(frame).examples] == ["message", "message"]  # an empty kind cell
