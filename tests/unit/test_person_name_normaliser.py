"""PERSON values are case- and accent-folded before keyed hashing, so one person's spellings meet.

Accents go from Latin letters only: Thai, Lao, Khmer and Burmese marks are vowels and tones, and dropping
them would merge different people. The CLI test goes from a scanned CSV to `jejak subject find`, the way a
privacy officer would type the name.
"""

from __future__ import annotations

import json
import typing
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jejak.cli.main import cli
from jejak.config import load_config
from jejak.detection.detector import Detector, detector_fingerprint
from jejak.detection.normalize import ValueNormalizer, person_name
from jejak.recognizers.loader import load_packs
from jejak.recognizers.pack import EntitySpec


@pytest.mark.parametrize(
    "spelling",
    [
        "Nguyễn Văn An",
        "NGUYỄN VĂN AN",
        "NGUYEN VAN AN",
        "nguyen  van an",
        " Nguyen\tVan\u00a0An \n",
        # decomposed input (macOS file names, some keyboards): e + circumflex + tilde as separate marks
        unicodedata.normalize("NFD", "Nguyễn Văn An"),
        "Ｎｇｕｙｅｎ\u3000Ｖａｎ\u3000Ａｎ",  # full-width, as Japanese/Chinese IMEs type it
    ],
)
def test_vietnamese_spellings_hash_alike(detector: Detector, spelling: str) -> None:
    assert detector.normalize("PERSON", spelling) == "nguyen van an"


@pytest.mark.parametrize(
    ("spelling", "folded"),
    [
        ("Đặng Thị Ơn", "dang thi on"),  # đ has no decomposition: its stroke is part of the letter
        ("Trương Thị Hường", "truong thi huong"),  # horn (ư, ơ) and the tone mark on top of it
        ("José Ñoño Peña", "jose nono pena"),  # Filipino/Spanish names
        ("SITI NURHALIZA binti TARUDIN", "siti nurhaliza binti tarudin"),
        ("Strauß", "strauss"),  # casefold, not lower(): ß is ss
        ("Łukasz Øre", "lukasz ore"),
    ],
)
def test_latin_names_lose_case_and_accents(spelling: str, folded: str) -> None:
    assert ValueNormalizer().normalize("person_name", spelling) == folded


def test_thai_names_differing_in_vowel_marks_stay_apart() -> None:
    somchai_aay, somchai_ai = "สมชาย ใจดี", "สมชัย ใจดี"  # two names: SARA AA + YO YAK vs MAI HAN-AKAT
    assert person_name(somchai_aay) != person_name(somchai_ai)
    assert person_name("สมชาย   ใจดี") == somchai_aay  # only the whitespace changed
    # tone marks too: ก้อง (mai tho) and ก่อง (mai ek) are different syllables
    assert person_name("ก้อง") != person_name("ก่อง")
    # SARA AM is a compatibility character: NFKC would split it into NIKHAHIT + SARA AA; kept as written
    assert person_name("คำ") == "คำ"


@pytest.mark.parametrize(
    "name",
    [
        "ဦးအောင်ဆန်း",  # Burmese: the U-with-II letter decomposes under NFD and must come back composed
        "ဒေါ်အောင်ဆန်းစုကြည်",
        "សុខ ចាន់ដារ៉ា",  # Khmer
        "ສົມພອນ ຄຳ",  # Lao, with SARA AM
        "张伟",
    ],
)
def test_other_scripts_are_unchanged_apart_from_whitespace(name: str) -> None:
    assert person_name(name) == name
    assert person_name(f"  {name.replace(' ', '   ')}\t") == name


def test_burmese_vowel_signs_are_not_dropped() -> None:
    """MYANMAR VOWEL SIGN ... characters are combining marks (category Mn/Mc) like Latin accents are."""
    assert person_name("မောင်မောင်") != person_name("မင်မင်")
    assert len(person_name("အောင်")) == len("အောင်")


def test_every_normaliser_a_pack_may_name_exists() -> None:
    """The pack schema enumerates normaliser names; a name it accepts but ValueNormalizer lacks would only
    fail mid-scan, at the first finding of that type."""
    annotation = EntitySpec.model_fields["normalizer"].annotation
    names = typing.get_args(annotation)
    assert "person_name" in names
    normalizer = ValueNormalizer()
    for name in names:
        normalizer.normalize(name, "Ab 1")


def test_only_the_person_pack_defines_names_and_it_folds_them() -> None:
    specs = [entity for pack in load_packs() for entity in pack.entities]
    people = [entity for entity in specs if entity.entity == "PERSON" or "PERSON" in entity.reports]
    assert [(entity.entity, entity.normalizer) for entity in people] == [("PERSON", "person_name")]


def test_changing_a_normaliser_changes_the_detector_fingerprint() -> None:
    """Incremental scans reuse findings only while the detector fingerprint stays: the old PERSON hashes
    (normaliser `strip`) must be recomputed, not kept."""
    config = load_config().detection
    packs = load_packs()
    before = [
        pack.model_copy(
            update={
                "entities": tuple(
                    entity.model_copy(update={"normalizer": "strip"}) if entity.entity == "PERSON" else entity
                    for entity in pack.entities
                )
            }
        )
        for pack in packs
    ]
    assert detector_fingerprint(config, packs, ner=False) != detector_fingerprint(config, before, ner=False)


PEOPLE_CSV = "id,name,note\n1,Nguyễn Văn An,khách hàng\n2,Trần Thị Bình,ok\n3,สมชาย ใจดี,ลูกค้า\n"


@pytest.fixture
def scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A CSV of three people scanned into a fresh SQLite catalog (key file in the temp dir)."""
    monkeypatch.chdir(tmp_path)
    for name in ("JEJAK_HASH_KEY", "JEJAK_CATALOG"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    result = _run(tmp_path, "scan", str(tmp_path / "people.csv"), "--quiet", "--format", "json")
    assert result.exit_code == 0, result.output
    return tmp_path


def _run(workdir: Path, *args: str) -> Result:
    options = ["--catalog", f"sqlite:///{workdir / 'catalog.db'}"]
    return CliRunner().invoke(cli, [*args, *options], catch_exceptions=False)


def _find(workdir: Path, name: str) -> Result:
    return _run(workdir, "subject", "find", "--id", f"name={name}", "--format", "json")


def test_subject_find_meets_a_name_scanned_with_accents(scanned: Path) -> None:
    result = _find(scanned, "NGUYEN VAN AN")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    hits = [
        (asset["uri"], hit["column"], hit["row"]) for asset in document["assets"] for hit in asset["hits"]
    ]
    assert hits == [(str(scanned / "people.csv"), "name", 0)]
    assert "Nguy" not in result.stdout and "NGUYEN" not in result.stdout  # only the hash is shown


def test_subject_find_keeps_thai_names_with_other_vowels_apart(scanned: Path) -> None:
    found = _find(scanned, "สมชาย  ใจดี")
    assert found.exit_code == 0, found.output
    assert [hit["row"] for asset in json.loads(found.stdout)["assets"] for hit in asset["hits"]] == [2]
    other = _find(scanned, "สมชัย ใจดี")
    assert other.exit_code == 1, other.output  # NOT_FOUND: another person
