from __future__ import annotations

import numpy as np
import pytest
from seqeval.metrics import classification_report, f1_score
from seqeval.scheme import IOB2

from curate.spans import LabeledSpan, span_agreement, span_f1
from curate.spans.tokens import regex_tokens, spans_to_bio

from .conftest import gold_spans


def s(start: int, end: int, label: str) -> LabeledSpan:
    return LabeledSpan(start=start, end=end, label=label)


def test_hand_computed_exact_and_overlap_f1_per_label() -> None:
    a = {
        "x": [s(0, 5, "DRUG"), s(10, 14, "DOSE"), s(20, 30, "ADE")],
        "only-a": [s(0, 5, "DRUG")],  # not annotated by b: left out
        "empty": [],  # both annotated, both found nothing: counts in n
    }
    b = {"x": [s(0, 5, "DRUG"), s(9, 14, "DOSE"), s(40, 45, "ADE")], "empty": [], "only-b": [s(1, 2, "ADE")]}
    out = span_f1(a, b, name_a="ann", name_b="bob")
    assert (out["a"], out["b"], out["n"]) == ("ann", "bob", 2)
    assert out["exact"] == pytest.approx(2 * 1 / 6)  # one identical span of 3 + 3
    assert out["overlap"] == pytest.approx(2 / 3)  # recall 2/3, precision 2/3
    assert out["per_label"] == {
        "ADE": {"exact": 0.0, "overlap": 0.0, "a_spans": 1, "b_spans": 1},
        "DOSE": {"exact": 0.0, "overlap": 1.0, "a_spans": 1, "b_spans": 1},
        "DRUG": {"exact": 1.0, "overlap": 1.0, "a_spans": 1, "b_spans": 1},
    }
    # F1 does not depend on who is read as the reference
    back = span_f1(b, a)
    assert (back["exact"], back["overlap"]) == (out["exact"], out["overlap"])


def test_overlap_needs_the_same_label_and_counts_each_side_once() -> None:
    assert span_f1({"x": [s(0, 5, "DRUG")]}, {"x": [s(0, 5, "ADE")]})["overlap"] == 0.0
    # one long span against two short ones inside it: everything is found, nothing identical
    out = span_f1({"x": [s(0, 20, "ADE")]}, {"x": [s(0, 5, "ADE"), s(10, 15, "ADE")]})
    assert (out["exact"], out["overlap"]) == (0.0, 1.0)
    # one side empty: recall 0 -> F1 0; both empty: undefined
    assert span_f1({"x": [s(0, 5, "A")]}, {"x": []})["overlap"] == 0.0
    none = span_f1({"x": []}, {"x": []})
    assert (none["n"], none["exact"], none["overlap"], none["per_label"]) == (1, None, None, {})
    # touching is not overlapping
    assert span_f1({"x": [s(0, 5, "A")]}, {"x": [s(5, 9, "A")]})["overlap"] == 0.0


def test_pairs_cover_annotators_who_share_items() -> None:
    spans = {
        "1": {"ann": [s(0, 3, "A")], "bob": [s(0, 3, "A")], "cy": [s(0, 4, "A")]},
        "2": {"ann": [s(5, 9, "A")], "bob": []},
        "3": {"dee": [s(0, 3, "A")]},
    }
    pairs = span_agreement(spans)
    assert [(p["a"], p["b"], p["n"]) for p in pairs] == [
        ("ann", "bob", 2),
        ("ann", "cy", 1),
        ("bob", "cy", 1),
    ]
    assert pairs[0]["exact"] == pytest.approx(2 / 3)
    assert pairs[1]["exact"] == 0.0 and pairs[1]["overlap"] == 1.0
    assert [(p["a"], p["b"]) for p in span_agreement(spans, annotators=["bob", "cy"])] == [("bob", "cy")]


def _perturbed(tags: list[str], labels: list[str], rng: np.random.Generator) -> list[str]:
    """A second annotator: drops, relabels, moves boundaries and adds spans, in valid IOB2."""
    entities, k = [], 0
    while k < len(tags):
        if tags[k].startswith("B-"):
            j = k + 1
            while j < len(tags) and tags[j] == "I-" + tags[k][2:]:
                j += 1
            entities.append([k, j, tags[k][2:]])
            k = j
        else:
            k += 1
    out = ["O"] * len(tags)
    taken = np.zeros(len(tags), dtype=bool)
    for first, stop, label in entities:
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.3:
            label = str(rng.choice([x for x in labels if x != label]))
        elif roll < 0.45:
            stop = min(stop + 1, len(tags)) if rng.random() < 0.5 else max(stop - 1, first + 1)
        elif roll < 0.55:
            first = max(first - 1, 0)
        if taken[first:stop].any():
            continue
        taken[first:stop] = True
        out[first] = "B-" + label
        for i in range(first + 1, stop):
            out[i] = "I-" + label
    for i in rng.choice(len(tags), size=max(1, len(tags) // 80), replace=False):
        if not taken[i]:
            taken[i] = True
            out[i] = "B-" + str(rng.choice(labels))
    return out


def _spans_from_tags(tokens: list, tags: list[str]) -> tuple[LabeledSpan, ...]:
    out, k = [], 0
    while k < len(tags):
        if tags[k].startswith("B-"):
            j = k + 1
            while j < len(tags) and tags[j] == "I-" + tags[k][2:]:
                j += 1
            out.append(LabeledSpan(start=tokens[k].start, end=tokens[j - 1].end, label=tags[k][2:]))
            k = j
        else:
            k += 1
    return tuple(out)


@pytest.mark.parametrize("corpus", ["ncbi_rows", "inlegalner_rows"])
def test_exact_f1_equals_seqeval_on_real_annotations(corpus: str, request: pytest.FixtureRequest) -> None:
    rows = request.getfixturevalue(corpus)[:300]
    labels = sorted({sp["label"] for r in rows for sp in r["spans"]})
    rng = np.random.default_rng(7)
    true_tags, pred_tags, a, b = [], [], {}, {}
    for r in rows:
        tokens = regex_tokens(r["text"])
        enc = spans_to_bio(tokens, gold_spans(r))
        other = _perturbed(list(enc.tags), labels, rng)
        true_tags.append(list(enc.tags))
        pred_tags.append(other)
        a[r["id"]], b[r["id"]] = enc.spans, _spans_from_tags(tokens, other)
    ours = span_f1(a, b)
    assert 0.3 < ours["exact"] < 0.95  # the perturbation changes a fair share: the check has teeth
    assert ours["exact"] == pytest.approx(f1_score(true_tags, pred_tags, mode="strict", scheme=IOB2))
    report = classification_report(true_tags, pred_tags, mode="strict", scheme=IOB2, output_dict=True)
    for label, scores in ours["per_label"].items():
        assert scores["exact"] == pytest.approx(report[label]["f1-score"]), label
        assert scores["a_spans"] == report[label]["support"]
    # overlap match forgives moved boundaries, never the reverse
    assert ours["overlap"] > ours["exact"]
