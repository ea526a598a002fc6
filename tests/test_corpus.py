"""The shipped corpus meets its written promises (issue: the labeled corpus)."""

from collections import Counter

import pytest

from linkmotive import LABELS
from linkmotive.datasets import SPLITS, corpus_stats, load_corpus, near_duplicates, opening


@pytest.fixture(scope="module")
def rows():
    return load_corpus("all")


@pytest.fixture(scope="module")
def stats(rows):
    return corpus_stats(rows)


def test_corpus_size(stats):
    assert stats["messages"] >= 3000
    assert stats["headlines"] >= 2000


@pytest.mark.parametrize("kind", ["message", "headline"])
def test_corpus_each_label_at_least_15_percent(stats, kind):
    assert min(stats["label_share"][kind].values()) >= 0.15, stats["label_share"][kind]


def test_corpus_coverage(stats):
    assert stats["messages_with_headline"] >= 0.10
    assert stats["non_english"] >= 0.08
    for lang in ("es", "fr", "de", "pt", "it", "nl"):
        assert stats["languages"].get(lang, 0) >= 30, lang
    assert stats["industries"] >= 30
    assert stats["hard_share"] >= 0.20
    assert stats["bare_or_messy_headlines"] >= 1 / 3
    assert stats["message_words"]["min"] >= 1 and stats["message_words"]["max"] <= 160


def test_corpus_rows_are_complete(rows):
    for r in rows:
        assert r["label"] in LABELS and r["kind"] in ("message", "headline"), r["id"]
        assert r["source"] in ("authored",) and r.get("author"), r["id"]
    assert len({r["id"] for r in rows}) == len(rows)


def example_text(row):
    """An example is the message together with its sender's headline (rule 6)."""
    return row["text"] + (f" || {row['headline']}" if row.get("headline") else "")


def test_corpus_no_near_duplicates(rows):
    pairs = near_duplicates([example_text(r) for r in rows], threshold=0.8)
    assert not [(rows[i]["id"], rows[j]["id"], round(s, 2)) for i, j, s in pairs]


def test_corpus_openings_are_varied(rows):
    msgs = [r for r in rows if r["kind"] == "message"]
    top = Counter(opening(r["text"]) for r in msgs).most_common(3)
    assert top[0][1] <= 0.01 * len(msgs), top


def test_corpus_splits_are_disjoint_and_complete(rows):
    ids = {s: {r["id"] for r in load_corpus(s)} for s in SPLITS}
    assert not ids["train"] & ids["dev"] and not ids["train"] & ids["test"] and not ids["dev"] & ids["test"]
    assert set().union(*ids.values()) == {r["id"] for r in rows}


def test_corpus_other_authors_only_in_test(rows):
    test_ids = {r["id"] for r in load_corpus("test")}
    others = [r for r in rows if r["author"].startswith("other-authors")]
    assert len(others) >= 500
    assert all(r["id"] in test_ids for r in others)


def test_corpus_splits_are_stratified():
    shares = {s: corpus_stats(load_corpus(s))["label_share"]["message"] for s in ("train", "dev")}
    for lab in LABELS:
        assert abs(shares["train"][lab] - shares["dev"][lab]) < 0.05


def test_near_duplicates_finds_copies():
    texts = [
        "We met at the Leeds breakfast, great to connect",
        "We met at the Leeds breakfast, great to connect!",
        "Completely different text about buying pallets",
    ]
    assert [(i, j) for i, j, _ in near_duplicates(texts)] == [(0, 1)]


def test_corpus_generated_rows_are_apart_and_from_train_only():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "generated" / "train-augmented.jsonl"
    if not path.exists():
        pytest.skip("no generated rows in this checkout")
    generated = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    train_ids = {r["id"] for r in load_corpus("train")}
    assert generated and all(g["source"] == "generated" and g["parent"] in train_ids for g in generated)
    assert not {g["id"] for g in generated} & {r["id"] for r in load_corpus("all")}
