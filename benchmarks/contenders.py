"""The contenders: one class each, with the same small interface.

Every contender trains on corpus rows (dicts with ``text``, ``label``, ``kind``
and, for some messages, ``headline``), saves itself to a folder, loads from it,
and predicts three ways: probabilities for evaluation (:meth:`predict_proba`,
``LABELS`` order), a batch through its natural API (:meth:`batch`, timed for
throughput) and one text at a time (:meth:`one`, timed for latency).

Only the standard library is imported at module level, so a cold-start process
pays for exactly the imports its contender needs.

The baselines see a message and its sender's headline as one text
(``text + "\\n" + headline``); linkmotive gets them as separate fields.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, ClassVar

LABELS = ("network", "learn", "avoid-mistakes", "sell", "buy")
SEED = 0


def flat(text: str, headline: str | None) -> str:
    """What a baseline sees: the message, then the sender's headline if there is one."""
    return f"{text}\n{headline}" if headline else text


def fields(row: dict[str, Any]) -> tuple[str, str | None, str]:
    """``(text, headline, kind)`` of a corpus row; a headline row has no separate headline."""
    kind = row.get("kind") or "message"
    return row["text"], (row.get("headline") or None) if kind == "message" else None, kind


def folder_size(path: Path) -> int:
    """Bytes on disk of a file or of every file under a folder."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Contender:
    """Interface shared by the contenders."""

    key = ""
    title = ""
    note = ""

    @classmethod
    def unavailable(cls) -> str | None:
        """Why this contender cannot run here (a missing package), or None."""
        return None

    def fit(self, train: list[dict[str, Any]], dev: list[dict[str, Any]], quick: bool = False) -> None:
        raise NotImplementedError

    def save(self, folder: Path) -> None:
        raise NotImplementedError

    @classmethod
    def load(cls, folder: Path) -> Contender:
        raise NotImplementedError

    def predict_proba(self, rows: list[dict[str, Any]]) -> Any:
        """Probabilities, rows × ``LABELS``, as a numpy array."""
        return self._proba([flat(t, h) for t, h, _ in map(fields, rows)])

    def _proba(self, texts: list[str]) -> Any:
        raise NotImplementedError

    def batch(self, texts: list[str], headlines: list[str | None]) -> Any:
        """Classify a batch of messages through the contender's natural batch API."""
        return self._proba([flat(t, h) for t, h in zip(texts, headlines)]).argmax(axis=1)

    def one(self, text: str, headline: str | None) -> str:
        """Classify one message, as a caller serving one request would."""
        return LABELS[int(self._proba([flat(text, headline)])[0].argmax())]


# --------------------------------------------------------------------------- linkmotive


class Linkmotive(Contender):
    key = "linkmotive"
    title = "linkmotive (default configuration)"
    note = "linkmotive.train(train, dev=dev, random_state=0), as scripts/train_default.py does"

    def fit(self, train, dev, quick=False):
        import linkmotive

        self.model = linkmotive.train(
            train,
            dev=dev,
            random_state=SEED,
            description="benchmark: corpus train split; dev split sets calibration and threshold",
        )

    def save(self, folder):
        self.model.save(folder)

    @classmethod
    def load(cls, folder):
        import linkmotive

        self = cls()
        self.model = linkmotive.load(folder, trusted=True)
        return self

    def predict_proba(self, rows):
        from linkmotive.features import Example

        return self.model.predict_proba([Example(*fields(r)) for r in rows])

    def batch(self, texts, headlines):
        import linkmotive

        return linkmotive.classify(texts, headline=headlines, model=self.model)

    def one(self, text, headline):
        import linkmotive

        return linkmotive.classify(text, headline=headline, model=self.model).label


# --------------------------------------------------------------------------- scikit-learn


class _Sklearn(Contender):
    def _pipeline(self) -> Any:
        raise NotImplementedError

    def fit(self, train, dev, quick=False):
        texts = [flat(t, h) for t, h, _ in map(fields, train)]
        self.pipe = self._pipeline().fit(texts, [r["label"] for r in train])

    def save(self, folder):
        import joblib

        Path(folder).mkdir(parents=True, exist_ok=True)
        joblib.dump(self.pipe, Path(folder) / "model.joblib")

    @classmethod
    def load(cls, folder):
        import joblib

        self = cls()
        self.pipe = joblib.load(Path(folder) / "model.joblib")
        return self

    def _proba(self, texts):
        import numpy as np

        proba = self.pipe.predict_proba(texts)
        order = [list(self.pipe.classes_).index(lab) for lab in LABELS]
        return np.asarray(proba)[:, order]

    def batch(self, texts, headlines):
        return self.pipe.predict([flat(t, h) for t, h in zip(texts, headlines)])

    def one(self, text, headline):
        return str(self.pipe.predict([flat(text, headline)])[0])


