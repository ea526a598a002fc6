"""Active learning: what to label next, and which labels to check again.

:func:`suggest_for_labeling` ranks unlabeled texts by how unsure the model is
about them, so each new label teaches it the most. :func:`find_label_errors`
cross-validates a labeled set and lists the examples whose held-out prediction
confidently disagrees with their label: the likeliest labeling mistakes.

Strategies of :func:`suggest_for_labeling` (``p1 >= p2`` are the two highest
probabilities of a text):

- ``"margin"`` (default): margin sampling, the smallest gap ``p1 - p2`` first:
  texts the model hesitates between two motives on;
- ``"least-confident"``: the lowest ``p1`` first;
- ``"entropy"``: the highest entropy of all five probabilities first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import InputError, InputTypeError
from .features import Example
from .frames import _is_missing as _missing
from .labels import LABELS
from .model import Model, Prediction

__all__ = ["STRATEGIES", "LabelIssue", "Suggestion", "find_label_errors", "suggest_for_labeling"]

STRATEGIES = ("margin", "least-confident", "entropy")
"""The ranking strategies of :func:`suggest_for_labeling`."""


@dataclass(frozen=True)
class Suggestion:
    """An unlabeled text worth labeling next.

    Attributes
    ----------
    index : int
        Position of the text in the input.
    text : str
    headline : str or None
        The sender's headline given with the text, if any.
    prediction : Prediction
        What the model predicts now.
    margin : float
        Gap between the two highest probabilities (small: the model hesitates).
    entropy : float
        Entropy of the five probabilities, in nats.
    """

    index: int
    text: str
    headline: str | None
    prediction: Prediction
    margin: float
    entropy: float

    def __str__(self) -> str:
        first, second = sorted(self.prediction.scores.items(), key=lambda kv: -kv[1])[:2]
        return f"#{self.index} {first[0]} {first[1]:.2f} vs {second[0]} {second[1]:.2f}: {_short(self.text)}"


@dataclass(frozen=True)
class LabelIssue:
    """A labeled example whose cross-validated prediction confidently disagrees with its label.

    Attributes
    ----------
    index : int
        Position of the example in the input.
    id : str
        Its row id (``id`` field, or the position).
    text : str
    given : str
        The label it has.
    suggested : str
        The label a model trained without it predicts.
    confidence : float
        Held-out probability of ``suggested``.
    given_probability : float
        Held-out probability of ``given``.
    """

    index: int
    id: str
    text: str
    given: str
    suggested: str
    confidence: float
    given_probability: float

    def __str__(self) -> str:
        return f"{self.id}: labeled {self.given!r}, predicted {self.suggested!r} ({self.confidence:.0%}): {_short(self.text)}"


def _short(text: str, width: int = 80) -> str:
    """A text on one line, cut to ``width`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _pool_examples(texts: Any, headline: Any, kind: str) -> list[Example]:
    from .api import _check_kind, _example

    kind = _check_kind(kind)
    if type(texts).__name__ == "DataFrame" and hasattr(texts, "to_dict"):
        if "text" not in texts.columns:
            raise InputError(
                f"The DataFrame has no 'text' column (columns: {list(texts.columns)!r}). Fix: name the text column 'text'."
            )
        texts = texts.to_dict("records")
    if isinstance(texts, (str, bytes, bytearray, Mapping)) or not isinstance(texts, Iterable):
        raise InputTypeError(
            f"texts must be a list of texts (or of row dicts with a 'text'), got {type(texts).__name__}: {texts!r:.60}. "
            "Fix: for one text, pass [text]."
        )
    items = list(texts)
    if isinstance(headline, str):
        raise InputTypeError(
            f"headline must be a list with one entry (str or None) per text, got a str: {headline!r:.60}. "
            "Fix: pass [headline] * len(texts)."
        )
    heads = [None] * len(items) if headline is None else list(headline)
    if len(heads) != len(items):
        raise InputError(
            f"headline has {len(heads)} entries for {len(items)} texts. Fix: give one headline (or None) per text."
        )
    out = []
    for i, (item, head) in enumerate(zip(items, heads)):
        if isinstance(item, Mapping):
            cell = item.get("kind")
            row_kind = _check_kind(kind if not cell or _missing(cell) else cell)
            head = item.get("headline")
            row_head = None if row_kind != "message" or _missing(head) else (head or None)
            out.append(_example(item.get("text"), row_head, row_kind, i))
        else:
            out.append(_example(item, head, kind, i))
    return out


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InputError(f"n must be a positive int (how many texts to suggest), got {n!r}.")
    return n


def suggest_for_labeling(
    texts: Iterable[Any],
    n: int = 20,
    *,
    model: Model | None = None,
    strategy: str = "margin",
    headline: Iterable[str | None] | None = None,
    kind: str = "message",
) -> list[Suggestion]:
    """The ``n`` unlabeled texts the model is least sure about, to label next.

    With the default ``strategy="margin"`` (margin sampling) the texts come in
    order of the smallest gap between their two highest label probabilities:
    the texts the model hesitates on between two motives, where a label moves
    its decision boundary most. Ties keep the input order.

    Parameters
    ----------
    texts : list of str, list of dict rows, or pandas DataFrame
        Unlabeled messages or headlines; a dict row (or a DataFrame row) gives ``text`` and,
        optionally, ``headline`` and ``kind`` (so rows of a corpus file can be passed as they are;
        a missing headline cell is no headline).
    n : int, default=20
        How many to return (all of them when fewer are given).
    model : Model, optional
        The model to ask; the shipped default otherwise.
    strategy : {"margin", "least-confident", "entropy"}, default="margin"
        How to rank (see the module documentation).
    headline : list of (str or None), optional
        The sender's headline of each text, aligned with ``texts``.
    kind : {"message", "headline"}, default="message"
        What the texts are (a dict row's own ``kind`` wins).

    Returns
    -------
    list of Suggestion
        Most informative first; ``Suggestion.index`` points into ``texts``.

    Examples
    --------
    >>> pool = ["Could you send a quote for 400 pallets?", "Hi, happy to connect", "Loved your post on pricing"]
    >>> picks = suggest_for_labeling(pool, n=2)
    >>> len(picks), picks[0].margin <= picks[1].margin
    (2, True)
    """
    from .api import default_model

    n = _check_n(n)
    if strategy not in STRATEGIES:
        raise InputError(f"strategy must be one of {STRATEGIES}, got {strategy!r}.")
    m = model if model is not None else default_model()
    if not isinstance(m, Model):
        raise InputTypeError(f"model must be a linkmotive Model (from train() or load()), got {type(m).__name__}.")
    examples = _pool_examples(texts, headline, kind)
    if not examples:
        return []
    preds = list(m.predict_iter(examples))
    proba = np.array([[p.scores[lab] for lab in m.labels] for p in preds])
    top2 = -np.sort(-proba, axis=1)[:, :2]
    margin = top2[:, 0] - top2[:, 1]
    entropy = -(proba * np.log(np.clip(proba, 1e-12, None))).sum(axis=1)
    key = {"margin": margin, "least-confident": top2[:, 0], "entropy": -entropy}[strategy]
    order = np.argsort(key, kind="stable")[:n]
    return [
        Suggestion(
            index=int(i),
            text=examples[i].text,
            headline=examples[i].headline,
            prediction=preds[i],
            margin=float(margin[i]),
            entropy=float(entropy[i]),
        )
        for i in order.tolist()
    ]


def find_label_errors(
    examples: Any,
    *,
    cv: int = 5,
    min_confidence: float = 0.7,
    params: Mapping[str, Any] | None = None,
    random_state: int = 0,
    n_jobs: int = 1,
) -> list[LabelIssue]:
    """Labeled examples whose cross-validated prediction confidently disagrees with their label.

    Each example is predicted by a model trained on the other folds
    (:func:`linkmotive.scoring.cross_validate`), so it cannot vouch for its own
    label. An example is flagged when that held-out prediction is another label
    with probability at least ``min_confidence``. They are listed most
    suspicious first (lowest held-out probability of the given label). A flag
    is a request to look again, not a verdict: some are hard cases the model
    gets wrong.

    Parameters
    ----------
    examples : path, rows, ``(text, label)`` pairs or pandas DataFrame
        Labeled examples (any form :func:`linkmotive.train` accepts); every label
        needs at least 2.
    cv : int, default=5
        Cross-validation folds.
    min_confidence : float, default=0.7
        How sure the held-out prediction must be to flag its disagreement.
    params : dict, optional
        Pipeline parameters, as for :func:`linkmotive.train`.
    random_state : int, default=0
        Seed of the folds and the classifier.
    n_jobs : int, default=1
        Folds fitted in parallel.

    Returns
    -------
    list of LabelIssue

    Examples
    --------
    >>> rows = [("We met at the Oslo expo, let's keep in touch", "network"), ("Loved your talk, any advice for a student?", "learn"),
    ...         ("What went wrong with the launch? I want to avoid it", "avoid-mistakes"), ("We help clinics book more patients, demo?", "sell"),
    ...         ("Could you send a quote for 500 units?", "buy")] * 4
    >>> rows[-1] = ("Could you send a quote for 500 units?", "network")   # a slip of the labeler
    >>> [(i.index, i.given, i.suggested) for i in find_label_errors(rows, cv=2, min_confidence=0.5)]
    [(19, 'network', 'buy')]
    """
    from .datasets import LabeledData, read_labeled
    from .scoring import cross_validate

    if isinstance(min_confidence, bool) or not isinstance(min_confidence, (int, float)) or not 0 <= min_confidence <= 1:
        raise InputError(f"min_confidence must be a probability in [0, 1], got {min_confidence!r}.")
    labeled = examples if isinstance(examples, LabeledData) else read_labeled(examples)
    scored = cross_validate(labeled, cv=cv, params=params, random_state=random_state, n_jobs=n_jobs)
    issues = []
    for i, (row, given, pred) in enumerate(zip(scored.proba, scored.labels, scored.predicted)):
        conf = float(row[LABELS.index(pred)])
        if pred != given and conf >= min_confidence:
            issues.append(
                LabelIssue(
                    index=i,
                    id=scored.ids[i],
                    text=labeled.examples[i].text,
                    given=given,
                    suggested=pred,
                    confidence=conf,
                    given_probability=float(row[LABELS.index(given)]),
                )
            )
    return sorted(issues, key=lambda issue: (issue.given_probability, issue.index))
