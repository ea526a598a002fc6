"""Any text gives a valid, deterministic prediction: property tests, naughty strings, threads, processes."""

from __future__ import annotations

import math
import multiprocessing
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import linkmotive
from linkmotive import InputError, LinkmotiveError, Prediction
from linkmotive.text import normalise

# Every code point, lone surrogates included (hypothesis leaves them out by default).
ANY_CHAR = st.characters(exclude_categories=())
PIECES = [
    "\x00",
    "\ud800",
    "\udfff",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\u061c",
    "\u0301\u0301\u0301",
    "👩\u200d👩\u200d👧\u200d👦",
    "🇬🇧",
    "👍🏽",
    "🏳️\u200d🌈",
    "مرحبا، هل يمكنك مساعدتي؟",
    "שלום",
    "ｆｕｌｌｗｉｄｔｈ",
    "Z̴̡̛a̷l̶g̸o̵",
    "\r\n",
    "\t",
    "\u2028",
    "\U0010ffff",
    "Could you quote 500 boxes?",
    "loved your talk, any advice?",
    "{{first_name}}",
    "https://x.io/a?b=c",
]
TEXTS = st.one_of(
    st.text(ANY_CHAR, max_size=60),
    st.lists(st.sampled_from(PIECES) | st.text(ANY_CHAR, max_size=5), max_size=12).map("".join),
    st.builds(lambda s, n: (s or "x") * n, st.text(ANY_CHAR, min_size=1, max_size=8), st.integers(100, 100_000)).map(
        lambda t: t[:100_000]
    ),
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Own naughty strings, in the spirit of the Big List of Naughty Strings (which we do not ship).
NAUGHTY = [
    "undefined",
    "null",
    "NaN",
    "None",
    "\\",
    "\\\\",
    "0",
    "-1.00",
    "1E+02",
    "0x0",
    "∞",
    "''",
    '"',
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "$(touch /tmp/pwned)",
    "`rm -rf /`",
    "%s%s%s%n",
    "{0}{1}{__class__}",
    "${jndi:ldap://x/a}",
    "../../../../etc/passwd",
    "\u0000hello",
    "\ud83d",
    "\udc80abc",
    "Ω≈ç√∫˜µ≤≥÷",
    "田中さんにあげて下さい",
    "사회과학원 어학연구소",
    "̡͓̞ͅI̗̘̦͝n͇͇͙v̮̫ok̲̫̙͈i̖͙̭̹̠̞n̡̻̮̣̺g̲͈͙̭͙̬͎",
    "‪‪test‪",
    "\u202etest\u202d",
    "🐵 🙈 🙉 🙊",
    "👨\u200d👩\u200d👦 " * 500,
    "１２３",
    "ЁЖЗ",
    "﷽",
    "\ufff0\ufff1\ufffd",
    "I'm selling 🛒 — BUY NOW!!! 💰💰💰",
    "a" * 200_000,
    " x " * 70_000,
    "\n" * 10 + "hi" + "\t" * 10,
]
# Blank once normalised: spaces, control characters, soft hyphens and zero-width characters alone.
BLANKS = ["", " ", "\n\t\r ", "\u3000", "\u2003\u2029", "\x00\x01\x02\x7f", "\u00ad\u00ad\u00ad", "\u200b" * 50]


def check_prediction(p: Prediction, kind: str = "message") -> None:
    assert isinstance(p, Prediction)
    assert p.label in linkmotive.LABELS and p.kind == kind
    assert list(p.scores) == list(linkmotive.LABELS)
    values = list(p.scores.values())
    assert all(isinstance(v, float) and math.isfinite(v) and 0.0 <= v <= 1.0 for v in values)
    assert abs(sum(values) - 1.0) < 1e-6
    assert p.label == linkmotive.LABELS[values.index(max(values))]
    assert p.confidence == p.scores[p.label]
    assert isinstance(p.uncertain, bool)


def classify_or_blank(text: str, **kw):
    try:
        return linkmotive.classify(text, **kw)
    except InputError:
        assert not normalise(text), f"only blank texts may be refused, got {text!r:.80}"
        return None


@given(text=TEXTS, kind=st.sampled_from(["message", "headline"]))
@FAST
def test_reliability_any_text_gives_a_valid_prediction(default_model, text, kind):
    p = classify_or_blank(text, kind=kind, model=default_model)
    if p is not None:
        check_prediction(p, kind)
        assert classify_or_blank(text, kind=kind, model=default_model) == p  # identical across calls


@given(text=TEXTS, headline=TEXTS)
@FAST
def test_reliability_any_message_and_headline(default_model, text, headline):
    if not normalise(text) and not normalise(headline):  # the definition, not is_blank itself
        with pytest.raises(InputError):
            linkmotive.classify(text, headline=headline, model=default_model)
        return
    check_prediction(linkmotive.classify(text, headline=headline, model=default_model))


@given(texts=st.lists(TEXTS.filter(lambda t: bool(normalise(t))), min_size=1, max_size=8), seed=st.integers(0, 2**16))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_reliability_batch_equals_singles_in_any_order(default_model, texts, seed):
    batch = linkmotive.classify(texts, model=default_model)
    assert batch == [linkmotive.classify(t, model=default_model) for t in texts]
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    shuffled = linkmotive.classify([texts[i] for i in order], model=default_model)
    assert shuffled == [batch[i] for i in order]


@pytest.mark.parametrize("text", NAUGHTY, ids=range(len(NAUGHTY)))
def test_reliability_naughty_strings(default_model, text):
    for kind in ("message", "headline"):
        check_prediction(linkmotive.classify(text, kind=kind, model=default_model), kind)


@pytest.mark.parametrize("text", BLANKS)
def test_reliability_blank_strings_are_clear_errors(default_model, text):
    with pytest.raises(InputError, match="is empty"):
        linkmotive.classify(text, model=default_model)


def test_reliability_naughty_batch_equals_singles(default_model):
    assert linkmotive.classify(NAUGHTY, model=default_model) == [
        linkmotive.classify(t, model=default_model) for t in NAUGHTY
    ]


@pytest.mark.parametrize("bad", [b"bytes", 3, None, ["nested", ["list"]], {"text": "dict"}, float("nan")])
def test_reliability_non_text_is_a_linkmotive_error(default_model, bad):
    with pytest.raises(LinkmotiveError):
        linkmotive.classify(bad, model=default_model)


def corpus_texts(n: int = 64) -> list[str]:
    from linkmotive.datasets import load_corpus

    return [r["text"] for r in load_corpus("dev")[:n]] + NAUGHTY[:16]


def test_reliability_eight_threads_agree_with_serial():
    texts = corpus_texts()
    serial = linkmotive.classify(texts)

    def work(i: int) -> list[Prediction]:
        mine = texts[i:] + texts[:i]
        singles = [linkmotive.classify(t) for t in mine[:10]]
        batch = linkmotive.classify(mine)
        assert singles == batch[:10]
        return batch[len(texts) - i :] + batch[: len(texts) - i]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(16)))
    assert all(r == serial for r in results)


