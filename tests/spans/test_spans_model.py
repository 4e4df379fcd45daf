from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curate.errors import CurateError
from curate.spans import LabeledSpan, check_spans, overlap_problems


def s(start: int, end: int, label: str = "X") -> LabeledSpan:
    return LabeledSpan(start=start, end=end, label=label)


@pytest.mark.parametrize(
    ("start", "end", "label", "message"),
    [
        (3, 3, "X", "empty or reversed"),
        (5, 2, "X", "empty or reversed"),
        (-1, 2, "X", "negative"),
        (1.0, 2, "X", "integer character offset"),
        (True, 2, "X", "integer character offset"),
        ("1", 2, "X", "integer character offset"),
        (0, 2, " ", "no label"),
    ],
)
def test_a_malformed_span_says_what_is_wrong(start: object, end: object, label: str, message: str) -> None:
    with pytest.raises(CurateError, match=message):
        LabeledSpan(start=start, end=end, label=label)  # type: ignore[arg-type]


def test_from_value_takes_mappings_and_triples_and_names_missing_keys() -> None:
    assert LabeledSpan.from_value({"start": 0, "end": 2, "label": "A"}) == s(0, 2, "A")
    assert LabeledSpan.from_value([0, 2, "A"]) == s(0, 2, "A")
    with pytest.raises(CurateError, match=r"lacks \['label'\]"):
        LabeledSpan.from_value({"start": 0, "end": 2})
    with pytest.raises(CurateError, match="must be a mapping"):
        LabeledSpan.from_value("0-2")


def test_check_spans_returns_sorted_spans_and_refuses_each_kind_of_problem() -> None:
    text = "Aspirin 100 mg caused a rash."
    ok = check_spans(text, [s(15, 21, "ADE"), s(0, 7, "DRUG")], labels=("DRUG", "ADE"))
    assert ok == (s(0, 7, "DRUG"), s(15, 21, "ADE"))
    with pytest.raises(CurateError, match=r"ends after the text \(29 characters\)"):
        check_spans(text, [s(20, 40, "ADE")], labels=("ADE",))
    with pytest.raises(CurateError, match="covers only whitespace"):
        check_spans(text, [s(7, 8, "DRUG")], labels=("DRUG",))
    with pytest.raises(CurateError) as err:
        check_spans(
            text, [s(0, 7, "DRGU"), s(8, 11, "DRGU"), s(1, 2, "DRGU"), s(3, 4, "DRGU")], labels=("DRUG",)
        )
    message = str(err.value)
    # one message per unknown label, not one per span, naming the known labels
    assert (
        message.count("unknown label 'DRGU'") == 1
        and "and 1 more" in message
        and "known labels: DRUG" in message
    )


def test_all_problems_of_a_text_are_reported_together() -> None:
    text = "abc def ghi"
    with pytest.raises(CurateError) as err:
        check_spans(text, [s(0, 30, "A"), s(0, 3, "B"), {"start": 4}], labels=("A",))
    message = str(err.value)
    assert "ends after the text" in message and "'B'" in message and "lacks" in message


def test_overlap_rules_follow_the_task() -> None:
    outer, inner, crossing = s(0, 10, "A"), s(2, 5, "B"), s(8, 12, "B")
    assert overlap_problems([outer, s(10, 12)]) == []  # touching is not overlapping
    assert "nests inside" in overlap_problems([outer, inner])[0]
    assert overlap_problems([outer, inner], nested=True) == []
    assert "overlaps" in overlap_problems([outer, crossing], nested=True)[0]
    assert overlap_problems([outer, inner, crossing], overlapping=True) == []
    # the same range twice with the same label is never allowed; with another label it nests
    assert "given twice" in overlap_problems([outer, outer], overlapping=True)[0]
    assert overlap_problems([outer, s(0, 10, "B")], nested=True) == []


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8), st.sampled_from("AB")), max_size=12))
def test_check_spans_accepts_exactly_the_non_overlapping_sets(raw: list[tuple[int, int, str]]) -> None:
    text = "x" * 70
    spans = [s(a, a + n, lab) for a, n, lab in raw]
    distinct = sorted(set(spans))
    clash = any(a.overlaps(b) for i, a in enumerate(distinct) for b in distinct[i + 1 :]) or len(
        distinct
    ) < len(spans)
    if clash:
        with pytest.raises(CurateError):
            check_spans(text, spans, labels="AB")
    else:
        assert check_spans(text, spans, labels="AB") == tuple(distinct)
    # with overlaps allowed only exact repeats are refused
    if len(distinct) == len(spans):
        assert check_spans(text, spans, labels="AB", overlapping=True) == tuple(distinct)
