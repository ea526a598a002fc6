"""Input files: every odd CSV/JSONL is either read in order or refused with its line number.

The reading rules are in :func:`linkmotive.datasets.iter_rows`; these tests pin
them, and run the CLI in-process (``cli.main``) to check what reaches the output.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import linkmotive
from linkmotive import InputError, cli
from linkmotive.datasets import FIELD_SIZE_LIMIT, ReadStats, iter_rows

LONG = "Could you send a quote for 500 printed boxes? " * 4500  # 207,000 characters


def rows_of(path: Path, **kw) -> tuple[list[dict], ReadStats]:
    stats = ReadStats()
    return list(iter_rows(path, stats=stats, **kw)), stats


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def classify_file(src: Path, dst: Path, *extra: str, capsys=None) -> tuple[int, str]:
    code = cli.main(["classify", "--input", str(src), "--output", str(dst), *extra])
    err = capsys.readouterr().err if capsys is not None else ""
    return code, err


# --- iter_rows: what is read -------------------------------------------------------------------------


def test_files_csv_with_bom_and_crlf(tmp_path):
    src = write(tmp_path, "in.csv", b'\xef\xbb\xbfid,text\r\n1,hello there\r\n2,"a, b"\r\n')
    rows, stats = rows_of(src)
    assert rows == [{"id": "1", "text": "hello there"}, {"id": "2", "text": "a, b"}]
    assert stats.rows == 2 and stats.blank_lines == 0


def test_files_jsonl_with_bom_crlf_and_blank_lines_counted(tmp_path):
    src = write(tmp_path, "in.jsonl", b'\xef\xbb\xbf{"text": "one"}\r\n\r\n   \r\n{"text": "two"}\r\n\n')
    rows, stats = rows_of(src)
    assert [r["text"] for r in rows] == ["one", "two"]
    assert stats.blank_lines == 3 and stats.line == 4


def test_files_cr_only_line_ends(tmp_path):
    src = write(tmp_path, "in.csv", "id,text\r1,old mac\r2,file\r")
    assert [r["text"] for r in rows_of(src)[0]] == ["old mac", "file"]


def test_files_csv_quoted_newlines_keep_row_and_line_numbers(tmp_path):
    src = write(tmp_path, "in.csv", 'id,text\n1,"first\r\nsecond line"\n\n2,"x ""quoted"" y"\n3,"a\nb\nc"\n4,"oops\n')
    with pytest.raises(InputError, match=r"line 9 is not valid CSV") as err:
        rows_of(src)
    assert "in.csv" in str(err.value)
    rows = []
    stats = ReadStats()
    with pytest.raises(InputError):
        for row in iter_rows(src, stats=stats):
            rows.append(row)
    assert [r["text"] for r in rows] == ["first\r\nsecond line", 'x "quoted" y', "a\nb\nc"]
    assert stats.blank_lines == 1 and stats.line == 6  # row 3 starts on line 6


def test_files_csv_blank_and_delimiter_only_lines(tmp_path):
    src = write(tmp_path, "in.csv", "\nid,text\n\n1,hi\n,\n\n2,bye\n")
    rows, stats = rows_of(src)
    assert rows == [{"id": "1", "text": "hi"}, {"id": "", "text": ""}, {"id": "2", "text": "bye"}]
    assert stats.blank_lines == 3


def test_files_200k_character_fields(tmp_path):
    assert FIELD_SIZE_LIMIT > len(LONG) > 131_072
    src_csv = tmp_path / "in.csv"
    with open(src_csv, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["text"], [LONG], ["short"]])
    src_jsonl = write(tmp_path, "in.jsonl", json.dumps({"text": LONG}) + "\n")
    assert [r["text"] for r in rows_of(src_csv)[0]] == [LONG, "short"]
    assert rows_of(src_jsonl)[0][0]["text"] == LONG


@pytest.mark.parametrize("name", ["in.csv", "in.jsonl"])
def test_files_bad_encoding_names_line_and_byte(tmp_path, name):
    good = b"text\nfine\n" if name.endswith(".csv") else b'{"text": "fine"}\n'
    bad = b"caf\xe9 au lait\n" if name.endswith(".csv") else b'{"text": "caf\xe9"}\n'
    src = write(tmp_path, name, good + b"\n" + bad)
    with pytest.raises(InputError, match=r"line (4|3) is not valid UTF-8 \(byte 0xe9.*re-save the file as UTF-8"):
        rows_of(src)


def test_files_utf16_gets_a_hint(tmp_path):
    src = write(tmp_path, "in.csv", "text\nhello\n".encode("utf-16"))
    with pytest.raises(InputError, match=r"line 1 .*UTF-16"):
        rows_of(src)


def test_files_missing_columns(tmp_path):
    src = write(tmp_path, "in.csv", "message,who\nhello,me\n")
    with pytest.raises(InputError, match=r"no column 'text' \(columns: \['message', 'who'\]\).*--column"):
        rows_of(src)
    with pytest.raises(InputError, match=r"no column 'headline'.*--headline-column"):
        rows_of(src, column="message", headline_column="headline")
    jsonl = write(tmp_path, "in.jsonl", '{"text": "a"}\n\n{"message": "b"}\n')
    assert len(rows_of(jsonl)[0]) == 2  # without validate=True rows are passed through
    with pytest.raises(InputError, match=r"line 3 has no field 'text' \(fields: \['message'\]\)"):
        rows_of(jsonl, validate=True)


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ('{"text": broken', "line 2 is not valid JSON"),
        ('["a", "list"]', "line 2 is a JSON list, expected an object"),
        ('{"text": ["not", "a", "string"]}', "line 2: field 'text' is a JSON list, expected a string"),
        ('{"text": "ok", "headline": 42}', "line 2: field 'headline' is a JSON int"),
        ("[" * 100_000 + "]" * 100_000, "line 2 is nested too deeply"),  # fuzz finding: RecursionError
        ('{"text": ' + "9" * 5000 + "}", "line 2 is not valid JSON .*integer"),  # fuzz finding: ValueError
    ],
)
def test_files_broken_jsonl_line_is_named(tmp_path, line, match):
    src = write(tmp_path, "in.jsonl", '{"text": "fine"}\n' + line + "\n")
    with pytest.raises(InputError, match=match):
        rows_of(src, headline_column="headline", validate=True)


def test_files_csv_ragged_rows(tmp_path):
    src = write(tmp_path, "in.csv", "id,text,who\n1,short row\n2,trailing,empties,,\n")
    rows, _ = rows_of(src)
    assert rows == [{"id": "1", "text": "short row", "who": None}, {"id": "2", "text": "trailing", "who": "empties"}]
    lost = write(tmp_path, "lost.csv", "id,text\n1,hello, I am a message with commas\n")
    with pytest.raises(InputError, match=r"line 2 has 3 fields but the header has 2.*quote fields"):
        rows_of(lost)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ("", "is empty: expected a header"),
        ("\n\n", "is empty: expected a header"),
        ("text,text\na,b\n", r"names the column\(s\) \['text'\] more than once"),
        ('text\n"closed" then text\n', "line 2 is not valid CSV"),
    ],
)
def test_files_bad_csv_structure(tmp_path, data, match):
    with pytest.raises(InputError, match=match):
        rows_of(write(tmp_path, "in.csv", data))


def test_files_nul_and_odd_unicode_in_fields(tmp_path):
    text = "nul\x00 rtl \u202eevil\u202c zwj 👩\u200d👩\u200d👧 \u2028 sep"
    jsonl = write(tmp_path, "in.jsonl", json.dumps({"text": text, "lone": "\ud800"}) + "\n")
    assert rows_of(jsonl)[0] == [{"text": text, "lone": "\ud800"}]
    if sys.version_info >= (3, 11):  # Python 3.10's csv refuses NUL (a clear error, still)
        src = tmp_path / "in.csv"
        with open(src, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([["text"], [text]])
        assert rows_of(src)[0] == [{"text": text}]


# --- the CLI: what is written --------------------------------------------------------------------------


def test_files_cli_counts_blank_and_empty_rows_and_keeps_order(tmp_path, capsys):
    lines = [{"id": i, "text": t} for i, t in enumerate(["We met at the Leeds expo", "", "Any advice?", None])]
    src = write(tmp_path, "in.jsonl", "\n\n".join(json.dumps(r) for r in lines) + "\n")
    code, err = classify_file(src, tmp_path / "out.jsonl", capsys=capsys)
    assert code == 0
    assert "wrote 4 rows" in err and "2 with empty text" in err and "3 blank lines skipped" in err
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in out] == [0, 1, 2, 3]
    assert [r["status"] for r in out] == ["ok", "skipped: empty text", "ok", "skipped: empty text"]


def test_files_cli_long_fields_and_quoted_newlines_survive(tmp_path, capsys):
    src = tmp_path / "in.csv"
    with open(src, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows([["id", "text"], ["a", LONG], ["b", "multi\r\nline\nmessage"]])
    code, _ = classify_file(src, tmp_path / "out.csv", capsys=capsys)
    assert code == 0
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as fh:
        out = list(csv.DictReader(fh))
    assert [r["id"] for r in out] == ["a", "b"]
    assert out[0]["text"] == LONG and out[0]["label"] == "buy"
    assert out[1]["text"] == "multi\r\nline\nmessage"


def test_files_cli_lone_surrogate_round_trips_in_jsonl(tmp_path, capsys):
    src = write(tmp_path, "in.jsonl", '{"text": "Any advice for a student? \\ud800"}\n')
    code, _ = classify_file(src, tmp_path / "out.jsonl", capsys=capsys)
    assert code == 0
    out = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))
    assert out["text"] == "Any advice for a student? \ud800"


def test_files_cli_heterogeneous_jsonl_to_csv_is_refused_not_truncated(tmp_path, capsys):
    src = write(tmp_path, "in.jsonl", '{"text": "hi there"}\n{"text": "we sell boxes", "extra": "kept?"}\n')
    code, err = classify_file(src, tmp_path / "out.csv", capsys=capsys)
    assert code == 2 and "['extra']" in err and ".jsonl" in err
    assert not (tmp_path / "out.csv").exists()
    assert classify_file(src, tmp_path / "out.jsonl", capsys=capsys)[0] == 0
    assert json.loads((tmp_path / "out.jsonl").read_text().splitlines()[1])["extra"] == "kept?"


@pytest.mark.parametrize(
    ("name", "data", "match"),
    [
        ("in.jsonl", b'{"text": "a"}\n{"text": "b"\n', "line 2 is not valid JSON"),
        ("in.csv", b"text\nok\n\xff\xfe\n", "line 3 is not valid UTF-8"),
        ("in.csv", b"message\nhi\n", "no column 'text'"),
    ],
)
def test_files_cli_errors_leave_old_output_untouched(tmp_path, capsys, name, data, match):
    src = write(tmp_path, name, data)
    dst = write(tmp_path, "out.jsonl", "previous results\n")
    code, err = classify_file(src, dst, capsys=capsys)
    assert code == 2 and match in err and "Traceback" not in err
    assert dst.read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out.jsonl"])


def test_files_cli_interrupt_mid_write_keeps_old_output(tmp_path, capsys, monkeypatch):
    src = write(tmp_path, "in.jsonl", "".join(json.dumps({"text": f"We sell boxes {i}"}) + "\n" for i in range(9)))
    dst = write(tmp_path, "out.jsonl", "previous results\n")
    monkeypatch.setattr(cli, "CHUNK", 2)
    calls = {"n": 0}
    real = cli._result_fields

    def interrupted(pred, *args):
        calls["n"] += 1
        if calls["n"] == 5:  # two chunks are already written to the temporary file
            raise KeyboardInterrupt
        return real(pred, *args)

    monkeypatch.setattr(cli, "_result_fields", interrupted)
    code, err = classify_file(src, dst, capsys=capsys)
    assert code == 130 and "interrupted" in err
    assert dst.read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_files_cli_hard_crash_mid_write_keeps_old_output(tmp_path):
    """A process killed mid-write (no cleanup runs) leaves the old output whole; only a hidden temp file remains."""
    src = write(tmp_path, "in.jsonl", "".join(json.dumps({"text": f"We sell boxes {i}"}) + "\n" for i in range(9)))
    dst = write(tmp_path, "out.jsonl", "previous results\n")
    code = (
        "import os, sys\n"
        "from linkmotive import cli\n"
        "cli.CHUNK = 2\n"
        "real, n = cli._result_fields, [0]\n"
        "def crash(pred, *args):\n"
        "    n[0] += 1\n"
        "    if n[0] == 5:\n"
        "        sys.stdout.flush(); os._exit(9)\n"
        "    return real(pred, *args)\n"
        "cli._result_fields = crash\n"
        "cli.main(['classify', '--input', sys.argv[1], '--output', sys.argv[2]])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(src), str(dst)], capture_output=True, timeout=300)
    assert proc.returncode == 9, proc.stderr
    assert dst.read_text() == "previous results\n"
    leftovers = [p for p in tmp_path.iterdir() if p.name not in ("in.jsonl", "out.jsonl")]
    assert all(p.name.startswith(".out.jsonl.") and p.name.endswith(".tmp") for p in leftovers)
    assert len(leftovers) == 1  # the partial file, which never replaced dst


def test_files_output_appears_only_when_complete(tmp_path, capsys, monkeypatch):
    src = write(tmp_path, "in.jsonl", '{"text": "Any advice for a student?"}\n')
    dst = tmp_path / "out.jsonl"
    seen = []
    real_replace = os.replace

    def spy(a, b):
        seen.append((Path(a).name, Path(b).name, Path(b).exists(), Path(a).read_text("utf-8").count("\n")))
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", spy)
    assert classify_file(src, dst, capsys=capsys)[0] == 0
    assert len(seen) == 1 and seen[0][1] == "out.jsonl" and seen[0][2] is False and seen[0][3] == 1
    assert seen[0][0].startswith(".out.jsonl.")
    assert json.loads(dst.read_text())["label"] in linkmotive.LABELS
