"""Saving and loading models: a folder with the model files and ``manifest.json``.

A model folder holds either the **safe format** (``model.json`` + ``arrays.npz``,
see :mod:`linkmotive.safe_format`: loading never unpickles) or, for pipelines
the safe format cannot store, ``model.joblib`` (a pickle). The manifest records
the model-format version, which of the two it is, the library versions, the
labels, the thresholds, the training data hash and metrics, and the sha256 of
every model file. :func:`load_model` checks all of it *before* reading the
model, so a foreign, tampered or incompatible folder gives a
:class:`~linkmotive.errors.ModelLoadError` that names the problem and the fix,
never a raw traceback.

Unpickling runs code, so a joblib model loads without ``trusted=True`` only when
it is the packaged default model (whose hash is verified). A safe-format model
loads without it. Folders written by format version 1 (joblib only) still load.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import IncompatibleModelError, InputTypeError, ModelError, ModelLoadError, UntrustedModelError
from .labels import LABELS

if TYPE_CHECKING:
    from .model import Model

__all__ = [
    "FORMAT_VERSION",
    "READABLE_FORMAT_VERSIONS",
    "atomic_write",
    "default_model_path",
    "library_versions",
    "load_model",
    "save_model",
]

FORMAT_VERSION = 3
"""Version of the on-disk model layout; bumped when old readers could misread a new folder.

