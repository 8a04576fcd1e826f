"""MrzRecognizer: ICAO 9303 specimens, constructed ASEAN samples, mutated check digits, entity naming.

MRZs are built here with a check-digit function written independently of recognizers/mrz.py; the builders
reproduce the ICAO specimens exactly (asserted below), so the constructed SGP/MYS/KHM samples are trustworthy.
"""

from __future__ import annotations

import string
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from jejak.recognizers.loader import load_pack
from jejak.recognizers.mrz import MrzRecognizer, check_digit

ICAO_TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
ICAO_TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
PACK = Path(__file__).resolve().parents[2] / "recognizers" / "packs" / "icao.yaml"

_VALUES = {**{d: int(d) for d in string.digits}, **{c: 10 + i for i, c in enumerate(string.ascii_uppercase)}}


def cd(field: str) -> str:
    """ICAO 9303 check digit, independent of the recognizer's implementation."""
    return str(sum(_VALUES.get(c, 0) * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)


def td3(
    state: str,
    number: str,
    *,
    name: str = "TAN<<MEI<LING",
    birth: str = "900101",
    sex: str = "F",
    expiry: str = "300101",
    optional: str = "",
    code: str = "P",
) -> tuple[str, str]:
    line1 = f"{code:<<2}{state}{name}".ljust(44, "<")
    num, opt = number.ljust(9, "<"), optional.ljust(14, "<")
    opt_check = cd(opt) if optional else "<"
    line2 = f"{num}{cd(num)}{state}{birth}{cd(birth)}{sex}{expiry}{cd(expiry)}{opt}{opt_check}"
    return line1, line2 + cd(line2[0:10] + line2[13:20] + line2[21:43])


def td2(state: str, number: str, code: str = "I") -> tuple[str, str]:
    line1 = f"{code:<<2}{state}SANTOS<<MARIA".ljust(36, "<")
    num = number.ljust(9, "<")
    line2 = f"{num}{cd(num)}{state}880320{cd('880320')}F310319{cd('310319')}" + "<" * 7
    return line1, line2 + cd(line2[0:10] + line2[13:20] + line2[21:35])


def td1(
    state: str,
    number: str,
    *,
    name: str = "SOK<<DARA",
    birth: str = "950704",
    sex: str = "M",
    expiry: str = "320703",
    code: str = "ID",
) -> tuple[str, str, str]:
    if len(number) > 9:  # overflow: 9 characters, `<` in the check position, rest + check digit in optional
        line1 = f"{code:<<2}{state}{number[:9]}<{number[9:]}{cd(number)}".ljust(30, "<")
    else:
        num = number.ljust(9, "<")
        line1 = f"{code:<<2}{state}{num}{cd(num)}".ljust(30, "<")
    line2 = f"{birth}{cd(birth)}{sex}{expiry}{cd(expiry)}{state}".ljust(29, "<")
    line2 += cd(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return line1, line2, name.ljust(30, "<")


def found(text: str, entities: list[str] | None = None) -> list[tuple[str, str, float]]:
    results = MrzRecognizer().analyze(text, entities=entities or ["MRZ_DOCUMENT"])
    return [(r.entity_type, text[r.start : r.end], r.score) for r in results]


def test_builders_reproduce_icao_specimens() -> None:
    specimen = {"name": "ERIKSSON<<ANNA<MARIA", "birth": "740812", "sex": "F", "expiry": "120415"}
    assert td3("UTO", "L898902C3", optional="ZE184226B", **specimen) == ICAO_TD3
    assert td1("UTO", "D23145890", code="I", **specimen) == ICAO_TD1
    assert cd("L898902C3") == "6" and cd("D23145890") == "7"


def test_check_digit_matches_specimens() -> None:
    assert check_digit("L898902C3") == 6 and check_digit("D23145890") == 7
    assert check_digit("740812") == 2 and check_digit("ZE184226B<<<<<") == 1


def test_icao_specimens() -> None:
    assert found("\n".join(ICAO_TD3)) == [("PASSPORT", "L898902C3", 1.0)]
    assert found("\n".join(ICAO_TD1)) == [("MRZ_DOCUMENT", "D23145890", 1.0)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (td3("SGP", "E1234567A"), ("SG_PASSPORT", "E1234567A")),
        (td3("MYS", "A12345678"), ("MY_PASSPORT", "A12345678")),
        (td3("PHL", "P1234567A"), ("PH_PASSPORT", "P1234567A")),
        (td3("IDN", "X123456"), ("ID_PASSPORT", "X123456")),
        (td3("D<<", "C01X00T47"), ("PASSPORT", "C01X00T47")),
        (td1("KHM", "123456789"), ("KH_NID", "123456789")),
        (td1("SGP", "S1234567D", code="I"), ("MRZ_DOCUMENT", "S1234567D")),
        (td2("PHL", "AB1234567"), ("MRZ_DOCUMENT", "AB1234567")),
        (td2("THA", "AA1234567", code="P"), ("TH_PASSPORT", "AA1234567")),
    ],
)
def test_documents_are_named_by_issuing_state(lines: tuple[str, ...], expected: tuple[str, str]) -> None:
    assert found("\n".join(lines)) == [(*expected, 1.0)]


@pytest.mark.parametrize("separator", ["\n", "\r\n", " ", "\\n", " \n  "])
def test_line_separators(separator: str) -> None:
    text = f"MRZ: {separator.join(td3('SGP', 'E1234567A'))} (scanned)"
    assert found(text) == [("SG_PASSPORT", "E1234567A", 1.0)]


def test_lines_separated_by_other_text_are_not_an_mrz() -> None:
    line1, line2 = td3("SGP", "E1234567A")
    assert found(f"{line1} and {line2}") == []


def test_td1_document_number_overflowing_into_optional_data() -> None:
    line1, line2, line3 = td1("KHM", "123456789012")
    text = "\n".join((line1, line2, line3))
    assert found(text) == [("KH_NID", "123456789<012", 1.0)]


# (line index, position) of each check digit: document number, birth date, expiry, composite.
TD3_CHECKS = [(1, 9), (1, 19), (1, 27), (1, 43)]
TD1_CHECKS = [(0, 14), (1, 6), (1, 14), (1, 29)]


@pytest.mark.parametrize(("line", "position"), TD3_CHECKS)
def test_mutated_td3_check_digit_is_not_found(line: int, position: int) -> None:
    lines = list(td3("SGP", "E1234567A"))
    digit = lines[line][position]
    lines[line] = lines[line][:position] + str((int(digit) + 1) % 10) + lines[line][position + 1 :]
    assert found("\n".join(lines)) == []


@pytest.mark.parametrize(("line", "position"), TD1_CHECKS)
def test_mutated_td1_check_digit_is_not_found(line: int, position: int) -> None:
    lines = list(td1("KHM", "123456789"))
    digit = lines[line][position]
    lines[line] = lines[line][:position] + str((int(digit) + 1) % 10) + lines[line][position + 1 :]
    assert found("\n".join(lines)) == []


def test_mutated_document_number_is_not_found() -> None:
    line1, line2 = td3("MYS", "A12345678")
    assert found(f"{line1}\n{line2.replace('A12345678', 'A12345679')}") == []


def test_wrong_line_lengths_are_ignored() -> None:
    line1, line2 = td3("SGP", "E1234567A")
    assert found(f"{line1}<\n{line2}") == []
    assert found(f"{line1}\n{line2[:-1]}") == []


def test_requested_entities_filter_results() -> None:
    text = "\n".join(td3("MYS", "A12345678"))
    assert found(text, ["SG_PASSPORT"]) == []
    assert found(text, ["MY_PASSPORT"]) == [("MY_PASSPORT", "A12345678", 1.0)]
    assert found(text, ["MRZ_DOCUMENT"]) == [("MY_PASSPORT", "A12345678", 1.0)]


def test_several_mrzs_in_one_text() -> None:
    text = "\n\n".join(["\n".join(td3("SGP", "E1234567A")), "\n".join(td1("KHM", "123456789"))])
    assert found(text) == [("SG_PASSPORT", "E1234567A", 1.0), ("KH_NID", "123456789", 1.0)]


def test_pack_prefilter_matches_every_mrz_and_not_plain_text() -> None:
    (spec,) = load_pack(PACK).entities
    samples = [
        "\n".join(ICAO_TD3),
        "\n".join(ICAO_TD1),
        " ".join(td2("PHL", "AB1234567")),
        "\n".join(td3("SGP", "E1234567A", birth="90<<<<", sex="<")),
        "\n".join(td1("KHM", "123456789")),
    ]
    negatives = ["order 20261101-000123", "S1234567D", "P1234567A", "sha 9f1c2d3e4b5a6978a0b1c2d3e4f5"]
    prefilter = spec.effective_prefilter()
    assert prefilter is not None
    mask = pc.match_substring_regex(pa.array(samples + negatives), "(?i)" + prefilter).to_pylist()
    assert mask == [True] * len(samples) + [False] * len(negatives)
