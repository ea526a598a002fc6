"""A model format that never unpickles: JSON for structure, ``.npz`` for arrays.

:func:`dump` turns a fitted pipeline into two byte strings: ``model.json``
(the object tree: class names, parameters, small values) and ``arrays.npz``
(every numpy array, vocabularies included, written by :func:`numpy.savez_compressed`).
:func:`load` rebuilds the same objects from them, reading the arrays with
``allow_pickle=False``. Nothing in either file can name a function or a class
outside :data:`ALLOWED_TYPES`, so loading a hostile file can at worst give
wrong predictions or an error, never run code.

Only the types of the default pipeline (:func:`linkmotive.model.make_pipeline`)
are allowed. A pipeline holding anything else (another classifier, a custom
tokenizer function) raises :class:`UnsupportedObjectError` from :func:`dump`;
:func:`linkmotive.persist.save_model` then falls back to joblib, which needs
``trusted=True`` to load.

Every attribute of every object is stored as it is, so a round trip gives
bit-identical predictions. The attribute layout of scikit-learn objects is an
implementation detail, which is why the manifest still pins the scikit-learn
minor version.

Examples
--------
>>> from sklearn.linear_model import LogisticRegression
>>> clf = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
>>> spec, arrays = dump(clf)
>>> bool((load(spec, arrays).coef_ == clf.coef_).all())
True
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any, cast

import numpy as np

__all__ = [
    "ALLOWED_TYPES",
    "FORMAT_NAME",
    "RawObject",
    "SafeFormatError",
    "UnsupportedObjectError",
    "dump",
    "load",
    "load_raw",
    "materialise",
]

FORMAT_NAME = "linkmotive-safe-1"
"""Name and version of this encoding, written into ``model.json``."""

ALLOWED_TYPES = (
    "sklearn.pipeline.Pipeline",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.svm._classes.LinearSVC",
    "linkmotive.features.TextAnalyzer",
    "linkmotive.features.Select",
    "linkmotive.features.DenseBlock",
    "linkmotive.features.BlockVectorizer",
    "linkmotive.classifier.MotiveClassifier",
    "linkmotive.model.MotiveClassifier",  # the same class, as files written before it moved to linkmotive.classifier name it
)
"""The only classes a safe model file may instantiate (module path and name)."""

NUMERIC_DTYPES = frozenset(
    "bool float16 float32 float64 int8 int16 int32 int64 uint8 uint16 uint32 uint64 complex64 complex128".split()
)
"""Types a safe model file may name as a ``dtype`` parameter."""

ARRAY_KINDS = frozenset("biufcU")
"""Kinds of arrays a safe model file may hold: numbers, booleans and fixed-width strings (never objects)."""

MAX_ARRAY_BYTES = 2 * 1024**3
"""Refuse an ``arrays.npz`` that would expand to more than this (a zip bomb)."""


class UnsupportedObjectError(TypeError):
    """The object holds something the safe format cannot store without pickling."""


class SafeFormatError(ValueError):
    """A safe-format file is malformed: unknown class, missing array, bad value."""


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _allowed_class(name: str) -> type[object]:
    import importlib

    if name not in ALLOWED_TYPES:
        raise SafeFormatError(f"the file names the class {name!r}, which is not one of the allowed {ALLOWED_TYPES}")
    module, _, attr = name.rpartition(".")
    return cast("type[object]", getattr(importlib.import_module(module), attr))


class _Encoder:
    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def _store(self, arr: np.ndarray) -> str:
        key = f"a{len(self.arrays)}"
        self.arrays[key] = arr
        return key

    def _vocabulary(self, d: dict[str, Any]) -> dict[str, Any] | None:
        """A str → int dict (a fitted vocabulary), as a UTF-8 buffer, offsets and values; None if it is not one."""
        values = list(d.values())
        if not d or not all(isinstance(k, str) for k in d):
            return None
        if all(type(v) is int for v in values):
            vtype = "int"
        elif all(type(v) is np.int64 for v in values):
            vtype = "int64"
        else:
            return None
        encoded = [k.encode("utf-8", "surrogatepass") for k in d]
        offsets = np.cumsum([0, *map(len, encoded)], dtype=np.int64)
        buf = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        return {
            "__vocab__": [self._store(buf), self._store(offsets), self._store(np.asarray(values, dtype=np.int64))],
            "type": vtype,
        }

    def encode(self, value: Any, where: str) -> Any:
        if value is None or isinstance(value, (bool, str)):
            return value
        if type(value) is int:
            return value
        if type(value) is float:
            return value if np.isfinite(value) else {"__float__": repr(value)}
        if isinstance(value, type) and issubclass(value, np.generic):
            name = np.dtype(value).name
            if name not in NUMERIC_DTYPES:
                raise UnsupportedObjectError(f"{where}: the dtype {name!r} cannot be stored safely")
            return {"__dtype__": name}
        if isinstance(value, np.generic) and value.dtype.kind in ARRAY_KINDS:
            return {"__scalar__": self._store(np.asarray(value))}
        if isinstance(value, np.ndarray):
            if value.dtype.kind in ARRAY_KINDS:
                return {"__array__": self._store(value)}
            if value.dtype == object and value.ndim == 1 and all(type(v) is str for v in value):
                return {"__strings__": value.tolist()}
            raise UnsupportedObjectError(f"{where}: an array of dtype {value.dtype} cannot be stored safely")
        if isinstance(value, tuple):
            return {"__tuple__": [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
        if isinstance(value, list):
            return [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, dict):
            vocab = self._vocabulary(value) if len(value) > 16 else None
            if vocab is not None:
                return vocab
            return {"__dict__": [[self.encode(k, where), self.encode(v, f"{where}[{k!r}]")] for k, v in value.items()]}
        name = _qualname(type(value))
        if name not in ALLOWED_TYPES:
            raise UnsupportedObjectError(
                f"{where} is a {name}, which the safe format does not store (allowed: the default pipeline's types)"
            )
        state = {k: self.encode(v, f"{where}.{k}") for k, v in vars(value).items()}
        return {"__object__": name, "state": state}


def dump(obj: Any) -> tuple[bytes, bytes]:
    """Encode a fitted object tree as ``(model.json bytes, arrays.npz bytes)``.

    Raises
    ------
    UnsupportedObjectError
        Something in the tree is not an allowed class, a JSON value or a numeric array.
    """
    enc = _Encoder()
    tree = enc.encode(obj, "model")
    spec = json.dumps({"format": FORMAT_NAME, "root": tree}, ensure_ascii=True, sort_keys=True).encode("ascii")
    buf = io.BytesIO()
    # Every value is an array (numpy's stub would also match a bool for allow_pickle).
    np.savez_compressed(buf, **cast("dict[str, Any]", enc.arrays))
    return spec, buf.getvalue()


class RawObject:
    """An object of an allowed class as read from ``model.json``, not yet built: its class name and state.

    Attribute access reads the state, so code that only reads fitted attributes (the compiled
    prediction path) works on it without importing the class's module; :func:`materialise` builds
    the real object.
    """

    __slots__ = ("__weakref__", "cls_name", "state")

    def __init__(self, cls_name: str, state: dict[str, Any]) -> None:
        self.cls_name = cls_name
        self.state = state

    def __getattr__(self, name: str) -> Any:
        if name in RawObject.__slots__ or name.startswith("__"):  # unset slots, and copy/pickle probes
            raise AttributeError(name)
        try:
            return self.state[name]
        except KeyError:
            raise AttributeError(f"{self.cls_name} has no attribute {name!r}") from None

    def __repr__(self) -> str:
        return f"RawObject({self.cls_name})"


def materialise(node: Any) -> Any:
    """Build the real objects of a tree read by :func:`load_raw` (imports their modules)."""
    if isinstance(node, RawObject):
        cls = _allowed_class(node.cls_name)
        obj = cls.__new__(cls)
        obj.__dict__.update({k: materialise(v) for k, v in node.state.items()})
        return obj
    if isinstance(node, list):
        return [materialise(v) for v in node]
    if isinstance(node, tuple):
        return tuple(materialise(v) for v in node)
    if isinstance(node, dict) and not all(type(v) in (int, str, float) for v in node.values()):
        return {k: materialise(v) for k, v in node.items()}
    return node


class _Decoder:
    def __init__(self, arrays: Any) -> None:
        self.arrays = arrays
        self.objects: list[Any] = []  # every object built, for _check

    def _array(self, key: Any) -> np.ndarray:
        if not isinstance(key, str) or key not in self.arrays.files:
            raise SafeFormatError(f"the array {key!r} named in model.json is missing from arrays.npz")
        arr: np.ndarray = self.arrays[key]
        if arr.dtype.kind not in ARRAY_KINDS:
            raise SafeFormatError(f"the array {key!r} has dtype {arr.dtype}, expected numbers or strings")
        return arr

    def _vocabulary(self, node: dict[str, Any]) -> dict[str, Any]:
        buf_key, off_key, val_key = node["__vocab__"]
        buf, offsets, values = self._array(buf_key), self._array(off_key), self._array(val_key)
        if buf.ndim != 1 or offsets.ndim != 1 or values.ndim != 1 or len(offsets) != len(values) + 1:
            raise SafeFormatError("a vocabulary's arrays have inconsistent shapes")
        if len(offsets) and (offsets[0] != 0 or offsets[-1] != len(buf) or np.any(np.diff(offsets) < 0)):
            raise SafeFormatError("a vocabulary's offsets are not increasing within its buffer")
        if values.dtype.kind not in "iu":
            raise SafeFormatError(f"a vocabulary's values have dtype {values.dtype}, expected integers")
        raw = buf.tobytes()
        terms = [raw[a:b].decode("utf-8", "surrogatepass") for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]
        vals = values.tolist() if node.get("type") == "int" else list(values)
        return dict(zip(terms, vals))

    def decode(self, node: Any) -> Any:
        if node is None or isinstance(node, (bool, str, int, float)):
            return node
        if isinstance(node, list):
            return [self.decode(v) for v in node]
        if not isinstance(node, dict) or len(node) == 0:
            raise SafeFormatError(f"unexpected value {node!r:.80} in model.json")
        if "__tuple__" in node:
            return tuple(self.decode(v) for v in node["__tuple__"])
        if "__dict__" in node:
            return {self.decode(k): self.decode(v) for k, v in node["__dict__"]}
        if "__float__" in node:
            if node["__float__"] not in ("nan", "inf", "-inf"):
                raise SafeFormatError(f"bad float {node['__float__']!r}")
            return float(node["__float__"])
        if "__dtype__" in node:
            if node["__dtype__"] not in NUMERIC_DTYPES:
                raise SafeFormatError(f"the dtype {node['__dtype__']!r} is not allowed")
            return np.dtype(node["__dtype__"]).type
        if "__scalar__" in node:
            return self._array(node["__scalar__"])[()]
        if "__array__" in node:
            return self._array(node["__array__"])
        if "__strings__" in node:
            items = node["__strings__"]
            if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
                raise SafeFormatError("a string array holds non-strings")
            out = np.empty(len(items), dtype=object)
            out[:] = items
            return out
        if "__vocab__" in node:
            return self._vocabulary(node)
        if "__object__" in node:
            name = node["__object__"]
            if name not in ALLOWED_TYPES:
                raise SafeFormatError(
                    f"the file names the class {name!r}, which is not one of the allowed {ALLOWED_TYPES}"
                )
            state = node.get("state")
            if not isinstance(state, dict):
                raise SafeFormatError(f"the state of {name} is not a JSON object")
            obj = RawObject(name, {str(k): self.decode(v) for k, v in state.items()})
            self.objects.append(obj)
            return obj
        raise SafeFormatError(f"unexpected value {node!r:.80} in model.json")


def _is_column_map(vocabulary: dict[Any, Any]) -> bool:
    # The decoder made the values Python or numpy integers (an integer array); here: each of 0..n-1 once.
    n = len(vocabulary)
    try:
        ids = np.fromiter(vocabulary.values(), dtype=np.int64, count=n)
    except (TypeError, ValueError, OverflowError):
        return False
    return n == 0 or (ids.min() == 0 and ids.max() == n - 1 and int(np.bincount(ids, minlength=n).max()) == 1)


def _check(objects: Iterable[Any]) -> None:
    """Refuse parameter values that would make a safe model touch the file system.

    ``objects`` are all the objects the decoder built: the only place such a parameter can live. (Walking the
    whole tree instead visits every vocabulary entry, about half a second per load.)
    """
    for o in objects:
        vocabulary = getattr(o, "vocabulary_", None)
        if isinstance(vocabulary, dict) and not _is_column_map(vocabulary):
            raise SafeFormatError("a vectorizer's vocabulary does not map its terms to the columns 0..n-1")
        if getattr(o, "input", "content") != "content":
            raise SafeFormatError(f"a vectorizer has input={o.input!r}; only 'content' is allowed")
        if getattr(o, "memory", None) is not None:
            raise SafeFormatError("a pipeline has a memory (cache folder); only None is allowed")


def load(spec: bytes, arrays: bytes) -> Any:
    """Rebuild the object tree written by :func:`dump`; never unpickles.

    Raises
    ------
    SafeFormatError
        The files are malformed or name a class outside :data:`ALLOWED_TYPES`.
    """
    return materialise(load_raw(spec, arrays))


def load_raw(spec: bytes, arrays: bytes) -> Any:
    """Like :func:`load`, with each object left as a :class:`RawObject` (no class is imported).

    Raises
    ------
    SafeFormatError
        The files are malformed or name a class outside :data:`ALLOWED_TYPES`.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(arrays)) as zf:
            expanded = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise SafeFormatError(f"arrays.npz is not a zip archive ({exc})") from None
    if expanded > MAX_ARRAY_BYTES:
        raise SafeFormatError(f"arrays.npz expands to {expanded:,} bytes, over the limit of {MAX_ARRAY_BYTES:,}")
    try:
        doc = json.loads(spec.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SafeFormatError(f"model.json is not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        got = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise SafeFormatError(f"model.json has format {got!r}, expected {FORMAT_NAME!r}")
    with np.load(io.BytesIO(arrays), allow_pickle=False) as npz:
        decoder = _Decoder(npz)
        try:
            obj = decoder.decode(doc.get("root"))
        except SafeFormatError:
            raise
        except (KeyError, TypeError, ValueError, RecursionError, zipfile.BadZipFile, OSError) as exc:
            raise SafeFormatError(f"model.json does not describe a model ({type(exc).__name__}: {exc})") from None
    _check(decoder.objects)
    return obj
