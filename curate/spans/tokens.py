"""Tokens with character offsets, and converting spans to BIO tags and back.

Token classification needs one tag per token: ``O`` outside any span,
``B-LABEL`` on a span's first token and ``I-LABEL`` on the rest.  Character
spans and tokens do not always line up, so :func:`spans_to_bio` says exactly
what the tags encode and what changed:

* a span whose ends fall inside a token is widened to whole tokens (counted as
  ``changed``); a span no token touches is ``lost``;
* BIO cannot hold two spans on one token, so overlapping or nested spans are
  resolved by keeping the longer span (the earlier one on a tie) and dropping
  the other (counted as ``dropped_overlap``); spans that do not overlap in the
  text but land on the same token after widening are ``dropped_token_clash``.

:func:`bio_to_spans` of the tags gives back exactly ``BioEncoding.spans``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from curate.errors import CurateError
from curate.spans.model import LabeledSpan

__all__ = [
    "BioCounts",
    "BioEncoding",
    "Token",
    "bio_tag_names",
    "bio_to_spans",
    "hf_tokens",
    "load_tokenizer",
    "regex_tokens",
    "spans_to_bio",
    "tokenize",
]

# Runs of letters/digits/underscore, or one punctuation or symbol character.
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """A token: its text and where it is, ``text == document[start:end]``."""

    text: str
    start: int
    end: int


def regex_tokens(text: str) -> list[Token]:
    """Split into words and single punctuation marks, with character offsets (the default tokenizer).

    Examples
    --------
    >>> [t.text for t in regex_tokens("BRCA1-associated cancer.")]
    ['BRCA1', '-', 'associated', 'cancer', '.']
    """
    return [Token(text=m.group(), start=m.start(), end=m.end()) for m in _TOKEN.finditer(text)]


def load_tokenizer(path: str) -> Any:
    """A Hugging Face fast tokenizer from a local folder or a cached model id (never downloads).

    Raises
    ------
    CurateError
        If the tokenizer cannot be loaded, or is a slow tokenizer without offsets.
    """
    try:
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(path, use_fast=True, local_files_only=True)
    except (OSError, ValueError) as err:
        raise CurateError(
            f"cannot load a tokenizer from {path!r}: {err}. Give a local folder holding tokenizer files "
            "(or a model already in the Hugging Face cache)"
        ) from None
    if not getattr(tok, "is_fast", False):
        raise CurateError(
            f"the tokenizer at {path!r} is a slow tokenizer without character offsets; use a fast one"
        )
    return tok


def hf_tokens(text: str, tokenizer: Any) -> list[Token]:
    """Tokens of a Hugging Face fast tokenizer, with its offset mapping; special tokens left out."""
    enc = tokenizer(
        text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False
    )
    out = []
    for start, end in enc["offset_mapping"]:
        # Some tokenizers put a leading space inside the offsets (byte-level BPE): trim it.
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            out.append(Token(text=text[start:end], start=int(start), end=int(end)))
    return out


def tokenize(text: str, tokenizer: Any = None) -> list[Token]:
    """Tokens of ``text``: words and punctuation by default, else the given Hugging Face tokenizer.

    ``tokenizer`` is None, a loaded fast tokenizer, or a path for :func:`load_tokenizer`.
    """
    if tokenizer is None:
        return regex_tokens(text)
    if isinstance(tokenizer, str):
        tokenizer = load_tokenizer(tokenizer)
    return hf_tokens(text, tokenizer)


def bio_tag_names(labels: Iterable[str]) -> tuple[str, ...]:
    """The tag names for a ``ClassLabel``: ``O``, then ``B-X``, ``I-X`` for each label in order.

    Examples
    --------
    >>> bio_tag_names(["DRUG", "ADE"])
    ('O', 'B-DRUG', 'I-DRUG', 'B-ADE', 'I-ADE')
    """
    out = ["O"]
    for label in labels:
        out += [f"B-{label}", f"I-{label}"]
    return tuple(out)


@dataclass(slots=True, kw_only=True)
class BioCounts:
    """What happened to the spans when they became tags (add them up over a corpus)."""

    spans: int = 0
    exact: int = 0  # kept with the same offsets
    changed: int = 0  # kept, widened to token boundaries
    lost: int = 0  # no token inside the span
    dropped_overlap: int = 0  # overlapped a longer (or earlier) span
    dropped_token_clash: int = 0  # no overlap in the text, but shares a token with a kept span

    def add(self, other: BioCounts) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def kept(self) -> int:
        return self.exact + self.changed

    def to_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True, kw_only=True)
class BioEncoding:
    """The tags of one text, the spans they encode (as token-aligned offsets) and the counts."""

    tags: tuple[str, ...]
    spans: tuple[LabeledSpan, ...]
    counts: BioCounts = field(default_factory=BioCounts)


def _token_range(tokens: Sequence[Token], starts: list[int], span: LabeledSpan) -> tuple[int, int] | None:
    """First and last index of the tokens sharing a character with ``span``, or None."""
    import bisect

    # tokens are sorted and disjoint: the first candidate is the last token starting before span.end
    i = bisect.bisect_left(starts, span.start)
    if i > 0 and tokens[i - 1].end > span.start:
        i -= 1
    j = i
    while j < len(tokens) and tokens[j].start < span.end:
        j += 1
    if j == i or tokens[i].end <= span.start:
        return None
    return i, j - 1


def spans_to_bio(tokens: Sequence[Token], spans: Iterable[LabeledSpan]) -> BioEncoding:
    """BIO tags for ``tokens`` from character ``spans``, with what the tags keep and lose.

    Examples
    --------
    >>> text = "Severe hypotension after 5 mg"
    >>> toks = regex_tokens(text)
    >>> enc = spans_to_bio(toks, [LabeledSpan(start=7, end=18, label="ADE"), LabeledSpan(start=25, end=29, label="DOSE")])
    >>> enc.tags
    ('O', 'B-ADE', 'O', 'B-DOSE', 'I-DOSE')
    """
    starts = [t.start for t in tokens]
    counts = BioCounts()
    unique = sorted(set(spans))
    counts.spans = len(unique)
    # Longer spans first, earlier on ties: the resolution rule for spans BIO cannot hold together.
    order = sorted(unique, key=lambda s: (-(s.end - s.start), s.start, s.end, s.label))
    taken: list[str | None] = [None] * len(tokens)
    kept_raw: list[LabeledSpan] = []
    kept: list[tuple[int, int, LabeledSpan]] = []
    for span in order:
        rng = _token_range(tokens, starts, span)
        if rng is None:
            counts.lost += 1
            continue
        i, j = rng
        if any(taken[k] is not None for k in range(i, j + 1)):
            if any(span.overlaps(k) for k in kept_raw):
                counts.dropped_overlap += 1
            else:
                counts.dropped_token_clash += 1
            continue
        for k in range(i, j + 1):
            taken[k] = span.label
        kept_raw.append(span)
        kept.append((i, j, span))
    tags = ["O"] * len(tokens)
    out = []
    for i, j, span in kept:
        tags[i] = f"B-{span.label}"
        for k in range(i + 1, j + 1):
            tags[k] = f"I-{span.label}"
        snapped = LabeledSpan(start=tokens[i].start, end=tokens[j].end, label=span.label)
        if snapped == span:
            counts.exact += 1
        else:
            counts.changed += 1
        out.append(snapped)
    return BioEncoding(tags=tuple(tags), spans=tuple(sorted(out)), counts=counts)


def bio_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> tuple[LabeledSpan, ...]:
    """Character spans from BIO tags.

    ``B-X`` opens a span; ``I-X`` continues the open span of label ``X`` and
    opens a new one after ``O`` or another label (the lenient CoNLL reading).
    """
    if len(tokens) != len(tags):
        raise CurateError(f"{len(tokens)} tokens but {len(tags)} tags: give one tag per token")
    out = []
    label: str | None = None
    first = last = 0
    for k, tag in enumerate(tags):
        if tag == "O" or not tag:
            prefix, name = "O", None
        elif len(tag) > 2 and tag[1] == "-" and tag[0] in "BI":
            prefix, name = tag[0], tag[2:]
        else:
            raise CurateError(f"tag {tag!r} at token {k} is not O, B-LABEL or I-LABEL")
        if label is not None and (prefix != "I" or name != label):
            out.append(LabeledSpan(start=tokens[first].start, end=tokens[last].end, label=label))
            label = None
        if prefix == "B" or (prefix == "I" and label is None):
            label, first = name, k
        last = k
    if label is not None:
        out.append(LabeledSpan(start=tokens[first].start, end=tokens[last].end, label=label))
    return tuple(sorted(out))
