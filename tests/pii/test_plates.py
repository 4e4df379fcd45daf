"""Vehicle plates written with no cue word beside them, and the look-alikes around them left alone.

Each example was written for this file, after round 25 (heldout46-48) showed plates in crash and
traffic-notice text with nothing but the event around them ("PKL 4471 rear-ended PPQ 812").
"""

from __future__ import annotations

import pytest

from curate.pii import DetectorSettings, build_detector
from curate.pii.evaluate import parse_marked


@pytest.fixture(scope="module")
def detector():  # type: ignore[no-untyped-def]
    return build_detector(DetectorSettings(ner=False))


@pytest.mark.parametrize(
    "marked",
    [
        "{{PLATE:WRK 2207}} rear-ended {{PLATE:TTD 419}} at the roundabout; both drivers were unhurt.",
        "The speed camera notice was sent to the registered keeper of {{PLATE:R729 KPN}} on Tuesday.",
        "Najm found {{PLATE:5512 KSA}} at fault for hitting {{PLATE:8830 RBD}} near the mall car park.",
        "{{PLATE:KDR 118L}} and {{PLATE:KCF 552J}} were both written off after the collision.",
        "A silver hatchback ({{PLATE:OH GRZ-4471}}) was parked across the driveway all night.",
        "Infringement notice served for {{PLATE:JK 52 RT GP}}, flashed at 131 km/h.",
        # round 26 (heldout49-51): what the vehicle did is the only cue
        "A witness saw {{PLATE:PK7 22R}} run the red light on Elm and Fifth.",
        "The pickup struck {{PLATE:DHT-5520}}, a grey Civic, and fled west.",
        "Brought in by ambulance {{PLATE:WKA 7710}} after the collision; the registered person for {{PLATE:MX4471}} was told.",
        # round 27 (heldout52-54): stops, overturning, overtaking, a make in the sentence, digits-only Gulf plates
        "Officers stopped {{PLATE:HKT 2087}} on the M6; later {{PLATE:BE 4410 KA}} overturned near Sanur.",
        "The Hyundai Tucson (VIN KM8J3CA46JU622918, OR {{PLATE:F7K 302}}) was inspected; {{PLATE:KTA 551 AB}} overtook recklessly.",
        "The cleaner was the driver of vehicle {{PLATE:771204}}; the Nissan Patrol {{PLATE:21/55190}} was written off.",
        # round 28 (heldout55-57): a state in brackets, a vanity plate "reading", cherished marks, table and Myanmar forms
        "A vanity plate reading {{PLATE:BIG KAHUNA}}; the coupe behind it, {{PLATE:SURF4U}} (HI), stopped.",
        "The Jaguar had been on {{PLATE:R7 TOM}} before; State/Plate: NJ/{{PLATE:K44RTD}}; taxi {{PLATE:MDY 4B/7710}}.",
        "Police fined the owner of {{PLATE:2-B77120 AA}} ETB 1,500 after the crash.",
        # round 29 (heldout58-60): drag racing, "drives", repossession, passengers, VRM, diplomatic plates
        "{{PLATE:DX 44190}} and {{PLATE:FV 27731}}, both Ohio, were seen drag racing; her son drives {{PLATE:KRT 5512}}.",
        "Repossession: {{PLATE:HVT-4417}} matched the lienholder's file; VRM {{PLATE:T4 GSH}} (cherished transfer).",
        "She was a passenger in {{PLATE:BEZ 7710}} when it left the road; a diplomatic car, {{PLATE:221 CD 17K}}, stopped.",
        # round 30 (heldout61-63): a state code before the plate, a vanity plate named so, Kuwaiti and Lao plates
        "The respondent's vehicle, IL {{PLATE:KD 44190}}, must stay away; his vanity {{PLATE:GRANDPA1}} too.",
        "At the roundabout {{PLATE:21/77104}} collided with a bus; {{PLATE:ກຂ 2207 Vientiane Capital}} overturned.",
    ],
)
def test_plates_without_a_cue_word_are_found_in_vehicle_text(detector, marked: str) -> None:  # type: ignore[no-untyped-def]
    text, gold = parse_marked(marked)
    spans = detector.find(text)
    for g in gold:
        assert any(s.entity == "PLATE" and s.start <= g.start and g.end <= s.end for s in spans), (
            g.value,
            spans,
        )


@pytest.mark.parametrize(
    "text",
    [
        # the same shapes with no vehicle anywhere near
        "Plasma CYP2D6 activity and ABCB1 genotype were measured in 40 volunteers.",
        # vehicle words, but money, scores, vital signs, standards and roads
        "The driver paid SAR 500 and KES 5000 in fines; GCS 14, HR 112, SBP 96 on arrival after the crash.",
        "Traffic cameras meeting ISO 9001 were installed on US 101 and the A4232 after the collision review.",
        "After the crash the driver was hypoxic (PO2 40 mmHg) and given 500 mg of paracetamol.",
        "The car park at KG 447 St is closed; the vehicle owner lives at Erf 3381, NY 112.",
        # a drug's vehicle, a flight, a state and ZIP, claim denial codes
        "Rats received U-74006F, U-78517F or vehicle; vehicle-treated controls were matched.",
        "The driver flew home on CI612 and wrote to the DMV office in Sacramento, CA 95814.",
        "The crash claim was denied with CARC CO-197 and RARC N54 on the notice.",
        "The driver said the vehicle was serviced at 45000 km and the car did 65000 miles.",
        "The red light camera RLC-0771-TOR recorded the crash; body-worn camera BWC-2290-KE too.",
        "Kansas City citations KC-2290417 and KC-2290418 were issued after the crash.",
        "RTC on the M1 J24; the insurer's codes CARC CO-45 and RARC N130 were on the notice.",
        # genetics, as NCBI Disease abstracts write it (held back while tuning; these broke the first cut)
        "A deletion at the COL4A5 exon 7-intron 7 junction creates a stop codon (W412X); see MIM 301050.",
        "After the car crash, sequencing found the SLC26A2 R178X mutation and 12 HEXB alleles.",
    ],
)
def test_look_alikes_are_not_plates(detector, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [s.value for s in detector.find(text) if s.entity == "PLATE"] == []
