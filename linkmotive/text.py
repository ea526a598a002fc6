"""Text processing with spaCy: normalisation, lemmas and motive cues.

This is the only module that imports spaCy. It builds one blank English
pipeline per process (tokenizer, lookup lemmatizer from ``spacy-lookups-data``
and a :class:`CueMatcher` component holding the phrases of
``resources/cues.json``) and turns raw texts into :class:`Analysed` records:
plain strings and numbers that the scikit-learn feature step can use. No Doc
outlives a chunk, so a batch of any size runs in bounded memory.
"""

from __future__ import annotations

import functools
import json
import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

__all__ = [
    "BATCH_SIZE",
    "MAX_CHARS",
    "SHAPE_NAMES",
    "Analysed",
    "Cue",
    "analyse",
    "get_nlp",
    "load_cues",
    "normalise",
]

MAX_CHARS = 10_000
"""Texts longer than this are truncated before analysis (LinkedIn caps messages near 8,000)."""

BATCH_SIZE = 256
"""Texts per ``nlp.pipe`` batch."""

SHAPE_NAMES: tuple[str, ...] = (
    "is a question",
    "several questions",
    "contains a URL",
    "contains an e-mail address",
    "template placeholder left in",
    "speaks as 'we'/'our'",
    "speaks as 'I'",
    "addresses 'you'",
    "length",
    "mostly capital letters",
    "emoji",
    "hashtags",
    "pipes or bullets between parts",
    "exclamation",
    "non-ASCII letters",
    "money or percentages",
)
"""Human-readable names of the structure features, in order."""

