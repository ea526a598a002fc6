"""scikit-learn steps that turn raw examples into feature matrices.

The pipeline input ``X`` is a sequence of :class:`Example` (or ``(text,
headline, kind)`` tuples, or plain message strings). :class:`TextAnalyzer`
runs spaCy once per text and hands the feature union a :class:`Columns`
record; each block of :func:`make_features` selects its column.

Message and headline features are separate blocks: a message and its sender's
headline never share weights, so the headline decides only where the message
says little (LABELS.md rule 6). For ``kind="headline"`` the text fills the
headline block and the message block stays empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from .errors import InputError, InputTypeError
from .labels import KINDS

__all__ = ["Columns", "Example", "TextAnalyzer", "as_example", "make_features"]


class Example(NamedTuple):
    """One input to the model: the text, the sender's headline (or None) and the kind."""

    text: str
    headline: str | None = None
    kind: str = "message"


def as_example(item: Any, index: int | None = None) -> Example:
    """Coerce a pipeline input item to an :class:`Example`, or raise a clear error."""
    where = "" if index is None else f" at index {index}"
    if isinstance(item, str):
        return Example(item)
    if isinstance(item, Example):
        return item
    if isinstance(item, (tuple, list)) and 1 <= len(item) <= 3 and isinstance(item[0], str):
        ex = Example(*item)
        if ex.kind not in KINDS:
            raise InputError(f"kind{where} must be one of {KINDS}, got {ex.kind!r}.")
        return ex
    raise InputTypeError(
        f"Each input{where} must be a str or a (text, headline, kind) tuple, got {type(item).__name__}: {item!r:.80}."
    )


@dataclass(frozen=True)
class Columns:
    """Analysed texts as columns, the input of the feature union."""

    msg_lemmas: list[str]
    msg_chars: list[str]
    hl_lemmas: list[str]
    hl_chars: list[str]
    dense: np.ndarray
    msg_roles: list[str] | None = None

    def __len__(self) -> int:
        return len(self.msg_lemmas)