class SklearnWords(_Sklearn):
    key = "sklearn-words"
    title = "scikit-learn: TF-IDF words 1-2 + LogisticRegression"
    note = "TfidfVectorizer(ngram_range=(1, 2)) + LogisticRegression(max_iter=1000), library defaults otherwise"

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        return make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(max_iter=1000))


class SklearnCalibrated(_Sklearn):
    key = "sklearn-calibrated"
    title = "scikit-learn: words + chars + CalibratedClassifierCV"
    note = (
        "TF-IDF word 1-2 + char_wb 2-5 grams (sublinear tf), LinearSVC in CalibratedClassifierCV(cv=5, sigmoid); "
        "C picked on the dev split from (0.1, 0.3, 1, 3)"
    )
    grid = (0.1, 0.3, 1.0, 3.0)

    def _pipeline(self, C: float = 1.0):
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.svm import LinearSVC

        features = make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        )
        return make_pipeline(features, CalibratedClassifierCV(LinearSVC(C=C), cv=5))

    def fit(self, train, dev, quick=False):
        from sklearn.metrics import f1_score

        texts = [flat(t, h) for t, h, _ in map(fields, train)]
        y = [r["label"] for r in train]
        dev_texts = [flat(t, h) for t, h, _ in map(fields, dev)]
        best = None
        for C in self.grid[1:3] if quick else self.grid:
            pipe = self._pipeline(C).fit(texts, y)
            score = f1_score([r["label"] for r in dev], pipe.predict(dev_texts), average="macro")
            if best is None or score > best[0]:
                best = (score, C, pipe)
        self.C = best[1]
        self.pipe = best[2]


# --------------------------------------------------------------------------- spaCy textcat


class SpacyBow(Contender):
    key = "spacy-bow"
    title = "spaCy textcat, bag of words (TextCatBOW.v3)"
    epochs = 10
    architecture = "bow"

    @property
    def note(self) -> str:  # type: ignore[override]
        return (
            f"spacy.blank('en') + textcat with spaCy's default {self.architecture} config (no vectors); "
            f"nlp.initialize + nlp.update for {self.epochs} epochs, minibatch compounding(4, 32, 1.001), dropout 0.2"
        )

    def _config(self) -> dict[str, Any]:
        from spacy.pipeline.textcat import single_label_bow_config
        from thinc.api import Config

        return {"model": Config().from_str(single_label_bow_config)["model"]}

    def fit(self, train, dev, quick=False):
        import spacy
        from spacy.training import Example
        from spacy.util import compounding, fix_random_seed, minibatch

        fix_random_seed(SEED)
        nlp = spacy.blank("en")
        textcat = nlp.add_pipe("textcat", config=self._config())
        for lab in LABELS:
            textcat.add_label(lab)
        examples = [
            Example.from_dict(nlp.make_doc(flat(t, h)), {"cats": {lab: float(lab == r["label"]) for lab in LABELS}})
            for r, (t, h, _) in zip(train, map(fields, train))
        ]
        optimizer = nlp.initialize(lambda: examples)
        rng = random.Random(SEED)
        for _ in range(2 if quick else self.epochs):
            rng.shuffle(examples)
            losses: dict[str, float] = {}
            for batch in minibatch(examples, size=compounding(4.0, 32.0, 1.001)):
                nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        self.nlp = nlp

    def save(self, folder):
        self.nlp.to_disk(folder)

    @classmethod
    def load(cls, folder):
        import spacy

        self = cls()
        self.nlp = spacy.load(folder)
        return self

    def _proba(self, texts):
        import numpy as np

        return np.array([[doc.cats[lab] for lab in LABELS] for doc in self.nlp.pipe(texts, batch_size=256)])

    def batch(self, texts, headlines):
        return [max(doc.cats, key=doc.cats.get) for doc in self.nlp.pipe(map(flat, texts, headlines), batch_size=256)]

    def one(self, text, headline):
        cats = self.nlp(flat(text, headline)).cats
        return max(cats, key=cats.get)


class SpacyEnsemble(SpacyBow):
    key = "spacy-ensemble"
    title = "spaCy textcat, ensemble (TextCatEnsemble.v2)"
    epochs = 10
    architecture = "ensemble (bag of words + tok2vec, no pretrained vectors)"

    def _config(self):
        from spacy.pipeline.textcat import single_label_default_config
        from thinc.api import Config

        return {"model": Config().from_str(single_label_default_config)["model"]}


# --------------------------------------------------------------------------- cue lexicon


