"""Span annotation: labelled character ranges inside documents.

The record (:class:`LabeledSpan`) and the rule deciding which spans a task
allows (:func:`check_spans`), the task spec (:class:`SpanTaskSpec`), import
checking, span agreement, tokens and BIO tags for export, and a small span
tagger with an uncertainty strategy for active learning.  Heavy parts
(transformers, scikit-learn) are imported where used.
"""

from __future__ import annotations

from curate.spans.agreement import span_agreement, span_f1
from curate.spans.ingest import SpanRow, check_span_records, read_span_file
from curate.spans.model import LabeledSpan, check_spans, overlap_problems
from curate.spans.spec import SpanLabel, SpanTaskSpec, span_spec_from_names
from curate.spans.tokens import (
    BioCounts,
    BioEncoding,
    Token,
    bio_tag_names,
    bio_to_spans,
    spans_to_bio,
    tokenize,
)

__all__ = [
    "BioCounts",
    "BioEncoding",
    "LabeledSpan",
    "SpanLabel",
    "SpanRow",
    "SpanTaskSpec",
    "Token",
    "bio_tag_names",
    "bio_to_spans",
    "check_span_records",
    "check_spans",
    "overlap_problems",
    "read_span_file",
    "span_agreement",
    "span_f1",
    "span_spec_from_names",
    "spans_to_bio",
    "tokenize",
]
