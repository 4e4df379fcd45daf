"""Synthetic data for rare classes: gap analysis, constrained generators, provenance.

Light to import: Faker, scikit-learn and transformers load only when used.
"""

from __future__ import annotations

from curate.synth.constraints import (
    Constraint,
    ForbiddenTerms,
    LabelFaithfulness,
    LengthBounds,
    NoRealPersonalData,
    Novelty,
    RequiredTerms,
    SyntheticShareCap,
    apply_constraints,
    personal_values,
)
from curate.synth.gaps import GapReport, cluster_gaps, label_gaps, share_gaps
from curate.synth.generators import Exemplar, ExemplarGenerator, Generator, SynthRequest, TemplateGenerator
from curate.synth.provenance import Candidate, CheckResult, provenance_columns
from curate.synth.resources import TemplateSet, Vocabulary, load_template_set, load_vocabulary

__all__ = [
    "Candidate",
    "CheckResult",
    "Constraint",
    "Exemplar",
    "ExemplarGenerator",
    "ForbiddenTerms",
    "GapReport",
    "Generator",
    "LabelFaithfulness",
    "LengthBounds",
    "NoRealPersonalData",
    "Novelty",
    "RequiredTerms",
    "SynthRequest",
    "SyntheticShareCap",
    "TemplateGenerator",
    "TemplateSet",
    "Vocabulary",
    "apply_constraints",
    "cluster_gaps",
    "label_gaps",
    "load_template_set",
    "load_vocabulary",
    "personal_values",
    "provenance_columns",
    "share_gaps",
]
