"""Where one batch prediction of the default model spends its time, stage by stage.

Run from a checkout (the table in docs/performance.md comes from the default run)::

    python benchmarks/stages.py                 # 4,000 test-split messages, best of 3 per stage
    python benchmarks/stages.py --rows 1000 --repeat 1

The messages are the message texts of the test split, cycled up to ``--rows``.
Each stage is timed on its own, on the output of the stage before, after one
warm-up batch (so spaCy's vocabulary and linkmotive's lemma cache are warm,
as in a long-running process). ``classify()`` is the whole public call; the
stages do not add up to it exactly: Prediction objects and input checks cost
the rest. Single-call figures are the median of ``--calls`` calls of
``linkmotive.classify(text)``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args(argv)

    import linkmotive
    from linkmotive._compiled import compile_pipeline
    from linkmotive.datasets import load_corpus
    from linkmotive.features import Example
    from linkmotive.text import _mask, get_nlp, normalise

    messages = [r["text"] for r in load_corpus("test") if r["kind"] == "message"]
    texts = (messages * (args.rows // len(messages) + 1))[: args.rows]
    examples = [Example(t) for t in texts]
    model = linkmotive.load()
    plan = compile_pipeline(model.pipeline)
    assert plan is not None, "the default model should have the default pipeline shape"
    analyser, blocks = model.pipeline.steps[0][1], plan.blocks
    linkmotive.classify(texts[:200])  # warm-up

    rows: list[tuple[str, float]] = []
    t, masked = best_of(args.repeat, lambda: [_mask(normalise(x)).lower() for x in texts])
    rows.append(("normalise and mask (regexes)", t))
    nlp = get_nlp()
    t, _ = best_of(args.repeat, lambda: list(nlp.tokenizer.pipe(masked, batch_size=256)))
    rows.append(("spaCy tokenizer alone", t))
    t, _ = best_of(args.repeat, lambda: list(nlp.pipe(masked, batch_size=256)))
    rows.append(("spaCy pipeline (tokenizer, cached lemmas, cue matcher)", t))
    t, columns = best_of(args.repeat, lambda: analyser.transform(examples))
    rows.append(("TextAnalyzer (all of the above, structure features, roles)", t))
    for chain, _weight in blocks:

        def run(chain: list[Any] = chain) -> Any:
            out: Any = columns
            for step in chain:
                out = step.transform(out)
            return out

        name = getattr(chain[0], "column", type(chain[0]).__name__)
        t, _ = best_of(args.repeat, run)
        rows.append((f"feature block {name}", t))
    t, _ = best_of(args.repeat, lambda: model.predict_proba(examples))
    rows.append(("Model.predict_proba (analysis, features, classifier)", t))
    t, _ = best_of(args.repeat, lambda: model.pipeline.predict_proba(examples))
    rows.append(("the same through scikit-learn's Pipeline.predict_proba", t))
    t, _ = best_of(args.repeat, lambda: linkmotive.classify(texts))
    rows.append(("linkmotive.classify(texts)", t))

    latencies = []
    for text in texts[: args.calls]:
        start = time.perf_counter()
        linkmotive.classify(text)
        latencies.append(time.perf_counter() - start)

    print(f"{args.rows:,} messages, best of {args.repeat}\n")
    print("| stage | seconds | messages/s |")
    print("|---|---:|---:|")
    for name, t in rows:
        print(f"| {name} | {t:.3f} | {args.rows / t:,.0f} |")
    print(f"\nsingle call p50: {statistics.median(latencies) * 1000:.2f} ms over {len(latencies)} calls")


if __name__ == "__main__":
    main()
