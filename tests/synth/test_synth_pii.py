"""Synthetic candidates are scanned for personal data like real items, and the gate waits for them."""

from __future__ import annotations

import pytest

from curate.pii import PatternDetector

pytestmark = pytest.mark.slow


def test_generated_candidates_are_unscanned_until_a_scan_covers_them(labelled_legal, embedder):
    project = labelled_legal
    detector = PatternDetector()
    project.pii_scan(detector)
    project.pii_apply(random_state=0)
    assert project.pii_gate().ok
    cands = project.generate("privacy_included", 6, random_state=0, embedder=embedder)
    stored = [c for c in cands if c.status == "pending"]
    assert stored
    gate = project.pii_gate()
    assert not gate.ok and gate.unscanned_items == len(stored)  # publishing waits for a scan
    result = project.pii_scan(detector)
    assert result.items_scanned == len(stored)
    # every synthetic item got exactly the findings the detector makes on its text
    for c in stored:
        expected = {(s.start, s.end, s.entity) for s in detector.find(project.item(c.id).text)}
        got = {(f.start, f.end, f.entity) for f in project.pii_findings(item_ids=[c.id])}
        assert got == expected