class CueLexicon(Contender):
    key = "cues"
    title = "cue lexicon alone (argmax of cue counts)"
    note = (
        "per-label sums of linkmotive/resources/cues.json matches (linkmotive.text.analyse); a message without cues "
        "falls back to its headline's; no cue at all: the most frequent training label; ties: the more frequent label"
    )

    def fit(self, train, dev, quick=False):
        from collections import Counter

        counts = Counter(r["label"] for r in train)
        self.prior = {lab: counts[lab] / len(train) for lab in LABELS}

    def save(self, folder):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / "prior.json").write_text(json.dumps(self.prior), "utf-8")

    @classmethod
    def load(cls, folder):
        self = cls()
        self.prior = json.loads((Path(folder) / "prior.json").read_text("utf-8"))
        return self

    def _scores(self, texts: list[str], headlines: list[str | None]) -> list[list[float]]:
        from linkmotive.text import analyse, load_cues

        cue_labels = [LABELS.index(c.label) for c in load_cues()]

        def per_label(cues: tuple[int, ...]) -> list[float]:
            out = [0.0] * len(LABELS)
            for k, n in zip(cue_labels, cues):
                out[k] += n
            return out

        msg = [per_label(a.cues) for a in analyse(texts)]
        hl = [per_label(a.cues) for a in analyse([h or "" for h in headlines])]
        return [m if sum(m) else h for m, h in zip(msg, hl)]

    def _proba_from(self, scores: list[list[float]]) -> Any:
        import numpy as np

        prior = np.array([self.prior[lab] for lab in LABELS])
        s = np.asarray(scores, dtype=float).reshape(len(scores), len(LABELS))
        total = s.sum(axis=1, keepdims=True)
        # Ties go to the more frequent label: a nudge far below one cue count.
        proba = np.where(total > 0, (s + 1e-6 * prior) / (total + 1e-6), prior)
        return proba

    def predict_proba(self, rows):
        texts, heads = zip(*[(t, h) for t, h, _ in map(fields, rows)]) if rows else ((), ())
        return self._proba_from(self._scores(list(texts), list(heads)))

    def batch(self, texts, headlines):
        return self._proba_from(self._scores(texts, headlines)).argmax(axis=1)

    def one(self, text, headline):
        return LABELS[int(self._proba_from(self._scores([text], [headline]))[0].argmax())]


# --------------------------------------------------------------------------- fastText


FASTTEXT_PACKAGES = ("fasttext-numpy2-wheel", "fasttext-wheel", "fasttext")


def _fasttext_dist() -> str | None:
    from importlib import metadata

    for name in FASTTEXT_PACKAGES:
        try:
            return f"{name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return None


class FastText(Contender):
    key = "fasttext"
    title = "fastText supervised"
    params: ClassVar[dict[str, Any]] = {
        "epoch": 25,
        "lr": 0.5,
        "wordNgrams": 2,
        "dim": 50,
        "bucket": 200_000,
        "minn": 2,
        "maxn": 5,
    }
    note = (
        "fasttext.train_supervised(epoch=25, lr=0.5, wordNgrams=2, dim=50, bucket=200000, minn=2, maxn=5, thread=1, "
        "seed=0) on lowercased text; no pretrained vectors"
    )

    @classmethod
    def unavailable(cls):
        try:
            import fasttext  # noqa: F401
        except ImportError:
            return f"no fastText module installed (pip install {FASTTEXT_PACKAGES[0]})"
        return None

    @staticmethod
    def _clean(text: str) -> str:
        return " ".join(text.lower().split())

    def fit(self, train, dev, quick=False):
        import tempfile

        import fasttext

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "train.txt"
            path.write_text(
                "".join(
                    f"__label__{r['label']} {self._clean(flat(t, h))}\n"
                    for r, (t, h, _) in zip(train, map(fields, train))
                ),
                "utf-8",
            )
            params = dict(self.params, epoch=5) if quick else self.params
            self.ft = fasttext.train_supervised(str(path), thread=1, seed=SEED, verbose=0, **params)

    def save(self, folder):
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.ft.save_model(str(Path(folder) / "model.bin"))

    @classmethod
    def load(cls, folder):
        import fasttext

        self = cls()
        self.ft = fasttext.load_model(str(Path(folder) / "model.bin"))
        return self

    def _proba(self, texts):
        import numpy as np

        labels, probs = self.ft.predict([self._clean(t) for t in texts], k=len(LABELS))
        out = np.zeros((len(texts), len(LABELS)))
        for i, (labs, ps) in enumerate(zip(labels, probs)):
            for lab, p in zip(labs, ps):
                out[i, LABELS.index(lab[len("__label__") :])] = p
        return out

    def batch(self, texts, headlines):
        return self.ft.predict([self._clean(flat(t, h)) for t, h in zip(texts, headlines)])[0]

    def one(self, text, headline):
        return self.ft.predict(self._clean(flat(text, headline)))[0][0][len("__label__") :]


CONTENDERS: dict[str, type[Contender]] = {
    c.key: c for c in (Linkmotive, SklearnWords, SklearnCalibrated, SpacyBow, SpacyEnsemble, CueLexicon, FastText)
}
"""Every contender by key, in report order."""

BASELINE = "sklearn-words"
"""The contender the ratios are relative to."""
