"""Saving and loading models: exact round trips, and a clear error for every broken file."""

import json
import shutil

import numpy as np
import pytest

import linkmotive
from linkmotive import IncompatibleModelError, ModelLoadError, UntrustedModelError
from linkmotive.persist import FORMAT_VERSION, default_model_path

TEXTS = [
    "We met at the Oslo expo",
    "Any advice for a student?",
    "What went wrong with the launch?",
    "We help shops sell more",
    "Can you quote 300 units?",
]


@pytest.fixture()
def saved(tiny_model, tmp_path):
    path = tmp_path / "model"
    tiny_model.save(path)
    return path


@pytest.fixture()
def saved_joblib(tiny_model, tmp_path):
    path = tmp_path / "model_joblib"
    tiny_model.save(path, format="joblib")
    return path


def model_files(folder):
    """The model files a folder's manifest lists (format 1 or 2)."""
    manifest = json.loads((folder / "manifest.json").read_text())
    return sorted(manifest["files"]) if "files" in manifest else [manifest["model_file"]]


def rehash(folder, name):
    import hashlib

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][name]["sha256"] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_persist_round_trip_is_exact(tiny_model, saved):
    loaded = linkmotive.load(saved, trusted=True)
    a = linkmotive.classify(TEXTS, model=tiny_model)
    b = linkmotive.classify(TEXTS, model=loaded)
    assert a == b
    assert loaded.thresholds == tiny_model.thresholds


def test_persist_manifest_records_provenance(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    assert manifest["labels"] == list(linkmotive.LABELS)
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model_format"] == "safe"
    assert {"linkmotive", "scikit-learn", "spacy"} <= set(manifest["versions"])
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())
    assert manifest["training"]["n_examples"] == 30


def test_persist_other_joblib_models_need_trust(saved_joblib):
    with pytest.raises(UntrustedModelError, match="trusted=True"):
        linkmotive.load(saved_joblib)


def test_persist_default_model_verifies_without_trust():
    assert linkmotive.load().labels == linkmotive.LABELS


def test_persist_missing_folder(tmp_path):
    with pytest.raises(ModelLoadError, match="No model at"):
        linkmotive.load(tmp_path / "nope", trusted=True)


def test_persist_foreign_file(tmp_path):
    f = tmp_path / "model.pkl"
    f.write_bytes(b"\x80\x04not a model")
    with pytest.raises(ModelLoadError, match="not a linkmotive model"):
        linkmotive.load(f, trusted=True)


@pytest.mark.parametrize("fmt", ["safe", "joblib"])
def test_persist_truncated_model_file(tiny_model, tmp_path, fmt):
    tiny_model.save(tmp_path / "m", format=fmt)
    for name in model_files(tmp_path / "m"):
        path = tmp_path / "m" / name
        blob = path.read_bytes()
        path.write_bytes(blob[: len(blob) // 2])
        with pytest.raises(ModelLoadError, match="sha256"):
            linkmotive.load(tmp_path / "m", trusted=True)
        path.write_bytes(blob)


def test_persist_tampered_model_with_matching_hash_is_still_checked(saved_joblib):
    import io

    import joblib

    buf = io.BytesIO()
    joblib.dump({"not": "a pipeline"}, buf)
    (saved_joblib / "model.joblib").write_bytes(buf.getvalue())
    rehash(saved_joblib, "model.joblib")
    with pytest.raises(ModelLoadError, match="not a linkmotive pipeline"):
        linkmotive.load(saved_joblib, trusted=True)


@pytest.mark.parametrize("name", ["model.json", "arrays.npz"])
def test_persist_garbage_with_matching_hash(saved, saved_joblib, name):
    (saved_joblib / "model.joblib").write_bytes(b"garbage" * 10)
    rehash(saved_joblib, "model.joblib")
    with pytest.raises(ModelLoadError, match="could not be read"):
        linkmotive.load(saved_joblib, trusted=True)
    (saved / name).write_bytes(b"garbage" * 10)
    rehash(saved, name)
    with pytest.raises(ModelLoadError, match="not a valid safe-format model"):
        linkmotive.load(saved)


def test_persist_broken_manifest(saved):
    (saved / "manifest.json").write_text("{not json")
    with pytest.raises(ModelLoadError, match="not valid JSON"):
        linkmotive.load(saved, trusted=True)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("format_version", 99, "format version 99"),
        ("labels", ["spam", "ham"], "spam"),
    ],
)
def test_persist_incompatible_manifest(saved, field, value, match):
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest[field] = value
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IncompatibleModelError, match=match):
        linkmotive.load(saved, trusted=True)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("thresholds", {"buy": "high"}, "threshold 'buy'"),
        ("thresholds", {"buy": None}, "threshold 'buy'"),
        ("thresholds", None, "thresholds = None"),
        ("thresholds", [0.5], "thresholds = \\[0.5\\]"),
        ("versions", None, "versions = None"),
        ("labels", 5, "labels = 5"),
        ("model_format", ["safe"], "model_format"),
        ("files", ["model.json", "arrays.npz"], "object mapping"),
    ],
)
def test_persist_manifest_fields_of_the_wrong_type_are_a_load_error(saved, field, value, match):
    """A hand-edited manifest is not hashed: every field is checked, and the error names it and the fix."""
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest[field] = value
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError, match=match) as err:
        linkmotive.load(saved, trusted=True)
    assert "Fix:" in str(err.value)