_INVISIBLE = re.compile(
    "[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|io|co|org|net|ly|ai|app)(?:/\S*)?\b", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_PLACEHOLDER = re.compile(
    r"\{\{\s*[^{}]{1,40}\}\}|\$\{[^{}]{1,40}\}|\{[A-Za-z_ ]{1,40}\}"
    r"|\[(?:[A-Z][A-Za-z]*[ _]?){1,4}\]|<(?:first[ _]?name|name|company)>|%[A-Z][A-Z_]{1,30}%",
    re.I,
)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MONEY = re.compile(r"[$€£¥₹]|\d\s?%|\b(?:usd|eur|gbp)\b", re.I)

URL_TOKEN = "urltoken"
EMAIL_TOKEN = "emailtoken"
PLACEHOLDER_TOKEN = "placeholdertoken"
NUM_TOKEN = "numtoken"

_WE = frozenset(
    "we our us ours nous notre nos wir unser unsere unseren uns noi nostro nostra nostri nosotros nuestro nuestra "
    "nuestros nuestras nós nosso nossa nossos nossas wij we onze ons".split()
)
_I = frozenset(
    "i my me mine je mon ma mes moi ich mein meine mich mir io mio mia yo mi mis eu meu minha ik mijn".split()
)
_YOU = frozenset(
    "you your yours vous votre vos tu ton ta tes sie ihr ihre ihren ihrem dein deine du voi vostro vostra tuo tua "
    "usted ustedes su sus tus você vocês seu sua jij jouw jullie uw u".split()
)


@dataclass(frozen=True)
class Cue:
    """A named group of phrases that usually signals one motive."""

    name: str
    label: str
    description: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Analysed:
    """What the feature step needs to know about one text.

    Attributes
    ----------
    lemmas : str
        Lowercased lemmas joined by spaces, with URLs, e-mails, placeholders
        and numbers replaced by marker words.
    chars : str
        The normalised, lowercased text used for character n-grams.
    cues : tuple of int
        How many phrases of each cue matched, in :func:`load_cues` order.
    shape : tuple of float
        Structure features in ``SHAPE_NAMES`` order, each within [0, 1].
    roles : str
        Who does what: each word within three words after a pronoun, marked
        ``me_`` (I, we, our...) or ``you_`` (you, your...), e.g. ``me_supply
        you_rate``. It tells "we supply..." (selling) from "do you supply..."
        (buying).
    """

    lemmas: str
    chars: str
    cues: tuple[int, ...]
    shape: tuple[float, ...]
    roles: str = ""


EMPTY_SHAPE = (0.0,) * len(SHAPE_NAMES)


@functools.lru_cache(maxsize=1)
def load_cues() -> tuple[Cue, ...]:
    """Read the motive cue lexicon shipped in ``linkmotive/resources/cues.json``."""
    raw = json.loads(resources.files("linkmotive").joinpath("resources/cues.json").read_text("utf-8"))
    return tuple(
        Cue(c["name"], c["label"], c["description"], tuple(p.lower() for p in c["phrases"])) for c in raw["cues"]
    )


def normalise(text: str) -> str:
    """Clean a raw text: Unicode NFKC, no invisible or control characters, bounded length.

    Lone surrogates become U+FFFD, runs of spaces collapse, and the text is
    truncated to :data:`MAX_CHARS` characters.
    """
    text = _SURROGATE.sub("\ufffd", text[: MAX_CHARS * 2])
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    return _SPACES.sub(" ", text).strip()[:MAX_CHARS]


def is_blank(text: str, headline: str | None = None) -> bool:
    """True when neither ``text`` nor ``headline`` has anything to read once :func:`normalise` has cleaned it.

    The one rule for "empty text" everywhere: spaces, zero-width and control characters alone are empty.

    Examples
    --------
    >>> is_blank("  "), is_blank("\u200b"), is_blank("", "CFO"), is_blank("Hi")
    (True, True, False, False)
    """
    return _blank(text) and (headline is None or _blank(headline))


_ASCII_BLANK = "".join(map(chr, range(33))) + "\x7f"
"""The ASCII characters normalise() removes or strips: controls, whitespace and space."""


def _blank(text: str) -> bool:
    if text.isascii():
        return not text.strip(_ASCII_BLANK)
    return not text.strip() or not normalise(text)


def _mask(text: str) -> str:
    if "@" in text:
        text = _EMAIL.sub(f" {EMAIL_TOKEN} ", text)
    text = _URL.sub(f" {URL_TOKEN} ", text)
    if "{" in text or "[" in text or "<" in text or "%" in text:  # every placeholder form holds one of these
        text = _PLACEHOLDER.sub(f" {PLACEHOLDER_TOKEN} ", text)
    return text


def _roles(words: Sequence[str], window: int = 3) -> str:
    out = []
    for i, w in enumerate(words):
        side = "me_" if (w in _WE or w in _I) else "you_" if w in _YOU else None
        if side is None:
            continue
        for v in words[i + 1 : i + 1 + window]:
            if v in _WE or v in _I or v in _YOU or v in ("?", "!"):
                break
            out.append(side + v)
    return " ".join(out)


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_UPPER = bytes(range(65, 91))


def _shape(raw: str, masked: str, words: Sequence[str]) -> tuple[float, ...]:
    # str methods mapped over the text, and the non-ASCII checks skipped for ASCII text: same values, less time.
    if raw.isascii():  # ASCII letters are exactly A-Z and a-z: count them in C
        b = raw.encode("ascii")
        count = len(b) - len(b.translate(None, _ASCII_LETTERS))
        n_letters = count or 1
        upper = (len(b) - len(b.translate(None, _ASCII_UPPER))) / n_letters if count >= 8 else 0.0
        non_ascii = 0.0
    else:
        letters = "".join(filter(str.isalpha, raw))
        n_letters = len(letters) or 1
        upper = sum(map(str.isupper, letters)) / n_letters if len(letters) >= 8 else 0.0
        non_ascii = 0.0 if letters.isascii() else sum(ord(c) > 127 for c in letters) / n_letters
    n_words = len(words) or 1
    questions = raw.count("?") + raw.count("¿") + raw.count("？")
    return (
        float(questions > 0),
        float(questions > 1),
        float(URL_TOKEN in masked),
        float(EMAIL_TOKEN in masked),
        float(PLACEHOLDER_TOKEN in masked),
        min(1.0, 3 * sum(map(_WE.__contains__, words)) / n_words),
        min(1.0, 3 * sum(map(_I.__contains__, words)) / n_words),
        min(1.0, 3 * sum(map(_YOU.__contains__, words)) / n_words),
        min(1.0, math.log1p(len(words)) / 5.5),
        float(upper > 0.6),
        float(not raw.isascii() and any(unicodedata.category(c) == "So" for c in _NON_ASCII.findall(raw))),
        float("#" in raw),
        float(any(s in raw for s in ("|", "•", "·", "/ ", " - "))),
        float("!" in raw),
        min(1.0, 2 * non_ascii),
        float(bool(_MONEY.search(raw))),
    )


class CueMatcher:
    """spaCy component: counts the phrases of each motive cue in a Doc.

    The counts are stored in ``doc.user_data["linkmotive_cues"]`` as a tuple
    aligned with :func:`load_cues`.
    """

    def __init__(self, nlp: Any, cues: Sequence[Cue]) -> None:
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.n = len(cues)
        patterns = list(nlp.pipe(p for cue in cues for p in cue.phrases))
        start = 0
        for i, cue in enumerate(cues):
            self.matcher.add(str(i), patterns[start : start + len(cue.phrases)])
            start += len(cue.phrases)
        self.ids = {nlp.vocab.strings[str(i)]: i for i in range(len(cues))}

    def __call__(self, doc: Any) -> Any:
        counts = [0] * self.n
        for match_id, _, _ in self.matcher(doc):
            counts[self.ids[match_id]] += 1
        doc.user_data["linkmotive_cues"] = tuple(counts)
        return doc


class LemmaWords:
    """spaCy component: lookup lemmas, and the words the features use, in one pass over the tokens.

    Sets ``token.lemma_`` from spaCy's English lookup table (``spacy-lookups-data``), exactly as
    spaCy's ``lemmatizer`` in ``lookup`` mode does, but remembers each word form's result. The
    feature words (lemmas, numbers as ``numtoken``, no spaces or punctuation except ``? ¿ !``) are
    stored in ``doc.user_data["linkmotive_words"]``.
    """

    MAX_CACHE = 500_000

    def __init__(self, nlp: Any) -> None:
        from spacy.lookups import load_lookups

        self.table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        self.strings = nlp.vocab.strings
        self.cache: dict[int, tuple[int, str | None]] = {}

    def _entry(self, lex: Any) -> tuple[int, str | None]:
        # From the word form's lexeme: the flags a token reads (is_space, is_punct, like_num) live there.
        if len(self.cache) >= self.MAX_CACHE:
            self.cache.clear()
        lemma = self.table.get(lex.text, lex.text)
        lemma = lemma if isinstance(lemma, str) else lemma[0]
        word = (
            None if lex.is_space or (lex.is_punct and lex.text not in "?¿!") else NUM_TOKEN if lex.like_num else lemma
        )
        entry = self.cache[lex.orth] = (self.strings.add(lemma), word)
        return entry

    def __call__(self, doc: Any) -> Any:
        # Token ids in and lemma ids out as arrays: no Token object is made (that was most of this step).
        cache, vocab, words = self.cache, doc.vocab, []
        lemmas = []
        for orth in doc.to_array("ORTH").tolist():
            entry = cache.get(orth) or self._entry(vocab[orth])
            lemmas.append(entry[0])
            if entry[1] is not None:
                words.append(entry[1])
        if lemmas:
            doc.from_array(["LEMMA"], np.array(lemmas, dtype=np.uint64).reshape(-1, 1))
        doc.user_data["linkmotive_words"] = words
        return doc


@functools.lru_cache(maxsize=1)
def get_nlp() -> Any:
    """The process-wide spaCy pipeline: blank ``en``, cached lookup lemmas, cue matcher."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("linkmotive_lemmas")
    nlp.add_pipe("linkmotive_cues", last=True)
    return nlp


def _register_factory() -> None:
    from spacy.language import Language

    if not Language.has_factory("linkmotive_cues"):
        Language.factory("linkmotive_cues", func=lambda nlp, name: CueMatcher(nlp, load_cues()))
    if not Language.has_factory("linkmotive_lemmas"):
        Language.factory("linkmotive_lemmas", func=lambda nlp, name: LemmaWords(nlp))


_register_factory()
_LOCK = threading.Lock()

_SYMBOL_RUN = re.compile(r"(?:[^\w\s]|_){33,}")
"""Runs of over 32 symbols, emoji or underscores with no space: spaCy's tokenizer peels them one
character at a time, in time quadratic in the run (10,000 emoji took 20 s). No corpus text has one."""


def _break_symbol_runs(text: str) -> str:
    """Put a space every 32 characters into long symbol runs, so tokenizing any text takes linear time."""
    if len(text) < 33:
        return text
    return _SYMBOL_RUN.sub(lambda m: " ".join(m[0][i : i + 32] for i in range(0, len(m[0]), 32)), text)


def _analyse_chunk(texts: list[str]) -> list[Analysed]:
    cleaned = [normalise(t) for t in texts]
    masked = [_mask(t) for t in cleaned]
    empty = Analysed("", "", (0,) * len(load_cues()), EMPTY_SHAPE)
    out: list[Analysed] = [empty] * len(texts)
    todo = [i for i, raw in enumerate(cleaned) if raw]  # empty texts (e.g. absent headlines) skip spaCy
    with _LOCK:  # also guards the first get_nlp(): threads never build two pipelines
        nlp = get_nlp()
        docs = nlp.pipe((_break_symbol_runs(masked[i].lower()) for i in todo), batch_size=BATCH_SIZE)
        for i, doc in zip(todo, docs):
            raw, mask, words = cleaned[i], masked[i], doc.user_data["linkmotive_words"]
            chars = _SPACES.sub(" ", mask.lower().replace("\n", " ")).strip()
            out[i] = Analysed(
                " ".join(words), chars, doc.user_data["linkmotive_cues"], _shape(raw, mask, words), _roles(words)
            )
    return out


def analyse(texts: Iterable[str], chunk_size: int = 2048) -> Iterator[Analysed]:
    """Analyse texts lazily, ``chunk_size`` at a time, in input order.

    Parameters
    ----------
    texts : iterable of str
        Raw texts; empty strings give an empty :class:`Analysed`.
    chunk_size : int
        How many texts go through spaCy before their Docs are released.

    Examples
    --------
    >>> a = next(analyse(["Could I pick your brain?"]))
    >>> a.lemmas
    'can i pick your brain ?'
    """
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) >= chunk_size:
            yield from _analyse_chunk(chunk)
            chunk = []
    if chunk:
        yield from _analyse_chunk(chunk)
