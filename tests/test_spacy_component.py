"""The ``linkmotive`` spaCy component: entry point, batching, serialisation, errors."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import warnings

import pytest

spacy = pytest.importorskip("spacy")

import linkmotive  # noqa: E402
from linkmotive import LABELS, ModelLoadError  # noqa: E402
from linkmotive.spacy_component import STATE_FILE, LinkmotiveComponent  # noqa: E402

TEXTS = [
    "We met at the Leeds marketing breakfast, great to connect",
    "Could I pick your brain on how you grew the newsletter?",
    "Could you send a quote for 400 pallets?",
]


@pytest.fixture()
def model_copy(tmp_path):
    """A copy of the default model in a folder of its own (a custom model, without training one)."""
    path = tmp_path / "model"
    linkmotive.load().save(path)
    return path


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("linkmotive")
    return nlp


def test_spacy_component_entry_point_is_declared():
    eps = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="spacy_factories")}
    assert eps.get("linkmotive") == "linkmotive.spacy_component:make_linkmotive"


def test_spacy_component_factory_found_without_importing_linkmotive():
    code = (
        "import sys, spacy\n"
        "assert 'linkmotive' not in sys.modules\n"
        "nlp = spacy.blank('en')\n"
        "assert nlp.has_factory('linkmotive')\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_spacy_component_sets_motive_and_cats(nlp):
    doc = nlp(TEXTS[2])
    assert isinstance(doc._.motive, linkmotive.Prediction)
    assert doc._.motive.label == "buy"
    assert list(doc.cats) == list(LABELS)
    assert doc.cats == pytest.approx(dict(doc._.motive.scores))
    assert sum(doc.cats.values()) == pytest.approx(1.0)


def test_spacy_component_matches_classify(nlp):
    expected = linkmotive.classify(TEXTS)
    for doc, pred in zip(nlp.pipe(TEXTS), expected):
        assert doc._.motive.label == pred.label
        assert doc._.motive.confidence == pytest.approx(pred.confidence)


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_spacy_component_pipe_batches_in_order(nlp, batch_size):
    texts = TEXTS * 3
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    assert [d.text for d in docs] == texts
    assert [d._.motive.label for d in docs] == ["network", "learn", "buy"] * 3


def test_spacy_component_pipe_calls_the_model_once_per_batch(nlp, monkeypatch):
    component = nlp.get_pipe("linkmotive")
    calls = []
    real = component.model.predict_proba
    monkeypatch.setattr(component.model, "predict_proba", lambda ex: calls.append(len(ex)) or real(ex))
    list(nlp.pipe(TEXTS * 3, batch_size=4))
    assert calls == [4, 4, 1]


def test_spacy_component_empty_doc_gets_no_motive(nlp):
    doc = nlp("   ")
    assert doc._.motive is None
    assert doc.cats == {}


def test_spacy_component_keeps_other_cats():
    nlp = spacy.blank("en")

    @spacy.Language.component("test_other_cats")
    def other(doc):
        doc.cats["spam"] = 0.25
        return doc

    nlp.add_pipe("test_other_cats")
    nlp.add_pipe("linkmotive")
    doc = nlp(TEXTS[0])
    assert doc.cats["spam"] == 0.25
    assert set(doc.cats) == {"spam", *LABELS}


def test_spacy_component_reads_headline_extension(nlp):
    doc = nlp.make_doc("Hi, I'd like to join your network")
    doc._.motive_headline = "Procurement Lead | sourcing print suppliers"
    doc = nlp(doc)
    expected = linkmotive.classify(
        "Hi, I'd like to join your network", headline="Procurement Lead | sourcing print suppliers"
    )
    assert doc._.motive.label == expected.label
    assert doc._.motive.confidence == pytest.approx(expected.confidence)


def test_spacy_component_headline_kind():
    nlp = spacy.blank("en")
    nlp.add_pipe("linkmotive", config={"kind": "headline"})
    doc = nlp("Procurement Lead | sourcing print suppliers")
    assert doc._.motive.kind == "headline"
    assert doc._.motive.label == "buy"


def test_spacy_component_bad_kind_is_a_clear_error():
    nlp = spacy.blank("en")
    with pytest.raises(linkmotive.InputError, match="kind must be one of"):
        nlp.add_pipe("linkmotive", config={"kind": "tweet"})


def test_spacy_component_works_in_another_language_with_other_components():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("linkmotive")
    doc = nlp("Könnten Sie mir ein Angebot für 400 Paletten schicken? Danke.")
    assert len(list(doc.sents)) == 2
    assert doc._.motive.label in LABELS


def test_spacy_component_docs_serialise_with_their_motive(nlp):
    from spacy.tokens import Doc, DocBin

    doc = nlp(TEXTS[1])
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.motive == doc._.motive
    bin_ = DocBin(store_user_data=True, docs=[doc])
    (loaded,) = DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    assert loaded._.motive == doc._.motive


def test_spacy_component_survives_to_disk_and_spacy_load(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "linkmotive" / STATE_FILE).is_file()
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["linkmotive"]
    assert loaded.get_pipe_config("linkmotive")["model"] == "default"
    assert loaded(TEXTS[1])._.motive == nlp(TEXTS[1])._.motive


def test_spacy_component_bytes_round_trip(nlp):
    again = spacy.blank("en")
    again.add_pipe("linkmotive")
    again.from_bytes(nlp.to_bytes())
    assert again(TEXTS[0])._.motive == nlp(TEXTS[0])._.motive


def test_spacy_component_custom_model_round_trip(model_copy, tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("linkmotive", config={"model": str(model_copy)})
    expected = linkmotive.classify(TEXTS[0])
    assert nlp(TEXTS[0])._.motive == expected
    nlp.to_disk(tmp_path / "pipeline")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe_config("linkmotive")["model"] == str(model_copy)
    assert loaded(TEXTS[0])._.motive == expected


def test_spacy_component_warns_when_the_model_changed(model_copy, tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("linkmotive", config={"model": str(model_copy)})
    nlp.to_disk(tmp_path / "pipeline")
    changed = linkmotive.load(model_copy, trusted=True)
    changed.thresholds = {**changed.thresholds, "network": 1.0}
    changed.save(model_copy)
    with pytest.warns(UserWarning, match="is a different file"):
        reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded(TEXTS[0])._.motive.uncertain


def test_spacy_component_missing_model_is_a_clear_error(tmp_path):
    nlp = spacy.blank("en")
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelLoadError, match=r"spaCy component 'linkmotive' could not load.*no-such-model.*Fix"):
        nlp.add_pipe("linkmotive", config={"model": str(missing)})


def test_spacy_component_missing_model_after_save_is_a_clear_error(tmp_path):
    import shutil

    model_dir = tmp_path / "model"
    linkmotive.load().save(model_dir)
    nlp = spacy.blank("en")
    nlp.add_pipe("linkmotive", config={"model": str(model_dir)})
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(model_dir)
    with pytest.raises(ModelLoadError, match="could not load its linkmotive model"):
        spacy.load(tmp_path / "pipeline")


def test_spacy_component_empty_model_name_is_a_clear_error():
    nlp = spacy.blank("en")
    with pytest.raises(ModelLoadError, match="needs config 'model'"):
        nlp.add_pipe("linkmotive", config={"model": ""})


def test_spacy_component_scores_cats(nlp):
    from spacy.training import Example

    gold = ["network", "learn", "buy"]
    examples = [
        Example.from_dict(nlp.make_doc(t), {"cats": {lab: float(lab == g) for lab in LABELS}})
        for t, g in zip(TEXTS, gold)
    ]
    scores = nlp.evaluate(examples)
    assert "cats_score" in scores
    assert {lab: scores["cats_f_per_type"][lab]["f"] for lab in gold} == {lab: 1.0 for lab in gold}


def test_spacy_component_is_the_factory_product(nlp):
    assert isinstance(nlp.get_pipe("linkmotive"), LinkmotiveComponent)
    assert nlp.get_pipe_meta("linkmotive").assigns == ["doc._.motive", "doc.cats"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spacy.blank("en").add_pipe("linkmotive")
