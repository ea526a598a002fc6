"""scikit-learn steps that turn raw examples into feature matrices.

The pipeline input ``X`` is a sequence of :class:`Example` (or ``(text,
headline, kind)`` tuples, or plain message strings). :class:`TextAnalyzer`
runs spaCy once per text and hands the feature union a :class:`Columns`
record; each block of :func:`make_features` selects its column.

The word blocks (lemma 1-2 grams) and one character block read the message and
its sender's headline as one text, so what the model learns from headlines also
applies to the same words in messages, and back. The message's and the
headline's own character blocks, and the dense block's per-text cues, keep the
two apart, so a word can weigh differently in a message and in a headline
(LABELS.md rule 6: the headline decides only where the message says little).
For ``kind="headline"`` the text fills the headline columns and the message
columns stay empty.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from ._analysis import Columns, Example, analyse_columns, as_example, dense_names
from ._compiled import PRODUCT_MIN_DOCS, block_transform, supports_block

__all__ = ["Columns", "Example", "TextAnalyzer", "as_example", "dense_names", "make_features"]


class TextAnalyzer(TransformerMixin, BaseEstimator):  # type: ignore[misc]  # scikit-learn ships no types: its base classes are Any
    """Run spaCy over messages and headlines and return :class:`Columns`.

    Stateless: ``fit`` learns nothing. Parameters are kept for ``get_params``.

    Parameters
    ----------
    chunk_size : int, default=2048
        Texts per spaCy chunk; Docs are released after each chunk.
    """

    def __init__(self, chunk_size: int = 2048) -> None:
        self.chunk_size = chunk_size

    def fit(self, X: Sequence[Any], y: Any = None) -> TextAnalyzer:
        self.n_features_in_ = 1
        return self

    def transform(self, X: Sequence[Any]) -> Columns:
        return analyse_columns(X, self.chunk_size)


class Select(TransformerMixin, BaseEstimator):  # type: ignore[misc]  # scikit-learn ships no types: its base classes are Any
    """Pick one column of :class:`Columns` (the text blocks of the feature union)."""

    def __init__(self, column: str = "msg_lemmas") -> None:
        self.column = column

    def fit(self, X: Columns, y: Any = None) -> Select:
        return self

    def transform(self, X: Columns) -> Any:
        return getattr(X, self.column)

    def get_feature_names_out(self, input_features: Any = None) -> Any:
        return input_features


class DenseBlock(TransformerMixin, BaseEstimator):  # type: ignore[misc]  # scikit-learn ships no types: its base classes are Any
    """The cue counts and structure features of :class:`Columns`, as a sparse matrix."""

    def fit(self, X: Columns, y: Any = None) -> DenseBlock:
        self.n_features_out_ = X.dense.shape[1]
        return self

    def transform(self, X: Columns) -> sp.csr_matrix:
        return sp.csr_matrix(X.dense)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(dense_names(), dtype=object)


class BlockVectorizer(TfidfVectorizer):  # type: ignore[misc]  # scikit-learn ships no types: its base classes are Any
    """A ``TfidfVectorizer`` that gives zero columns, not an error, when a block has no vocabulary.

    A training set without headlines (or without messages), or one too small
    for any term to reach ``min_df``, leaves a block empty; the other blocks
    still train.
    """

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        self.empty_ = False
        try:
            out = super().fit_transform(raw_documents, y)
            # The pruned terms are only kept for introspection and weigh megabytes.
            self.__dict__.pop("stop_words_", None)
            return out
        except ValueError as exc:
            # No text, or no term in at least min_df texts: a block without columns, not a failed fit.
            pruned = "no terms remain" in str(exc)
            if not pruned and "vocabulary" not in str(exc):
                raise
            if pruned:
                warnings.warn(
                    f"No term reaches min_df={self.min_df!r} (max_df={self.max_df!r}) in a feature block "
                    f"(analyzer={self.analyzer!r}, ngram_range={self.ngram_range!r}), so it gets no columns. "
                    "Fix: a lower min_df for it, e.g. "
                    "params={'features__<block>__tfidf__min_df': 1}, or more training data.",
                    UserWarning,
                    stacklevel=2,
                )
            self.empty_ = True
            return sp.csr_matrix((len(raw_documents), 0), dtype=np.float32)  # type: ignore[arg-type]  # scipy-stubs: no float32 shape-only overload

    def fit(self, raw_documents: Any, y: Any = None) -> BlockVectorizer:
        self.fit_transform(raw_documents, y)
        return self

    PRODUCT_MIN_DOCS = PRODUCT_MIN_DOCS
    """From this many documents on, character n-gram counts come from a sparse product; below it, from numpy's unique."""

    def transform(self, raw_documents: Any) -> Any:
        if getattr(self, "empty_", False):
            return sp.csr_matrix((len(raw_documents), 0), dtype=np.float32)  # type: ignore[arg-type]  # scipy-stubs: no float32 shape-only overload
        if isinstance(raw_documents, str) or not supports_block(self):
            return super().transform(raw_documents)
        # Speed only, same matrix: linkmotive._compiled.block_transform counts n-grams once per distinct word
        # and skips the input validation TfidfVectorizer.transform repeats on every call.
        from sklearn.utils._sparse import _align_api_if_sparse

        docs = [d if isinstance(d, str) else self.decode(d) for d in raw_documents]
        return _align_api_if_sparse(block_transform(self, docs))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        if getattr(self, "empty_", False):
            return np.array([], dtype=object)
        names: np.ndarray = super().get_feature_names_out(input_features)
        return names


def _words(min_df: int) -> TfidfVectorizer:
    return BlockVectorizer(
        token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), min_df=min_df, sublinear_tf=True, dtype=np.float32
    )


def _roles(min_df: int) -> TfidfVectorizer:
    return BlockVectorizer(token_pattern=r"\S+", lowercase=False, min_df=min_df, sublinear_tf=True, dtype=np.float32)


def _chars(min_df: int, max_features: int) -> TfidfVectorizer:
    return BlockVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 4),
        min_df=min_df,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )


def make_features(
    min_df: int = 3,
    char_max_features: int = 60_000,
    weights: dict[str, float] | None = None,
) -> FeatureUnion:
    """The feature union: word and character n-grams per block, plus cues and shape.

    Parameters
    ----------
    min_df : int
        Minimum number of training texts an n-gram must appear in.
    char_max_features : int
        Cap on character n-grams per block, which bounds the model size.
    weights : dict, optional
        Weight of each block (``all_words``, ``all_chars``, ``msg_chars``,
        ``hl_chars``, ``msg_roles``, ``dense``); by default 1, and 0.25 for
        the dense cue and shape block. Chosen with whole writing sessions held
        out (``scripts/grouped_cv.py``), which is closer to text by other
        people than a random split.
    """
    blocks = [
        ("all_words", Pipeline([("select", Select("all_lemmas")), ("tfidf", _words(min_df))])),
        ("all_chars", Pipeline([("select", Select("all_chars")), ("tfidf", _chars(min_df, char_max_features))])),
        ("msg_chars", Pipeline([("select", Select("msg_chars")), ("tfidf", _chars(min_df, char_max_features))])),
        ("hl_chars", Pipeline([("select", Select("hl_chars")), ("tfidf", _chars(min_df, char_max_features))])),
        ("msg_roles", Pipeline([("select", Select("msg_roles")), ("tfidf", _roles(min_df))])),
        ("dense", DenseBlock()),
    ]
    if weights is None:
        weights = {name: 1.0 for name, _ in blocks} | {"dense": 0.25}
    return FeatureUnion(blocks, transformer_weights=weights)
