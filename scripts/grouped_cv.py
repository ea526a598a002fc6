"""How well a pipeline configuration carries over to writers it never saw: python scripts/grouped_cv.py [PARAMS]

A random split puts rows by the same writing session (the same persona and habits) on both sides, so
it flatters a model that learns a session's phrasing. This script holds out whole sessions instead:
5-fold ``GroupKFold`` over the train and dev splits, grouped by the ``author`` field, trained on the
train folds only (no generated variants, no test rows), predictions pooled over the folds. It prints
macro-F1 and accuracy overall, for messages and for headlines.

PARAMS is an optional JSON object of pipeline parameters, e.g.
``'{"classify__C": 1.0, "features__all_words__tfidf__min_df": 2}'``. The defaults were chosen with it
(docs/performance.md). About a minute per configuration on 2 cores.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold

from linkmotive.datasets import load_corpus, read_labeled
from linkmotive.features import Columns, TextAnalyzer
from linkmotive.model import make_pipeline

FOLDS = 5


def fit_fold(params: dict[str, Any], X: Columns, y: np.ndarray, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    warnings.filterwarnings("ignore")  # convergence chatter from the linear SVM on small folds
    pipe = make_pipeline(classify__calibration="none", **params)[1:]  # features and classifier
    pipe.fit(X.take(train), y[train])
    predicted: np.ndarray = pipe.predict(X.take(test))
    return predicted


def grouped_cv(params: dict[str, Any], n_jobs: int = 2) -> dict[str, float]:
    rows = load_corpus("train") + load_corpus("dev")
    data = read_labeled(rows)
    X = TextAnalyzer().transform(data.examples)
    y = np.array(data.labels, dtype=object)
    groups = np.array([r["author"] for r in rows])
    is_message = np.array([r["kind"] == "message" for r in rows])
    folds = list(GroupKFold(FOLDS).split(np.zeros(len(y)), y, groups))
    predicted = np.empty(len(y), dtype=object)
    outputs = Parallel(n_jobs=n_jobs)(delayed(fit_fold)(params, X, y, tr, te) for tr, te in folds)
    for (_, te), out in zip(folds, outputs):
        predicted[te] = out

    def macro_f1(rows: np.ndarray) -> float:
        return float(f1_score(y[rows], predicted[rows], average="macro")) if rows.any() else float("nan")

    return {
        "macro_f1": macro_f1(np.ones(len(y), dtype=bool)),
        "accuracy": float(accuracy_score(y, predicted)),
        "macro_f1_messages": macro_f1(is_message),
        "macro_f1_headlines": macro_f1(~is_message),
        "rows": len(y),
        "groups": len(set(groups.tolist())),
    }


def main() -> None:
    params = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    started = time.perf_counter()
    result = grouped_cv(params)
    print(
        f"{result['rows']} rows, {result['groups']} writing sessions, {FOLDS} folds: "
        f"macro-F1 {result['macro_f1']:.4f}, accuracy {result['accuracy']:.4f}, "
        f"messages {result['macro_f1_messages']:.4f}, headlines {result['macro_f1_headlines']:.4f} "
        f"({time.perf_counter() - started:.0f} s) params={params}"
    )


if __name__ == "__main__":
    main()
