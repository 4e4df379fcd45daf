"""Data-quality measures that take plain records or arrays: agreement and duplicates.

Pure functions, no store and no model: other parts (export, review widgets,
reports) pass in what they have and reuse the results.
"""

from __future__ import annotations

from curate.quality.agreement import (
    AgreementReport,
    agreement_report,
    cohen_kappa,
    fleiss_kappa,
    item_agreement,
    krippendorff_alpha,
    votes_from_rows,
)
from curate.quality.duplicates import exact_duplicate_groups, near_duplicate_groups

__all__ = [
    "AgreementReport",
    "agreement_report",
    "cohen_kappa",
    "exact_duplicate_groups",
    "fleiss_kappa",
    "item_agreement",
    "krippendorff_alpha",
    "near_duplicate_groups",
    "votes_from_rows",
]
