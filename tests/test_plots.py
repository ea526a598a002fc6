"""plots: the figures of the notebooks and `linkmotive evaluate --plot`, and the error without matplotlib."""

import sys
from pathlib import Path

import pytest

import linkmotive
from linkmotive import InputError, MissingDependencyError, plots
from linkmotive.cli import main
from linkmotive.scoring import score

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
TINY = Path(__file__).parent / "data" / "tiny.jsonl"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def cell_texts(ax):
    return [t.get_text() for t in ax.texts]


def test_plots_confusion_matrix_from_a_report(default_model, tiny_rows):
    report = linkmotive.evaluate(default_model, tiny_rows)
    ax = plots.plot_confusion_matrix(report)
    counts = [int(t) for t in cell_texts(ax)]
    assert counts == [v for row in report["confusion_matrix"] for v in row]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(linkmotive.LABELS)
    assert f"n={len(tiny_rows)}" in ax.get_title()


def test_plots_confusion_matrix_from_scores_or_model(default_model, tiny_rows):
    a = cell_texts(plots.plot_confusion_matrix(score(default_model, tiny_rows)))
    b = cell_texts(plots.plot_confusion_matrix(default_model, tiny_rows))
    assert a == b


def test_plots_confusion_matrix_normalized_rows():
    ax = plots.plot_confusion_matrix(
        [[3, 1, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 1], [0, 0, 0, 0, 4]], normalize=True
    )
    assert cell_texts(ax)[:2] == ["75%", "25%"]


@pytest.mark.parametrize(
    ("bad", "match"),
    [([[1, 2], [3, 4]], "must be 5 x 5"), ({"accuracy": 1.0}, "no 'confusion_matrix'"), (42, "Expected a Model")],
)
def test_plots_confusion_matrix_rejects_bad_input(bad, match):
    with pytest.raises((InputError, TypeError), match=match):
        plots.plot_confusion_matrix(bad)


def test_plots_model_needs_data(default_model):
    with pytest.raises(InputError, match="pass the labeled data"):
        plots.plot_reliability(default_model)


def test_plots_reliability_points_and_ece(default_model, tiny_rows):
    from linkmotive.scoring import reliability_table

    s = score(default_model, tiny_rows)
    ax = plots.plot_reliability(s, bins=5)
    _diagonal, model_line = ax.get_lines()
    assert len(model_line.get_xdata()) == len(reliability_table(s, 5))
    assert "ECE" in ax.get_title()


def test_plots_learning_curve_lines():
    ax = plots.plot_learning_curve([50, 100], {"margin": [0.5, 0.6], "random": [0.5, 0.55]})
    assert [line.get_label() for line in ax.get_lines()] == ["margin", "random"]
    assert list(ax.get_lines()[0].get_ydata()) == [0.5, 0.6]
    with pytest.raises(InputError, match="has 1 values for 2 sizes"):
        plots.plot_learning_curve([50, 100], {"margin": [0.5]})


def test_plots_precision_coverage_marks_thresholds(default_model, tiny_rows):
    ax = plots.plot_precision_coverage(default_model, tiny_rows, labels=["buy", "sell"])
    labels = [line.get_label() for line in ax.get_lines()]
    assert {"buy precision", "buy coverage", "sell precision", "sell coverage"} <= set(labels)
    vertical = [line for line in ax.get_lines() if list(line.get_xdata()) == [default_model.thresholds["buy"]] * 2]
    assert vertical
    with pytest.raises(InputError, match="Unknown label"):
        plots.plot_precision_coverage(default_model, tiny_rows, labels=["spam"])


def test_plots_missing_matplotlib_names_the_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'linkmotive\[notebooks\]'"):
        plots.plot_learning_curve([1], [0.5])


def test_plots_cli_evaluate_writes_a_confusion_png(tmp_path, capsys):
    out = tmp_path / "sub" / "confusion.png"
    assert main(["evaluate", str(TINY), "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == PNG_MAGIC
    captured = capsys.readouterr()
    assert "macro-F1" in captured.out and "confusion.png" in captured.err


def test_plots_cli_evaluate_plot_with_json(tmp_path, capsys):
    import json

    out = tmp_path / "cm.svg"
    assert main(["evaluate", str(TINY), "--json", "--plot", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["n"] == 30
    assert out.read_text("utf-8").lstrip().startswith("<?xml")


def test_plots_cli_evaluate_rejects_bad_plot_path_before_evaluating(tmp_path, capsys, monkeypatch):
    import linkmotive.training as training

    monkeypatch.setattr(training, "evaluate", lambda *a: pytest.fail("evaluated before checking --plot"))
    assert main(["evaluate", str(TINY), "--plot", str(tmp_path / "cm.gif")]) == 2
    assert "must end in one of" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["evaluate", str(TINY), "--plot", str(tmp_path / "cm.png")]) == 2
    assert "pip install 'linkmotive[notebooks]'" in capsys.readouterr().err
