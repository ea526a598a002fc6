import linkmotive


def test_labels_fixed_order():
    assert linkmotive.LABELS == ("network", "learn", "avoid-mistakes", "sell", "buy")


def test_labels_each_have_one_line_description():
    assert set(linkmotive.LABEL_DESCRIPTIONS) == set(linkmotive.LABELS)
    assert all(d and "\n" not in d for d in linkmotive.LABEL_DESCRIPTIONS.values())


def test_all_matches_public_names():
    for name in linkmotive.__all__:
        assert getattr(linkmotive, name) is not None


def test_import_is_cheap():
    import subprocess
    import sys

    code = "import sys, linkmotive; print('spacy' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
