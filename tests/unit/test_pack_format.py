"""The pack format: strict validation, prefilters derived from patterns, phrases kept whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from jejak.errors import RecognizerPackError
from jejak.recognizers.loader import load_pack, load_packs
from jejak.recognizers.pack import strip_lookarounds


@pytest.mark.parametrize(
    ("regex", "stripped"),
    [
        (r"(?<![0-9A-Za-z])\d{13}(?![0-9A-Za-z])", r"(?:^|[^0-9A-Za-z])\d{13}(?:$|[^0-9A-Za-z])"),
        (r"\b[STFGM]\d{7}[A-Z]\b", r"\b[STFGM]\d{7}[A-Z]\b"),
        (r"(?<![(])x[)(](?=(a|b))y", r"(?:^|[^(])x[)(]y"),
        (r"\(?\d+(?!\))", r"\(?\d+"),
        (r"a(?<=\])b", r"ab"),
        (r"(?<!\d)12(?!\d)", r"(?:^|\D)12(?:$|\D)"),
        (r"\d{3}(?![0-9])-\d", r"\d{3}-\d"),  # a look-ahead in the middle cannot consume: dropped
    ],
)
def test_strip_lookarounds(regex: str, stripped: str) -> None:
    assert strip_lookarounds(regex) == stripped


def test_every_builtin_pack_loads_with_re2_prefilters() -> None:
    packs = load_packs()
    entities = {entity.entity for pack in packs for entity in pack.entities}
    assert {"SG_NRIC_FIN", "MY_NRIC", "ID_NIK", "TH_TNIN", "VN_CCCD", "EMAIL_ADDRESS"} <= entities
    for pack in packs:
        for entity in pack.entities:
            assert entity.evidence.strip(), f"{entity.entity} has no evidence"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "xx.yaml"
    path.write_text(body, encoding="utf-8")
    return path


PATTERN = "    patterns: [{name: p, regex: 'a', score: 0.5}]\n"


@pytest.mark.parametrize(
    ("entity_yaml", "message"),
    [
        ("    patterns: [{name: p, regex: 'a', score: 0.5, scor: 1}]\n", r"entities\.0\.patterns\.0\.scor"),
        (PATTERN + "    prefilter: '(a)\\1'\n", "RE2"),
        (PATTERN + "    validator: 'jejak.nope:is_valid'\n", "cannot be imported"),
        (PATTERN + "    reports: [SG_PASSPORT]\n", "reports"),
    ],
)
def test_bad_pack_is_one_clear_error(tmp_path: Path, entity_yaml: str, message: str) -> None:
    path = _write(
        tmp_path, "pack: xx\nversion: '1'\nentities:\n  - entity: XX_ID\n    evidence: test\n" + entity_yaml
    )
    with pytest.raises(RecognizerPackError, match=message):
        load_pack(path)


def test_context_phrases_stay_whole() -> None:
    (th,) = [e for p in load_packs() for e in p.entities if e.entity == "TH_TNIN"]
    words = th.context_words()
    assert "thai id" in words and "id" not in words
