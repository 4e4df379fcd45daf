"""Pseudonymisation: consistent, format-preserving surrogates and exact offsets."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from curate.pii import PatternDetector, Pseudonymiser, Span, map_offset, new_salt

SALT = "5a" * 16


def test_same_value_same_surrogate_across_instances_and_salt_changes_it() -> None:
    a, b = Pseudonymiser(SALT), Pseudonymiser(SALT)
    for entity, value in [("NAME", "Rosalind Okafor"), ("MRN", "00847291"), ("EMAIL", "ro@gmail.com")]:
        assert a.surrogate(entity, value) == b.surrogate(entity, value)
        assert a.surrogate(entity, value) != value
        assert Pseudonymiser("00" * 16).surrogate(entity, value) != a.surrogate(entity, value)


def test_name_tokens_are_consistent_between_full_and_short_mentions() -> None:
    p = Pseudonymiser(SALT)
    full = p.surrogate("NAME", "Rosalind Okafor")
    short = p.surrogate("NAME", "Okafor")
    assert full.split()[-1] == short
    assert p.surrogate("NAME", "OKAFOR").isupper()


def test_first_names_keep_their_gender_when_known() -> None:
    from faker.providers.person.en_US import Provider

    p = Pseudonymiser(SALT)
    for real in ("Jennifer", "Michelle", "Patricia"):
        assert p.surrogate("NAME", f"{real} Okafor").split()[0] in Provider.first_names_female
    for real in ("Michael", "Robert", "Thomas"):
        assert p.surrogate("NAME", f"{real} Okafor").split()[0] in Provider.first_names_male


def test_formats_are_kept() -> None:
    p = Pseudonymiser(SALT)
    phone = p.surrogate("PHONE", "(313) 555-2876")
    assert re.fullmatch(r"\([2-9]\d\d\) 555-01\d\d", phone)
    assert p.surrogate("PHONE", "313.555.2876")[-4:] == phone[-4:]  # same number, other layout
    ssn = p.surrogate("SSN", "287-65-4390")
    assert re.fullmatch(r"9\d\d-\d\d-\d{4}", ssn)  # 9xx is never an issued SSN
    assert re.fullmatch(r"\d{8}", p.surrogate("MRN", "00847291"))
    assert re.fullmatch(r"[A-Z]{3}\d{9}", p.surrogate("HEALTH_PLAN_ID", "XKW884512307"))
    assert "-cv-" in p.surrogate("CASE_NUMBER", "3:24-cv-01187-JAM")
    assert p.surrogate("EMAIL", "r.okafor@gmail.com").split("@")[1].startswith("example.")
    assert p.surrogate("IP_ADDRESS", "73.162.44.209").startswith(("192.0.2.", "198.51.100.", "203.0.113."))
    assert p.surrogate("AGE", "93") == "90+"


def test_dates_move_by_one_shift_and_keep_their_layout() -> None:
    p = Pseudonymiser(SALT)
    shift = p.date_shift
    assert 30 <= abs(shift.days) <= 365
    new = p.surrogate("DATE", "02/17/2025")
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", new)
    assert dt.datetime.strptime(new, "%m/%d/%Y").date() == dt.date(2025, 2, 17) + shift
    assert dt.date.fromisoformat(p.surrogate("DATE", "2025-03-14")) == dt.date(2025, 3, 14) + shift
    long = p.surrogate("DATE", "March 3, 2024")
    assert dt.datetime.strptime(long, "%B %d, %Y").date() == dt.date(2024, 3, 3) + shift
    day_first = p.surrogate("DATE", "14 January 2025")
    assert dt.datetime.strptime(day_first, "%d %B %Y").date() == dt.date(2025, 1, 14) + shift


def test_replace_gives_exact_edits() -> None:
    text = "Patient Rosalind Okafor, MRN: 00847291, phone (313) 555-2876."
    spans = PatternDetector().find(text)
    new, edits = Pseudonymiser(SALT).replace(text, spans)
    assert "Okafor" not in new and "00847291" not in new and "2876" not in new
    for e in edits:
        assert new[e.new_start : e.new_end] == e.surrogate
    assert new.startswith("Patient ") and new.endswith(".")


def test_map_offset_moves_positions_after_and_clamps_inside() -> None:
    text = "aaa XXXX bbb"
    _, edits = Pseudonymiser(SALT).replace(
        text, [Span(start=4, end=8, entity="MRN", value="XXXX", detector="t")]
    )
    e = edits[0]
    assert map_offset(0, edits, side="start") == 0
    assert map_offset(9, edits, side="start") == 9 + len(e.surrogate) - 4
    assert map_offset(6, edits, side="start") == e.new_start
    assert map_offset(6, edits, side="end") == e.new_end


def test_new_salt_is_seeded_or_random() -> None:
    assert new_salt(1) == new_salt(1)
    assert new_salt(1) != new_salt(2)
    assert len(new_salt()) == 32


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="abc XYZ019-./", max_size=12), min_size=1, max_size=6),
    st.lists(
        st.sampled_from(["NAME", "MRN", "PHONE", "DATE", "ACCOUNT", "LOCATION"]), min_size=6, max_size=6
    ),
)
def test_text_outside_spans_is_untouched(chunks: list[str], entities: list[str]) -> None:
    # Build a text of alternating plain chunks and identifier-like values at known offsets.
    parts, spans, pos = [], [], 0
    for i, chunk in enumerate(chunks):
        parts.append(chunk)
        pos += len(chunk)
        value = f"Ab{i}9-{i}x"
        spans.append(Span(start=pos, end=pos + len(value), entity=entities[i], value=value, detector="t"))
        parts.append(value)
        pos += len(value)
    text = "".join(parts)
    new, edits = Pseudonymiser(SALT).replace(text, spans)
    rebuilt, cursor = [], 0
    for e in edits:
        rebuilt.append(new[cursor : e.new_start])
        cursor = e.new_end
    rebuilt.append(new[cursor:])
    assert rebuilt == [*chunks, ""]
