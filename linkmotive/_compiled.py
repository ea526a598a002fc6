"""Prediction without scikit-learn: the default pipeline's arithmetic on its fitted state.

A fitted default-shaped pipeline (analyser → feature union of column blocks → classifier) is read
into a :class:`Plan`: references to the vocabularies, idf weights and classifier weights, nothing
copied. :func:`predict_proba` then does what ``pipeline.predict_proba`` does, with the same
arithmetic in the same order, but without importing scikit-learn (about a second of a fresh
process) and without its per-call dispatch and validation (most of a single prediction).

The plan reads attributes, so it works on live estimators and on the undecoded objects of a
safe-format file (:class:`linkmotive.safe_format.RawObject`) alike: a model loaded from disk
predicts before scikit-learn is ever imported. ``BlockVectorizer.transform`` and
``MotiveClassifier`` call the functions here too, so each computation has one copy, and
``tests/test_features_fastpath.py`` checks it against scikit-learn's own ``TfidfVectorizer``.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from ._analysis import Columns, analyse_columns
from .safe_format import RawObject, _qualname

__all__ = [
    "Plan",
    "Rows",
    "as_2d",
    "block_rows",
    "block_transform",
    "compile_pipeline",
    "linear_scores",
    "predict_proba",
    "softmax",
]

PRODUCT_MIN_DOCS = 32
"""From this many documents on, character n-gram counts come from a sparse product; below it, from numpy's unique."""

_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's _VectorizerMixin._white_spaces

_PIPELINE = "sklearn.pipeline.Pipeline"
_UNION = "sklearn.pipeline.FeatureUnion"
_ANALYSER = "linkmotive.features.TextAnalyzer"
_SELECT = "linkmotive.features.Select"
_DENSE = "linkmotive.features.DenseBlock"
_VECTORIZER = "linkmotive.features.BlockVectorizer"
_CLASSIFIERS = ("linkmotive.classifier.MotiveClassifier", "linkmotive.model.MotiveClassifier")


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    p: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return p


def as_2d(decision: np.ndarray) -> np.ndarray:
    return np.column_stack([np.zeros_like(decision), decision]) if decision.ndim == 1 else decision


def class_name(obj: Any) -> str:
    """The module path and name of ``obj``'s class, or of the class a raw safe-format object names."""
    return obj.cls_name if isinstance(obj, RawObject) else _qualname(type(obj))


# --- one feature block: counts, tf-idf -------------------------------------------------------------


def supports_block(vec: Any) -> bool:
    """True when :func:`block_transform` computes exactly what the vectorizer's ``transform`` would."""
    try:
        if getattr(vec, "empty_", False):  # a block that had no vocabulary: zero columns
            return True
        return (
            vec.analyzer in ("word", "char_wb")
            and vec.input == "content"
            and vec.preprocessor is None
            and vec.tokenizer is None
            and vec.strip_accents is None
            and (vec.stop_words is None or vec.analyzer == "char_wb")
            and not vec.binary
            and isinstance(vec.vocabulary_, dict)
            and vec._tfidf.norm in (None, "l2")
            and (getattr(vec._tfidf, "idf_", None) is None or len(vec._tfidf.idf_) == len(vec.vocabulary_))
        )
    except AttributeError:
        return False


def _word_ngrams(tokens: list[str], min_n: int, max_n: int) -> list[str]:
    # scikit-learn's _VectorizerMixin._word_ngrams without stop words: unigrams, then bigrams, ...
    if max_n == 1:
        return tokens
    original, n_original = tokens, len(tokens)
    if min_n == 1:
        tokens, min_n = list(original), min_n + 1
    else:
        tokens = []
    for n in range(min_n, min(max_n + 1, n_original + 1)):
        tokens += [" ".join(original[i : i + n]) for i in range(n_original - n + 1)]
    return tokens


