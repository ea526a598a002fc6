"""The public functions: :func:`classify`, :func:`explain` and :func:`load`."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any, overload

from ._analysis import Example
from .errors import InputError, InputTypeError
from .frames import _is_missing
from .labels import KINDS
from .model import Explanation, Model, Prediction
from .text import is_blank

__all__ = ["classify", "default_model", "explain", "load"]

_DEFAULT: Model | None = None
_DEFAULT_LOCK = threading.Lock()


def load(path: Any = None, *, trusted: bool = False) -> Model:
    """Load a saved model folder; with no path, the shipped default model.

    Parameters
    ----------
    path : str or Path, optional
        A folder written by :meth:`Model.save` or ``linkmotive train``.
    trusted : bool, default=False
        Only needed for a folder saved with joblib (a pickle, which runs code
        when loaded): it loads only with ``trusted=True``, except the packaged
        default model, whose sha256 is verified. Folders in the safe format
        (``model.json`` + ``arrays.npz``, what :meth:`Model.save` writes for the
        default pipeline) are never unpickled and need no trust.

    Examples
    --------
    >>> model = load()
    >>> model.labels
    ('network', 'learn', 'avoid-mistakes', 'sell', 'buy')
    """
    from .persist import load_model

    return load_model(path, trusted=trusted)


def default_model() -> Model:
    """The shipped default model, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = load()
    return _DEFAULT


def _check_kind(kind: Any) -> str:
    if not isinstance(kind, str):
        raise InputTypeError(f"kind must be a str, one of {KINDS}; got {type(kind).__name__} {kind!r}.")
    if kind not in KINDS:
        raise InputError(f"kind must be one of {KINDS}, got {kind!r}. Fix: use kind='message' or kind='headline'.")
    return kind


def _example(text: Any, headline: Any, kind: str, index: int | None = None) -> Example:
    where = "" if index is None else f" at index {index}"
    if not isinstance(text, str):
        hint = " Decode it first: text.decode('utf-8')." if isinstance(text, (bytes, bytearray)) else ""
        raise InputTypeError(f"The text{where} must be a str, got {type(text).__name__}: {text!r:.60}.{hint}")
    if _is_missing(headline):
        headline = None  # a missing cell of a pandas headline column (NaN, pd.NA) is no headline
    if headline is not None and not isinstance(headline, str):
        raise InputTypeError(
            f"The headline{where} must be a str or None, got {type(headline).__name__}: {headline!r:.60}."
        )
    if kind == "headline" and headline:
        raise InputError(
            f"A headline{where} was given with kind='headline'. Fix: pass the headline as the text with kind='headline', "
            "or the message as the text with kind='message'."
        )
    if is_blank(text, headline):
        raise InputError(
            f"The text{where} is empty. linkmotive needs a message or a headline to read. "
            "Fix: drop empty rows, or pass the sender's headline with headline=."
        )
    return Example(text, headline or None, kind)


def _examples(texts: Iterable[Any], headlines: Any, kind: str) -> Iterator[Example]:
    if headlines is None:
        for i, text in enumerate(texts):
            yield _example(text, None, kind, i)
        return
    if isinstance(headlines, str) or not isinstance(headlines, Iterable):
        raise InputTypeError(
            f"For a batch, headline must be a list aligned with the texts, got {type(headlines).__name__}."
        )
    sentinel = object()
    it_h = iter(headlines)
    i = -1
    for i, text in enumerate(texts):
        h = next(it_h, sentinel)
        if h is sentinel:
            raise InputError(
                f"headline has {i} items but there are more texts. Fix: give one headline (or None) per text."
            )
        yield _example(text, h, kind, i)
    if next(it_h, sentinel) is not sentinel:
        raise InputError(f"headline has more items than the {i + 1} texts. Fix: give one headline (or None) per text.")


@overload
def classify(  # type: ignore[overload-overlap]  # a str is also an Iterable[str]; the str overload comes first
    text: str, *, headline: str | None = ..., kind: str = ..., model: Model | None = ..., n_jobs: int = ...
) -> Prediction: ...
@overload
def classify(
    text: Iterable[str],
    *,
    headline: Iterable[str | None] | None = ...,
    kind: str = ...,
    model: Model | None = ...,
    n_jobs: int = ...,
) -> list[Prediction]: ...


def classify(
    text: str | Iterable[str],
    *,
    headline: Any = None,
    kind: str = "message",
    model: Model | None = None,
    n_jobs: int = 1,
) -> Prediction | list[Prediction]:
    """Predict why a sender wants to link: one text gives a Prediction, a list gives a list.

    Parameters
    ----------
    text : str or iterable of str
        A connection message (``kind="message"``) or a profile headline
        (``kind="headline"``); or many of them. Texts over
        :data:`linkmotive.text.MAX_CHARS` characters are truncated.
    headline : str or list of (str or None), optional
        The sender's headline next to a message (LABELS.md rule 6); for a
        batch, one entry per text. An empty message with a headline is
        classified by the headline.
    kind : {"message", "headline"}, default="message"
        What the texts are.
    model : Model, optional
        A model from :func:`train` or :func:`load`; the shipped default otherwise.
    n_jobs : int, default=1
        Worker processes for a batch (joblib); results equal ``n_jobs=1``.

    Returns
    -------
    Prediction or list of Prediction

    Raises
    ------
    InputTypeError
        A text or headline is not a string (the error names its index in a batch).
    InputError
        Empty text with no headline, an unknown ``kind``, misaligned headlines.

    Examples
    --------
    >>> p = classify("Hi Simon, loved your M&S post - could I pick your brain on how you ran the campaign?")
    >>> p.label
    'learn'
    >>> [q.label for q in classify(["We met at the Leeds marketing breakfast, great to connect",
    ...                            "Procurement Lead | sourcing print suppliers"], kind="message")]
    ['network', 'buy']
    """
    kind = _check_kind(kind)
    m = model if model is not None else default_model()
    if not isinstance(m, Model):
        raise InputTypeError(f"model must be a linkmotive Model (from train() or load()), got {type(m).__name__}.")
    if isinstance(text, str):
        ex = _example(text, headline, kind)
        return m._predictions([ex], m.predict_proba([ex]))[0]
    if isinstance(text, (bytes, bytearray, dict)) or not isinstance(text, Iterable):
        hint = " Decode it first: text.decode('utf-8')." if isinstance(text, (bytes, bytearray)) else ""
        raise InputTypeError(
            f"text must be a str or an iterable of str, got {type(text).__name__}: {text!r:.60}.{hint}"
        )
    examples = _examples(text, headline, kind)
    if n_jobs == 1:
        return list(m.predict_iter(examples))
    from .parallel import predict_parallel

    return predict_parallel(m, examples, n_jobs)


def explain(
    text: str, *, headline: str | None = None, kind: str = "message", model: Model | None = None, top: int = 6
) -> Explanation:
    """The features that pushed a text most toward and away from its predicted label.

    Examples
    --------
    >>> e = explain("Could I pick your brain about how you grew the newsletter?")
    >>> e.prediction.label
    'learn'
    >>> any("advice" in c.feature or "brain" in c.feature for c in e.toward)
    True
    """
    kind = _check_kind(kind)
    m = model if model is not None else default_model()
    if not isinstance(m, Model):
        raise InputTypeError(f"model must be a linkmotive Model (from train() or load()), got {type(m).__name__}.")
    if not isinstance(text, str):
        raise InputTypeError(
            f"explain() takes one text (a str), got {type(text).__name__}. Fix: call it once per text."
        )
    return m.explain(_example(text, headline, kind), top=top)
