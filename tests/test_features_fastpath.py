"""BlockVectorizer's faster transform must give exactly scikit-learn's TfidfVectorizer matrix."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from linkmotive.features import _chars, _roles, _words

TRAIN = [
    "we met at the leeds breakfast great to connect",
    "could i pick your brain about the campaign ?",
    "what went wrong with the launch ? i want to avoid it",
    "we help clinics book more patients , demo ?",
    "could you send a quote for 500 units ?",
    "procurement lead | sourcing print suppliers",
    "Straße İstanbul ǅ ﬁ école café naïve",
] * 2
NEW = [
    "",
    "a",
    "we met at the expo , could you send a quote ?",
    "ÉCOLE ÀÉÎ Straße İstanbul ǅ ﬁ 👋🏽 #growth",
    "x" * 3000,
    "I\u2028you\u00a0we\tthey\n\nus  demo   demo",
    "unseen words only zzz qqq",
]


def _same(a, b) -> bool:
    return (
        type(a) is type(b)
        and a.dtype == b.dtype
        and a.shape == b.shape
        and a.indices.dtype == b.indices.dtype
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


@pytest.mark.parametrize("product_min_docs", [0, 10**9])
@pytest.mark.parametrize(
    "make", [lambda: _chars(1, 500), lambda: _chars(2, 60_000), lambda: _words(1), lambda: _roles(1)]
)
def test_features_block_transform_matches_sklearn(make, product_min_docs):
    # Both ways of counting character n-grams (numpy unique over the batch, sparse product) are checked.
    vec = make().fit(TRAIN)
    vec.PRODUCT_MIN_DOCS = product_min_docs
    # A plain TfidfVectorizer with the same parameters: none of BlockVectorizer's overrides run in it.
    ref = TfidfVectorizer(**vec.get_params()).fit(TRAIN)
    assert ref.vocabulary_ == vec.vocabulary_
    for docs in (NEW, TRAIN, NEW[2:3]):
        assert _same(vec.transform(docs), ref.transform(docs))
    assert vec.transform([]).shape == (0, len(vec.vocabulary_))


def test_features_block_transform_unnormalised_matches_sklearn():
    vec = _chars(1, 500).set_params(norm=None, sublinear_tf=False, use_idf=False).fit(TRAIN)
    ref = TfidfVectorizer(**vec.get_params()).fit(TRAIN)
    assert _same(vec.transform(NEW), ref.transform(NEW))
