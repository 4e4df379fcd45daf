from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curate.errors import CurateError
from curate.spans import BioCounts, LabeledSpan, Token, bio_tag_names, bio_to_spans, spans_to_bio, tokenize
from curate.spans.tokens import load_tokenizer, regex_tokens

from .conftest import gold_spans


def s(start: int, end: int, label: str) -> LabeledSpan:
    return LabeledSpan(start=start, end=end, label=label)


@pytest.fixture(scope="module")
def minilm_tokenizer():
    from curate.spans.embed import default_model_path

    return load_tokenizer(default_model_path())


def test_default_tokens_carry_offsets_into_the_text() -> None:
    text = "Pt. given 5mg\tIV; rash (grade-2) on day 3."
    tokens = regex_tokens(text)
    assert all(t.text == text[t.start : t.end] for t in tokens)
    assert [t.text for t in tokens][:6] == ["Pt", ".", "given", "5mg", "IV", ";"]
    assert "".join(t.text for t in tokens) == "".join(text.split())


def test_hugging_face_tokens_are_surface_text(minilm_tokenizer) -> None:
    text = "Ataxia-telangiectasia (A-T) is rare."
    tokens = tokenize(text, minilm_tokenizer)
    assert all(t.text == text[t.start : t.end] and t.text.strip() == t.text for t in tokens)
    assert len(tokens) > len(regex_tokens(text))  # word pieces split "telangiectasia"
    with pytest.raises(CurateError, match="cannot load a tokenizer"):
        load_tokenizer("/nonexistent/tokenizer")


def test_tags_and_names() -> None:
    assert bio_tag_names(["DRUG", "ADE"]) == ("O", "B-DRUG", "I-DRUG", "B-ADE", "I-ADE")
    text = "Severe drug induced hypotension ."
    tokens = regex_tokens(text)
    enc = spans_to_bio(tokens, [s(7, 31, "ADE")])
    assert enc.tags == ("O", "B-ADE", "I-ADE", "I-ADE", "O")
    assert enc.counts.to_dict() == {
        "spans": 1,
        "exact": 1,
        "changed": 0,
        "lost": 0,
        "dropped_overlap": 0,
        "dropped_token_clash": 0,
    }


def test_spans_inside_tokens_are_widened_and_counted() -> None:
    tokens = [Token(text="anti-TNF", start=0, end=8), Token(text="therapy", start=9, end=16)]
    enc = spans_to_bio(tokens, [s(5, 8, "DRUG")])
    assert enc.tags == ("B-DRUG", "O") and enc.spans == (s(0, 8, "DRUG"),)
    assert (enc.counts.exact, enc.counts.changed) == (0, 1)
    # two spans in one token: the second cannot be held
    enc = spans_to_bio(tokens, [s(0, 4, "A"), s(5, 8, "B")])
    assert enc.counts.dropped_token_clash == 1 and enc.spans == (s(0, 8, "A"),)
    # a span between tokens is lost
    gap = [Token(text="a", start=0, end=1), Token(text="b", start=4, end=5)]
    assert spans_to_bio(gap, [s(2, 3, "A")]).counts.lost == 1


def test_overlapping_spans_keep_the_longer_then_the_earlier() -> None:
    text = "acute myeloid leukemia cells"
    tokens = regex_tokens(text)
    nested = [s(0, 22, "SpecificDisease"), s(6, 22, "DiseaseClass")]
    enc = spans_to_bio(tokens, nested)
    assert enc.spans == (s(0, 22, "SpecificDisease"),) and enc.counts.dropped_overlap == 1
    crossing = [s(0, 13, "A"), s(6, 19, "B")]  # same length: the earlier one stays
    enc = spans_to_bio(tokens, crossing)
    assert enc.spans == (s(0, 13, "A"),) and enc.counts.dropped_overlap == 1
    assert enc.counts.kept == 1 and enc.counts.spans == 2


def test_reading_tags_back_is_lenient_and_checks_its_input() -> None:
    tokens = regex_tokens("a b c d e f")
    spans = bio_to_spans(tokens, ["I-A", "I-A", "O", "B-B", "I-A", "B-A"])
    assert spans == (s(0, 3, "A"), s(6, 7, "B"), s(8, 9, "A"), s(10, 11, "A"))
    with pytest.raises(CurateError, match="not O, B-LABEL or I-LABEL"):
        bio_to_spans(tokens, ["O", "X", "O", "O", "O", "O"])
    with pytest.raises(CurateError, match="6 tokens but 2 tags"):
        bio_to_spans(tokens, ["O", "O"])


@given(
    st.lists(st.text(alphabet="abc-.", min_size=1, max_size=4), min_size=1, max_size=20),
    st.lists(st.tuples(st.integers(0, 19), st.integers(1, 3), st.sampled_from(["A", "B"])), max_size=6),
)
def test_token_aligned_spans_survive_the_round_trip(
    words: list[str], raw: list[tuple[int, int, str]]
) -> None:
    text = " ".join(words)
    tokens = regex_tokens(text)
    taken: set[int] = set()
    spans = []
    for first, width, label in raw:
        idx = set(range(first, min(first + width, len(tokens))))
        if idx and not idx & taken:
            taken |= idx
            spans.append(s(tokens[min(idx)].start, tokens[max(idx)].end, label))
    enc = spans_to_bio(tokens, spans)
    assert enc.spans == tuple(sorted(spans)) and enc.counts.exact == len(spans)
    assert bio_to_spans(tokens, enc.tags) == enc.spans


@pytest.mark.parametrize("corpus", ["ncbi_rows", "inlegalner_rows"])
@pytest.mark.parametrize("hf", [False, True])
def test_round_trip_on_real_annotated_text(corpus: str, hf: bool, request: pytest.FixtureRequest) -> None:
    tok = request.getfixturevalue("minilm_tokenizer") if hf else None
    total = BioCounts()
    rows = request.getfixturevalue(corpus)
    for row in rows:
        tokens = tokenize(row["text"], tok)
        gold = gold_spans(row)
        enc = spans_to_bio(tokens, gold)
        total.add(enc.counts)
        # the tags give back exactly what the encoding says it kept ...
        assert bio_to_spans(tokens, enc.tags) == enc.spans
        # ... which is the original spans, except the ones counted as changed
        assert len(set(gold) - set(enc.spans)) == enc.counts.changed
    # neither corpus overlaps, and at most a handful of spans end inside a token
    assert total.spans == sum(len(r["spans"]) for r in rows)
    assert total.dropped_overlap == total.dropped_token_clash == total.lost == 0
    assert total.changed <= 0.001 * total.spans
