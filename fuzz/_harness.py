"""What both fuzz targets share: replay saved inputs, or fuzz with atheris when it is installed."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def run(test_one_input: Callable[[bytes], None], instrument: Sequence[str]) -> None:
    """Replay the files named on the command line, or fuzz ``test_one_input`` with atheris.

    ``instrument`` lists the linkmotive modules to import under atheris's coverage instrumentation.
    """
    files = [a for a in sys.argv[1:] if not a.startswith("-") and Path(a).is_file()]
    try:
        import atheris
    except ImportError:
        atheris = None
    if atheris is None or (files and len(files) == len(sys.argv) - 1):
        import linkmotive

        linkmotive.classify("warm up")  # load the model before timing anything
        for f in files:  # replay mode
            test_one_input(Path(f).read_bytes())
            print(f"ok {f}")
        if atheris is None and not files:
            sys.exit("atheris is not installed: pip install 'linkmotive[fuzz]', or pass input files to replay")
        return
    # Import every module inside the block, so that atheris instruments them for coverage.
    with atheris.instrument_imports(include=["linkmotive"]):
        for name in ("linkmotive", *instrument):
            importlib.import_module(name)
    import linkmotive

    linkmotive.classify("warm up")  # load the model before fuzzing starts
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
