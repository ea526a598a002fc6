"""Model files are code: the safe format never unpickles, joblib needs trust, old formats still load.

See docs/security.md for the threat model these tests pin down.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import subprocess
import sys
from pathlib import Path

import joblib
import numpy as np
import pytest

import linkmotive
from linkmotive import IncompatibleModelError, ModelError, ModelLoadError, UntrustedModelError, safe_format
from linkmotive.datasets import load_corpus
from linkmotive.features import Example
from linkmotive.persist import FORMAT_VERSION, READABLE_FORMAT_VERSIONS, library_versions, load_model

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ["We met at the Oslo expo", "Any advice for a student?", "We help shops sell more", "Can you quote 300 units?"]


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def put(folder: Path, name: str, data: bytes) -> None:
    """Replace a model file and fix its hash, as an attacker who controls the whole folder would."""
    (folder / name).write_bytes(data)
    manifest = manifest_of(folder)
    manifest["files"][name]["sha256"] = hashlib.sha256(data).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.fixture()
def safe_folder(tiny_model, tmp_path):
    tiny_model.save(tmp_path / "safe")
    return tmp_path / "safe"


def test_security_safe_format_loads_without_trust(tiny_model, safe_folder):
    assert manifest_of(safe_folder)["model_format"] == "safe"
    assert sorted(p.name for p in safe_folder.iterdir()) == ["arrays.npz", "manifest.json", "model.json"]
    loaded = linkmotive.load(safe_folder)
    assert linkmotive.classify(TEXTS, model=loaded) == linkmotive.classify(TEXTS, model=tiny_model)


def test_security_safe_load_never_unpickles(safe_folder, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("unpickling during a safe load")

    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "Unpickler", forbidden)
    monkeypatch.setattr(joblib, "load", forbidden)
    assert linkmotive.load(safe_folder).labels == linkmotive.LABELS


def test_security_default_model_round_trip_is_bit_identical_on_test_split(default_model, tmp_path):
    """Whatever format models/default is in, the safe format reproduces it exactly on the whole test split."""
    examples = [
        Example(r["text"], r.get("headline") if r["kind"] == "message" else None, r["kind"])
        for r in load_corpus("test")
    ]
    default_model.save(tmp_path / "safe", format="safe")
    safe = linkmotive.load(tmp_path / "safe")
    # The spaCy analysis step is stateless: run it once, after checking the loaded copies hold the same state.
    analyse = default_model.pipeline[0]
    assert vars(safe.pipeline[0]) == vars(analyse)
    columns = analyse.transform(examples)
    expected = default_model.pipeline[1:].predict_proba(columns)
    assert len(examples) > 1000
    assert np.array_equal(safe.pipeline[1:].predict_proba(columns), expected)
    assert safe.thresholds == default_model.thresholds and safe.manifest["metrics"] == default_model.manifest["metrics"]
    assert linkmotive.classify(TEXTS, model=safe) == linkmotive.classify(TEXTS, model=default_model)


@pytest.mark.parametrize(
    "cls",
    ["posix.system", "builtins.eval", "subprocess.Popen", "sklearn.utils._testing.MinimalClassifier", "pickle.loads"],
)
def test_security_safe_format_refuses_unlisted_classes(safe_folder, cls):
    spec = (safe_folder / "model.json").read_text()
    spec = spec.replace('"sklearn.pipeline.Pipeline"', json.dumps(cls), 1)
    put(safe_folder, "model.json", spec.encode())
    with pytest.raises(ModelLoadError, match=f"not a valid safe-format model.*{cls}.*not one of the allowed"):
        linkmotive.load(safe_folder)


def test_security_safe_format_refuses_pickled_arrays(safe_folder):
    arrays = dict(np.load(safe_folder / "arrays.npz"))
    arrays["a0"] = np.array([{"evil": "object"}], dtype=object)
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # an object array inside an .npz is a pickle
    put(safe_folder, "arrays.npz", buf.getvalue())
    with pytest.raises(ModelLoadError, match="not a valid safe-format model"):
        linkmotive.load(safe_folder)


def test_security_safe_format_refuses_file_reading_vectorizers(safe_folder):
    spec = (safe_folder / "model.json").read_text()
    assert '"input": "content"' in spec
    put(safe_folder, "model.json", spec.replace('"input": "content"', '"input": "filename"', 1).encode())
    with pytest.raises(ModelLoadError, match="input='filename'"):
        linkmotive.load(safe_folder)


def test_security_safe_format_refuses_zip_bombs(safe_folder, monkeypatch):
    monkeypatch.setattr(safe_format, "MAX_ARRAY_BYTES", 1000)
    with pytest.raises(ModelLoadError, match=r"expands to .* over the limit"):
        linkmotive.load(safe_folder)


@pytest.mark.parametrize(
    "spec",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": "linkmotive-safe-1", "root": {"__array__": "a99999"}}',
        b'{"format": "linkmotive-safe-1", "root": {"__dtype__": "object"}}',
        b'{"format": "linkmotive-safe-1", "root": {"__object__": "sklearn.pipeline.Pipeline", "state": 3}}',
        b'{"format": "linkmotive-safe-1", "root": {"__dict__": [[[1], 2]]}}',
        b'{"format": "linkmotive-safe-0", "root": null}',
        b"\xff\xfe",
    ],
)
def test_security_safe_format_malformed_specs_are_clear_errors(safe_folder, spec):
    put(safe_folder, "model.json", spec)
    with pytest.raises(ModelLoadError, match=r"not a valid safe-format model|not a linkmotive pipeline"):
        linkmotive.load(safe_folder)


def test_security_custom_pipelines_fall_back_to_joblib_and_need_trust(tiny_model, tmp_path):
    import copy

    custom = copy.deepcopy(tiny_model)
    custom.pipeline.set_params(features__all_words__tfidf__tokenizer=str.split)  # a function: not storable as data
    with pytest.raises(ModelError, match=r"cannot be saved in the safe format.*tokenizer.*format='joblib'"):
        custom.save(tmp_path / "custom", format="safe")
    custom.save(tmp_path / "custom")
    assert manifest_of(tmp_path / "custom")["model_format"] == "joblib"
    with pytest.raises(UntrustedModelError, match="trusted=True"):
        linkmotive.load(tmp_path / "custom")
    loaded = linkmotive.load(tmp_path / "custom", trusted=True)
    assert linkmotive.classify(TEXTS, model=loaded) == linkmotive.classify(TEXTS, model=custom)


def test_security_unknown_save_format(tiny_model, tmp_path):
    with pytest.raises(ModelError, match="'auto', 'safe' or 'joblib', got 'pickle'"):
        tiny_model.save(tmp_path / "m", format="pickle")


def write_format_1(model, folder: Path) -> None:
    """A folder exactly as linkmotive 0.1 (format version 1) wrote it."""
    buf = io.BytesIO()
    joblib.dump(model.pipeline, buf, compress=3)
    blob = buf.getvalue()
    folder.mkdir()
    (folder / "model.joblib").write_bytes(blob)
    manifest = {
        "format_version": 1,
        "labels": list(model.labels),
        "thresholds": model.thresholds,
        "versions": library_versions(),
        "model_file": "model.joblib",
        "model_sha256": hashlib.sha256(blob).hexdigest(),
        "model_bytes": len(blob),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_security_format_1_folders_still_load(tiny_model, tmp_path):
    assert 1 in READABLE_FORMAT_VERSIONS and FORMAT_VERSION == 3
    write_format_1(tiny_model, tmp_path / "v1")
    with pytest.raises(UntrustedModelError):
        linkmotive.load(tmp_path / "v1")
    old = linkmotive.load(tmp_path / "v1", trusted=True)
    assert linkmotive.classify(TEXTS, model=old) == linkmotive.classify(TEXTS, model=tiny_model)
    old.save(tmp_path / "v2")  # re-saving upgrades it to the current, safe format
    manifest = manifest_of(tmp_path / "v2")
    assert manifest["format_version"] == 3 and manifest["model_format"] == "safe"
    assert "model_sha256" not in manifest
    assert linkmotive.classify(TEXTS, model=linkmotive.load(tmp_path / "v2")) == linkmotive.classify(TEXTS, model=old)


def test_security_format_1_hash_and_file_name_are_checked(tiny_model, tmp_path):
    write_format_1(tiny_model, tmp_path / "v1")
    (tmp_path / "v1" / "model.joblib").write_bytes(b"\x80\x04replaced")
    with pytest.raises(ModelLoadError, match="does not match the sha256"):
        linkmotive.load(tmp_path / "v1", trusted=True)
    manifest = manifest_of(tmp_path / "v1")
    manifest["model_file"] = "../../etc/passwd"
    (tmp_path / "v1" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError, match=r"names the model file '../../etc/passwd'"):
        linkmotive.load(tmp_path / "v1", trusted=True)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"format_version": 4}, r"format version 4.*reads format versions 1, 2 and 3.*upgrade linkmotive"),
        ({"format_version": True}, "format version True"),
        ({"model_format": "onnx"}, "model_format 'onnx'"),
        ({"files": {"model.json": {"sha256": "0"}}}, r"lists the files \['model.json'\]"),
    ],
)
def test_security_manifest_mismatches_are_clear(safe_folder, change, match):
    manifest = manifest_of(safe_folder)
    manifest.update(change)
    (safe_folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError, match=match):
        linkmotive.load(safe_folder)


def test_security_linkmotive_version_mismatch_names_both(safe_folder):
    manifest = manifest_of(safe_folder)
    manifest["versions"]["linkmotive"] = "9.9.0"
    (safe_folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IncompatibleModelError, match=f"linkmotive 9.9.0, but linkmotive {linkmotive.__version__}"):
        linkmotive.load(safe_folder)


def test_security_interrupted_save_is_explained(safe_folder):
    aside = safe_folder.with_name(f".{safe_folder.name}.old")
    safe_folder.rename(aside)  # the state between the two renames of save_model
    with pytest.raises(ModelLoadError, match=r"interrupted: the previous model is in .*rename that folder"):
        linkmotive.load(safe_folder)


def test_security_hard_crash_during_save_keeps_old_model(safe_folder):
    """A process killed while writing a new model (no cleanup runs) leaves the old folder loadable."""
    before = {p.name: p.read_bytes() for p in safe_folder.iterdir()}
    code = (
        "import os, sys, linkmotive\n"
        "from linkmotive import persist\n"
        "model = persist.load_model(sys.argv[1])\n"
        "real = persist._write_synced\n"
        "def crash(path, data):\n"
        "    real(path, data[: len(data) // 2])\n"
        "    os._exit(9)\n"
        "persist._write_synced = crash\n"
        "model.save(sys.argv[1])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(safe_folder)], capture_output=True, timeout=300)
    assert proc.returncode == 9, proc.stderr
    assert {p.name: p.read_bytes() for p in safe_folder.iterdir()} == before
    assert load_model(safe_folder).labels == linkmotive.LABELS


@pytest.mark.slow
def test_security_convert_script_makes_a_safe_bit_identical_copy(tiny_model, tmp_path):
    tiny_model.save(tmp_path / "m", format="joblib")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert_model.py"), str(tmp_path / "m")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "bit-identical" in proc.stdout
    assert manifest_of(tmp_path / "m")["model_format"] == "safe"
    assert linkmotive.classify(TEXTS, model=linkmotive.load(tmp_path / "m")) == linkmotive.classify(
        TEXTS, model=tiny_model
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_security_safe_format_checks_nested_containers(safe_folder):
    """A pipeline hidden in a dict or list is checked too (here one with a cache folder)."""
    hidden = {
        "__object__": "sklearn.pipeline.Pipeline",
        "state": {"steps": [], "memory": "/tmp/cache", "verbose": False, "transform_input": None},
    }
    spec = json.loads((safe_folder / "model.json").read_text())
    spec["root"]["state"]["extra_"] = {"__dict__": [["x", [hidden]]]}
    put(safe_folder, "model.json", json.dumps(spec).encode())
    with pytest.raises(ModelLoadError, match="memory"):
        linkmotive.load(safe_folder)


def test_security_failed_rename_puts_the_old_model_back(tiny_model, safe_folder, monkeypatch):
    import os

    before = {p.name: p.read_bytes() for p in safe_folder.iterdir()}
    real, calls = os.replace, []

    def second_rename_fails(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", second_rename_fails)
    with pytest.raises(OSError, match="No space left"):
        tiny_model.save(safe_folder)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in safe_folder.iterdir()} == before
    assert sorted(p.name for p in safe_folder.parent.iterdir()) == ["safe"]
