"""The transfer judge, table-driven over the shipped jurisdictions file and declared evidence."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from jejak.residency.hops import Hop, legs, remote_access_hops
from jejak.residency.judge import HopVerdict, Verdict, judge_hop, judge_path, worst
from jejak.residency.jurisdictions import Jurisdictions, Mechanism
from jejak.residency.transfers import OperatorProfile, RemoteAccess, TransferDeclaration

TODAY = date(2026, 6, 1)
PERSONAL = frozenset({"PERSON", "PHONE_NUMBER"})


@pytest.fixture(scope="module")
def rules() -> Jurisdictions:
    return Jurisdictions.load()


def hop(route: str, *, entities: frozenset[str] = PERSONAL, **extra: Any) -> Hop:
    source, target = route.split("->")
    fields: dict[str, Any] = {
        "source_dataset": f"s3://{source.lower()}-crm/customers.parquet",
        "target_dataset": f"s3://{target.lower()}-lake/customers.parquet",
    }
    fields.update(extra)
    return Hop(source_country=source, target_country=target, entity_types=entities, **fields)


def declared(route: str, mechanism: str, **extra: Any) -> TransferDeclaration:
    source, target = route.split("->")
    data = {
        "from": source,
        "to": target,
        "mechanism": mechanism,
        "evidence": "DPA-2025-017 signed 2025-03-01",
    }
    return TransferDeclaration.model_validate({**data, **extra})


@dataclass(frozen=True)
class Case:
    id: str
    hop: Hop
    declarations: tuple[TransferDeclaration, ...]
    verdict: Verdict
    reason: str = ""
    mechanism: Mechanism | None = None
    operator: OperatorProfile = field(default_factory=OperatorProfile)


TELECOM_IN_VN = OperatorProfile(sectors={"VN": ("telecom",)})
FINANCE = frozenset({"PERSON", "CREDIT_CARD"})

CASES = [
    Case(
        "sg-us contract",
        hop("SG->US"),
        (declared("SG->US", "contract"),),
        Verdict.OK,
        "accepted by Singapore",
        Mechanism.CONTRACT,
    ),
    Case("sg-us undeclared", hop("SG->US"), (), Verdict.MISSING_BASIS, "no declaration covers"),
    Case(
        "sg-us declaration for another route",
        hop("SG->US"),
        (declared("SG->JP", "contract"),),
        Verdict.MISSING_BASIS,
        "no declaration covers",
    ),
    Case(
        "sg-us mechanism singapore does not accept",
        hop("SG->US"),
        (declared("SG->US", "tia_dossier"),),
        Verdict.MISSING_BASIS,
        "Singapore does not accept tia_dossier",
    ),
    Case(
        "vn-sg tia_dossier without dossier_ref",
        hop("VN->SG"),
        (declared("VN->SG", "tia_dossier"),),
        Verdict.MISSING_BASIS,
        "names tia_dossier but has no dossier_ref",
    ),
    Case(
        "vn-sg tia_dossier with dossier_ref",
        hop("VN->SG"),
        (declared("VN->SG", "tia_dossier", dossier_ref="A05-CTIA-2026-0042"),),
        Verdict.OK,
        "accepted by Vietnam",
        Mechanism.TIA_DOSSIER,
    ),
    Case(
        "vn-sg contract is not enough",
        hop("VN->SG"),
        (declared("VN->SG", "contract"),),
        Verdict.MISSING_BASIS,
        "Vietnam does not accept contract",
    ),
    Case(
        "expired declaration",
        hop("SG->US"),
        (declared("SG->US", "contract", expires=date(2026, 5, 31)),),
        Verdict.MISSING_BASIS,
        "expired on 2026-05-31",
    ),
    Case(
        "declaration expiring today still counts",
        hop("SG->US"),
        (declared("SG->US", "contract", expires=TODAY),),
        Verdict.OK,
    ),
    Case(
        "expired first, live second",
        hop("SG->US"),
        (declared("SG->US", "contract", expires=date(2025, 1, 1)), declared("SG->US", "cbpr")),
        Verdict.OK,
        "expired on 2025-01-01",
        Mechanism.CBPR,
    ),
    Case(
        "must_not_leave even when declared",
        hop("US->CN", entities=FINANCE),
        (declared("US->CN", "contract"),),
        Verdict.LOCALISATION_BREACH,
        "CREDIT_CARD must not go to CN, whatever is declared",
    ),
    Case("must_not_leave to hong kong", hop("US->HK", entities=FINANCE), (), Verdict.LOCALISATION_BREACH),
    Case(
        "must_not_leave spares other categories",
        hop("US->CN"),
        (),
        Verdict.NOT_REGULATED,
        "does not regulate transfers",
    ),
    Case(
        "must_not_leave spares other destinations", hop("US->SG", entities=FINANCE), (), Verdict.NOT_REGULATED
    ),
    Case(
        "adequacy to a listed destination",
        hop("JP->EU"),
        (declared("JP->EU", "adequacy"),),
        Verdict.OK,
        mechanism=Mechanism.ADEQUACY,
    ),
    Case(
        "adequacy to a member state of a listed group",
        hop("JP->DE"),
        (declared("JP->DE", "adequacy"),),
        Verdict.OK,
        mechanism=Mechanism.ADEQUACY,
    ),
    Case(
        "adequacy to an unlisted destination",
        hop("JP->SG"),
        (declared("JP->SG", "adequacy"),),
        Verdict.MISSING_BASIS,
        "SG is not on Japan's adequacy list",
    ),
    Case(
        "adequacy where the list is empty",
        hop("ID->US"),
        (declared("ID->US", "adequacy"),),
        Verdict.MISSING_BASIS,
        "US is not on Indonesia's adequacy list",
    ),
    Case(
        "adequacy conditions are reported",
        hop("DE->US"),
        (declared("EU->US", "adequacy"),),
        Verdict.OK,
        "Data Privacy Framework",
    ),
    Case(
        "no transfer rules: cambodia", hop("KH->TH"), (), Verdict.NOT_REGULATED, "Cambodia does not regulate"
    ),
    Case("no transfer rules: myanmar", hop("MM->SG"), (), Verdict.NOT_REGULATED),
    Case("basis not required: india", hop("IN->US"), (), Verdict.OK, "allows exports unless"),
    Case("no rules for the exporter", hop("NO->SG"), (), Verdict.UNKNOWN_JURISDICTION, "no rules for NO"),
    Case(
        "china standard contract needs its filing",
        hop("CN->SG"),
        (declared("CN->SG", "contract"),),
        Verdict.MISSING_BASIS,
        "no dossier_ref",
    ),
    Case(
        "keep_local_copy binds the declared sector",
        hop("VN->SG"),
        (declared("VN->SG", "tia_dossier", dossier_ref="A05-1"),),
        Verdict.LOCALISATION_BREACH,
        "none is recorded for this hop",
        operator=TELECOM_IN_VN,
    ),
    Case(
        "keep_local_copy satisfied by a local copy",
        hop("VN->SG", has_local_copy=True),
        (declared("VN->SG", "tia_dossier", dossier_ref="A05-1"),),
        Verdict.OK,
        "a local copy stays in VN, as required",
        Mechanism.TIA_DOSSIER,
        operator=TELECOM_IN_VN,
    ),
    Case(
        "keep_local_copy with a copy still needs a basis",
        hop("VN->SG", has_local_copy=True),
        (),
        Verdict.MISSING_BASIS,
        "a local copy stays",
        operator=TELECOM_IN_VN,
    ),
    Case(
        "keep_local_copy ignores other sectors",
        hop("VN->SG"),
        (declared("VN->SG", "tia_dossier", dossier_ref="A05-1"),),
        Verdict.OK,
        operator=OperatorProfile(sectors={"VN": ("finance",), "ID": ("telecom",)}),
    ),
    Case(
        "dataset glob matches",
        hop("SG->US"),
        (declared("SG->US", "contract", datasets=["s3://sg-crm/*"]),),
        Verdict.OK,
    ),
    Case(
        "dataset glob matches the target",
        hop("SG->US"),
        (declared("SG->US", "contract", datasets=["s3://us-lake/*.parquet"]),),
        Verdict.OK,
    ),
    Case(
        "dataset glob misses",
        hop("SG->US"),
        (declared("SG->US", "contract", datasets=["s3://sg-hr/*"]),),
        Verdict.MISSING_BASIS,
        "no declaration covers s3://sg-crm/customers.parquet",
    ),
    Case(
        "openlineage names match too",
        hop("SG->US", source_dataset="postgres://sg-db:5432:crm.public.users"),
        (declared("SG->US", "contract", datasets=["postgres://sg-db:5432:crm.*"]),),
        Verdict.OK,
    ),
    Case(
        "job glob matches",
        hop("SG->US", job="airflow.nightly_export"),
        (declared("SG->US", "contract", jobs=["airflow.*"]),),
        Verdict.OK,
    ),
    Case(
        "job glob needs a job",
        hop("SG->US"),
        (declared("SG->US", "contract", jobs=["airflow.*"]),),
        Verdict.MISSING_BASIS,
    ),
    Case("declaration from the EU group", hop("IE->SG"), (declared("EU->SG", "contract"),), Verdict.OK),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_judge_hop(rules: Jurisdictions, case: Case) -> None:
    verdict = judge_hop(case.hop, rules, case.declarations, TODAY, operator=case.operator)
    assert verdict is not None
    assert verdict.verdict is case.verdict, verdict.reasons
    assert any(case.reason in reason for reason in verdict.reasons), verdict.reasons
    if case.mechanism is not None:
        assert verdict.mechanism_used is case.mechanism
    if case.verdict is not Verdict.OK:
        assert verdict.mechanism_used is None
    assert all("\n" not in reason for reason in verdict.reasons)


@pytest.mark.parametrize(
    "not_a_hop",
    [
        hop("SG->SG"),
        hop("SG->US", entities=frozenset()),
        hop("DE->IE"),  # member to member: the same regime, no transfer
    ],
    ids=["same country", "no personal data", "within the EU"],
)
def test_not_a_hop(rules: Jurisdictions, not_a_hop: Hop) -> None:
    assert judge_hop(not_a_hop, rules, (), TODAY) is None


def test_the_exporter_judges_and_regimes_are_named(rules: Jurisdictions) -> None:
    verdict = judge_hop(hop("DE->SG"), rules, (), TODAY)
    assert verdict is not None and verdict.regime == "EU"
    assert (
        Mechanism.ADEQUACY in verdict.mechanisms_accepted
        and Mechanism.CONTRACT in verdict.mechanisms_accepted
    )


def test_applied_rules_carry_text_source_and_flags(rules: Jurisdictions) -> None:
    verdict = judge_hop(
        hop("VN->SG"), rules, (declared("VN->SG", "tia_dossier", dossier_ref="A05-9"),), TODAY
    )
    assert verdict is not None and verdict.verdict is Verdict.OK
    keys = [rule.key for rule in verdict.rules]
    assert keys == ["VN.transfer", "VN.transfer.mechanisms[0]"]
    assert all(rule.rule_text and rule.source for rule in verdict.rules)
    assert verdict.verified and verdict.evidence and verdict.dossier_ref == "A05-9"


# -- remote access -----------------------------------------------------------------------------------------


def test_remote_access_into_vietnam_is_a_transfer(rules: Jurisdictions) -> None:
    accesses = [RemoteAccess.model_validate({"dataset": "s3://vn-*", "from": "SG", "by": "group support"})]
    hops = remote_access_hops("s3://vn-crm/users.parquet", "VN", PERSONAL, accesses)
    assert len(hops) == 1 and hops[0].kind == "remote_access" and hops[0].has_local_copy
    undeclared = judge_hop(hops[0], rules, (), TODAY)
    assert undeclared is not None and undeclared.verdict is Verdict.MISSING_BASIS
    assert any("counts access from abroad as a transfer" in reason for reason in undeclared.reasons)
    assert not undeclared.verified  # the remote-access rule rests on law-firm sources
    filed = judge_hop(hops[0], rules, (declared("VN->SG", "tia_dossier", dossier_ref="A05-7"),), TODAY)
    assert filed is not None and filed.verdict is Verdict.OK


def test_remote_access_satisfies_keep_local_copy(rules: Jurisdictions) -> None:
    (access,) = remote_access_hops(
        "s3://vn-crm/users.parquet",
        "VN",
        PERSONAL,
        [RemoteAccess.model_validate({"dataset": "*", "from": "SG"})],
    )
    verdict = judge_hop(access, rules, (), TODAY, operator=TELECOM_IN_VN)
    assert verdict is not None and verdict.verdict is Verdict.MISSING_BASIS  # not a localisation breach


def test_remote_access_where_the_regime_is_silent_is_judged_as_a_transfer(rules: Jurisdictions) -> None:
    (access,) = remote_access_hops(
        "s3://sg-crm/a",
        "SG",
        PERSONAL,
        [RemoteAccess.model_validate({"dataset": "s3://sg-crm/*", "from": "US"})],
    )
    verdict = judge_hop(access, rules, (), TODAY)
    assert verdict is not None and verdict.verdict is Verdict.MISSING_BASIS
    assert any("judged as one to be safe" in reason for reason in verdict.reasons)


def test_remote_access_declarations_only_cover_their_datasets() -> None:
    accesses = [
        RemoteAccess.model_validate({"dataset": "s3://vn-hr/*", "from": "SG"}),
        RemoteAccess.model_validate({"dataset": "*", "from": "VN"}),  # same country: not a hop
    ]
    assert remote_access_hops("s3://vn-crm/users.parquet", "VN", PERSONAL, accesses) == ()


# -- paths -------------------------------------------------------------------------------------------------


def test_pipeline_sg_us_vn_sg(rules: Jurisdictions) -> None:
    """Collected in Singapore, featurised in the US, labelled in Vietnam, trained on back in Singapore."""
    origin = "s3://sg-crm/customers.parquet"
    features, labels, train = (
        "s3://us-features/f.parquet",
        "file://vn-labels/l.jsonl",
        "s3://sg-train/t.parquet",
    )
    hops = [
        Hop(
            source_country="SG",
            target_country="US",
            source_dataset=origin,
            target_dataset=features,
            job="featurise",
            job_country="US",
            entity_types=PERSONAL,
            path=(origin,),
        ),
        Hop(
            source_country="US",
            target_country="VN",
            source_dataset=features,
            target_dataset=labels,
            job="label",
            job_country="VN",
            entity_types=PERSONAL,
            path=(origin, "featurise", features),
        ),
        Hop(
            source_country="VN",
            target_country="SG",
            source_dataset=labels,
            target_dataset=train,
            job="collect",
            job_country="SG",
            entity_types=PERSONAL,
            path=(origin, "featurise", features, "label", labels),
        ),
        Hop(
            source_country="SG",
            target_country="SG",
            source_dataset=train,
            target_dataset="s3://sg-models/m",
            job="train",
            job_country="SG",
            entity_types=PERSONAL,
        ),
    ]
    declarations = [
        declared("SG->US", "contract", datasets=["s3://sg-crm/*"]),
        declared("VN->SG", "tia_dossier", datasets=["file://vn-labels/*"]),  # filed? no reference given
    ]
    verdicts = judge_path(hops, rules, declarations, TODAY)
    summary = [(v.hop.source_country, v.hop.target_country, v.verdict) for v in verdicts]
    assert summary == [
        ("SG", "US", Verdict.OK),
        ("US", "VN", Verdict.NOT_REGULATED),
        ("VN", "SG", Verdict.MISSING_BASIS),
    ]
    assert "no dossier_ref" in " ".join(verdicts[2].reasons)
    assert [rule.key for rule in verdicts[2].rules] == ["VN.transfer", "VN.transfer.mechanisms[0]"]
    assert verdicts[2].hop.path[-1] == labels
    assert worst(verdicts) is Verdict.MISSING_BASIS

    filed = [declarations[0], declared("VN->SG", "tia_dossier", dossier_ref="A05-CTIA-2026-0042")]
    assert worst(judge_path(hops, rules, filed, TODAY)) is Verdict.OK


def test_a_job_in_a_third_country_splits_the_hop(rules: Jurisdictions) -> None:
    through_us = hop("SG->SG", job="dedupe", job_country="US")
    first, second = legs(through_us)
    assert (first.source_country, first.target_country, first.target_dataset) == ("SG", "US", "dedupe")
    assert (second.source_country, second.target_country, second.source_dataset) == ("US", "SG", "dedupe")
    assert second.path[-1] == "dedupe"
    verdicts = judge_path([through_us], rules, [], TODAY)
    assert [v.verdict for v in verdicts] == [Verdict.MISSING_BASIS, Verdict.NOT_REGULATED]
    assert legs(hop("SG->US", job="copy", job_country="US")) == (hop("SG->US", job="copy", job_country="US"),)


# -- verdict ordering and records ------------------------------------------------------------------------


def test_severity_orders_verdicts() -> None:
    order = sorted(Verdict, key=lambda verdict: verdict.severity)
    assert order == [
        Verdict.NOT_REGULATED,
        Verdict.OK,
        Verdict.UNKNOWN_JURISDICTION,
        Verdict.MISSING_BASIS,
        Verdict.LOCALISATION_BREACH,
    ]
    assert worst([]) is None
    assert (
        worst([Verdict.OK, Verdict.LOCALISATION_BREACH, Verdict.MISSING_BASIS]) is Verdict.LOCALISATION_BREACH
    )


def test_verdict_records_are_json(rules: Jurisdictions) -> None:
    verdict = judge_hop(hop("SG->US"), rules, (declared("SG->US", "contract"),), TODAY)
    assert isinstance(verdict, HopVerdict)
    record = json.loads(json.dumps(verdict.as_dict()))
    assert record["verdict"] == "ok" and record["mechanism_used"] == "contract" and record["from"] == "SG"
    assert record["rules"][0]["key"] == "SG.transfer"


# -- declaration models ------------------------------------------------------------------------------------


def test_declarations_read_from_yaml_keys() -> None:
    text = """
