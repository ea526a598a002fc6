"""The ``linkmotive`` spaCy pipeline component.

Installing linkmotive registers the ``linkmotive`` factory through spaCy's
``spacy_factories`` entry point, so any pipeline, blank or trained, can add it
without importing linkmotive first::

    import spacy

    nlp = spacy.blank("en")            # or spacy.load("en_core_web_sm")
    nlp.add_pipe("linkmotive")         # the shipped model
    doc = nlp("Could you send a quote for 400 pallets?")
    doc._.motive.label                 # 'buy'
    doc.cats                           # {'network': ..., 'learn': ..., ..., 'buy': ...}

The component reads ``doc.text`` (and, when set, ``doc._.motive_headline``,
the sender's headline) and writes:

- ``doc._.motive``: a :class:`~linkmotive.Prediction`, or ``None`` for a Doc
  with no text and no headline (the Doc keeps it as a plain dict in
  ``doc.user_data``, so Docs still serialise: ``Doc.to_bytes``, ``DocBin``,
  ``nlp.pipe(..., n_process=2)``);
- ``doc.cats``: the five label scores (other categories in ``doc.cats`` are
  kept).

Its config names the linkmotive model: ``"default"`` (the shipped model) or the
path of a model folder written by :meth:`linkmotive.Model.save`. Naming a
folder in the config is an explicit choice to trust it, as with the CLI's
``--model``: it is unpickled. ``nlp.to_disk`` stores the config (so
``spacy.load`` rebuilds the component with the same model) and a small
``linkmotive.json`` recording the sha256 of the model's manifest; loading
warns if the model folder changed since. The model itself is not copied into the spaCy pipeline
folder, so use an absolute path.

This module is separate from :mod:`linkmotive.text`, which builds
linkmotive's own internal spaCy pipeline.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ._version import __version__
from .errors import ModelLoadError
from .labels import LABELS

__all__ = ["DEFAULT_CONFIG", "FACTORY", "LinkmotiveComponent", "make_linkmotive"]

FACTORY = "linkmotive"
"""The factory name: ``nlp.add_pipe("linkmotive")``."""

DEFAULT_CONFIG: dict[str, Any] = {"model": "default", "kind": "message"}
"""The component's default config: the shipped model, texts read as messages."""

MOTIVE_ATTR = "motive"
HEADLINE_ATTR = "motive_headline"
STATE_FILE = "linkmotive.json"
USER_DATA_KEY = "linkmotive.motive"
"""Where a Doc keeps its prediction as a plain dict, so Docs serialise (``Doc.to_bytes``, ``n_process>1``)."""


def _get_motive(doc: Doc) -> Any:
    data = doc.user_data.get(USER_DATA_KEY)
    if data is None:
        return None
    from .model import Prediction

    return Prediction(
        label=data["label"],
        confidence=data["confidence"],
        scores=dict(data["scores"]),
        kind=data["kind"],
        uncertain=data["uncertain"],
    )


def _set_extensions() -> None:
    if not Doc.has_extension(MOTIVE_ATTR):
        Doc.set_extension(MOTIVE_ATTR, getter=_get_motive)
    if not Doc.has_extension(HEADLINE_ATTR):
        Doc.set_extension(HEADLINE_ATTR, default=None)


def _load_model(model: str, component: str) -> tuple[Any, str | None]:
    """The linkmotive Model named by ``model``, and the sha256 of its manifest (None for the default)."""
    from .api import default_model, load

    if not isinstance(model, str) or not model.strip():
        raise ModelLoadError(
            f"The spaCy component {component!r} needs config 'model' to be \"default\" or the path of a linkmotive "
            f"model folder, got {model!r}. Fix: nlp.add_pipe('linkmotive', config={{'model': 'default'}})."
        )
    path = Path(model).expanduser()
    try:
        if model == "default":
            return default_model(), None
        m = load(path, trusted=True)
    except ModelLoadError as exc:
        raise type(exc)(
            f"The spaCy component {component!r} could not load its linkmotive model {model!r}: {exc} "
            "To use the shipped model instead: nlp.add_pipe('linkmotive') (config model=\"default\")."
        ) from None
    manifest = (path if path.is_dir() else path.parent) / "manifest.json"
    return m, hashlib.sha256(manifest.read_bytes()).hexdigest() if manifest.is_file() else None


