"""The ways detection skips work must not change what it finds: the phone matcher's regions skipped when
a text's digits cannot be their numbers, its stop once a number fills the text (and the region order it
learns), recognizers' `could_match` pre-checks, typed columns, and the deferred tokenisation of blank
pipelines. Integer columns and machine numbers are where findings change on purpose: fewer false phone
numbers."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import phonenumbers
import pyarrow as pa
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from presidio_analyzer import EntityRecognizer, RecognizerResult

from jejak.config import load_config
from jejak.detection.detector import Detector
from jejak.detection.machine_ids import UUID_PATTERN
from jejak.detection.nlp_engine import DeferredNlpArtifacts
from jejak.detection.normalize import ValueNormalizer, ascii_digits
from jejak.detection.normalized_text import normalize_text
from jejak.recognizers import phone, phone_regions
from jejak.recognizers.loader import load_packs
from jejak.recognizers.pattern import PackPatternRecognizer
from jejak.recognizers.phone import ASEAN_REGIONS, RegionalPhoneRecognizer, hide_machine_numbers
from jejak.recognizers.phone_regions import RegionFilter
from jejak.scan.leaves import iter_leaves

ROOT = Path(__file__).resolve().parents[2]
FORMAT_E164 = PhoneNumberFormat.E164
#: National-format numbers of six countries, interleaved so the learnt region order keeps changing.
PHONE_COLUMN = [
    "9123 4567",
    "012-345 6789",
    "0812-3456-7890",
    "081 234 5678",
    "091 234 5678",
    "0917 123 4567",
    "8765 4321",
    "019-876 5432",
    " 0813 1111 2222 ",
    "+65 9123 4567",
    "0917 123 4567",
    "0917 765 4321",
]


#: Texts mixing numbers with and without a country code (the one-pass shortcut must not apply to them all).
PLUS_TEXTS = [
    "call +60 12-345 6789 now",
    "Hi user2999@example.com +62 812-3456-7890 pesanan 12345",
    "+65 9123 4567 or 03-2345 6789",
    "+60 12-345 6789 / MM 012345",
    "(+63) 917 123 4567 and 0917 765 4321",
    "+84 91 234 56 78, ref 2026-11-22 10:00",
    "+65 0812-3456-7890",  # the `+` number is invalid; the Indonesian number inside it is not
]
#: Where a matcher's candidates end and start inside a digit block (after an extension marker), and where
#: `parse` strips a national prefix twice after a country code written without `+`.
EDGE_TEXTS = [
    "9380#8637676294606260 - ",
    "929749289593 #0412586311482(",
    "8400899016299 - số ID . ",
    "call 0812 3456 7890 ext. 12",
]


def fuzzed_texts(count: int, seed: int = 8) -> list[str]:
    """Texts of real numbers of every region (national, international, E.164; some digits and separators
    changed), random digit blocks (some Thai digits, some longer than the matcher's block limit),
    separators, extension markers and words, in random order."""
    rng = random.Random(seed)
    examples = []
    for region in ASEAN_REGIONS:
        for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.TOLL_FREE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                examples += [
                    phonenumbers.format_number(number, form)
                    for form in (PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL, FORMAT_E164)
                ]
    pieces = [
        " ",
        "-",
        " - ",
        ".",
        "/",
        "(",
        ")",
        "+",
        "(+",
        ". ",
        "–",
        " x ",
        "#",
        "~",
        " ext. ",
        "＋",
        "(0)",
        "\n",
    ]
    words = ["call", "ref", "HP", "kad", "เบอร์", "số", "or"]

    def changed(number: str) -> str:
        return "".join(
            rng.choice("0123456789")
            if ch.isdigit() and rng.random() < 0.15
            else rng.choice(["", "-", "."])
            if ch == " " and rng.random() < 0.3
            else ch
            for ch in number
        )

    def digits() -> str:
        run = "".join(
            rng.choice("0123456789") for _ in range(rng.randint(1, 13) if rng.random() > 0.05 else 25)
        )
        return "".join("๐๑๒๓๔๕๖๗๘๙"[int(d)] for d in run) if rng.random() < 0.05 else run

    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.2:
                parts.append(changed(rng.choice(examples)))
            elif roll < 0.5:
                parts.append(digits())
            elif roll < 0.85:
                parts.append(rng.choice(pieces))
            else:
                parts.append(rng.choice(words) + " ")
        texts.append("".join(parts))
    return texts


def eval_texts_with_digits() -> list[str]:
    texts = []
    for path in (
        ROOT / "fixtures" / "eval" / "eval.jsonl",
        ROOT / "fixtures" / "eval_holdout" / "eval.jsonl",
    ):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            if any(ch.isdigit() for ch in text):
                texts.append(text)
    return texts


def every_region(text: str) -> list[tuple[int, int, float]]:
    """What one matcher pass per region finds, after Presidio's duplicate removal, in texts holding a
    candidate digit run (dates and dotted quads are not): the reference."""
    text = hide_machine_numbers(text)
    if not RegionalPhoneRecognizer.has_candidate(text):
        return []
    results = []
    for region in ASEAN_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            short = len(phonenumbers.national_significant_number(match.number)) <= 7
            score = 0.7 if match.raw_string.lstrip().startswith("+") else 0.4 if short else 0.55
            results.append(RecognizerResult("PHONE_NUMBER", match.start, match.end, score))
    return sorted((r.start, r.end, r.score) for r in EntityRecognizer.remove_duplicates(results))


def test_phone_shortcuts_find_what_every_region_finds() -> None:
    recognizer = RegionalPhoneRecognizer()
    texts = PHONE_COLUMN + PLUS_TEXTS + EDGE_TEXTS + eval_texts_with_digits() + PHONE_COLUMN
    assert len(texts) > 1000
    orders, tried = set(), []
    for text in texts:
        found = EntityRecognizer.remove_duplicates(recognizer.analyze(text, ["PHONE_NUMBER"]))
        assert sorted((r.start, r.end, r.score) for r in found) == every_region(text), text
        orders.add(recognizer._order[0])
        tried.append(len(recognizer._regions_for(hide_machine_numbers(text))))
    assert sum(tried) < len(texts) * len(ASEAN_REGIONS) / 3  # most regions are skipped
    assert len(orders) >= 4  # the order was learnt from the column and changed with it


def test_skipped_regions_could_not_have_found_anything() -> None:
    assert agreeing_with_every_region(RegionalPhoneRecognizer(), fuzzed_texts(2500)) > 300


def agreeing_with_every_region(recognizer: RegionalPhoneRecognizer, texts: list[str]) -> int:
    """Asserts the recognizer finds in each text what every region's matcher finds; returns how many texts
    hold a number (so a test can check it was not vacuous)."""
    with_numbers = 0
    for text in texts:
        expected = every_region(text)
        found = EntityRecognizer.remove_duplicates(recognizer.analyze(text, ["PHONE_NUMBER"]))
        assert sorted((r.start, r.end, r.score) for r in found) == expected, text
        with_numbers += bool(expected)
    return with_numbers


def test_could_match_is_exact_for_the_phone_recognizer() -> None:
    recognizer = RegionalPhoneRecognizer()
    for text in eval_texts_with_digits():
        if not recognizer.could_match(text):
            assert recognizer.analyze(text, ["PHONE_NUMBER"]) == [], text


def test_could_match_is_exact_for_pack_pattern_recognizers(detector: Detector) -> None:
    """No pattern matches: nothing found. Over eval texts, fuzzed numbers and hex ids around digit runs."""
    recognizers = [
        r for r in detector.built.engine.registry.recognizers if isinstance(r, PackPatternRecognizer)
    ]
    assert len(recognizers) > 20
    texts = eval_texts_with_digits() + fuzzed_texts(400, seed=11)
    texts += ["63023986356349dc", "3100600445635", "a3100600445635", "S1234567D", "๓๑๐๐๖๐๐๔๔๕๖๓๕", "ＳＧ"]
    rejected = 0
    for recognizer in recognizers:
        for text in texts:
            if not recognizer.could_match(text):
                rejected += 1
                normalized = normalize_text(text).text
                assert recognizer.analyze(normalized, recognizer.supported_entities) == [], (
                    recognizer.name,
                    text,
                )
    assert rejected > 1000
    th = next(r for r in recognizers if r.supported_entities == ["TH_TNIN"])
    assert not th.could_match("63023986356349dc") and th.could_match("๓๑๐๐๖๐๐๔๔๕๖๓๕")  # Thai digits: asked


@pytest.mark.parametrize(
    "text",
    [
        "event 91234567-aaaa-4bbb-accc-123456789012 done",
        "GrabFood/5.301.200 iOS/17.5",
        "okhttp/4.12.0 build/81234567.1",
    ],
)
def test_machine_numbers_are_not_phone_numbers(detector: Detector, text: str) -> None:
    assert every_region(text.replace("-aaaa", " ").replace("/", " ")) != []  # shaped like a phone alone
    assert [s for s in detector.analyze_text(text) if s.entity_type == "PHONE_NUMBER"] == []


def test_ipv4_addresses_are_not_phone_numbers(detector: Detector) -> None:
    """`83.0.28.199` is a valid Singapore number to the matcher; IP_ADDRESS wins the overlap when it is
    asked, but a scan for phone numbers alone reported it. Not an address: `256.1.1.1`, `1.2.3.4.5`."""
    text = "login from 83.0.28.199 ok"
    assert [m.raw_string for m in phonenumbers.PhoneNumberMatcher(text, "SG")] == ["83.0.28.199"]
    assert detector.analyze_text(text, entities=["PHONE_NUMBER"]) == []
    assert hide_machine_numbers("256.1.1.1 / 1.2.3.4.5 / 024.1.1.1") == "256.1.1.1 / 1.2.3.4.5 / 024.1.1.1"
    beside = "83.0.28.199 call 0812 3456 7890"
    spans = detector.analyze_text(beside, entities=["PHONE_NUMBER", "IP_ADDRESS"])
    assert [(s.entity_type, beside[s.start : s.end]) for s in spans] == [
        ("IP_ADDRESS", "83.0.28.199"),
        ("PHONE_NUMBER", "0812 3456 7890"),
    ]


def test_a_phone_number_beside_a_uuid_is_still_found(detector: Detector) -> None:
    text = "id 91234567-aaaa-4bbb-accc-123456789012 call 9123 4567"
    spans = [s for s in detector.analyze_text(text) if s.entity_type == "PHONE_NUMBER"]
    assert [text[s.start : s.end] for s in spans] == ["9123 4567"]


def test_integer_columns_hold_phone_numbers_only_when_named_for_them(detector: Detector) -> None:
    values = pa.array(["91234567", "81234567"])
    as_ids = list(detector.analyze_values(values, column=detector.column("user_id", integer=True)))
    assert as_ids == []
    as_phones = dict(detector.analyze_values(values, column=detector.column("phone_hp", integer=True)))
    assert {i: [s.entity_type for s in spans] for i, spans in as_phones.items()} == {
        0: ["PHONE_NUMBER"],
        1: ["PHONE_NUMBER"],
    }
    as_text = dict(detector.analyze_values(values, column=detector.column("user_id", integer=False)))
    assert len(as_text) == 2  # a string column is read as before


def test_integer_columns_still_hold_checksummed_ids(detector: Detector) -> None:
    nik = pa.array(["1271016806543116"])  # a NIK stored as int64 is still a NIK
    found = dict(detector.analyze_values(nik, column=detector.column("ktp", integer=True)))
    assert [s.entity_type for s in found[0]] == ["ID_NIK"]


def test_leaves_know_integer_columns() -> None:
    batch = pa.record_batch({"user_id": pa.array([1, 2], pa.int64()), "note": ["a", "b"]})
    assert {leaf.name: leaf.integer for leaf in iter_leaves(batch)} == {"user_id": True, "note": False}


def _spans(detector: Detector, values: list[str], typing: bool) -> dict[int, list[tuple[str, int, int]]]:
    column = detector.column("phone")
    column.typing = column.typing.model_copy(update={"enabled": typing, "sample_values": 20})
    found = {
        index: [(s.entity_type, s.start, s.end) for s in spans]
        for index, spans in detector.analyze_values(pa.array(values), column=column)
    }
    assert bool(column.typed) is typing
    return found


def test_a_typed_column_finds_what_a_full_reading_finds(detector: Detector) -> None:
    values = [f"+65 9{n:03d} {n * 7 % 10000:04d}" for n in range(100, 160)]
    odd = [
        "9123 4567 / S1234567D",  # a phone and an NRIC: the typed phone recognizer does not fill it
        "S1234567D",  # no phone recognizer asked at all
        "call me: alice.tan@example.com",
        "",
        "0917 123 4567",
    ]
    values += odd
    typed = _spans(detector, values, typing=True)
    assert typed == _spans(detector, values, typing=False)
    by_value = {values[i]: [entity for entity, _, _ in spans] for i, spans in typed.items()}
    assert by_value["9123 4567 / S1234567D"] == ["PHONE_NUMBER", "SG_NRIC_FIN"]
    assert by_value["S1234567D"] == ["SG_NRIC_FIN"]
    assert by_value["call me: alice.tan@example.com"] == ["EMAIL_ADDRESS"]


def test_free_text_columns_are_not_typed(detector: Detector) -> None:
    column = detector.column("notes")
    column.typing = column.typing.model_copy(update={"sample_values": 10})
    texts = [f"Hubungi Siti di 0812-3456-{n:04d} besok" for n in range(7000, 7020)]
    assert len(list(detector.analyze_values(pa.array(texts), column=column))) == 20
    assert column.decided and column.typed == ()


def test_typing_is_a_detection_setting() -> None:
    config = load_config(overrides={"detection": {"column_typing": {"enabled": False}}})
    packs = load_packs()
    assert (
        Detector(config.detection, packs).fingerprint != Detector(load_config().detection, packs).fingerprint
    )
    with pytest.raises(Exception, match="min_share"):
        load_config(overrides={"detection": {"column_typing": {"min_share": 0}}})


def test_blank_pipelines_tokenise_only_when_asked(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = detector.built.nlp_engine
    calls: list[str] = []
    real = type(engine).tokenize
    monkeypatch.setattr(
        type(engine), "tokenize", lambda self, text, lang: calls.append(text) or real(self, text, lang)
    )
    detector.analyze_text("Hubungi Siti Aminah di 0812-3456-7890 atau S1234567D", language="id")
    assert calls == []
    artifacts = engine.process_text("Ali bin Abu", "en")
    assert isinstance(artifacts, DeferredNlpArtifacts) and artifacts.entities == []
    assert [token.text for token in artifacts.tokens] == ["Ali", "bin", "Abu"]
    assert calls == ["Ali bin Abu"]


def test_e164_normalising_skips_only_regions_that_could_not_parse_the_number() -> None:
    normalizer = ValueNormalizer(ASEAN_REGIONS)
    recognizer = RegionalPhoneRecognizer()

    def every_region_e164(value: str) -> str:
        value = ascii_digits(value).strip()
        for region in (None, *ASEAN_REGIONS):
            try:
                number = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, FORMAT_E164)
        return "".join(ch for ch in value if ch.isdigit() or ch == "+")

    values = PHONE_COLUMN + PLUS_TEXTS + EDGE_TEXTS
    for text in fuzzed_texts(1500, seed=3):
        values += [text] + [text[r.start : r.end] for r in recognizer.analyze(text, ["PHONE_NUMBER"])]
    assert len(values) > 2000
    assert [normalizer.normalize("e164", value) for value in values] == [
        every_region_e164(value) for value in values
    ]


def test_regions_stop_once_what_they_could_read_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"tolong hubungi {number.strip()} sebelum jam 5" for number in PHONE_COLUMN] + PLUS_TEXTS

    def passes(recognizer: RegionalPhoneRecognizer) -> tuple[int, list[list[tuple[int, int, float]]]]:
        count = 0
        real = recognizer._match

        def counting(*args: object) -> None:
            nonlocal count
            count += 1
            real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(recognizer, "_match", counting)
        found = [
            sorted((r.start, r.end, r.score) for r in recognizer.analyze(text, ["PHONE_NUMBER"]))
            for text in texts
        ]
        return count, found

    stopping, found = passes(RegionalPhoneRecognizer())
    every = RegionalPhoneRecognizer()
    monkeypatch.setattr(every, "_left_for", lambda *args: True)
    all_passes, found_by_all = passes(every)
    assert found == found_by_all == [every_region(text) for text in texts]
    assert stopping < all_passes * 0.8


@pytest.mark.parametrize(
    ("text", "unglued"),
    [
        ("order DH2026041288 done", "order 2026041288 done"),
        ("pay 0812345678USD", "pay 0812345678 USD"),
        ("ref 0812345678€ ok", "ref 0812345678 ok"),
        ("page 12-34 (2019", None),
    ],
)
def test_pieces_the_matcher_rejects_before_parsing_need_no_region(text: str, unglued: str | None) -> None:
    """Glued to letters or a currency sign, or a page reference: no region's matcher parses them."""
    assert every_region(text) == []
    assert RegionFilter(ASEAN_REGIONS).regions(text) == set()
    if unglued is not None:  # the same digits on their own would be read
        assert RegionFilter(ASEAN_REGIONS).regions(unglued)


def test_digit_groups_are_read_whole_unless_an_extension_could_follow() -> None:
    """`parse` cuts an extension off only after a label, `#`, `~`, `,` or `;`: without one, a card number
    in groups of four is 16 digits, no region's number, and needs no matcher; with one, its first groups
    may be a number. Checked against every region's matcher on generated groups with and without marks."""
    regions = RegionFilter(ASEAN_REGIONS)
    assert regions.regions("card 5418 8377 6660 1025 declined") == set()
    assert regions.regions("card 5458-1215-7464-3326 declined") == set()
    assert regions.regions("call 6123 4567 x12") and every_region("call 6123 4567 x12")
    rng = random.Random(4)
    marks = [",", ";", ",,", " int ", "ｘ", "＃", "~", " ext", " x", "#", "; ext=", " anexo "]
    texts = []
    for _ in range(800):
        groups = [str(rng.randint(10, 99999)) for _ in range(rng.randint(2, 5))]
        body = rng.choice([" ", "-", ".", " - "]).join(groups)
        if rng.random() < 0.5:
            body += rng.choice(marks) + str(rng.randint(1, 9999))
        texts.append(rng.choice(["", "call ", "card "]) + body + rng.choice(["", " ok", "#", "."]))
    # numbers, some with extensions, among mostly random groups
    assert agreeing_with_every_region(RegionalPhoneRecognizer(), texts) >= 20


def test_an_entity_is_asked_when_any_of_its_recognizers_could_match(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two recognizers of one entity: one ruling a text out does not speak for the other."""
    monkeypatch.setitem(detector._could_match, "SG_NRIC_FIN", [lambda text: False, lambda text: "S" in text])
    assert detector._may_find("SG_NRIC_FIN", "S1234567D")
    assert not detector._may_find("SG_NRIC_FIN", "1234567")
    assert detector._may_find("CREDIT_CARD", "anything")  # Presidio's card recognizer has no pre-check
    spans = detector.analyze_values(pa.array(["NRIC S1234567D"]), column=detector.column("notes"))
    assert [s.entity_type for _, found in spans for s in found] == ["SG_NRIC_FIN"]


def access_log_lines(count: int, seed: int = 5) -> list[str]:
    """Web-server log lines: an IP, a timestamp, a request with ids, status and size (a 3- and a 4-digit
    group read as a Brunei number), latency, user agents with version numbers; some with a phone in the
    query."""
    rng = random.Random(seed)
    agents = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36", "okhttp/4.9.3", "-"]
    lines = []
    for _ in range(count):
        ip = ".".join(str(rng.randint(1, 254)) for _ in range(4))
        stamp = f"[23/Nov/2026:0{rng.randint(0, 9)}:{rng.randint(10, 59)}:{rng.randint(10, 59)} +0800]"
        query = rng.choice(
            ["", f"?id={rng.randint(1000, 999999)}", f"?phone=0812{rng.randint(10**7, 10**8 - 1)}"]
        )
        status, size = rng.choice([200, 301, 404, 500]), rng.randint(10, 99999)
        lines.append(
            f'{ip} - - {stamp} "GET /api/v1/orders{query} HTTP/1.1" {status} {size} "-" '
            f'"{rng.choice(agents)}" 0.{rng.randint(0, 999):03d}'
        )
    return lines


def test_matchers_parse_only_candidates_their_region_could_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """`SkippingMatcher` answers no match for a candidate holding no piece its region could read, without
    parsing it: what every region's full matcher finds is still found, with a fraction of the parsing."""
    lines = access_log_lines(300)
    assert agreeing_with_every_region(RegionalPhoneRecognizer(), lines) > 100

    parsed = []
    original = phonenumbers.phonenumbermatcher.PhoneNumberMatcher._parse_and_verify

    def counting(self: object, candidate: str, offset: int) -> object:
        parsed.append(candidate)
        return original(self, candidate, offset)

    monkeypatch.setattr(phonenumbers.phonenumbermatcher.PhoneNumberMatcher, "_parse_and_verify", counting)
    recognizer = RegionalPhoneRecognizer()
    for line in lines:
        recognizer.analyze(line, ["PHONE_NUMBER"])
    skipping = len(parsed)
    parsed.clear()
    monkeypatch.setattr(phone_regions, "_SKIPPABLE", False)
    for line in lines:
        recognizer.analyze(line, ["PHONE_NUMBER"])
    assert skipping * 3 < len(parsed)


def test_machine_numbers_found_behind_the_look_ahead_are_those_of_the_plain_alternation() -> None:
    plain = re.compile(rf"{UUID_PATTERN}|{phone._IPV4}|(?<=/)\d+(?:\.\d+)+")
    texts = EDGE_TEXTS + eval_texts_with_digits() + fuzzed_texts(2000)
    texts += [
        '10.0.0.1 - - [02/Nov/2026:10:00:00 +0700] "GET /api HTTP/1.1" 200 512 "-" "GrabFood/5.301.200"',
        "id 123e4567-e89b-12d3-a456-426614174000 from 256.1.1.1 and 1.2.3.4.5, v/1.2 /x.9",
        "A0c1E2f3-0000-0000-0000-000000000000 f/0.0",
    ]
    hidden = 0
    for text in texts:
        assert [m.span() for m in phone._MACHINE_NUMBERS.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text
        hidden += hide_machine_numbers(text) != text
    assert hidden > 50