def test_persist_any_numeric_threshold_loads_as_in_older_versions(saved):
    """Thresholds a user set by hand and saved (above 1: always uncertain; an extra key) still load."""
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["thresholds"] = {"buy": 1.01, "Buy": 0.9}
    (saved / "manifest.json").write_text(json.dumps(manifest))
    assert linkmotive.load(saved, trusted=True).thresholds == {"buy": 1.01, "Buy": 0.9}


def test_persist_library_version_mismatch_names_both(saved):
    import sklearn

    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["versions"]["scikit-learn"] = "0.24.2"
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IncompatibleModelError, match=f"0.24.2.*{sklearn.__version__}"):
        linkmotive.load(saved, trusted=True)


def test_persist_save_replaces_existing_model(tiny_model, saved):
    tiny_model.save(saved)
    assert sorted(p.name for p in saved.iterdir()) == ["arrays.npz", "manifest.json", "model.json"]
    assert not [p for p in saved.parent.iterdir() if p.name.startswith(".")]


def test_persist_save_refuses_foreign_folder(tiny_model, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.txt").write_text("precious")
    with pytest.raises(ModelLoadError, match="not a linkmotive model folder"):
        tiny_model.save(tmp_path / "docs")
    assert (tmp_path / "docs" / "thesis.txt").read_text() == "precious"


def test_persist_failed_save_keeps_old_model(tiny_model, saved, monkeypatch):
    before = {p.name: p.read_bytes() for p in saved.iterdir()}

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("numpy.savez_compressed", boom)
    with pytest.raises(KeyboardInterrupt):
        tiny_model.save(saved)
    assert {p.name: p.read_bytes() for p in saved.iterdir()} == before


def test_persist_default_model_files_exist():
    path = default_model_path()
    assert (path / "manifest.json").is_file()
    assert model_files(path) and all((path / name).is_file() for name in model_files(path))


def test_persist_copied_default_model_needs_trust_unless_safe(tmp_path):
    shutil.copytree(default_model_path(), tmp_path / "copy")
    if model_files(tmp_path / "copy") == ["model.joblib"]:
        with pytest.raises(UntrustedModelError):
            linkmotive.load(tmp_path / "copy")
    else:
        assert linkmotive.load(tmp_path / "copy").labels == linkmotive.LABELS
    m = linkmotive.load(tmp_path / "copy", trusted=True)
    from linkmotive.features import Example

    assert np.isclose(m.predict_proba([Example("hello")]).sum(), 1.0)


def test_persist_safe_model_predicts_without_building_the_pipeline(saved, tiny_model):
    # A safe-format model predicts from the file's raw objects; the scikit-learn pipeline is built on first use
    # and gives the same numbers.
    from linkmotive.features import Example

    model = linkmotive.load(saved)
    examples = [Example(t) for t in TEXTS] + [Example("Head of Procurement", None, "headline")]
    proba = model.predict_proba(examples)
    assert model._pipeline is None and model.labels == tuple(tiny_model.labels)
    assert np.array_equal(proba, tiny_model.pipeline.predict_proba(examples))
    assert np.array_equal(proba, model.pipeline.predict_proba(examples))
    assert np.array_equal(model.predict_proba(examples), proba)  # now through the built pipeline


def test_persist_loaded_model_pickles_and_copies(saved):
    import copy
    import pickle

    model = linkmotive.load(saved)
    want = model.predict_proba([("We met at the Oslo expo", None, "message")])
    for clone in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model)):
        assert clone._pipeline is None
        assert np.array_equal(clone.predict_proba([("We met at the Oslo expo", None, "message")]), want)


def test_persist_reads_either_name_of_the_classifier(saved, tiny_model):
    # MotiveClassifier lives in linkmotive.classifier but keeps its historical name, linkmotive.model.MotiveClassifier,
    # in files (so older linkmotive versions read new models); a file naming the new module loads too.
    spec = (saved / "model.json").read_text()
    assert '"linkmotive.model.MotiveClassifier"' in spec
    (saved / "model.json").write_text(spec.replace("linkmotive.model.Motive", "linkmotive.classifier.Motive"))
    rehash(saved, "model.json")
    model = linkmotive.load(saved)
    rows = [("Can you quote 300 units?",)]
    assert np.array_equal(model.predict_proba(rows), tiny_model.predict_proba(rows))
    assert type(model.pipeline.steps[-1][1]).__qualname__ == "MotiveClassifier"


