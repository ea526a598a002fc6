"""linkmotive.dask: classify_dataframe on Dask, locally and on a 2-process LocalCluster."""

import pickle
import sys

import pytest

import linkmotive
from linkmotive import LABELS, InputError, InputTypeError, MissingDependencyError
from linkmotive.datasets import load_corpus

dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")

from linkmotive.dask import RESULT_COLUMNS, classify_dataframe  # noqa: E402


def corpus_frame(n):
    """``n`` corpus messages (cycled), some with the sender's headline, and a few empty rows."""
    rows = load_corpus("all", kind="message")
    texts = [rows[i % len(rows)]["text"] for i in range(n)]
    heads = [rows[i % len(rows)].get("headline") or None for i in range(n)]
    for i in range(0, n, 97):
        texts[i] = ""  # kept, status "skipped: empty text"
    return pd.DataFrame({"id": range(n), "text": texts, "headline": heads})


def expected(df, model=None):
    """linkmotive.classify, in this process, on the rows that have a text or a headline."""
    kept = df[(df["text"] != "") | df["headline"].notna()]
    heads = [h if isinstance(h, str) and h else None for h in kept["headline"].tolist()]
    return linkmotive.classify(kept["text"].tolist(), headline=heads, model=model)


def assert_equals_classify(out, df, model=None, preds=None):
    """Every classified row equals linkmotive.classify on that row, in the same order."""
    assert list(out["id"]) == list(df["id"])
    ok = out["status"] == "ok"
    preds = expected(df, model) if preds is None else preds
    got = out[ok]
    assert len(got) == len(preds)
    assert got["label"].tolist() == [p.label for p in preds]
    assert got["confidence"].tolist() == [p.confidence for p in preds]
    assert got["uncertain"].tolist() == [p.uncertain for p in preds]
    for lab in LABELS:
        assert got[f"score_{lab}"].tolist() == [p.scores[lab] for p in preds]
    skipped = out[~ok]
    no_text = (df["text"] == "") & df["headline"].isna()
    assert list(skipped["id"]) == list(df.loc[no_text, "id"]) and skipped["label"].isna().all()
    assert (skipped["status"] == "skipped: empty text").all()


def test_dask_local_scheduler_equals_classify_with_meta():
    df = corpus_frame(300)
    ddf = dd.from_pandas(df, npartitions=3)
    result = classify_dataframe(ddf, headline_column="headline")
    assert list(result.columns) == [*df.columns, *RESULT_COLUMNS]
    assert [c for c in result.columns if c.startswith("score_")] == [f"score_{lab}" for lab in LABELS]
    out = result.compute(scheduler="sync")
    assert out.dtypes.to_dict() == result._meta.dtypes.to_dict()  # meta matches the real partitions
    assert_equals_classify(out, df)


def test_dask_user_model_without_client_is_one_graph_node():
    model = linkmotive.load()  # another instance than the cached default, so it is sent
    df = corpus_frame(120)
    result = classify_dataframe(dd.from_pandas(df, npartitions=4), headline_column="headline", model=model)
    graph = dict(result.__dask_graph__())
    model_bytes = len(pickle.dumps(model))
    assert len(pickle.dumps(graph)) < 2 * model_bytes  # once in the graph, not once per partition
    assert_equals_classify(result.compute(scheduler="sync"), df, model=model)


def test_dask_missing_and_prefix():
    df = pd.DataFrame(
        {"text": ["Could you send a quote for 400 pallets?", None, " \u200b "], "label": ["buy", "x", "y"]}
    )
    ddf = dd.from_pandas(df, npartitions=1)
    with pytest.raises(InputError, match="prefix="):
        classify_dataframe(ddf)
    out = classify_dataframe(ddf, prefix="pred_").compute(scheduler="sync")
    assert out["label"].tolist() == ["buy", "x", "y"]
    assert out["pred_label"].tolist()[0] == "buy" and out["pred_label"].isna().tolist() == [False, True, True]
    assert out["pred_status"].tolist() == ["ok", "skipped: empty text", "skipped: empty text"]
    assert out["pred_uncertain"].isna().tolist() == [False, True, True]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"column": "body"}, InputError, "column='body' is not a column"),
        ({"headline_column": "who"}, InputError, "headline_column='who'"),
        ({"kind": "email"}, InputError, "kind must be one of"),
        ({"column": "n"}, InputTypeError, "must hold text"),
        ({"headline_column": "text", "kind": "headline"}, InputError, "kind='headline'"),
        ({"model": "my-model"}, InputTypeError, "model must be a linkmotive Model"),
    ],
)
def test_dask_bad_arguments_fail_before_compute(kwargs, error, match):
    ddf = dd.from_pandas(pd.DataFrame({"text": ["hello there"], "n": [1]}), npartitions=1)
    with pytest.raises(error, match=match):
        classify_dataframe(ddf, **kwargs)


def test_dask_rejects_pandas_with_a_hint():
    with pytest.raises(InputTypeError, match="from_pandas"):
        classify_dataframe(pd.DataFrame({"text": ["hi"]}))


def test_dask_non_string_text_names_its_index():
    import dask

    with dask.config.set({"dataframe.convert-string": False}):  # keep the object column as it is
        ddf = dd.from_pandas(
            pd.DataFrame({"text": pd.Series(["hi there", 42], dtype=object, index=[7, 8])}), npartitions=1
        )
        with pytest.raises(InputTypeError, match="index 8"):
            classify_dataframe(ddf).compute(scheduler="sync")


def test_dask_missing_dependency_names_the_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'linkmotive\[dask\]'"):
        classify_dataframe(object())


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0", silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def worker_models(dask_worker):
    """The linkmotive models a worker holds: its cached default, and scattered ones in its memory."""
    import linkmotive.api
    from linkmotive.model import Model

    scattered = [k for k, v in dask_worker.data.items() if isinstance(v, Model)]
    return {"default": linkmotive.api._DEFAULT is not None, "scattered": scattered}


@pytest.mark.slow
def test_dask_cluster_equals_single_process(client):
    df = corpus_frame(3000)
    ddf = dd.from_pandas(df, npartitions=8)
    result = classify_dataframe(ddf, headline_column="headline")
    assert len(pickle.dumps(dict(result.__dask_graph__()))) < 1_000_000  # the default model is never sent
    out = result.compute()
    preds = expected(df)
    assert_equals_classify(out, df, preds=preds)
    assert set(out["label"].dropna()) <= set(LABELS)
    # Both workers classified, each with its own default model loaded once.
    held = client.run(worker_models)
    assert len(held) == 2 and all(h["default"] for h in held.values())

    # A user model is scattered: one copy per worker, reused by all 8 partitions.
    model = linkmotive.load()
    result = classify_dataframe(ddf, headline_column="headline", model=model)
    assert len(pickle.dumps(dict(result.__dask_graph__()))) < len(pickle.dumps(model)) / 4
    assert_equals_classify(result.compute(), df, preds=preds)  # the same model, sent instead of loaded
    held = client.run(worker_models)
    assert all(len(h["scattered"]) <= 1 for h in held.values())
    assert sum(len(h["scattered"]) for h in held.values()) >= 1
