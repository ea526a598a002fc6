"""Parquet in and out of `linkmotive classify --input/--output` (needs pyarrow)."""

import csv
import sys

import pytest

from linkmotive import cli
from linkmotive.datasets import load_corpus

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

RESULTS = [
    "label",
    "confidence",
    "uncertain",
    "score_network",
    "score_learn",
    "score_avoid-mistakes",
    "score_sell",
    "score_buy",
    "status",
]


@pytest.fixture()
def messages(tmp_path):
    rows = load_corpus("dev", kind="message")[:40]
    texts = [r["text"] for r in rows]
    texts[3] = None
    texts[5] = ""
    table = pa.table(
        {
            "id": pa.array(range(40), pa.int32()),
            "text": texts,
            "who": [r.get("headline") for r in rows],
            "score": [i / 2 for i in range(40)],
        }
    )
    path = tmp_path / "in.parquet"
    pq.write_table(table, path, row_group_size=16)
    return path


def run(*args):
    return cli.main(["classify", *map(str, args)])


def test_parquet_round_trip_keeps_types_and_order(messages, tmp_path, capsys):
    out = tmp_path / "out.parquet"
    assert run("--input", messages, "--output", out, "--headline-column", "who") == 0
    assert "2 with empty text" in capsys.readouterr().err
    table = pq.read_table(out)
    assert table.column_names == ["id", "text", "who", "score", *RESULTS]
    assert table.schema.field("score").type == pa.float64() and pa.types.is_integer(table.schema.field("id").type)
    assert table.schema.field("uncertain").type == pa.bool_()
    got = table.to_pylist()
    assert [r["id"] for r in got] == list(range(40))
    assert got[3]["status"] == got[5]["status"] == "skipped: empty text"
    assert got[3]["label"] is None and got[3]["confidence"] is None
    assert all(
        r["status"] == "ok" and abs(sum(r[c] for c in RESULTS if c.startswith("score_")) - 1) < 1e-5
        for r in got
        if r["id"] not in (3, 5)
    )


def test_parquet_matches_csv_output(messages, tmp_path):
    assert run("--input", messages, "--output", tmp_path / "out.parquet", "--headline-column", "who") == 0
    assert run("--input", messages, "--output", tmp_path / "out.csv", "--headline-column", "who") == 0
    from_parquet = pq.read_table(tmp_path / "out.parquet").to_pylist()
    with open(tmp_path / "out.csv", encoding="utf-8") as fh:
        from_csv = list(csv.DictReader(fh))
    assert [r["label"] or "" for r in from_parquet] == [r["label"] for r in from_csv]
    assert [round(r["confidence"], 6) for r in from_parquet if r["confidence"] is not None] == [
        float(r["confidence"]) for r in from_csv if r["confidence"]
    ]


def test_parquet_output_from_csv_and_empty_input(tmp_path):
    (tmp_path / "in.csv").write_text("text,n\nCould you send a quote for 400 pallets?,1\n", "utf-8")
    assert run("--input", tmp_path / "in.csv", "--output", tmp_path / "o.parquet") == 0
    assert pq.read_table(tmp_path / "o.parquet").to_pylist()[0]["label"] == "buy"
    (tmp_path / "empty.csv").write_text("text,n\n", "utf-8")
    assert run("--input", tmp_path / "empty.csv", "--output", tmp_path / "e.parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0


def test_parquet_missing_column_fails_cleanly(messages, tmp_path, capsys):
    assert run("--input", messages, "--output", tmp_path / "o.parquet", "--column", "body") == 2
    assert "has no column 'body'" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet"]


def test_parquet_not_a_parquet_file(tmp_path, capsys):
    (tmp_path / "x.parquet").write_text("text\nhello\n", "utf-8")
    assert run("--input", tmp_path / "x.parquet", "--output", tmp_path / "o.csv") == 2
    assert "as Parquet" in capsys.readouterr().err


def test_parquet_rows_that_change_type_fail_cleanly(tmp_path, capsys, monkeypatch):
    from linkmotive import parquet

    monkeypatch.setattr(parquet, "BATCH", 2)
    lines = ['{"text": "We met at the Leeds breakfast", "n": 1}'] * 2 + [
        '{"text": "Quote for 300 boxes?", "n": "three"}'
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    assert run("--input", tmp_path / "in.jsonl", "--output", tmp_path / "o.parquet") == 2
    assert "do not fit the column types" in capsys.readouterr().err
    assert not (tmp_path / "o.parquet").exists()


def test_parquet_without_pyarrow_names_the_install(messages, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert run("--input", messages, "--output", tmp_path / "o.csv") == 2
    assert "pip install 'linkmotive[parquet]'" in capsys.readouterr().err