def test_reliability_eight_threads_loading_the_default_model_at_once(monkeypatch):
    from linkmotive import api

    monkeypatch.setattr(api, "_DEFAULT", None)
    with ThreadPoolExecutor(max_workers=8) as pool:
        labels = list(pool.map(lambda t: linkmotive.classify(t).label, ["Could you quote 500 boxes?"] * 8))
    assert labels == ["buy"] * 8


def test_reliability_spawned_processes_give_identical_results():
    """Workers started with spawn (fresh interpreters, other hash seeds) reproduce the parent's floats exactly."""
    texts = corpus_texts(24)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:  # one worker: a fresh interpreter is what matters, and CI has 2 cores
        remote = pool.map(linkmotive.classify, [texts[:12], texts[12:]])
    assert remote[0] + remote[1] == linkmotive.classify(texts)


# --- fuzzing findings, kept as regression tests ---------------------------------------------------------

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"


@pytest.mark.parametrize("run", [":)", "😀", "!", "_", "👩\u200d👩\u200d👧", "«»"])
def test_reliability_long_symbol_runs_are_broken_for_the_tokenizer(default_model, run):
    """spaCy peels symbol runs one character at a time (quadratic): 10,000 emoji took 20 s."""
    from linkmotive.text import _break_symbol_runs

    text = run * 50_000
    broken = _break_symbol_runs(text[:10_000])
    assert max(len(w) for w in broken.split()) <= 32
    assert broken.replace(" ", "") == text[:10_000].replace(" ", "")
    check_prediction(linkmotive.classify(text, model=default_model))


def test_reliability_symbol_run_breaking_leaves_ordinary_text_alone():
    from linkmotive.datasets import load_corpus
    from linkmotive.text import _break_symbol_runs, _mask, normalise

    texts = [r["text"] for r in load_corpus("test")] + ["Great!!! 🎉🎉🎉 see you at https://x.io/?a=b", "a" * 500]
    assert all(_break_symbol_runs(_mask(normalise(t)).lower()) == _mask(normalise(t)).lower() for t in texts)


def test_reliability_explain_spelling_index_matches_a_scan():
    """explain() finds the words holding a character n-gram by look-up (a scan per n-gram was quadratic)."""
    from linkmotive.model import _WordsBySubstring

    text = "could you quote 500 printed boxes? quote quotes equator ab ba"
    index = _WordsBySubstring({"msg": text})
    for gram in ["qu", "quo", "uote", "quote", "ab", "b", "es?", "zz", "500", ""]:
        assert index.get("msg", gram) == {w for w in text.split() if gram in f" {w} "}, gram


def test_reliability_explain_on_a_long_text(default_model):
    from linkmotive.datasets import load_corpus

    text = " ".join(r["text"] for r in load_corpus("dev")[:200])[:10_000]
    e = linkmotive.explain(text, model=default_model)
    assert e.prediction == linkmotive.classify(text, model=default_model) and (e.toward or e.away)


def load_fuzz_target(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"fuzz_{name}", FUZZ / f"fuzz_{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not FUZZ.is_dir(), reason="the fuzz/ folder is not in this tree")
@pytest.mark.parametrize("target", ["text", "files"])
def test_reliability_fuzz_seeds_and_findings_replay(default_model, tmp_path, monkeypatch, target):
    module = load_fuzz_target(target)
    if target == "files":
        monkeypatch.setattr(module, "_DIR", tmp_path)
    inputs = sorted((FUZZ / "seeds" / target).iterdir()) + sorted((FUZZ / "regressions" / target).glob("*"))
    assert len(inputs) >= 8
    for path in inputs:
        module.test_one_input(path.read_bytes())
