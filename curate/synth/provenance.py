"""Synthetic candidates and their provenance records.

Every candidate carries a :class:`~curate.schema.Provenance`: the generator
and its version, the seed that reproduces it, what it was made from
(template id and slot sources, or exemplar item ids), the results of every
constraint, when it was made, the curate version and the content hash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from curate.schema import Provenance, content_hash

__all__ = [
    "Candidate",
    "CheckResult",
    "candidate_id",
    "make_provenance",
    "provenance_columns",
    "seeds_for",
]


def candidate_id(text: str) -> str:
    """Item id of a synthetic text: ``s`` + the start of its content hash (stable, idempotent)."""
    return "s" + content_hash(text)[:20]


def seeds_for(random_state: int | None, n: int) -> tuple[int, list[int]]:
    """A base seed and ``n`` per-candidate seeds derived from it.

    With ``random_state=None`` a fresh base seed is drawn from the operating
    system (never the global RNG) and recorded, so the run can be repeated.
    """
    base = (
        int(random_state)
        if random_state is not None
        else int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    )
    rng = np.random.default_rng(base)
    return base, [int(s) for s in rng.integers(0, 2**31 - 1, size=n)]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    """The result of one constraint on one candidate."""

    passed: bool
    value: float | None = None
    detail: str = ""
    hard: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "value": self.value, "detail": self.detail, "hard": self.hard}


def make_provenance(
    *, generator: str, version: str, seed: int | None, details: Mapping[str, Any], text: str
) -> Provenance:
    """A provenance record stamped with the time, the curate version and the text's hash."""
    from curate._version import __version__
    from curate.schema import now

    return Provenance(
        generator=generator,
        generator_version=version,
        seed=seed,
        details=dict(details),
        constraints={},
        created_at=now(),
        curate_version=__version__,
        content_hash=content_hash(text),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A synthetic text proposed for ``label``, with how it was made and what it passed.

    ``status`` is ``new`` until stored, then ``pending``/``accepted``/``rejected``,
    or ``failed`` when it broke a hard constraint and was not stored.
    """

    id: str
    text: str
    label: str
    provenance: Provenance
    status: str = "new"
    checks: Mapping[str, CheckResult] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """True when every hard constraint checked so far passed."""
        return all(r.passed for r in self.checks.values() if r.hard)

    @property
    def failed(self) -> list[str]:
        """Names of the hard constraints that failed."""
        return [n for n, r in self.checks.items() if r.hard and not r.passed]

    @property
    def flags(self) -> list[str]:
        """Names of the soft constraints (e.g. label faithfulness) that flagged the candidate."""
        return [n for n, r in self.checks.items() if not r.hard and not r.passed]

    def with_check(self, name: str, result: CheckResult) -> Candidate:
        """A copy with one more constraint result, recorded in the provenance too."""
        checks = {**self.checks, name: result}
        prov = replace(self.provenance, constraints={k: v.to_dict() for k, v in checks.items()})
        return replace(self, checks=checks, provenance=prov)

    def with_status(self, status: str) -> Candidate:
        return replace(self, status=status)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``curate synth --json``."""
        return {
            "id": self.id,
            "text": self.text,
            "label": self.label,
            "status": self.status,
            "provenance": self.provenance.to_dict(),
            "constraints": {k: v.to_dict() for k, v in self.checks.items()},
        }


def provenance_columns(prov: Provenance | None) -> dict[str, Any]:
    """Flat columns for an export row (``None`` values for a real item)."""
    import json

    if prov is None:
        return {
            "synth_generator": None,
            "synth_generator_version": None,
            "synth_seed": None,
            "synth_source": None,
            "synth_constraints": None,
            "synth_created_at": None,
            "synth_curate_version": None,
            "synth_content_hash": None,
        }
    details = dict(prov.details)
    source: Sequence[str] | str | None = details.get("template_id") or details.get("exemplar_ids")
    return {
        "synth_generator": prov.generator,
        "synth_generator_version": prov.generator_version,
        "synth_seed": prov.seed,
        "synth_source": json.dumps(source) if not isinstance(source, str) else source,
        "synth_constraints": json.dumps(
            {k: bool(v.get("passed")) for k, v in prov.constraints.items()}, sort_keys=True
        ),
        "synth_created_at": prov.created_at,
        "synth_curate_version": prov.curate_version,
        "synth_content_hash": prov.content_hash,
    }
