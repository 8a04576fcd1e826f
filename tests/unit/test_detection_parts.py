"""Small pieces of the detection layer: masking, normalisation, overlaps, prefilter, language guess."""

from __future__ import annotations

import pyarrow as pa
import pytest

from jejak.detection.detector import context_from_name
from jejak.detection.language import guess_language
from jejak.detection.masking import mask_preview
from jejak.detection.normalize import ValueNormalizer
from jejak.detection.overlaps import resolve_overlaps
from jejak.detection.prefilter import Prefilter
from jejak.finding import Span


@pytest.mark.parametrize(
    ("value", "preview"),
    [("S1234567D", "S****567D"), ("+6591234567", "+****4567"), ("abcd", "****"), ("abcdef", "a****ef")],
)
def test_mask_preview(value: str, preview: str) -> None:
    assert mask_preview(value) == preview


@pytest.mark.parametrize(
    ("kind", "value", "normalised"),
    [
        ("lower", "Alice.Tan@Example.COM", "alice.tan@example.com"),
        ("digits", "900101-14-5678", "900101145678"),
        ("digits", "๓๑๐๐๖๐๐๔๔๕๖๓๕", "3100600445635"),
        ("upper_alnum", "s1234567d", "S1234567D"),
        ("e164", "+65 9123 4567", "+6591234567"),
        ("e164", "012-345 6789", "+60123456789"),
        ("ip", "2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        # MM_NRC: Latin, Latin initials and Burmese (with Burmese digits and the ဉ/ဥ slip) hash alike
        ("mm_nrc", "12/OUKAMA(N)123456", "12/ဥကမ(N)123456"),
        ("mm_nrc", "12/OKM(NAING)123456", "12/ဥကမ(N)123456"),
        ("mm_nrc", "၁၂/ဉကမ(နိုင်)၁၂၃၄၅၆", "12/ဥကမ(N)123456"),
        ("mm_nrc", "not an nrc", "NOTANNRC"),
        # LOCATION: abbreviations written out, punctuation dropped, Thai vowel signs kept
        (
            "address",
            "Blk 123 Ang Mo Kio Ave 3 #05-12 S(560123)",
            "block 123 ang mo kio avenue 3 #05-12 singapore 560123",
        ),
        (
            "address",
            "block 123, ang mo kio avenue 3, #05-12, Singapore 560123",
            "block 123 ang mo kio avenue 3 #05-12 singapore 560123",
        ),
        ("address", "No. 12, Jln Ampang, 50450 K.L.", "no 12 jalan ampang 50450 k l"),
        ("address", "123/45 ถ.สุขุมวิท แขวงคลองเตย", "123/45 ถนน สุขุมวิท แขวงคลองเตย"),
        (
            "address",
            "12 Đường Lê Lợi, P. Bến Thành, Q. 1, TP. HCM",
            "12 đường lê lợi phường bến thành quận 1 thành phố hcm",
        ),
    ],
)
def test_normalizer(kind: str, value: str, normalised: str) -> None:
    assert ValueNormalizer(("SG", "MY")).normalize(kind, value) == normalised


def test_overlap_prefers_national_id_over_generic_shape() -> None:
    nik = Span("ID_NIK", 0, 16, 0.75, "a")
    card = Span("CREDIT_CARD", 0, 16, 1.0, "b")
    other = Span("EMAIL_ADDRESS", 20, 30, 1.0, "c")
    kept = resolve_overlaps([card, nik, other], {"ID_NIK": 10})
    assert [s.entity_type for s in kept] == ["ID_NIK", "EMAIL_ADDRESS"]


def test_prefilter_masks_only_candidates() -> None:
    values = pa.array(["hello", "a@b.co", None, "", "S1234567D"])
    mask = Prefilter(["@", r"[STFGM]\d{7}[A-Z]"]).mask(values)
    assert mask.to_pylist() == [False, True, False, False, True]


def test_prefilter_without_regex_for_some_entity_passes_everything_non_empty() -> None:
    mask = Prefilter(["@", None]).mask(pa.array(["hello", None, ""]))
    assert mask.to_pylist() == [True, False, False]


@pytest.mark.parametrize(
    ("text", "language"),
    [("เลขบัตร 123", "th"), ("Số CCCD của tôi", "vi"), ("IC saya", "en"), ("ເລກບັດ", "en")],
)
def test_guess_language(text: str, language: str) -> None:
    # lo is not among the supported languages here, so Lao text falls back to the default
    assert guess_language(text, ("en", "th", "vi")) == language


def test_context_from_column_names() -> None:
    assert context_from_name("national_id") == ["national", "id"]
    assert context_from_name("phoneNumber") == ["phone", "number"]
    assert context_from_name("messages.content") == ["messages", "content"]


def test_detector_caches_short_values_only(detector) -> None:
    short = "call +65 9123 4567"
    long = short + " " + "x" * 400
    values = pa.array([short, long])
    before = len(detector._cache)
    first = dict(detector.analyze_values(values))
    assert len(detector._cache) == before + 1  # the long text is analysed, not kept
    second = dict(detector.analyze_values(values))
    assert first == second and set(first) == {0, 1}


def test_detection_makes_no_network_call(detector, monkeypatch: pytest.MonkeyPatch) -> None:
    """Email validation must use tldextract's bundled suffix list, never fetch it (a library may swallow
    the failure of an attempt, so attempts are recorded rather than only refused)."""
    import socket

    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from jejak.recognizers.email import OfflineEmailRecognizer, offline_extractor

    # a fresh extractor: its suffix list is loaded on first use, i.e. here, under the patch
    offline_extractor.cache_clear()
    assert OfflineEmailRecognizer().validate_result("someone.new@example.co.id")
    assert not OfflineEmailRecognizer().validate_result("someone.new@co.id")  # a suffix alone: no domain
    spans = detector.analyze_text("write to someone.new@example.co.id or +84 912 345 678")
    assert {s.entity_type for s in spans} == {"EMAIL_ADDRESS", "PHONE_NUMBER"}
    assert attempts == []


def test_spans_point_into_the_original_text(detector) -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Số CCCD của tôi là ") + "079190012345, gọi ๐๘๑ ๒๓๔ ๕๖๗๘"
    found = {(s.entity_type, text[s.start : s.end]) for s in detector.analyze_text(text)}
    assert found == {("VN_CCCD", "079190012345"), ("PHONE_NUMBER", "๐๘๑ ๒๓๔ ๕๖๗๘")}


def test_prefilter_sees_local_digits_as_ascii() -> None:
    values = pa.array(["เลขบัตร ๓๑๐๐๖๐๐๔๔๕๖๓๕", "no digits", "１２３４５６７８９０１２３"])
    assert Prefilter([r"\d{13}"]).mask(values).to_pylist() == [True, False, True]


def test_scan_path_finds_ids_in_local_digits(detector) -> None:
    values = pa.array(["เลขบัตรประชาชน ๓๑๐๐๖๐๐๔๔๕๖๓๕", "สวัสดีค่ะ"])
    ((index, spans),) = list(detector.analyze_values(values))
    assert index == 0 and [s.entity_type for s in spans] == ["TH_TNIN"]


def test_entity_reported_by_another_spec_can_be_asked_for_alone() -> None:
    """SG_PASSPORT is defined by the sg pack and also reported by the MRZ recognizer (icao `reports`)."""
    from jejak.config import load_config
    from jejak.detection.detector import Detector
    from jejak.recognizers.loader import load_packs

    config = load_config(overrides={"detection": {"entities": ["SG_PASSPORT"], "languages": ["en"]}})
    detector = Detector(config.detection, load_packs())
    mrz = "P<SGPERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36SGP7408122F1204159ZE184226B<<<<<10"
    spans = detector.analyze_text(mrz)
    assert [(s.entity_type, mrz[s.start : s.end]) for s in spans] == [("SG_PASSPORT", "L898902C3")]
    ((index, _),) = list(detector.analyze_values(pa.array(["nothing", mrz])))
    assert index == 1  # the MRZ prefilter is part of SG_PASSPORT's


def test_context_from_non_latin_column_names() -> None:
    assert context_from_name("họ tên") == ["họ", "tên"]
    assert context_from_name("ชื่อ-นามสกุล") == ["ชื่อ", "นามสกุล"]


def test_email_domains_are_validated_once_each_as_tldextract_reads_whole_addresses() -> None:
    from jejak.recognizers.email import OfflineEmailRecognizer, has_registered_domain, offline_extractor

    addresses = [
        "siti@example.co.id",
        "someone@co.id",  # a public suffix alone: no registered domain
        "a/b@example.com",  # tldextract reads `a` as the host: invalid, although the domain is fine
        "a?b@example.com",
        "a#b@example.com",
        "a//b@example.com",
        "x:y@example.com",
        "user@localhost",
        "u@192.168.1.10",
        "u@EXAMPLE.COM",
        "u@example.invalidtld",
        "a.b+tag@sub.example.gov.sg",
    ]
    recognizer = OfflineEmailRecognizer()
    has_registered_domain.cache_clear()
    for address in addresses * 2:
        assert recognizer.validate_result(address) == (offline_extractor()(address).fqdn != ""), address
    assert recognizer.validate_result("siti@example.co.id") and not recognizer.validate_result(
        "a/b@example.com"
    )
    assert has_registered_domain.cache_info().hits >= 9  # the second time round, from memory
