"""Scan and pseudonymise a whole project: items/s, and how many injected identifiers survive.

The project holds the bundled real samples (400 legal + 300 medical texts) and 300 synthetic
clinical notes made here with faker (seed 0) from 6 templates, each carrying 7 known
identifiers.  After `scan` + `apply`, every injected value is searched for, whole-word, in
its own note ("leaked").  Templates are easier than real notes: read the leak figure as a
floor check, not as recall on real records.
Baseline: the bare detector on the same texts without the database (same run).

Run: HF_HUB_OFFLINE=1 python benchmarks/pii_workflow.py
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from faker import Faker  # noqa: E402

from curate import Project, TaskSpec  # noqa: E402
from curate.pii import PatternDetector, default_detector, find_many  # noqa: E402

TEMPLATES = [
    "Patient {name} (MRN: {mrn}) was admitted on {date}; contact {phone}, {email}.",
    "Mr. {last} lives at {street}, {city}, {state} {zip}; SSN {ssn}.",
    "Discharge summary for {name}, DOB {date}. Follow-up call to {phone}.",
    "Seen by Dr. {last} on {date}; member ID {mrn}; home {street}, {city}, {state} {zip}.",
    "{name} (e-mail {email}) reports chest pain since {date}. SSN {ssn}.",
    "Plaintiff {name} resides at {street}, {city}, {state} {zip}; phone {phone}.",
]


def synthetic(n: int, seed: int = 0) -> tuple[list[str], list[list[str]]]:
    fk = Faker("en_US")
    fk.seed_instance(seed)
    texts, secrets = [], []
    for i in range(n):
        first, last = fk.first_name(), fk.last_name()
        v = {
            "name": f"{first} {last}",
            "last": last,
            "mrn": str(fk.random_number(digits=8, fix_len=True)),
            "date": fk.date_between("-5y", "today").strftime("%m/%d/%Y"),
            "phone": fk.numerify("(###) 555-####").replace("(0", "(2").replace("(1", "(3"),
            "email": f"{first.lower()}.{last.lower()}{i}@{fk.free_email_domain()}",
            "street": fk.street_address(),
            "city": fk.city(),
            "state": fk.state_abbr(include_territories=False),
            "zip": fk.zipcode(),
            "ssn": fk.ssn(),
        }
        template = TEMPLATES[i % len(TEMPLATES)]
        texts.append(template.format(**v))
        # The state is not an identifier under HIPAA Safe Harbor; everything else is.
        secrets.append([v[k] for k in v if "{" + k + "}" in template and k != "state"])
    return texts, secrets


def main() -> None:
    legal = pd.read_csv(ROOT / "data" / "claudette_sample.csv")["text"].astype(str).tolist()
    medical = pd.read_csv(ROOT / "data" / "medical_abstracts_sample.csv")["text"].astype(str).tolist()
    notes, secrets = synthetic(300)
    texts = legal + medical + notes
    n_secrets = sum(len(s) for s in secrets)
    made = f"{len(notes)} synthetic notes, {n_secrets} injected identifiers"
    print(f"pii_workflow_items: {len(texts)} items ({made})")
    for label, detector in (("regex", PatternDetector()), ("regex_ner", default_detector(ner=True))):
        find_many(detector, ["warm up"])
        t0 = time.perf_counter()
        find_many(detector, texts)
        bare = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as tmp:
            spec = TaskSpec(name="bench", labels=("a", "b"))
            project = Project.create(Path(tmp) / "p.db", task=spec)
            project.import_data(pd.DataFrame({"text": texts}))
            t0 = time.perf_counter()
            scan = project.pii_scan(detector)
            scan_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            applied = project.pii_apply(random_state=0)
            apply_s = time.perf_counter() - t0
            # Each injected value, whole-word, in its own note after apply (notes are the last items).
            final = [it.text for it in project.items()][-len(notes) :]
            leaked = sum(
                bool(re.search(rf"\b{re.escape(v)}\b", text))
                for text, group in zip(final, secrets, strict=True)
                for v in group
            )
            rescan = project.pii_scan(detector, rescan=True).findings_added
            project.close()
        print(f"pii_scan_{label}: {len(texts) / scan_s:.0f} items/s ({scan.findings_added} findings)")
        print(f"pii_scan_{label}_vs_bare_detector: {scan_s / bare:.2f} x time")
        print(
            f"pii_apply_{label}: {applied.items_changed / apply_s:.0f} items/s "
            f"({applied.items_changed} items, {applied.findings_pseudonymised} findings, "
            "one transaction per item)"
        )
        print(f"pii_leaked_{label}: {leaked} of {n_secrets} injected identifiers")
        print(f"pii_rescan_after_apply_{label}: {rescan} new findings")


if __name__ == "__main__":
    main()