- from: VN
  to: SG
  mechanism: tia_dossier
  datasets: ["s3://vn-crm/*"]
  evidence: CTIA filed 2026-02-01
  dossier_ref: A05-CTIA-2026-0042
  expires: 2027-01-31
"""
    (declaration,) = (TransferDeclaration.model_validate(item) for item in yaml.safe_load(text))
    assert declaration.from_country == "VN" and declaration.expires == date(2027, 1, 31)
    assert declaration.model_dump(mode="json")["from"] == "VN"  # written back with the YAML keys


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"from": "SG", "to": "SG", "mechanism": "contract", "evidence": "x"}, "same"),
        ({"from": "SG", "to": "US", "mechanism": "sccs", "evidence": "x"}, "mechanism"),
        ({"from": "SG", "to": "US", "mechanism": "contract"}, "evidence"),
        ({"from": "sg", "to": "US", "mechanism": "contract", "evidence": "x"}, "from"),
        ({"from": "SG", "to": "US", "mechanism": "contract", "evidence": "x", "via": "JP"}, "via"),
    ],
)
def test_bad_declarations_are_rejected(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        TransferDeclaration.model_validate(data)


def test_operator_sectors_are_per_country() -> None:
    operator = OperatorProfile.model_validate({"sectors": {"VN": ["telecom"], "EU": ["finance"]}})
    assert operator.sectors_in("VN") == {"telecom"}
    assert operator.sectors_in("DE", "EU") == {"finance"}
    with pytest.raises(ValidationError):
        OperatorProfile.model_validate({"sectors": {"VN": ["Telecom Services"]}})
