"""A span task's annotators see personal data masked with the value's length, so offsets stay valid."""

from __future__ import annotations

from curate import Project
from curate.spans.spec import span_spec_from_names


def test_span_task_masks_with_equal_length_and_offsets_point_into_the_stored_text(tmp_path):
    project = Project.create(tmp_path / "p.db", task=span_spec_from_names("DRUG,ADE"))
    text = "Patient John Smith, MRN 4455667, was given aspirin and developed a rash."
    import pandas as pd

    project.import_data(pd.DataFrame([{"id": "a", "text": text}]), id_col="id")
    project.pii_scan(ner=False)
    item = project.store.items()[0]
    for view in ("pseudonymised", "masked"):
        project.set_pii_view(view)
        (shown,) = project.pii_shown([item])
        assert "4455667" not in shown.item.text
        assert len(shown.item.text) == len(text)
        start = shown.item.text.index("aspirin")
        assert text[start : start + len("aspirin")] == "aspirin"
        assert any("masked" in title for _, _, title in shown.marks)
