import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkmotive.text import MAX_CHARS, PLACEHOLDER_TOKEN, URL_TOKEN, analyse, is_blank, load_cues, normalise


def test_text_normalise_removes_invisible_and_control_characters():
    assert normalise("a\u200bb\x00c\u202e d\ufeff") == "ab c d"


def test_text_normalise_replaces_lone_surrogates():
    assert normalise("x\ud800y") == "x\ufffdy"


def test_text_normalise_truncates():
    assert len(normalise("a" * (MAX_CHARS * 3))) == MAX_CHARS


@pytest.mark.parametrize(
    "text",
    [
        "Hi {{first_name}}, quick question",
        "Hi [First Name], quick question",
        "Hi ${name}, quick question",
        "Hi {company} team, quick question",
        "Hi %FIRSTNAME%, quick question",
        "Hi %first_name%, quick question",
    ],
)
def test_text_placeholders_become_one_marker(text):
    assert PLACEHOLDER_TOKEN in next(analyse([text])).lemmas


@pytest.mark.parametrize("text", ["50% off, then 20% more", "up 5%, down 10%", "100%"])
def test_text_percentages_are_not_placeholders(text):
    assert PLACEHOLDER_TOKEN not in next(analyse([text])).lemmas


def test_text_urls_become_one_marker():
    assert URL_TOKEN in next(analyse(["see https://calendly.com/x/15min"])).lemmas


def test_text_cues_count_lemmas():
    cues = [c.name for c in load_cues()]
    a = next(analyse(["Could I PICK your BRAINS? What went wrong with the launch?"]))
    counts = dict(zip(cues, a.cues))
    assert counts["asks_advice"] >= 1
    assert counts["what_went_wrong"] >= 1


def test_text_cue_lexicon_labels_are_valid():
    from linkmotive import LABELS

    cues = load_cues()
    assert {c.label for c in cues} == set(LABELS)
    assert len({c.name for c in cues}) == len(cues)


def test_text_analyse_is_lazy_and_ordered():
    texts = [f"message number {i}" for i in range(5000)]
    out = list(analyse(iter(texts), chunk_size=700))
    assert [a.lemmas.split()[-1] for a in out] == ["numtoken"] * 5000
    assert len(out) == 5000


def test_text_empty_gives_empty_analysis():
    a = next(analyse([""]))
    assert a.lemmas == "" and not any(a.cues) and not any(a.shape)


@pytest.mark.parametrize(
    "raw",
    ["", "ok", "HELLO THERE FRIEND", "Hello There Friend 123", "ALL CAPS but not all", "a1!B2?c3#D4$e5%F6", "\x7fA"],
)
def test_text_shape_ascii_path_matches_generic(raw):
    # _shape counts ASCII letters with bytes.translate; the values must equal str.isalpha/isupper's.
    from linkmotive.text import _shape

    letters = [c for c in raw if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / (len(letters) or 1) if len(letters) >= 8 else 0.0
    shape = _shape(raw, raw, raw.split())
    assert shape[9] == float(upper > 0.6)
    assert shape[14] == 0.0


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    | st.text(alphabet="\x00\x01\x7f \t\n\u200b\u00adab", max_size=12)
)
@settings(max_examples=300, deadline=None)
def test_text_is_blank_is_exactly_nothing_left_after_normalise(text):
    assert is_blank(text) == (not normalise(text))
    assert is_blank(text, "CFO") is False and is_blank("Hi", text) is False
