"""The widget options live in one dataclass; every entry point takes it or its fields by name."""

from __future__ import annotations

import pytest

from curate import Project
from curate.errors import CurateError
from curate.widgets import ViewOptions


def test_options_by_name_or_as_one_object_give_the_same_view(legal_project: Project) -> None:
    opts = ViewOptions(prefetch=2, show_meta=["doc"])
    by_object = legal_project.annotator("ana", options=opts)
    by_name = legal_project.annotator("ben", prefetch=2, show_meta=["doc"])
    assert by_object.options == by_name.options == opts
    assert by_object.prefetch == 2 and by_object.show_meta == ["doc"]


def test_bad_or_unknown_options_say_what_to_fix(legal_project: Project) -> None:
    with pytest.raises(CurateError, match="prefetch must be at least 1"):
        legal_project.annotator("ana", prefetch=0)
    with pytest.raises(CurateError, match="needs a model"):
        legal_project.annotator("ana", show_suggestions=True)
    with pytest.raises(CurateError, match=r"unknown widget option.*prefech.*prefetch"):
        legal_project.annotator("ana", prefech=3)


def test_reviewer_takes_its_queue_options_and_the_view_options(legal_project: Project) -> None:
    a, b = (it.id for it in legal_project.items()[:2])
    legal_project.annotate(a, "ana", "arbitration")
    legal_project.annotate(a, "ben", "jurisdiction")
    legal_project.annotate(b, "ana", "arbitration")
    legal_project.annotate(b, "ben", "jurisdiction")
    legal_project.adjudicate(b, "lead", "jurisdiction")
    open_only = legal_project.reviewer("lead", prefetch=1)
    everything = legal_project.reviewer("lead", include_resolved=True, annotators=["ana", "ben"])
    assert list(open_only.session.cases) == [a]
    assert list(everything.session.cases) == [a, b]
    assert open_only.options.prefetch == 1
