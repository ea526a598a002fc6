"""Benchmarks: linkmotive side by side with the alternatives, in one run.

``python -m benchmarks`` trains every contender on the corpus train split,
measures all of them on the test split and writes ``docs/benchmarks.md``.
``python -m benchmarks --quick`` is the smoke run that the tests use.
"""
