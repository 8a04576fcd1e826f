"""The shipped jurisdictions table: complete, sourced, EU members mapped, and bad files named by key path."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from jejak.errors import ConfigError
from jejak.residency.jurisdictions import Jurisdictions, Mechanism, Sourced

ASEAN = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"}
DESTINATIONS = {"US", "EU", "CN", "JP", "IN", "AU", "KR"}


@pytest.fixture(scope="module")
def shipped() -> Jurisdictions:
    return Jurisdictions.load()


def _sourced(node: object, path: str) -> Iterator[tuple[str, Sourced]]:
    """Every sourced entry (rule, law, member list) in a model tree, with its key path."""
    if isinstance(node, Sourced):
        yield path, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _sourced(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, tuple | list):
        for index, item in enumerate(node):
            yield from _sourced(item, f"{path}[{index}]")


def test_shipped_file_covers_asean_and_destinations(shipped: Jurisdictions) -> None:
    assert set(shipped.regimes) == ASEAN | DESTINATIONS


def test_every_rule_carries_source_and_verified(shipped: Jurisdictions) -> None:
    entries = [
        entry for regime_id, regime in shipped.regimes.items() for entry in _sourced(regime, regime_id)
    ]
    assert len(entries) > 150
    for path, entry in entries:
        assert entry.source.strip(), path
        assert isinstance(entry.verified, bool), path
    # Each regime states its transfer, erasure, breach and AI-training rules, each sourced.
    for regime_id, regime in shipped.regimes.items():
        for part in (regime.transfer, regime.erasure, regime.breach, regime.ai_training):
            assert part.rule and part.source, regime_id


def test_a_verified_rule_never_rests_on_an_unverified_point(shipped: Jurisdictions) -> None:
    for regime_id, regime in shipped.regimes.items():
        for path, entry in _sourced(regime, regime_id):
            own_text = " ".join(value for value in vars(entry).values() if isinstance(value, str))
            if entry.verified:
                assert "UNVERIFIED" not in own_text and not entry.source.startswith("regimes.md"), path


def test_both_verified_and_unverified_rules_are_shipped(shipped: Jurisdictions) -> None:
    flags = {entry.verified for regime in shipped.regimes.values() for _, entry in _sourced(regime, "")}
    assert flags == {True, False}
    assert shipped.regimes["VN"].transfer.mechanisms[0].verified  # Decree 356 Art 18
    remote = shipped.regimes["VN"].transfer.remote_access_is_transfer
    assert remote is not None and remote.value and not remote.verified  # law-firm sources only


@pytest.mark.parametrize("member", ["DE", "IE", "FR", "NL", "GR", "PL", "de"])
def test_eu_member_states_resolve_to_the_eu_regime(shipped: Jurisdictions, member: str) -> None:
    assert shipped.regime_id_for(member) == "EU"
    assert shipped.regime_for(member) is shipped.regimes["EU"]


@pytest.mark.parametrize("outsider", ["GB", "CH", "NO", "HK", "TW", "ZZ"])
def test_non_members_and_unknown_countries_have_no_regime(shipped: Jurisdictions, outsider: str) -> None:
    assert shipped.regime_for(outsider) is None


def test_group_codes_cover_their_members(shipped: Jurisdictions) -> None:
    assert shipped.covers("EU", "DE") and shipped.covers("SG", "SG")
    assert not shipped.covers("EU", "GB") and not shipped.covers("DE", "IE")


def test_quoted_codes_survive_yaml(shipped: Jurisdictions) -> None:
    japan = shipped.regimes["JP"].transfer.adequacy[0]
    assert "NO" in japan.destinations  # a bare NO would have been read as false


def test_vietnam_needs_a_dossier_and_counts_remote_access(shipped: Jurisdictions) -> None:
    transfer = shipped.regimes["VN"].transfer
    found = transfer.mechanism(Mechanism.TIA_DOSSIER)
    assert found is not None and found[1].requires_dossier_ref
    assert transfer.remote_access_is_transfer is not None and transfer.remote_access_is_transfer.value


def test_sectors_lists_every_localisation_tag(shipped: Jurisdictions) -> None:
    assert {"telecom", "public_sector", "ciio"} <= shipped.sectors()


# -- bad files -------------------------------------------------------------------------------------------

_RULE = {"rule": "r", "source": "s", "verified": True}
_VALID: dict[str, Any] = {
    "version": 1,
    "jurisdictions": {
        "VN": {
            "name": "Vietnam",
            "transfer": {
                **_RULE,
                "regulated": True,
                "mechanisms": [{**_RULE, "mechanism": "tia_dossier", "requires_dossier_ref": True}],
            },
            "erasure": dict(_RULE),
            "breach": dict(_RULE),
            "ai_training": dict(_RULE),
        },
        "EU": {
            "name": "European Union",
            "members": {**_RULE, "countries": ["DE", "IE"]},
            "transfer": {**_RULE, "regulated": False},
            "erasure": dict(_RULE),
            "breach": dict(_RULE),
            "ai_training": dict(_RULE),
        },
    },
}


def _variant(path: str, value: Any) -> str:
    """The valid file with the value at dotted `path` replaced (a `-` value deletes the key)."""
    data = copy.deepcopy(_VALID)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value == "-":
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return yaml.safe_dump(data, sort_keys=False)


def test_the_minimal_file_is_valid() -> None:
    loaded = Jurisdictions.parse(yaml.safe_dump(_VALID))
    assert loaded.regime_id_for("IE") == "EU"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            _variant("jurisdictions.VN.transfer.mechanisms.0.mechanism", "sccs"),
            "jurisdictions.VN.transfer.mechanisms[0].mechanism: Input should be",
        ),
        (
            _variant("jurisdictions.VN.erasure.verified", "-"),
            "jurisdictions.VN.erasure.verified: Field required",
        ),
        (_variant("jurisdictions.VN.erasure.verified", "yes"), "jurisdictions.VN.erasure.verified"),
        (_variant("jurisdictions.VN.breach.source", ""), "jurisdictions.VN.breach.source"),
        (_variant("jurisdictions.VN.breach.hours", 72), "jurisdictions.VN.breach.hours: unknown key"),
        (
            _variant("jurisdictions.VN.transfer.mechanisms.0.requires_dossier_ref", False),
            "jurisdictions.VN.transfer: tia_dossier must set requires_dossier_ref: true",
        ),
        (
            _variant("jurisdictions.EU.transfer.mechanisms", [{**_RULE, "mechanism": "contract"}]),
            "jurisdictions.EU.transfer: regulated is false",
        ),
        (
            _variant("jurisdictions.EU.members.countries", ["DE", "VN"]),
            "members.countries: VN also has its own",
        ),
        (_variant("jurisdictions.EU.members.countries", ["de"]), "jurisdictions.EU.members.countries[0]"),
        (
            "jurisdictions:\n  NO:\n    name: Norway\n",
            "jurisdictions: key False is not a country code; quote",
        ),
        ("jurisdictions:\n  XYZ:\n    name: Nowhere\n", "jurisdictions.XYZ (key): String should match"),
        ("jurisdictions: [1, 2", "not valid YAML"),
        ("- a\n", "<top>"),
    ],
)
def test_bad_files_name_the_key_path(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as excinfo:
        Jurisdictions.parse(text, "custom.yaml")
    message = str(excinfo.value)
    assert message.startswith("custom.yaml: ") and fragment in message
    assert "\n" not in message


def test_a_user_file_is_named_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(_variant("jurisdictions.VN.transfer.regulated", "maybe"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mine\.yaml: jurisdictions\.VN\.transfer\.regulated"):
        Jurisdictions.load(path)
    with pytest.raises(ConfigError, match="cannot read jurisdictions file"):
        Jurisdictions.load(tmp_path / "absent.yaml")


def test_a_user_file_replaces_the_shipped_one(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(_VALID), encoding="utf-8")
    loaded = Jurisdictions.load(path)
    assert set(loaded.regimes) == {"VN", "EU"} and loaded.source == str(path)
