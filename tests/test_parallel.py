"""classify(..., n_jobs=N): joblib worker processes give the same results, in order, and send the model sparingly."""

import pytest

import linkmotive
from linkmotive import InputError, InputTypeError, parallel
from linkmotive.datasets import load_corpus
from linkmotive.features import Example
from linkmotive.model import Model


@pytest.fixture(scope="module")
def batch():
    """320 corpus messages with their headlines (where they have one)."""
    rows = load_corpus("dev", kind="message")
    rows = [rows[i % len(rows)] for i in range(320)]
    return [r["text"] for r in rows], [r.get("headline") or None for r in rows]


@pytest.fixture()
def small_chunks(monkeypatch):
    """Chunks of 32 texts, so 320 texts make ten tasks across the workers."""
    monkeypatch.setattr(parallel, "CHUNK", 32)
    monkeypatch.setattr(parallel, "MIN_CHUNK", 8)


@pytest.fixture()
def model_pickles(monkeypatch):
    """Counts how often a Model is pickled in this (the parent) process."""
    count = {"n": 0}
    original = Model.__getstate__

    def getstate(self):
        count["n"] += 1
        return original(self)

    monkeypatch.setattr(Model, "__getstate__", getstate, raising=False)
    return count


def test_parallel_equals_serial_in_order(batch, small_chunks, model_pickles):
    texts, heads = batch
    serial = linkmotive.classify(texts, headline=heads)
    assert linkmotive.classify(texts, headline=heads, n_jobs=2) == serial
    assert model_pickles["n"] == 0  # the default model is loaded by each worker, never sent


def test_parallel_all_cores_and_headlines_kind(batch, small_chunks):
    texts = ["Procurement Lead | sourcing print suppliers", "Talent Acquisition @ Novamed"] * 100
    assert linkmotive.classify(texts, kind="headline", n_jobs=-1) == linkmotive.classify(texts, kind="headline")


def test_parallel_user_model_is_pickled_once(batch, small_chunks, model_pickles):
    texts, heads = batch
    model = linkmotive.load()  # not the cached default instance: it has to be sent
    serial = linkmotive.classify(texts, headline=heads, model=model)
    assert model_pickles["n"] == 0
    assert linkmotive.classify(texts, headline=heads, model=model, n_jobs=2) == serial
    assert model_pickles["n"] == 1  # once for ten chunks, not once per chunk


def test_parallel_worker_unpickles_a_shipped_model_once():
    model = linkmotive.load()
    ref = parallel._ship(model)
    chunk = [Example("Could you send a quote for 400 pallets?")]
    before = parallel._UNPICKLED
    first = parallel._proba(ref, chunk)
    again = parallel._proba(ref, chunk)
    assert parallel._UNPICKLED == before + 1
    assert (first == again).all() and (first == model.predict_proba(chunk)).all()
    assert parallel._proba(ref, []).shape == (0, len(linkmotive.LABELS))


def test_parallel_small_batch_runs_in_process(model_pickles):
    texts = ["We met at the Leeds breakfast, great to connect", "Could you quote 500 boxes?"]
    assert linkmotive.classify(texts, n_jobs=2, model=linkmotive.load()) == linkmotive.classify(texts)
    assert model_pickles["n"] == 0  # one task's worth: no worker needed


def test_parallel_predict_batches_streams_tags_in_order(batch, small_chunks):
    texts, _ = batch
    from linkmotive.api import default_model

    m = default_model()
    batches = [(i, [Example(t) for t in texts[i * 40 : (i + 1) * 40]]) for i in range(6)] + [(6, [])]
    got = list(parallel.predict_batches(m, iter(batches), n_jobs=2))
    assert [tag for tag, _ in got] == list(range(7))
    for (_, examples), (_, proba) in zip(batches[:-1], got):
        assert (proba == m.predict_proba(examples)).all()
    assert got[-1][1].shape == (0, len(linkmotive.LABELS))


@pytest.mark.parametrize(("n_jobs", "error"), [(0, InputError), ("2", InputTypeError), (1.5, InputTypeError)])
def test_parallel_bad_n_jobs(n_jobs, error):
    with pytest.raises(error, match="n_jobs"):
        linkmotive.classify(["hello there", "hi"], n_jobs=n_jobs)


def write_csv(path, n):
    import csv

    rows = load_corpus("dev", kind="message")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "text", "who"])
        w.writeheader()
        for i in range(n):
            r = rows[i % len(rows)]
            empty = i % 40 == 0  # no text and no headline: kept, status "skipped: empty text"
            w.writerow({"id": i, "text": "" if empty else r["text"], "who": "" if empty else r.get("headline") or ""})


def test_parallel_cli_n_jobs_output_equals_serial(tmp_path, monkeypatch, capsys):
    from linkmotive import cli

    monkeypatch.setattr(cli, "CHUNK", 40)  # 200 rows: five chunks through the workers
    write_csv(tmp_path / "in.csv", 200)
    args = ["classify", "--input", str(tmp_path / "in.csv"), "--headline-column", "who"]
    assert cli.main([*args, "--output", str(tmp_path / "serial.csv")]) == 0
    assert cli.main([*args, "--output", str(tmp_path / "par.csv"), "--n-jobs", "2"]) == 0
    assert "5 with empty text" in capsys.readouterr().err
    serial = (tmp_path / "serial.csv").read_text("utf-8")
    assert (tmp_path / "par.csv").read_text("utf-8") == serial
    assert [line.split(",")[0] for line in serial.splitlines()[1:4]] == ["0", "1", "2"]


def test_parallel_cli_rejects_zero_jobs(tmp_path, capsys):
    from linkmotive import cli

    write_csv(tmp_path / "in.csv", 3)
    assert (
        cli.main(
            ["classify", "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "o.csv"), "--n-jobs", "0"]
        )
        == 2
    )
    assert "n_jobs" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_parallel_bad_text_late_in_a_batch_names_its_index(batch, small_chunks):
    texts = list(batch[0])
    texts[300] = None
    with pytest.raises(InputTypeError, match="index 300"):
        linkmotive.classify(texts, n_jobs=2)


# Last: joblib replaces its workers after a call fails mid-stream; the tests above reuse them.
def test_parallel_cli_bad_row_with_n_jobs_leaves_no_file(tmp_path, monkeypatch, capsys):
    from linkmotive import cli

    monkeypatch.setattr(cli, "CHUNK", 16)
    lines = [f'{{"text": "message number {i} about a quote"}}' for i in range(100)]
    lines[70] = '{"body": "no text field"}'
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    code = cli.main(
        ["classify", "--input", str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "out.jsonl"), "--n-jobs", "2"]
    )
    assert code == 2
    assert "line 71 has no field 'text'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [tmp_path / "in.jsonl"]
