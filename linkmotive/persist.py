"""Saving and loading models: a folder with ``model.joblib`` and ``manifest.json``.

The manifest records the model-format version, the library versions, the
labels, the thresholds, the training data hash and metrics, and the sha256 of
``model.joblib``. :func:`load_model` checks all of it *before* unpickling, so a
foreign, tampered or incompatible file gives a :class:`~linkmotive.errors.ModelLoadError`
that names the problem and the fix, never a raw unpickling traceback.

Unpickling runs code, so only the packaged default model (whose hash is
verified) loads without ``trusted=True``.
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
from typing import Any

from ._version import __version__
from .errors import IncompatibleModelError, ModelLoadError, UntrustedModelError
from .labels import LABELS

__all__ = ["FORMAT_VERSION", "atomic_write", "default_model_path", "library_versions", "load_model", "save_model"]

FORMAT_VERSION = 1
"""Version of the on-disk model layout; bumped when old readers could misread a new folder."""

MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
RETRAIN_HINT = "retrain it with `linkmotive train DATA --output MODEL` under the installed versions"


def library_versions() -> dict[str, str]:
    """Versions of the libraries a saved model depends on."""
    import numpy
    import sklearn

    try:
        import spacy

        spacy_version = spacy.__version__
    except ImportError:  # pragma: no cover - spaCy is a hard dependency
        spacy_version = "missing"
    return {
        "linkmotive": __version__,
        "scikit-learn": sklearn.__version__,
        "spacy": spacy_version,
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


def save_model(model: Any, path: Any) -> Path:
    """Write ``model`` to the folder ``path``; an existing folder is replaced only once the new one is complete."""
    import joblib

    target = Path(path)
    if target.exists() and not (target.is_dir() and (not any(target.iterdir()) or (target / MANIFEST_FILE).exists())):
        raise ModelLoadError(
            f"Cannot save a model to {str(target)!r}: it exists and is not a linkmotive model folder. "
            "Fix: choose a new folder name or remove it first."
        )
    buf = io.BytesIO()
    joblib.dump(model.pipeline, buf, compress=3)
    blob = buf.getvalue()
    manifest = dict(model.manifest)
    manifest.update(
        {
            "format_version": FORMAT_VERSION,
            "labels": list(model.labels),
            "thresholds": {k: float(v) for k, v in model.thresholds.items()},
            "versions": library_versions(),
            "model_file": MODEL_FILE,
            "model_sha256": _sha256(blob),
            "model_bytes": len(blob),
        }
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        (staging / MODEL_FILE).write_bytes(blob)
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    model.manifest = manifest
    return target


def _read_manifest(folder: Path) -> dict[str, Any]:
    mpath = folder / MANIFEST_FILE
    if not mpath.is_file():
        raise ModelLoadError(
            f"{str(folder)!r} is not a linkmotive model: expected a folder holding {MANIFEST_FILE} and {MODEL_FILE}. "
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
    if fmt != FORMAT_VERSION:
        raise IncompatibleModelError(
            f"The model at {where} has format version {fmt!r}; this linkmotive ({__version__}) reads "
            f"format version {FORMAT_VERSION}. Fix: {RETRAIN_HINT}."
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


def load_model(path: Any = None, *, trusted: bool = False) -> Any:
    """Load a model folder written by :func:`save_model` (the default model when ``path`` is None)."""
    import joblib

    from .model import Model

    default = default_model_path()
    folder = Path(path) if path is not None else default
    if folder.is_file() and folder.name in (MODEL_FILE, MANIFEST_FILE):
        folder = folder.parent
    if not folder.exists():
        raise ModelLoadError(
            f"No model at {str(folder)!r}. Fix: check the path, or train one with `linkmotive train DATA --output MODEL`."
        )
    where = repr(str(folder))
    manifest = _read_manifest(folder)
    _check_compatible(manifest, where)
    is_default = folder.resolve() == default.resolve()
    if not (trusted or is_default):
        raise UntrustedModelError(
            f"Loading the model at {where} would unpickle {MODEL_FILE}, which can run arbitrary code. "
            "Fix: if you made it or trust who did, call linkmotive.load(path, trusted=True) "
            "(CLI: pass --model, which trusts the folder you name)."
        )
    mfile = folder / str(manifest.get("model_file", MODEL_FILE))
    try:
        blob = mfile.read_bytes()
    except OSError as exc:
        raise ModelLoadError(
            f"Cannot read {str(mfile)!r}: {exc.strerror}. Fix: restore the model folder or {RETRAIN_HINT}."
        ) from None
    if _sha256(blob) != manifest.get("model_sha256"):
        raise ModelLoadError(
            f"{str(mfile)!r} does not match the sha256 in its manifest: the file is truncated, corrupt or was "
            f"replaced. Fix: restore the model folder or {RETRAIN_HINT}."
        )
    try:
        pipeline = joblib.load(io.BytesIO(blob))
    except Exception as exc:  # any unpickling failure is a broken model, never a crash
        raise ModelLoadError(
            f"{str(mfile)!r} could not be read as a linkmotive model ({type(exc).__name__}: {exc}). Fix: {RETRAIN_HINT}."
        ) from None
    classes = list(getattr(pipeline, "classes_", []))
    if not hasattr(pipeline, "predict_proba") or classes != list(LABELS):
        raise ModelLoadError(
            f"{str(mfile)!r} holds a {type(pipeline).__name__} with classes {classes!r}, not a linkmotive pipeline "
            f"over {list(LABELS)!r}. Fix: {RETRAIN_HINT}."
        )
    thresholds = {k: float(v) for k, v in manifest.get("thresholds", {}).items()}
    return Model(pipeline, thresholds=thresholds, manifest=manifest)