class LinkmotiveComponent:
    """spaCy component: sets ``doc._.motive`` and the five label scores in ``doc.cats``.

    Made by the ``linkmotive`` factory; see :func:`make_linkmotive` for the config.

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline the component belongs to.
    name : str
        The component's name in the pipeline.
    model : str
        ``"default"`` or the path of a linkmotive model folder.
    kind : {"message", "headline"}
        What the Docs' texts are.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("linkmotive")
    >>> doc = nlp("Hi Simon, loved your M&S post - could I pick your brain on how you ran the campaign?")
    >>> doc._.motive.label
    'learn'
    >>> max(doc.cats, key=doc.cats.get)
    'learn'
    """

    def __init__(self, nlp: Language, name: str = FACTORY, *, model: str = "default", kind: str = "message") -> None:
        from .api import _check_kind

        self.name = name
        self.model_name = model
        self.kind = _check_kind(kind)
        self.model, self.model_sha256 = _load_model(model, name)
        _set_extensions()

    def __call__(self, doc: Doc) -> Doc:
        self._set_annotations([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Annotate Docs ``batch_size`` at a time (one model call per batch), in order."""
        docs_iter = iter(stream)
        while docs := list(itertools.islice(docs_iter, max(1, batch_size))):
            self._set_annotations(docs)
            yield from docs

    def _set_annotations(self, docs: list[Doc]) -> None:
        from .features import Example
        from .text import is_blank

        examples, targets = [], []
        for doc in docs:
            headline = doc._.get(HEADLINE_ATTR)
            if headline is not None and not isinstance(headline, str):
                from .errors import InputTypeError

                raise InputTypeError(
                    f"doc._.{HEADLINE_ATTR} must be a str or None, got {type(headline).__name__}: {headline!r:.60}."
                )
            if self.kind == "headline":
                headline = None
            if is_blank(doc.text, headline):
                doc.user_data.pop(USER_DATA_KEY, None)
                continue
            examples.append(Example(doc.text, headline or None, self.kind))
            targets.append(doc)
        if not examples:
            return
        preds = self.model._predictions(examples, self.model.predict_proba(examples))
        for doc, pred in zip(targets, preds):
            doc.user_data[USER_DATA_KEY] = pred.to_dict()
            doc.cats.update({label: float(pred.scores[label]) for label in LABELS})

    def score(self, examples: Iterable[Any], **kwargs: Any) -> dict[str, Any]:
        """Score ``doc.cats`` against gold ``Example`` objects (for ``nlp.evaluate``)."""
        from spacy.scorer import Scorer

        kwargs.setdefault("labels", list(LABELS))
        kwargs.setdefault("multi_label", False)
        return Scorer.score_cats(examples, "cats", **kwargs)

    # Serialization: the config already names the model; this records which model file it was.

    def _state(self) -> dict[str, Any]:
        return {"model": self.model_name, "model_sha256": self.model_sha256, "linkmotive": __version__}

    def _check_state(self, state: dict[str, Any]) -> None:
        saved = state.get("model_sha256")
        if saved and self.model_sha256 and saved != self.model_sha256:
            warnings.warn(
                f"The spaCy component {self.name!r} was saved with the linkmotive model {state.get('model')!r} "
                f"(sha256 {saved[:12]}...), but the model now at {self.model_name!r} is a different file "
                f"(sha256 {self.model_sha256[:12]}...). Predictions may differ from when the pipeline was saved.",
                UserWarning,
                stacklevel=3,
            )

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self._state(), sort_keys=True).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> LinkmotiveComponent:
        self._check_state(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STATE_FILE).write_text(json.dumps(self._state(), indent=2, sort_keys=True) + "\n", "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LinkmotiveComponent:
        state_file = Path(path) / STATE_FILE
        if state_file.is_file():
            self._check_state(json.loads(state_file.read_text("utf-8")))
        return self


@Language.factory(
    FACTORY,
    default_config=DEFAULT_CONFIG,
    assigns=["doc._.motive", "doc.cats"],
    default_score_weights={"cats_score": 1.0},
)
def make_linkmotive(nlp: Language, name: str, model: str, kind: str) -> LinkmotiveComponent:
    """The ``linkmotive`` factory, found by spaCy through the ``spacy_factories`` entry point.

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline.
    name : str
        The component's name.
    model : str, default="default"
        ``"default"`` for the shipped model, or the path of a folder written by
        :meth:`linkmotive.Model.save` (loaded as trusted: only name models you
        trust).
    kind : {"message", "headline"}, default="message"
        What the Docs' texts are.

    Raises
    ------
    ModelLoadError
        The model folder is missing, broken or incompatible; the message names
        the component, the path and the fix.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("linkmotive", config={"kind": "headline"})
    >>> nlp("Procurement Lead | sourcing print suppliers")._.motive.label
    'buy'
    """
    return LinkmotiveComponent(nlp, name, model=model, kind=kind)
