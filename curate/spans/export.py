"""Export shapes for span tasks: a character-offset ``spans`` column and token classification.

Token classification gives each text ``tokens`` and ``ner_tags`` (integer
codes of a ``Sequence(ClassLabel)`` named ``O``, ``B-LABEL``, ``I-LABEL``),
for the default tokenizer or any Hugging Face fast tokenizer.
:func:`token_classification` also says what the tags could not hold, in counts
and in a sentence for the dataset card (:func:`bio_card_note`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from curate.spans.model import LabeledSpan
from curate.spans.tokens import BioCounts, bio_tag_names, spans_to_bio, tokenize

__all__ = [
    "TokenClassification",
    "bio_card_note",
    "span_features_schema",
    "token_classification",
    "token_classification_schema",
]


@dataclass(slots=True, kw_only=True)
class TokenClassification:
    """Token-classification columns of a set of texts, with what the conversion changed."""

    tag_names: tuple[str, ...]
    tokens: list[list[str]] = field(default_factory=list)
    ner_tags: list[list[int]] = field(default_factory=list)
    spans: list[tuple[LabeledSpan, ...]] = field(default_factory=list)  # what the tags encode
    counts: BioCounts = field(default_factory=BioCounts)


def token_classification(
    texts: Sequence[str],
    spans: Sequence[Sequence[LabeledSpan]],
    *,
    labels: Sequence[str],
    tokenizer: Any = None,
) -> TokenClassification:
    """``tokens`` and integer ``ner_tags`` for each text (see :func:`curate.spans.tokens.spans_to_bio`)."""
    if isinstance(tokenizer, str):
        from curate.spans.tokens import load_tokenizer

        tokenizer = load_tokenizer(tokenizer)
    names = bio_tag_names(labels)
    code = {n: i for i, n in enumerate(names)}
    out = TokenClassification(tag_names=names)
    for text, text_spans in zip(texts, spans, strict=True):
        toks = tokenize(text, tokenizer)
        enc = spans_to_bio(toks, text_spans)
        out.tokens.append([t.text for t in toks])
        out.ner_tags.append([code[t] for t in enc.tags])
        out.spans.append(enc.spans)
        out.counts.add(enc.counts)
    return out


def bio_card_note(counts: BioCounts) -> str:
    """One sentence for the dataset card on how faithfully the tags hold the spans."""
    if counts.kept == counts.spans and counts.changed == 0:
        return f"All {counts.spans:,} spans fall on token boundaries: converting the tags back gives them exactly."
    parts = []
    if counts.changed:
        parts.append(f"{counts.changed:,} were widened to the nearest token boundaries")
    if counts.dropped_overlap:
        parts.append(
            f"{counts.dropped_overlap:,} overlapped a longer (or earlier) span and are not in the tags "
            "(BIO holds one span per token)"
        )
    if counts.dropped_token_clash:
        parts.append(
            f"{counts.dropped_token_clash:,} shared a token with another span and are not in the tags"
        )
    if counts.lost:
        parts.append(f"{counts.lost:,} covered no token and are not in the tags")
    return (
        f"Of {counts.spans:,} spans, {counts.exact:,} are exactly as annotated in the token tags; "
        + "; ".join(parts)
        + ". The character-offset `spans` column keeps every span as annotated."
    )


def token_classification_schema(labels: Sequence[str]) -> Any:
    """``datasets.Features`` with ``tokens`` and ``ner_tags`` as ``Sequence(ClassLabel)``."""
    from datasets import ClassLabel, Features, Value
    from datasets import Sequence as DsSequence

    return Features(
        {
            "tokens": DsSequence(Value("string")),
            "ner_tags": DsSequence(ClassLabel(names=list(bio_tag_names(labels)))),
        }
    )


def span_features_schema(labels: Sequence[str]) -> Any:
    """``datasets.Features`` of the character-offset ``spans`` column (a list of start, end, label)."""
    from datasets import ClassLabel, Features, List, Value

    return Features(
        {
            "spans": List(
                {"start": Value("int32"), "end": Value("int32"), "label": ClassLabel(names=list(labels))}
            )
        }
    )
