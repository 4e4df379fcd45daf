from __future__ import annotations

from pathlib import Path

from curate.spans import LabeledSpan, bio_to_spans, tokenize
from curate.spans.export import (
    bio_card_note,
    span_features_schema,
    token_classification,
    token_classification_schema,
)
from curate.spans.tokens import BioCounts

from .conftest import DATA, gold_spans, read_jsonl


def test_token_classification_dataset_round_trips_to_the_spans(tmp_path: Path) -> None:
    import datasets

    rows = read_jsonl(DATA / "ncbi_disease_sample.jsonl")
    labels = ["SpecificDisease", "DiseaseClass", "Modifier", "CompositeMention"]
    texts, gold = [r["text"] for r in rows], [gold_spans(r) for r in rows]
    out = token_classification(texts, gold, labels=labels)
    ds = datasets.Dataset.from_dict(
        {"tokens": out.tokens, "ner_tags": out.ner_tags}, features=token_classification_schema(labels)
    )
    ds.save_to_disk(tmp_path / "tc")
    back = datasets.load_from_disk(tmp_path / "tc")
    names = back.features["ner_tags"].feature.names
    assert names[:3] == ["O", "B-SpecificDisease", "I-SpecificDisease"] and len(names) == 9
    for text, row, spans in zip(texts, back, out.spans, strict=True):
        toks = tokenize(text)
        assert row["tokens"] == [t.text for t in toks]
        assert bio_to_spans(toks, [names[k] for k in row["ner_tags"]]) == spans
    assert out.counts.spans == sum(len(g) for g in gold) == out.counts.kept
    spans_ds = datasets.Dataset.from_dict(
        {"spans": [[{**s.to_dict()} for s in g] for g in gold]}, features=span_features_schema(labels)
    )
    first = spans_ds[0]["spans"][0]
    assert LabeledSpan(start=first["start"], end=first["end"], label=labels[first["label"]]) == gold[0][0]


def test_card_note_says_what_the_tags_lost() -> None:
    assert bio_card_note(BioCounts(spans=3, exact=3)).startswith("All 3 spans fall on token boundaries")
    note = bio_card_note(BioCounts(spans=10, exact=6, changed=1, dropped_overlap=2, lost=1))
    assert "Of 10 spans, 6 are exactly as annotated" in note
    assert "1 were widened" in note and "2 overlapped a longer" in note and "1 covered no token" in note
