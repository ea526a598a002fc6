"""Shared fixtures: a tiny constant corpus, a model trained on it, the default model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def tiny_rows() -> list[dict]:
    return [json.loads(line) for line in (DATA / "tiny.jsonl").read_text("utf-8").splitlines()]


@pytest.fixture(scope="session")
def tiny_model(tiny_rows):
    import linkmotive

    return linkmotive.train(
        tiny_rows,
        params={
            "features__all_words__tfidf__min_df": 1,
            "features__all_chars__tfidf__min_df": 1,
            "features__msg_chars__tfidf__min_df": 1,
            "features__hl_chars__tfidf__min_df": 1,
        },
    )


@pytest.fixture(scope="session")
def default_model():
    import linkmotive

    return linkmotive.load()
