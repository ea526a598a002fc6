"""The command line, end to end in a subprocess: output, files, exit codes."""

import csv
import json
import subprocess
import sys

import pytest

import linkmotive


def run(*args, check=False):
    proc = subprocess.run([sys.executable, "-m", "linkmotive", *args], capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_cli_classify_text_json():
    proc = run("classify", "Could you send a quote for 400 pallets?", "--json", check=True)
    out = json.loads(proc.stdout)
    assert out["label"] == "buy"
    assert abs(sum(out["scores"].values()) - 1) < 1e-6


def test_cli_classify_headline_kind():
    proc = run("classify", "Talent Acquisition @ Novamed", "--kind", "headline", check=True)
    assert proc.stdout.split()[0] == "buy"


def test_cli_explain():
    proc = run("explain", "Loved your talk, could I pick your brain?", check=True)
    assert proc.stdout.startswith("learn")
    assert "+" in proc.stdout


def test_cli_classify_csv_keeps_order_and_columns(tmp_path):
    src = tmp_path / "in.csv"
    rows = [
        {"id": str(i), "text": t, "who": h}
        for i, (t, h) in enumerate(
            [
                ("We met at the Leeds breakfast, great to connect", ""),
                ("", ""),
                ("Hi, I'd like to join your network", "Procurement Lead | sourcing print suppliers"),
                ('multi\nline, "quoted" text about a quote request for 300 units', ""),
            ]
        )
    ]
    with open(src, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "text", "who"])
        w.writeheader()
        w.writerows(rows)
    dst = tmp_path / "out.csv"
    proc = run("classify", "--input", str(src), "--headline-column", "who", "--output", str(dst), check=True)
    assert "1 with empty text" in proc.stderr
    out = list(csv.DictReader(open(dst, encoding="utf-8")))
    assert [r["id"] for r in out] == ["0", "1", "2", "3"]
    assert out[1]["status"] == "skipped: empty text" and out[1]["label"] == ""
    assert out[2]["label"] == "buy"
    assert set(f"score_{lab}" for lab in linkmotive.LABELS) <= set(out[0])
    assert out[3]["text"].startswith("multi\nline")


def test_cli_classify_jsonl(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps({"text": t}) for t in ["Any advice for a student?", "We help hotels sell rooms"]) + "\n"
    )
    dst = tmp_path / "out.jsonl"
    run("classify", "--input", str(src), "--output", str(dst), check=True)
    out = [json.loads(line) for line in dst.read_text().splitlines()]
    assert [r["label"] for r in out] == ["learn", "sell"]


def test_cli_broken_jsonl_names_line_and_leaves_no_output(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "fine"}\n{"text": broken\n')
    dst = tmp_path / "out.jsonl"
    proc = run("classify", "--input", str(src), "--output", str(dst))
    assert proc.returncode == 2
    assert "line 2" in proc.stderr and "Traceback" not in proc.stderr
    assert not dst.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_cli_missing_column(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("message\nhello there\n")
    proc = run("classify", "--input", str(src), "--output", str(tmp_path / "o.csv"))
    assert proc.returncode == 2 and "no column 'text'" in proc.stderr


@pytest.mark.parametrize("args", [["classify"], ["classify", "hi", "--kind", "tweet"], ["nope"], ["classify", "   "]])
def test_cli_usage_errors_exit_2_without_traceback(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.strip()


def test_cli_bad_model_folder(tmp_path):
    proc = run("classify", "hello", "--model", str(tmp_path))
    assert proc.returncode == 2 and "not a linkmotive model" in proc.stderr


@pytest.mark.slow
def test_cli_train_and_evaluate(tmp_path):
    from pathlib import Path

    data = Path(__file__).parent / "data" / "tiny.jsonl"
    run("train", str(data), "--output", str(tmp_path / "m"), check=True)
    proc = run("evaluate", str(data), "--model", str(tmp_path / "m"), "--json", check=True)
    report = json.loads(proc.stdout)
    assert report["n"] == 30 and set(report["per_label"]) == set(linkmotive.LABELS)


@pytest.mark.parametrize("bad", ["output", "test"])
def test_cli_train_checks_output_and_test_before_training(tmp_path, monkeypatch, capsys, bad):
    from pathlib import Path

    from linkmotive import cli, training

    def no_training(*args, **kwargs):
        raise AssertionError("trained before checking its arguments")

    monkeypatch.setattr(training, "train", no_training)
    (tmp_path / "notmodel").mkdir()
    (tmp_path / "notmodel" / "keep.txt").write_text("mine")
    data = str(Path(__file__).parent / "data" / "tiny.jsonl")
    output = str(tmp_path / ("notmodel" if bad == "output" else "m"))
    extra = ["--test", str(tmp_path / "typo.jsonl")] if bad == "test" else []
    assert cli.main(["train", data, "--output", output, *extra]) == 2
    assert ("not a linkmotive model folder" if bad == "output" else "typo.jsonl") in capsys.readouterr().err
    assert (tmp_path / "notmodel" / "keep.txt").read_text() == "mine"


def test_cli_refuses_to_overwrite_input_columns(tmp_path):
    src = tmp_path / "gold.csv"
    src.write_text("text,label\nCould you quote 300 boxes?,buy\n", encoding="utf-8")
    proc = run("classify", "--input", str(src), "--output", str(tmp_path / "o.csv"))
    assert proc.returncode == 2 and "'label'" in proc.stderr and "--prefix" in proc.stderr
    assert not (tmp_path / "o.csv").exists()
    run("classify", "--input", str(src), "--output", str(tmp_path / "o.csv"), "--prefix", "pred_", check=True)
    out = list(csv.DictReader(open(tmp_path / "o.csv", encoding="utf-8")))
    assert out[0]["label"] == "buy" and out[0]["pred_label"] in linkmotive.LABELS


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_cli_refuses_a_clash_on_any_row_not_only_the_first(tmp_path, suffix):
    src = tmp_path / "mixed.jsonl"
    rows = [{"text": "hi there", "id": 1}, {"text": "Could you quote 500 boxes?", "id": 2, "label": "my-gold"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    proc = run("classify", "--input", str(src), "--output", str(tmp_path / f"o{suffix}"))
    assert proc.returncode == 2 and "row 2" in proc.stderr and "'label'" in proc.stderr and "--prefix" in proc.stderr
    assert not (tmp_path / f"o{suffix}").exists()


def test_cli_unwritable_output_is_a_clear_error(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text\nhello there\n", encoding="utf-8")
    (tmp_path / "out.csv").mkdir()
    proc = run("classify", "--input", str(src), "--output", str(tmp_path / "out.csv"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_cli_header_only_csv_gives_header_only_output(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text\n", encoding="utf-8")
    run("classify", "--input", str(src), "--output", str(tmp_path / "o.csv"), check=True)
    assert (tmp_path / "o.csv").read_text().startswith("label,confidence")


def test_cli_headline_column_with_headline_kind_is_refused(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text,h\nhello there,Buyer\n", encoding="utf-8")
    proc = run(
        "classify",
        "--input",
        str(src),
        "--output",
        str(tmp_path / "o.csv"),
        "--kind",
        "headline",
        "--headline-column",
        "h",
    )
    assert proc.returncode == 2 and "--headline-column" in proc.stderr