class Rows(NamedTuple):
    """A sparse matrix as CSR arrays (indices sorted within rows), before any scipy object is built."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    n_cols: int

    def matrix(self) -> sp.csr_matrix:
        return sp.csr_matrix((self.data, self.indices, self.indptr), shape=(len(self.indptr) - 1, self.n_cols))


def _count_rows(ids: np.ndarray, doc_ptr: Sequence[int] | np.ndarray, n_cols: int) -> Rows:
    # Column ids of every document's terms, documents one after another → CSR counts, columns sorted within rows.
    n_docs = len(doc_ptr) - 1
    if n_docs == 1:  # one document (most single predictions): no row bookkeeping
        cols, counts = np.unique(ids, return_counts=True)
        return Rows(counts.astype(np.int64), cols, np.array([0, len(cols)], dtype=np.int64), n_cols)
    ptr: np.ndarray = np.asarray(doc_ptr, dtype=np.int64)
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), ptr[1:] - ptr[:-1])
    keys, counts = np.unique(rows * n_cols + ids, return_counts=True)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // n_cols, minlength=n_docs), out=indptr[1:])
    return Rows(counts.astype(np.int64), keys % n_cols, indptr, n_cols)


def _word_counts(vec: Any, docs: Sequence[str]) -> Rows:
    # CountVectorizer._count_vocab(fixed_vocab=True) for analyzer="word".
    vocabulary = vec.vocabulary_
    pattern = re.compile(vec.token_pattern)
    min_n, max_n = vec.ngram_range
    lower = vec.lowercase
    ids: list[int] = []
    doc_ptr = [0]
    for doc in docs:
        tokens = _word_ngrams(pattern.findall(doc.lower() if lower else doc), min_n, max_n)
        ids += [vocabulary[t] for t in tokens if t in vocabulary]
        doc_ptr.append(len(ids))
    return _count_rows(np.array(ids, dtype=np.int64), doc_ptr, len(vocabulary))


GRAM_CACHE_WORDS = 200_000
"""Words whose character n-gram ids are remembered per vectorizer, across calls (then the cache restarts)."""

_GRAM_CACHE: weakref.WeakKeyDictionary[Any, tuple[Any, tuple[int, int], dict[str, np.ndarray]]] = (
    weakref.WeakKeyDictionary()
)


def _gram_cache(vec: Any) -> dict[str, np.ndarray]:
    # Keyed by the vectorizer, valid while its vocabulary object and n-gram range stay the same.
    vocabulary, ngram_range = vec.vocabulary_, tuple(vec.ngram_range)
    cached = _GRAM_CACHE.get(vec)
    if cached is None or cached[0] is not vocabulary or cached[1] != ngram_range:
        cached = _GRAM_CACHE[vec] = (vocabulary, ngram_range, {})
    if len(cached[2]) > GRAM_CACHE_WORDS:
        cached[2].clear()
    return cached[2]


def _word_grams(word: str, vocabulary: dict[str, int], min_n: int, max_n: int) -> np.ndarray:
    # The n-grams of scikit-learn's _char_wb_ngrams for one word, as vocabulary ids, unknown ones dropped.
    w = f" {word} "
    w_len, grams = len(w), []
    for n in range(min_n, max_n + 1):
        grams += [vocabulary[g] for g in (w[i : i + n] for i in range(max(1, w_len - n + 1))) if g in vocabulary]
        if w_len <= n:
            break
    return np.array(grams, dtype=np.int64)


def _joined_ids(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    # The id arrays one after another, and where each part starts and ends in them (CSR-style offsets).
    ends = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)), out=ends[1:])
    return (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)), ends


def _char_wb_counts(vec: Any, docs: Sequence[str]) -> Rows:
    # CountVectorizer._count_vocab(fixed_vocab=True) for analyzer="char_wb", with each word's n-grams looked
    # up once (remembered across calls: words repeat across texts) and unknown n-grams never counted.
    vocabulary = vec.vocabulary_
    lower = vec.lowercase
    min_n, max_n = vec.ngram_range
    cache = _gram_cache(vec)
    word_ids: dict[str, int] = {}
    doc_words: list[int] = []
    doc_ptr = [0]
    for doc in docs:
        words = _WHITE_SPACES.sub(" ", doc.lower() if lower else doc).split()
        doc_words += [word_ids.setdefault(w, len(word_ids)) for w in words]
        doc_ptr.append(len(doc_words))
    word_grams: list[np.ndarray] = []
    for word in word_ids:  # insertion order = word id order
        grams = cache.get(word)
        if grams is None:
            grams = cache[word] = _word_grams(word, vocabulary, min_n, max_n)
        word_grams.append(grams)
    if len(doc_ptr) - 1 < getattr(vec, "PRODUCT_MIN_DOCS", PRODUCT_MIN_DOCS):
        # Few documents: every document's n-gram ids in one array, counted by numpy.
        ids, word_ends = _joined_ids([word_grams[k] for k in doc_words])
        return _count_rows(ids, word_ends[np.asarray(doc_ptr, dtype=np.int64)], len(vocabulary))
    # Counts = (documents × distinct words) @ (distinct words × n-grams): Python touches each word once per
    # document and each distinct word's n-grams once per call; the sums happen in scipy's sparse product.
    gram_ids, gram_ptr = _joined_ids(word_grams)
    words_in_docs = sp.csr_matrix(
        (np.ones(len(doc_words), dtype=np.int64), np.asarray(doc_words, dtype=np.int64), doc_ptr),
        shape=(len(doc_ptr) - 1, len(word_grams)),
    )
    grams_in_words = sp.csr_matrix(
        (np.ones(len(gram_ids), dtype=np.int64), gram_ids, gram_ptr),
        shape=(len(word_grams), len(vocabulary)),
    )
    product = (words_in_docs @ grams_in_words).tocsr()
    product.sum_duplicates()  # also sorts the indices
    return Rows(product.data, product.indices, product.indptr, len(vocabulary))


def _l2_normalize_rows(data: np.ndarray, indptr: np.ndarray) -> None:
    # scikit-learn's inplace_csr_row_normalize_l2, same order of operations: float products summed
    # row by row in double precision, in index order (bincount, or a plain loop for one row), zero rows left alone.
    if len(indptr) == 2:
        total = 0.0
        for square in (data * data).tolist():  # added one by one (Python 3.12's sum() compensates)
            total += square
        if total != 0.0:
            np.divide(data, math.sqrt(total), out=data, dtype=np.float64, casting="unsafe")
        return
    lengths = np.diff(indptr)
    rows = np.repeat(np.arange(len(lengths)), lengths)
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(lengths)))
    norms[norms == 0.0] = 1.0
    np.divide(data, norms[rows], out=data, dtype=np.float64, casting="unsafe")


_INT32_MAX = int(np.iinfo(np.int32).max)


def block_rows(vec: Any, docs: Sequence[str]) -> Rows:
    """:func:`block_transform` as CSR arrays."""
    if getattr(vec, "empty_", False):
        return Rows(np.zeros(0, dtype=vec.dtype), np.zeros(0, dtype=np.int32), np.zeros(len(docs) + 1, np.int32), 0)
    counts = _char_wb_counts(vec, docs) if vec.analyzer == "char_wb" else _word_counts(vec, docs)
    n_cols = counts.n_cols
    index_dtype = np.int64 if len(counts.data) > _INT32_MAX or n_cols > _INT32_MAX else np.int32
    data = counts.data.astype(vec.dtype)
    indices, indptr = counts.indices.astype(index_dtype), counts.indptr.astype(index_dtype)
    if len(data) == 0:  # nothing to weigh (an absent headline, say)
        return Rows(data, indices, indptr, n_cols)
    tfidf = vec._tfidf  # then the arithmetic of TfidfTransformer.transform
    if tfidf.sublinear_tf:
        np.log(data, data)
        data += 1.0
    idf = getattr(tfidf, "idf_", None)
    if idf is not None:
        data *= idf[indices]
    if tfidf.norm == "l2":
        _l2_normalize_rows(data, indptr)
    return Rows(data, indices, indptr, n_cols)


def block_transform(vec: Any, docs: Sequence[str]) -> sp.csr_matrix:
    """``vec.transform(docs)`` for a fitted ``BlockVectorizer`` that :func:`supports_block` accepts.

    The counts of ``CountVectorizer.transform``, then ``TfidfTransformer.transform``'s arithmetic
    (sublinear tf, idf, l2 norm) without the input validation it repeats on every call.
    """
    return block_rows(vec, docs).matrix()


def _dense_rows(dense: np.ndarray) -> Rows:
    # sp.csr_matrix(dense): the nonzeros in row-major order.
    rows, cols = np.nonzero(dense)
    indptr = np.zeros(dense.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=dense.shape[0]), out=indptr[1:])
    return Rows(dense[rows, cols], cols, indptr, dense.shape[1])


def _hstack(parts: list[Rows]) -> sp.csr_matrix:
    # sp.hstack(parts).tocsr() without building each part: row i holds part 0's row i, then part 1's, ...,
    # each part's columns shifted past the parts before it; data in the common dtype.
    n_rows = len(parts[0].indptr) - 1
    if n_rows == 1:  # one row: the parts one after the other
        offsets = np.cumsum([0] + [p.n_cols for p in parts])
        data = np.concatenate([p.data for p in parts], dtype=np.result_type(*[p.data.dtype for p in parts]))
        indices = np.concatenate([p.indices.astype(np.int64) + off for p, off in zip(parts, offsets.tolist())])
        index_dtype = np.int64 if len(data) > _INT32_MAX or offsets[-1] > _INT32_MAX else np.int32
        return sp.csr_matrix(
            (data, indices.astype(index_dtype), np.array([0, len(data)], dtype=index_dtype)),
            shape=(1, int(offsets[-1])),
        )
    lengths = [np.diff(p.indptr) for p in parts]
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.sum(lengths, axis=0), out=indptr[1:])
    nnz = int(indptr[-1])
    data = np.empty(nnz, dtype=np.result_type(*[p.data.dtype for p in parts]))
    indices = np.empty(nnz, dtype=np.int64)
    start, offset = indptr[:-1].copy(), 0
    for part, length in zip(parts, lengths):
        k = len(part.data)
        pos = np.repeat(start - part.indptr[:-1], length) + np.arange(k)
        data[pos] = part.data
        indices[pos] = part.indices + offset
        start += length
        offset += part.n_cols
    index_dtype = np.int64 if nnz > _INT32_MAX or offset > _INT32_MAX else np.int32
    return sp.csr_matrix((data, indices.astype(index_dtype), indptr.astype(index_dtype)), shape=(n_rows, offset))


# --- the classifier --------------------------------------------------------------------------------

_COEF_T: weakref.WeakKeyDictionary[Any, tuple[Any, np.ndarray]] = weakref.WeakKeyDictionary()


def _coef_t(lr: Any, dtype: Any) -> np.ndarray:
    """``lr.coef_.T`` as the contiguous array scipy would convert it to on every product, made once."""
    dtype = np.result_type(dtype, lr.coef_.dtype)
    cached = _COEF_T.get(lr)
    if cached is None or cached[0] is not lr.coef_ or cached[1].dtype != dtype:
        cached = _COEF_T[lr] = (lr.coef_, np.ascontiguousarray(lr.coef_.T, dtype=dtype))
    return cached[1]


def linear_scores(clf: Any, X: Any) -> np.ndarray:
    """A fitted ``MotiveClassifier``'s temperature-scaled decision values for validated features ``X``.

    The linear model's ``decision_function`` arithmetic (``X @ coef.T + intercept``), with ``coef.T``
    kept in the layout scipy needs instead of converted on every call, then the temperature.
    """
    lr = clf.estimator_
    scores: np.ndarray = np.asarray(X @ _coef_t(lr, X.dtype)) + lr.intercept_
    if scores.ndim > 1 and scores.shape[1] == 1:
        scores = scores.reshape(-1)
    scaled: np.ndarray = scores / clf.temperature_
    return scaled


# --- the whole pipeline ----------------------------------------------------------------------------


class Plan(NamedTuple):
    """The steps of a fitted default-shaped pipeline (references into it, nothing copied)."""

    chunk_size: int
    blocks: list[tuple[list[Any], float | None]]
    classifier: Any
    classes: tuple[str, ...]


def compile_pipeline(pipeline: Any) -> Plan | None:
    """The :class:`Plan` of a fitted default-shaped pipeline (live or raw), or None for any other."""
    try:
        return _compile(pipeline)
    except Exception:  # anything unexpected: the scikit-learn pipeline, which explains itself, is used instead
        return None


def _compile(pipeline: Any) -> Plan | None:
    if class_name(pipeline) != _PIPELINE or len(pipeline.steps) != 3:
        return None
    (_, analyser), (_, union), (_, clf) = pipeline.steps
    if class_name(analyser) != _ANALYSER or class_name(union) != _UNION or class_name(clf) not in _CLASSIFIERS:
        return None
    if union.n_jobs not in (None, 1) or getattr(clf, "estimator_", None) is None:
        return None
    weights = union.transformer_weights or {}
    blocks: list[tuple[list[Any], float | None]] = []
    for name, trans in union.transformer_list:
        if isinstance(trans, str) and trans == "drop":
            continue
        chain_ = [step for _, step in trans.steps] if class_name(trans) == _PIPELINE else [trans]
        kinds = [class_name(step) for step in chain_]
        # Any number of column selections, then one vectorizer or the dense block.
        if not kinds or kinds[-1] not in (_DENSE, _VECTORIZER) or any(k != _SELECT for k in kinds[:-1]):
            return None
        if kinds[-1] == _VECTORIZER and not supports_block(chain_[-1]):
            return None
        blocks.append((chain_, weights.get(name)))
    chunk_size = analyser.chunk_size
    if not blocks or type(chunk_size) is not int or chunk_size < 1:
        return None
    classes = tuple(str(c) for c in clf.classes_)
    return Plan(chunk_size, blocks, clf, classes)


def _step(step: Any, value: Any) -> Any:
    kind = class_name(step)
    if kind == _SELECT:
        return getattr(value, step.column)
    if kind == _DENSE:
        return _dense_rows(value.dense)
    return block_rows(step, value)


def predict_proba(plan: Plan, X: Sequence[Any]) -> np.ndarray:
    """``pipeline.predict_proba(X)`` for the pipeline the plan was compiled from."""
    columns: Columns = analyse_columns(X, plan.chunk_size)
    parts = []
    for chain_, weight in plan.blocks:
        out: Any = columns
        for step in chain_:
            out = _step(step, out)
        parts.append(out if weight is None else out._replace(data=out.data * weight))
    features = _hstack(parts)
    clf = plan.classifier
    if features.shape[1] != clf.n_features_in_:
        raise ValueError(f"X has {features.shape[1]} features, but the classifier expects {clf.n_features_in_}.")
    return softmax(as_2d(linear_scores(clf, features)))
