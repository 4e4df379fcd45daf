"""The shared domain vocabularies: lookups a detector or a generator's safety check relies on."""

from __future__ import annotations

import pytest

from curate import lexicon


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Ondansetron", "drug"),
        ("Vicodin", "drug"),
        ("Kerlix", "device"),
        ("Steri-Strips", "device"),
        ("Streptococcus", "organism"),
        ("Lumbar", "anatomy"),
        ("angina", "disease"),
        ("Hodgkin's", "eponym"),
        ("DIAGNOSIS", "section"),
        ("review of systems", "section"),
        ("Franchisor", "legal"),
        ("South Korea", "country"),
    ],
)
def test_kind_of_knows_the_domain_words(word: str, kind: str) -> None:
    assert kind in lexicon.kinds_of(word)


def test_people_and_ordinary_places_are_not_terms() -> None:
    for word in ("Harriet", "Okonkwo", "Hialeah", "Vandermolen"):
        assert lexicon.kind_of(word) is None, word


def test_terms_are_lower_case_sets_and_unknown_kinds_fail_clearly() -> None:
    drugs = lexicon.terms("drug")
    assert "aspirin" in drugs and all(t == t.lower() for t in list(drugs)[:500])
    with pytest.raises(ValueError, match="unknown vocabulary kind"):
        lexicon.terms("spells")


def test_everyday_english_words_are_not_drugs_but_real_drugs_are() -> None:
    # The mined drug source lists brands and abbreviations that are ordinary words.
    for word in ("more", "he", "april", "caps", "More", "April"):
        assert "drug" not in lexicon.kinds_of(word), word
    assert not lexicon.mentions("He asked for more caps in April.", kinds=("drug",))
    for word in ("aspirin", "cyclophosphamide", "doxorubicin", "clopidogrel", "ondansetron"):
        assert lexicon.kind_of(word.capitalize()) == "drug", word
    assert "more" in lexicon.everyday_words() and "aspirin" not in lexicon.everyday_words()


def test_mentions_finds_phrases_in_text_order() -> None:
    found = lexicon.mentions("Started Eliquis 5 mg for atrial fibrillation; Foley catheter out.")
    pairs = [(m.text, m.kind) for m in found]
    assert (
        ("Eliquis", "drug") in pairs and ("Foley", "device") in pairs and ("fibrillation", "disease") in pairs
    )
    assert [m.start for m in found] == sorted(m.start for m in found)
    text = "Aspirin 81 mg"
    (m,) = lexicon.mentions(text, kinds=("drug",))
    assert text[m.start : m.end] == "Aspirin"


def test_defined_terms_in_a_contract() -> None:
    text = (
        'Acme Ltd ("Licensor") grants the Licensee a licence; such Franchisee pays. The Smith family agrees.'
    )
    terms = lexicon.defined_terms(text)
    assert {"Licensor", "Licensee", "Franchisee"} <= terms
    assert "Smith" not in terms  # a sentence-initial "The" defines nothing


def test_statute_and_case_citations() -> None:
    text = "Under 42 U.S.C. § 1983 and Rule 12(b)(6); see Roe v. Wade, 410 U.S. 113 (1973)."
    cited = [text[a:b] for a, b in lexicon.statute_spans(text)]
    assert any("1983" in c for c in cited)
    assert any(c.startswith("Rule 12") for c in cited)
    assert any("Roe v. Wade" in c for c in cited)


def test_named_acts_lower_case_sections_and_directives_are_citations() -> None:
    text = (
        "Under the Data Protection Act of 2018, section 5(a) and Directive 2011/83/EU, "
        "Harriet Okonkwo joined the Class Action."
    )
    cited = [text[a:b] for a, b in lexicon.statute_spans(text)]
    assert cited == ["Data Protection Act of 2018", "section 5(a)", "Directive 2011/83/EU"]