def test_persist_prediction_does_not_import_scikit_learn():
    # Cold start: classify with the shipped model without importing scikit-learn (about a second of a fresh
    # process); training, explanations and model.pipeline still import it when used.
    import subprocess
    import sys

    code = (
        "import sys, linkmotive\n"
        "p = linkmotive.classify('Loved your talk, could I ask how you started?')\n"
        "assert p.label in linkmotive.LABELS\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'pandas')))\n"
        "linkmotive.load().pipeline\n"
        "print('sklearn' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True"]


def test_persist_unpickles_models_pickled_as_a_dataclass(tiny_model):
    # Before the pipeline was kept lazily, Model was a dataclass: its pickled state names "pipeline".
    from linkmotive.model import Model

    old = Model.__new__(Model)
    old.__setstate__({"pipeline": tiny_model.pipeline, "thresholds": dict(tiny_model.thresholds), "manifest": {}})
    rows = [("Can you quote 300 units?",)]
    assert np.array_equal(old.predict_proba(rows), tiny_model.predict_proba(rows))


def _edit_spec(folder, edit):
    spec = json.loads((folder / "model.json").read_text())
    edit(spec)
    (folder / "model.json").write_text(json.dumps(spec))
    rehash(folder, "model.json")


def _objects(node, name):
    # Every {"__object__": name, "state": ...} node of a model.json tree.
    if isinstance(node, dict):
        if node.get("__object__", "").endswith(name):
            yield node
        for v in node.values():
            yield from _objects(v, name)
    elif isinstance(node, list):
        for v in node:
            yield from _objects(v, name)


def test_persist_odd_values_fall_back_to_the_pipeline_or_fail_clearly(saved, tiny_model):
    # A chunk size the compiled path does not take: the scikit-learn pipeline predicts, same numbers.
    _edit_spec(saved, lambda s: next(_objects(s, "TextAnalyzer"))["state"].update(chunk_size=3))
    model = linkmotive.load(saved)
    rows = [("We met at the Oslo expo",), ("Can you quote 300 units?",)]
    assert np.allclose(model.predict_proba(rows), tiny_model.predict_proba(rows))
    _edit_spec(saved, lambda s: next(_objects(s, "TextAnalyzer"))["state"].update(chunk_size={"__float__": "inf"}))
    assert linkmotive.load(saved)._pipeline is not None  # not compiled: built, and TextAnalyzer is lenient
    # A classifier without its classes is not a linkmotive model.
    _edit_spec(saved, lambda s: next(_objects(s, "MotiveClassifier"))["state"].pop("classes_"))
    with pytest.raises(ModelLoadError, match="not a linkmotive pipeline"):
        linkmotive.load(saved)


def test_persist_vocabulary_with_out_of_range_columns_is_refused(tiny_model, tmp_path):
    # Column ids outside 0..n-1 would index past scipy's arrays (a crash, not an error): refused at load.
    import copy

    from linkmotive.safe_format import SafeFormatError, dump, load

    pipe = copy.deepcopy(tiny_model.pipeline)
    vec = pipe.named_steps["features"].transformer_list[1][1].named_steps["tfidf"]
    term = next(iter(vec.vocabulary_))
    for bad in (-140_000, len(vec.vocabulary_) + 5):
        vec.vocabulary_[term] = bad
        with pytest.raises(SafeFormatError, match=r"columns 0\.\.n-1"):
            load(*dump(pipe))


def test_persist_model_without_headlines_still_predicts_without_the_pipeline(tiny_rows, tmp_path):
    # A block that had no vocabulary (no headlines in training) is zero columns, also on the compiled path.
    rows = [r for r in tiny_rows if r["kind"] == "message" and not r.get("headline")]
    model = linkmotive.train(
        rows, params={"features__all_words__tfidf__min_df": 1, "features__msg_chars__tfidf__min_df": 1}
    )
    model.save(tmp_path / "m")
    loaded = linkmotive.load(tmp_path / "m")
    examples = [("Could I pick your brain?", "Procurement lead", "message"), ("Head of Sales", None, "headline")]
    assert np.array_equal(loaded.predict_proba(examples), model.predict_proba(examples))
    assert loaded._pipeline is None


def test_persist_empty_batch(saved):
    model = linkmotive.load(saved)
    assert model.predict_proba([]).shape == (0, len(linkmotive.LABELS))
