"""Rule pre-annotation (label patterns + vocabulary): ms per call on a 3,000-word document.

The vocabulary is every distinct gold mention string of the corpus sample; the document
is the sample's texts joined until it holds 3,000 words.  ``old`` is the implementation
before the regexes were compiled once per label (one regex compiled per vocabulary word
on every call), kept here only as the baseline; ``new`` is
:func:`curate.workflows.spans.rule_suggestions`.  The two are checked to give the same
set of ``(start, end, label)``.  NCBI Disease is where the change was developed;
InLegalNER is held out.

    python benchmarks/span_suggestions.py [--words 3000 --repeat 20]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
CORPORA = {"ncbi": "ncbi_disease_sample.jsonl", "inlegalner": "inlegalner_sample.jsonl"}


def old_rule_suggestions(text: str, spec: Any) -> list[dict[str, Any]]:
    """The baseline: one regex compiled per pattern and vocabulary word, on every call."""
    out: list[dict[str, Any]] = []
    for lab in spec.labels:
        regexes = [re.compile(p) for p in lab.patterns]
        regexes += [
            re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)", re.IGNORECASE)
            for w in lab.vocabulary
            if w.strip()
        ]
        for rx in regexes:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    out.append({"start": m.start(), "end": m.end(), "label": lab.name, "source": "rules"})
    return out


def corpus_case(path: Path, words: int) -> tuple[str, Any, int]:
    """A ``words``-word document from the sample's texts and a spec whose vocabulary is its mentions."""
    from curate.spans.spec import SpanLabel, SpanTaskSpec

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    vocab: dict[str, list[str]] = {}
    for row in rows:
        for s in row["spans"]:
            mention = row["text"][s["start"] : s["end"]]
            if mention not in vocab.setdefault(s["label"], []):
                vocab[s["label"]].append(mention)
    texts: list[str] = []
    count = 0
    for row in rows:
        if count >= words:
            break
        texts.append(row["text"])
        count += len(row["text"].split())
    text = " ".join(" ".join(texts).split()[:words])
    labels = [SpanLabel(name=name, vocabulary=tuple(v)) for name, v in sorted(vocab.items())]
    spec = SpanTaskSpec(name=path.stem, labels=tuple(labels), overlapping=True)
    return text, spec, sum(len(v) for v in vocab.values())


def per_call_ms(fn: Any, text: str, spec: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text, spec)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    from curate.workflows.spans import rule_suggestions

    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    for corpus, name in CORPORA.items():
        text, spec, n_vocab = corpus_case(DATA / name, args.words)
        old = {(s["start"], s["end"], s["label"]) for s in old_rule_suggestions(text, spec)}
        t0 = time.perf_counter()
        new_list = rule_suggestions(text, spec)  # first call builds the regexes
        first_ms = (time.perf_counter() - t0) * 1000
        new = {(s["start"], s["end"], s["label"]) for s in new_list}
        if old != new:
            raise SystemExit(
                f"{corpus}: results differ: {len(old - new)} only old, {len(new - old)} only new"
            )
        old_ms = per_call_ms(old_rule_suggestions, text, spec, max(3, args.repeat // 5))
        new_ms = per_call_ms(rule_suggestions, text, spec, args.repeat)
        words = len(text.split())
        print(f"# {corpus}: {words} words, {n_vocab} vocabulary entries, {len(new)} suggestions (same set)")
        print(f"rule_suggestions_old_{corpus}: {old_ms:.1f} ms/call")
        print(f"rule_suggestions_new_{corpus}: {new_ms:.2f} ms/call")
        print(f"rule_suggestions_first_call_{corpus}: {first_ms:.1f} ms (builds the regexes)")
        print(f"rule_suggestions_speedup_{corpus}: {old_ms / new_ms:.0f} x")


if __name__ == "__main__":
    main()