def dense_names() -> list[str]:
    """Names of the dense columns of :class:`Columns`, for explanations."""
    from .text import SHAPE_NAMES, load_cues

    cues = [f"cue: {c.description}" for c in load_cues()]
    names = []
    for block in ("message", "headline"):
        names += [f"{block} {n}" for n in cues] + [f"{block} shape: {n}" for n in SHAPE_NAMES]
    return [*names, "input is a headline", "message comes with a headline"]


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
        from .text import analyse

        examples = [as_example(x, i) for i, x in enumerate(X)]
        messages = [e.text if e.kind == "message" else "" for e in examples]
        headlines = [(e.text if e.kind == "headline" else e.headline) or "" for e in examples]
        msg = list(analyse(messages, self.chunk_size))
        hl = list(analyse(headlines, self.chunk_size))
        rows = [
            (
                *m.cues,
                *m.shape,
                *h.cues,
                *h.shape,
                float(e.kind == "headline"),
                float(bool(e.headline) and e.kind == "message"),
            )
            for m, h, e in zip(msg, hl, examples)
        ]
        dense = np.log1p(np.asarray(rows, dtype=np.float64).reshape(len(examples), -1))
        return Columns(
            [a.lemmas for a in msg],
            [a.chars for a in msg],
            [a.lemmas for a in hl],
            [a.chars for a in hl],
            dense,
            [a.roles for a in msg],
        )


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

    A training set without headlines (or without messages) leaves one block
    empty; the other blocks still train.
    """

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        self.empty_ = False
        try:
            out = super().fit_transform(raw_documents, y)
            # The pruned terms are only kept for introspection and weigh megabytes.
            self.__dict__.pop("stop_words_", None)
            return out
        except ValueError as exc:
            if "vocabulary" not in str(exc):
                raise
            self.empty_ = True
            return sp.csr_matrix((len(raw_documents), 0), dtype=np.float32)  # type: ignore[arg-type]  # scipy-stubs: no float32 shape-only overload

    def fit(self, raw_documents: Any, y: Any = None) -> BlockVectorizer:
        self.fit_transform(raw_documents, y)
        return self

    def transform(self, raw_documents: Any) -> Any:
        if getattr(self, "empty_", False):
            return sp.csr_matrix((len(raw_documents), 0), dtype=np.float32)  # type: ignore[arg-type]  # scipy-stubs: no float32 shape-only overload
        tfidf = getattr(self, "_tfidf", None)
        if tfidf is None or tfidf.norm not in (None, "l2") or isinstance(raw_documents, str):
            return super().transform(raw_documents)
        # Speed only, same matrix: TfidfVectorizer.transform's arithmetic without the input validation it
        # repeats on every call (a third of a single prediction's time); the counts come from CountVectorizer.
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.utils._sparse import _align_api_if_sparse
        from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

        X = CountVectorizer.transform(self, raw_documents)
        if tfidf.sublinear_tf:
            np.log(X.data, X.data)
            X.data += 1.0
        if hasattr(tfidf, "idf_"):
            X.data *= tfidf.idf_[X.indices]
        if tfidf.norm == "l2":
            inplace_csr_row_normalize_l2(X)
        return _align_api_if_sparse(X)

    def _count_vocab(self, raw_documents: Any, fixed_vocab: bool) -> Any:
        # Speed only, same matrix: at transform time, character n-grams are looked up once per distinct
        # word of the call (words repeat across texts) and out-of-vocabulary n-grams are never counted.
        if not fixed_vocab or self.analyzer != "char_wb":
            return super()._count_vocab(raw_documents, fixed_vocab)
        return self._count_char_wb(raw_documents)

    PRODUCT_MIN_DOCS = 32
    """From this many documents on, counts come from a sparse product; below it, from a Counter per document."""

    def _count_char_wb(self, raw_documents: Any) -> Any:
        from sklearn.utils._sparse import _align_api_if_sparse

        vocabulary = self.vocabulary_
        preprocess, decode, white = self.build_preprocessor(), self.decode, self._white_spaces
        min_n, max_n = self.ngram_range
        word_ids: dict[str, int] = {}
        doc_words: list[int] = []
        doc_ptr = [0]
        for doc in raw_documents:
            words = white.sub(" ", preprocess(decode(doc))).split()
            doc_words += [word_ids.setdefault(w, len(word_ids)) for w in words]
            doc_ptr.append(len(doc_words))
        word_grams: list[list[int]] = []
        for word in word_ids:  # insertion order = word id order
            # The n-grams of sklearn's _char_wb_ngrams for one word, kept if in the vocabulary.
            w = f" {word} "
            w_len, grams = len(w), []
            for n in range(min_n, max_n + 1):
                grams += [
                    vocabulary[g] for g in (w[i : i + n] for i in range(max(1, w_len - n + 1))) if g in vocabulary
                ]
                if w_len <= n:
                    break
            word_grams.append(grams)
        n_docs = len(doc_ptr) - 1
        if n_docs < self.PRODUCT_MIN_DOCS:
            counts = self._counts_per_doc(doc_words, doc_ptr, word_grams)
        else:
            counts = self._counts_by_product(doc_words, doc_ptr, word_grams)
        counts.sort_indices()
        index_dtype = np.int64 if counts.nnz > np.iinfo(np.int32).max else np.int32
        X = sp.csr_array(
            (counts.data.astype(self.dtype), counts.indices.astype(index_dtype), counts.indptr.astype(index_dtype)),
            shape=(n_docs, len(vocabulary)),
        )
        return vocabulary, _align_api_if_sparse(X)

    def _counts_per_doc(self, doc_words: list[int], doc_ptr: list[int], word_grams: list[list[int]]) -> Any:
        # Few documents: a Counter per document beats building and multiplying two sparse matrices.
        from collections import Counter
        from itertools import chain, pairwise

        indices: list[int] = []
        values: list[int] = []
        indptr = [0]
        for a, b in pairwise(doc_ptr):
            counts = Counter(chain.from_iterable(word_grams[k] for k in doc_words[a:b]))
            indices += counts.keys()
            values += counts.values()
            indptr.append(len(indices))
        return sp.csr_matrix(
            (
                np.asarray(values, dtype=np.int64),
                np.asarray(indices, dtype=np.int64),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(indptr) - 1, len(self.vocabulary_)),
        )

    def _counts_by_product(self, doc_words: list[int], doc_ptr: list[int], word_grams: list[list[int]]) -> Any:
        # Counts = (documents × distinct words) @ (distinct words × n-grams): Python touches each word once per
        # document and each distinct word's n-grams once per call; the sums happen in scipy's sparse product.
        gram_ptr = np.cumsum([0] + [len(g) for g in word_grams])
        gram_ids = [j for grams in word_grams for j in grams]
        words_in_docs = sp.csr_matrix(
            (np.ones(len(doc_words), dtype=np.int64), np.asarray(doc_words, dtype=np.int64), doc_ptr),
            shape=(len(doc_ptr) - 1, len(word_grams)),
        )
        grams_in_words = sp.csr_matrix(
            (np.ones(len(gram_ids), dtype=np.int64), np.asarray(gram_ids, dtype=np.int64), gram_ptr),
            shape=(len(word_grams), len(self.vocabulary_)),
        )
        counts = (words_in_docs @ grams_in_words).tocsr()
        counts.sum_duplicates()
        return counts

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
        ngram_range=(2, 5),
        min_df=min_df,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )


def make_features(
    min_df: int = 2,
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
        Weight of each block (``msg_words``, ``msg_chars``, ``hl_words``,
        ``hl_chars``, ``msg_roles``, ``dense``); by default 1, and 0.5 for the
        dense cue and shape block (best on the dev split).
    """
    blocks = [
        ("msg_words", Pipeline([("select", Select("msg_lemmas")), ("tfidf", _words(min_df))])),
        ("msg_chars", Pipeline([("select", Select("msg_chars")), ("tfidf", _chars(min_df, char_max_features))])),
        ("hl_words", Pipeline([("select", Select("hl_lemmas")), ("tfidf", _words(min_df))])),
        ("hl_chars", Pipeline([("select", Select("hl_chars")), ("tfidf", _chars(min_df, char_max_features))])),
        ("msg_roles", Pipeline([("select", Select("msg_roles")), ("tfidf", _roles(min_df))])),
        ("dense", DenseBlock()),
    ]
    if weights is None:
        weights = {name: 1.0 for name, _ in blocks} | {"dense": 0.5}
    return FeatureUnion(blocks, transformer_weights=weights)