1: ``model.joblib`` only, its hash in ``model_sha256``.
2: ``model_format`` is ``"safe"`` (``model.json`` + ``arrays.npz``) or ``"joblib"``
(``model.joblib``); every file's hash in ``files``.
3: the files of 2; the pipeline may read the shared message + headline columns (``all_lemmas``,
``all_chars``) and hold float16 weights, which readers of 2 would load and then fail to predict with.
"""

READABLE_FORMAT_VERSIONS = (1, 2, 3)
"""Format versions :func:`load_model` reads (loaders of old formats are kept and tested)."""

MODEL_FILE = "model.joblib"
SAFE_SPEC_FILE = "model.json"
SAFE_ARRAYS_FILE = "arrays.npz"
MANIFEST_FILE = "manifest.json"
MODEL_FORMATS = {"safe": (SAFE_SPEC_FILE, SAFE_ARRAYS_FILE), "joblib": (MODEL_FILE,)}
_LEGACY_KEYS = ("model_file", "model_sha256", "model_bytes", "files", "model_format")
RETRAIN_HINT = "retrain it with `linkmotive train DATA --output MODEL` under the installed versions"


def library_versions() -> dict[str, str]:
    """Versions of the libraries a saved model depends on."""
    from importlib.metadata import PackageNotFoundError, version

    import numpy

    def installed(dist: str, module: str) -> str:
        # The installed version without importing the package (spaCy and scikit-learn cost a fresh process
        # about a second each; a load needs neither); frozen apps may ship no metadata, then ask the module.
        try:
            return version(dist)
        except PackageNotFoundError:  # pragma: no cover - frozen or vendored installs
            import importlib

            return str(getattr(importlib.import_module(module), "__version__", "missing"))

    return {
        "linkmotive": __version__,
        "scikit-learn": installed("scikit-learn", "sklearn"),
        "spacy": installed("spacy", "spacy"),
        "numpy": numpy.__version__,
        "python": platform.python_version(),
    }


def default_model_path() -> Path:
    """Where the shipped default model lives: inside the installed package, or ``models/default`` in a checkout."""
    packaged = Path(str(resources.files("linkmotive"))) / "models" / "default"
    if (packaged / MANIFEST_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "models" / "default"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _encode(model: Any, format: str) -> tuple[str, dict[str, bytes]]:
    """The model files of ``model`` in ``format`` ("auto" picks "safe" when the pipeline allows it)."""
    if format not in ("auto", "safe", "joblib"):
        raise ModelError(f"format must be 'auto', 'safe' or 'joblib', got {format!r}.")
    if format in ("auto", "safe"):
        from .safe_format import UnsupportedObjectError, dump

        try:
            spec, arrays = dump(model.pipeline)
            return "safe", {SAFE_SPEC_FILE: spec, SAFE_ARRAYS_FILE: arrays}
        except UnsupportedObjectError as exc:
            if format == "safe":
                raise ModelError(
                    f"This pipeline cannot be saved in the safe format: {exc}. "
                    "Fix: save it with format='joblib' (loading it will then need trusted=True)."
                ) from None
    import joblib

    buf = io.BytesIO()
    joblib.dump(model.pipeline, buf, compress=3)
    return "joblib", {MODEL_FILE: buf.getvalue()}


def check_save_target(path: Any) -> Path:
    """The folder ``path`` as a Path, if a model may be saved there (new, empty, or a model folder); else the fix."""
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(f"A model folder must be a str or path, got {type(path).__name__}: {path!r:.60}.")
    target = Path(path)
    if target.exists() and not (target.is_dir() and (not any(target.iterdir()) or (target / MANIFEST_FILE).exists())):
        raise ModelLoadError(
            f"Cannot save a model to {str(target)!r}: it exists and is not a linkmotive model folder. "
            "Fix: choose a new folder name or remove it first."
        )
    for parent in target.parents:  # a file where a folder of the path should be
        if parent.exists():
            if not parent.is_dir():
                raise ModelLoadError(
                    f"Cannot save a model to {str(target)!r}: {str(parent)!r} is a file, not a folder. "
                    "Fix: choose another path."
                )
            break
    return target


def save_model(model: Any, path: Any, *, format: str = "auto") -> Path:
    """Write ``model`` to the folder ``path``; an existing folder is replaced only once the new one is complete.

    Parameters
    ----------
    model : Model
        The model to write.
    path : str or Path
        The folder to create or replace.
    format : {"auto", "safe", "joblib"}, default="auto"
        "safe" writes ``model.json`` + ``arrays.npz`` (loading never unpickles);
        "joblib" writes a pickle (loading needs ``trusted=True``); "auto" uses
        the safe format whenever the pipeline allows it (the default pipeline
        always does).
    """
    target = check_save_target(path)
    model_format, files = _encode(model, format)
    manifest = {k: v for k, v in model.manifest.items() if k not in _LEGACY_KEYS}
    manifest.update(
        {
            "format_version": FORMAT_VERSION,
            "model_format": model_format,
            "labels": list(model.labels),
            "thresholds": {k: float(v) for k, v in model.thresholds.items()},
            "versions": library_versions(),
            "files": {name: {"sha256": _sha256(blob), "bytes": len(blob)} for name, blob in files.items()},
        }
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes 0700; a model folder is shared like any other folder
    old, moved_aside = _aside(target), False
    try:
        for name, blob in files.items():
            _write_synced(staging / name, blob)
        _write_synced(staging / MANIFEST_FILE, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
        if target.exists():
            # A folder cannot be renamed over a non-empty one: move the old model aside first.
            # Between the two renames the previous model sits in .NAME.old (load_model says so).
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            moved_aside = True
            os.replace(staging, target)
            moved_aside = False
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        if moved_aside and not target.exists():
            os.replace(old, target)  # put the previous model back
        shutil.rmtree(staging, ignore_errors=True)
        raise
    model.manifest = manifest
    return target


def _aside(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _read_manifest(folder: Path) -> dict[str, Any]:
    mpath = folder / MANIFEST_FILE
    if not mpath.is_file():
        raise ModelLoadError(
            f"{str(folder)!r} is not a linkmotive model: expected a folder holding {MANIFEST_FILE} and the model "
            f"files ({SAFE_SPEC_FILE} + {SAFE_ARRAYS_FILE}, or {MODEL_FILE}). "
            "Fix: pass the folder written by Model.save() or `linkmotive train --output`."
        )
    try:
        manifest = json.loads(mpath.read_text("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelLoadError(
            f"The manifest {str(mpath)!r} is not valid JSON ({exc}). Fix: restore the model folder or {RETRAIN_HINT}."
        ) from None
    return manifest


def _check_compatible(manifest: dict[str, Any], where: str) -> None:
    fmt = manifest.get("format_version")
    if fmt not in READABLE_FORMAT_VERSIONS or type(fmt) is not int:
        *first, last = map(str, READABLE_FORMAT_VERSIONS)
        readable = f"{', '.join(first)} and {last}" if first else last
        raise IncompatibleModelError(
            f"The model at {where} has format version {fmt!r}; this linkmotive ({__version__}) reads "
            f"format versions {readable}. Fix: upgrade linkmotive, or {RETRAIN_HINT}."
        )
    _check_field_types(manifest, where)
    if fmt >= 2 and manifest.get("model_format") not in MODEL_FORMATS:
        raise IncompatibleModelError(
            f"The model at {where} has model_format {manifest.get('model_format')!r}; this linkmotive reads "
            f"{sorted(MODEL_FORMATS)}. Fix: upgrade linkmotive, or {RETRAIN_HINT}."
        )
    labels = manifest.get("labels")
    if labels is None or list(labels) != list(LABELS):
        raise IncompatibleModelError(
            f"The model at {where} predicts labels {labels!r}; linkmotive expects {list(LABELS)!r}. Fix: {RETRAIN_HINT}."
        )
    saved = manifest.get("versions", {})
    current = library_versions()
    for lib in ("scikit-learn", "linkmotive"):
        have, want = current[lib], str(saved.get(lib, "unknown"))
        if have.split(".")[:2] != want.split(".")[:2]:
            raise IncompatibleModelError(
                f"The model at {where} was saved with {lib} {want}, but {lib} {have} is installed. "
                f"Fix: install {lib}=={want} or {RETRAIN_HINT}."
            )


def _check_field_types(manifest: dict[str, Any], where: str) -> None:
    """Each manifest field this version reads has the JSON type it expects, or loading stops with the fix."""
    expected = {
        "model_format": (str, "a string"),
        "labels": (list, "a list of labels"),
        "versions": (dict, "an object"),
        "thresholds": (dict, "an object mapping each label to a number in [0, 1]"),
    }
    for field, (kind, what) in expected.items():
        if field in manifest and not isinstance(manifest[field], kind):
            raise ModelLoadError(
                f"The manifest at {where} has {field} = {manifest[field]!r:.80}; expected {what}. "
                f"Fix: restore the model folder or {RETRAIN_HINT}."
            )
    for label, value in manifest.get("thresholds", {}).items():  # any number loads, as in older versions
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ModelLoadError(
                f"The manifest at {where} has the threshold {label!r}: {value!r:.40}; expected a number "
                f"(a confidence in [0, 1]). Fix: edit that value in {MANIFEST_FILE}, or {RETRAIN_HINT}."
            )


def _model_files(manifest: dict[str, Any], where: str) -> tuple[str, dict[str, str]]:
    """The model format and ``{file name: sha256}`` a manifest promises (format 1 or 2)."""
    if manifest["format_version"] == 1:
        name = str(manifest.get("model_file", MODEL_FILE))
        if name != MODEL_FILE:
            raise ModelLoadError(f"The manifest at {where} names the model file {name!r}, expected {MODEL_FILE!r}.")
        return "joblib", {MODEL_FILE: str(manifest.get("model_sha256"))}
    model_format = manifest["model_format"]
    files = manifest.get("files")
    names = MODEL_FORMATS[model_format]
    if not isinstance(files, dict) or sorted(files) != sorted(names):
        raise ModelLoadError(
            f"The manifest at {where} lists the files {sorted(files) if isinstance(files, dict) else files!r}; "
            f"a {model_format!r} model has an object mapping each of {list(names)} to its sha256. "
            f"Fix: restore the model folder or {RETRAIN_HINT}."
        )
    return model_format, {n: str(f.get("sha256") if isinstance(f, dict) else f) for n, f in files.items()}


def _read_verified(folder: Path, name: str, sha256: str) -> bytes:
    path = folder / name
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise ModelLoadError(
            f"Cannot read {str(path)!r}: {exc.strerror}. Fix: restore the model folder or {RETRAIN_HINT}."
        ) from None
    if _sha256(blob) != sha256:
        raise ModelLoadError(
            f"{str(path)!r} does not match the sha256 in its manifest: the file is truncated, corrupt or was "
            f"replaced. Fix: restore the model folder or {RETRAIN_HINT}."
        )
    return blob


def load_model(path: Any = None, *, trusted: bool = False) -> Model:
    """Load a model folder written by :func:`save_model` (the default model when ``path`` is None).

    A safe-format folder loads without ``trusted``; a joblib folder (a pickle)
    needs ``trusted=True`` unless it is the packaged default model.
    """
    from .model import Model

    default = default_model_path()
    folder = Path(path) if path is not None else default
    if folder.is_file() and folder.name in (MODEL_FILE, MANIFEST_FILE, SAFE_SPEC_FILE, SAFE_ARRAYS_FILE):
        folder = folder.parent
    if not folder.exists():
        hint = ""
        if (_aside(folder) / MANIFEST_FILE).is_file():
            hint = (
                f" A save into it was interrupted: the previous model is in {str(_aside(folder))!r}; "
                f"rename that folder to {folder.name!r} to restore it."
            )
        raise ModelLoadError(
            f"No model at {str(folder)!r}.{hint} Fix: check the path, or train one with "
            "`linkmotive train DATA --output MODEL`."
        )
    where = repr(str(folder))
    manifest = _read_manifest(folder)
    _check_compatible(manifest, where)
    model_format, files = _model_files(manifest, where)
    is_default = folder.resolve() == default.resolve()
    if model_format == "joblib" and not (trusted or is_default):
        raise UntrustedModelError(
            f"Loading the model at {where} would unpickle {MODEL_FILE}, which can run arbitrary code. "
            "Fix: if you made it or trust who did, call linkmotive.load(path, trusted=True) "
            "(CLI: pass --model, which trusts the folder you name); then model.save(path) rewrites it in the "
            "safe format, which loads without trust."
        )
    blobs = {name: _read_verified(folder, name, sha) for name, sha in files.items()}
    thresholds = {k: float(v) for k, v in manifest.get("thresholds", {}).items()}
    if model_format == "safe":
        from .safe_format import SafeFormatError, load_raw, materialise

        try:
            raw = load_raw(blobs[SAFE_SPEC_FILE], blobs[SAFE_ARRAYS_FILE])
            model = Model(thresholds=thresholds, manifest=manifest, _raw=raw)  # compiles the raw tree
            # A default-shaped pipeline predicts from the raw tree (no scikit-learn import); any other is built now.
            pipeline = None if model._raw_plan is not None else materialise(raw)
        except SafeFormatError as exc:
            raise ModelLoadError(
                f"The model at {where} is not a valid safe-format model ({exc}). "
                f"Fix: restore the model folder or {RETRAIN_HINT}."
            ) from None
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:  # well-formed JSON, wrong content
            raise ModelLoadError(
                f"The model at {where} holds values this linkmotive cannot use ({type(exc).__name__}: {exc}). "
                f"Fix: restore the model folder or {RETRAIN_HINT}."
            ) from None
        if model._raw_plan is not None:
            _check_classes(list(model._raw_plan.classes), "Pipeline", where)
            return model
    else:
        import joblib

        try:
            pipeline = joblib.load(io.BytesIO(blobs[MODEL_FILE]))
        except Exception as exc:  # any unpickling failure is a broken model, never a crash
            raise ModelLoadError(
                f"{str(folder / MODEL_FILE)!r} could not be read as a linkmotive model ({type(exc).__name__}: {exc}). "
                f"Fix: {RETRAIN_HINT}."
            ) from None
    classes = [str(c) for c in getattr(pipeline, "classes_", [])]
    _check_classes(classes if hasattr(pipeline, "predict_proba") else None, type(pipeline).__name__, where)
    return Model(pipeline, thresholds=thresholds, manifest=manifest)


def _check_classes(classes: list[str] | None, holder: str, where: str) -> None:
    if classes != list(LABELS):
        raise ModelLoadError(
            f"The model at {where} holds a {holder} with classes {classes!r}, not a linkmotive "
            f"pipeline over {list(LABELS)!r}. Fix: {RETRAIN_HINT}."
        )
