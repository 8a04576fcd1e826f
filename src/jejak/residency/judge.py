"""The judge: is each cross-border hop of personal data lawful under the exporting country's rules?

Pure functions over a `Hop`, the loaded `Jurisdictions`, the user's `TransferDeclaration`s and today's date.
The exporting country (the one the data leaves) judges, because that is the law a privacy officer answers
to for an outbound flow. In order:

1. not a hop: no personal data, same country, or same regime (EU member to member) -> None;
2. no rules for the exporter -> `unknown-jurisdiction` (never guessed as fine);
3. remote access where the regime says access is not a transfer -> `not-regulated`;
4. localisation: `must_not_leave` -> `localisation-breach` whatever is declared; `keep_local_copy` without
   a local copy -> `localisation-breach`;
5. a regime that does not regulate transfers -> `not-regulated`; one that needs no basis -> `ok`;
6. a live declaration for the route, datasets and job naming a mechanism the regime accepts (with a
   `dossier_ref` where the regime requires one, a destination on the adequacy list for `adequacy`) -> `ok`;
   otherwise `missing-basis`, with a reason for every declaration that came close.

Each verdict carries its reasons and the rules it applied (text, source, verified), so a report can show
counsel exactly which configured facts a verdict rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from jejak.residency.hops import Hop, legs
from jejak.residency.jurisdictions import Jurisdictions, LocalisationKind, Mechanism, Regime, Rule
from jejak.residency.transfers import OperatorProfile, TransferDeclaration, matches


class Verdict(StrEnum):
    OK = "ok"
    NOT_REGULATED = "not-regulated"
    UNKNOWN_JURISDICTION = "unknown-jurisdiction"
    MISSING_BASIS = "missing-basis"
    LOCALISATION_BREACH = "localisation-breach"

    @property
    def severity(self) -> int:
        """Higher is worse; summaries report a path or dataset by its worst hop."""
        return _SEVERITY[self]


_SEVERITY = {
    Verdict.NOT_REGULATED: 0,
    Verdict.OK: 1,
    Verdict.UNKNOWN_JURISDICTION: 2,
    Verdict.MISSING_BASIS: 3,
    Verdict.LOCALISATION_BREACH: 4,
}


@dataclass(frozen=True)
class AppliedRule:
    """A configured rule a verdict rests on; `key` is its path in the jurisdictions file."""

    key: str
    rule_text: str
    source: str
    verified: bool


@dataclass(frozen=True)
class HopVerdict:
    hop: Hop
    verdict: Verdict
    #: Id of the exporting country's regime (`EU` for `DE`), None when the file has no rules for it.
    regime: str | None
    mechanisms_accepted: tuple[Mechanism, ...] = ()
    mechanism_used: Mechanism | None = None
    evidence: str | None = None
    dossier_ref: str | None = None
    reasons: tuple[str, ...] = ()
    rules: tuple[AppliedRule, ...] = ()

    @property
    def verified(self) -> bool:
        """True only when every rule behind the verdict is marked verified in the jurisdictions file."""
        return bool(self.rules) and all(rule.verified for rule in self.rules)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record for reports: names and codes only, never data values."""
        hop = self.hop
        return {
            "verdict": str(self.verdict),
            "regime": self.regime,
            "from": hop.source_country,
            "to": hop.target_country,
            "kind": hop.kind,
            "source_dataset": hop.source_dataset,
            "target_dataset": hop.target_dataset,
            "job": hop.job,
            "job_country": hop.job_country,
            "entity_types": sorted(hop.entity_types),
            "path": list(hop.path),
            "mechanisms_accepted": [str(m) for m in self.mechanisms_accepted],
            "mechanism_used": None if self.mechanism_used is None else str(self.mechanism_used),
            "evidence": self.evidence,
            "dossier_ref": self.dossier_ref,
            "reasons": list(self.reasons),
            "rules": [vars(rule) for rule in self.rules],
            "verified": self.verified,
        }


@dataclass
class _Case:
    """The verdict being built: reasons and rules accumulate as the steps run."""

    hop: Hop
    regime_id: str
    regime: Regime
    reasons: list[str] = field(default_factory=list)
    rules: list[AppliedRule] = field(default_factory=list)

    def apply(self, key: str, rule: Rule) -> None:
        applied = AppliedRule(f"{self.regime_id}.{key}", rule.rule, rule.source, rule.verified)
        if applied not in self.rules:
            self.rules.append(applied)

    def verdict(self, verdict: Verdict, declaration: TransferDeclaration | None = None) -> HopVerdict:
        return HopVerdict(
            hop=self.hop,
            verdict=verdict,
            regime=self.regime_id,
            mechanisms_accepted=self.regime.transfer.accepted,
            mechanism_used=None if declaration is None else declaration.mechanism,
            evidence=None if declaration is None else declaration.evidence,
            dossier_ref=None if declaration is None else declaration.dossier_ref,
            reasons=tuple(self.reasons),
            rules=tuple(self.rules),
        )


def judge_hop(
    hop: Hop,
    jurisdictions: Jurisdictions,
    declarations: Sequence[TransferDeclaration],
    today: date,
    *,
    operator: OperatorProfile | None = None,
) -> HopVerdict | None:
    """The verdict on one hop, or None when it is not a cross-border flow of personal data."""
    if not hop.entity_types or hop.source_country == hop.target_country:
        return None
    regime_id = jurisdictions.regime_id_for(hop.source_country)
    if regime_id is not None and regime_id == jurisdictions.regime_id_for(hop.target_country):
        return None
    if regime_id is None:
        reason = f"no rules for {hop.source_country} in {jurisdictions.source}; add an entry for counsel"
        return HopVerdict(hop=hop, verdict=Verdict.UNKNOWN_JURISDICTION, regime=None, reasons=(reason,))
    case = _Case(hop, regime_id, jurisdictions.regimes[regime_id])
    if hop.kind == "remote_access" and not _access_is_transfer(case):
        return case.verdict(Verdict.NOT_REGULATED)
    sectors = (operator or OperatorProfile()).sectors_in(hop.source_country, regime_id)
    if _breaches_localisation(case, jurisdictions, sectors):
        return case.verdict(Verdict.LOCALISATION_BREACH)
    transfer = case.regime.transfer
    case.apply("transfer", transfer)
    route = f"{hop.source_country} -> {hop.target_country}"
    if not transfer.regulated:
        case.reasons.append(f"{route}: {case.regime.name} does not regulate transfers of personal data")
        return case.verdict(Verdict.NOT_REGULATED)
    if not transfer.basis_required:
        case.reasons.append(f"{route}: {case.regime.name} allows exports unless the destination is barred")
        return case.verdict(Verdict.OK)
    return _judge_basis(case, jurisdictions, declarations, today)


def judge_path(
    hops: Iterable[Hop],
    jurisdictions: Jurisdictions,
    declarations: Sequence[TransferDeclaration],
    today: date,
    *,
    operator: OperatorProfile | None = None,
) -> tuple[HopVerdict, ...]:
    """Verdicts for every cross-border leg of `hops` (jobs in a third country split a hop in two)."""
    every_leg = (leg for hop in hops for leg in legs(hop))
    verdicts = (judge_hop(leg, jurisdictions, declarations, today, operator=operator) for leg in every_leg)
    return tuple(verdict for verdict in verdicts if verdict is not None)


def worst(verdicts: Iterable[HopVerdict | Verdict]) -> Verdict | None:
    """The most severe verdict, or None for no verdicts (no cross-border flow at all)."""
    plain = [item.verdict if isinstance(item, HopVerdict) else item for item in verdicts]
    return max(plain, key=lambda verdict: verdict.severity, default=None)


def _access_is_transfer(case: _Case) -> bool:
    hop, flag = case.hop, case.regime.transfer.remote_access_is_transfer
    where = f"access from {hop.target_country} to data stored in {hop.source_country}"
    if flag is None:
        case.reasons.append(
            f"{where}: the {case.regime.name} rules do not say whether remote access is a transfer; "
            "judged as one to be safe"
        )
        return True
    case.apply("transfer.remote_access_is_transfer", flag)
    if flag.value:
        case.reasons.append(f"{where}: {case.regime.name} counts access from abroad as a transfer")
    else:
        case.reasons.append(f"{where}: {case.regime.name} does not count remote access as a transfer")
    return flag.value


def _breaches_localisation(case: _Case, jurisdictions: Jurisdictions, sectors: frozenset[str]) -> bool:
    hop, breach = case.hop, False
    for index, rule in enumerate(case.regime.localisation):
        if rule.kind is LocalisationKind.NONE:
            continue
        if rule.sectors and not sectors.intersection(rule.sectors):
            continue
        flowing = sorted(entity for entity in hop.entity_types if matches(entity, rule.entity_types))
        if not flowing:
            continue
        destinations = rule.destinations
        if destinations and not any(jurisdictions.covers(d, hop.target_country) for d in destinations):
            continue
        bound = sorted(sectors.intersection(rule.sectors))
        scope = ", ".join(flowing) + (f" (declared sector {', '.join(bound)})" if bound else "")
        case.apply(f"localisation[{index}]", rule)
        route = f"{hop.source_country} -> {hop.target_country}"
        if rule.kind is LocalisationKind.MUST_NOT_LEAVE:
            case.reasons.append(f"{route}: {scope} must not go to {hop.target_country}, whatever is declared")
            breach = True
        elif hop.has_local_copy:
            case.reasons.append(f"{route}: {scope}: a local copy stays in {hop.source_country}, as required")
        else:
            case.reasons.append(
                f"{route}: {scope}: {case.regime.name} requires a copy to stay in {hop.source_country} and "
                "none is recorded for this hop (has_local_copy is false)"
            )
            breach = True
    return breach


def _judge_basis(
    case: _Case, jurisdictions: Jurisdictions, declarations: Sequence[TransferDeclaration], today: date
) -> HopVerdict:
    hop, regime = case.hop, case.regime
    route = f"{hop.source_country} -> {hop.target_country}"
    candidates = [
        declaration
        for declaration in declarations
        if jurisdictions.covers(declaration.from_country, hop.source_country)
        and jurisdictions.covers(declaration.to_country, hop.target_country)
        and declaration.covers(hop.datasets, hop.job)
    ]
    for declaration in candidates:
        if _counts(case, jurisdictions, declaration, today):
            return case.verdict(Verdict.OK, declaration)
    if not candidates:
        via = f" via job {hop.job}" if hop.job else ""
        accepted = ", ".join(str(m) for m in regime.transfer.accepted) or "none encoded"
        case.reasons.append(
            f"{route}: no declaration covers {hop.source_dataset}{via}; {regime.name} accepts: {accepted}"
        )
    return case.verdict(Verdict.MISSING_BASIS)


def _counts(case: _Case, jurisdictions: Jurisdictions, declaration: TransferDeclaration, today: date) -> bool:
    """Whether `declaration` is a basis the regime accepts today; if not, say why in the reasons."""
    hop, regime = case.hop, case.regime
    label, mechanism = declaration.label, declaration.mechanism
    if declaration.is_expired(today):
        case.reasons.append(f"declaration {label!r} expired on {declaration.expires}; it no longer counts")
        return False
    found = regime.transfer.mechanism(mechanism)
    if found is None:
        accepted = ", ".join(str(m) for m in regime.transfer.accepted) or "none encoded"
        case.reasons.append(
            f"declaration {label!r}: {regime.name} does not accept {mechanism}; it accepts: {accepted}"
        )
        return False
    index, entry = found
    case.apply(f"transfer.mechanisms[{index}]", entry)
    if entry.requires_dossier_ref and not declaration.dossier_ref:
        case.reasons.append(
            f"declaration {label!r} names {mechanism} but has no dossier_ref: {regime.name} counts it only "
            "with the reference of the dossier filed with the authority"
        )
        return False
    if mechanism is Mechanism.ADEQUACY and not _adequate(case, jurisdictions, label):
        return False
    route = f"{hop.source_country} -> {hop.target_country}"
    case.reasons.append(f"{route}: {mechanism} declared ({label}), accepted by {regime.name}")
    return True


def _adequate(case: _Case, jurisdictions: Jurisdictions, label: str) -> bool:
    hop, regime = case.hop, case.regime
    for index, entry in enumerate(regime.transfer.adequacy):
        if any(jurisdictions.covers(destination, hop.target_country) for destination in entry.destinations):
            case.apply(f"transfer.adequacy[{index}]", entry)
            if entry.conditions:
                case.reasons.append(f"adequacy for {hop.target_country} holds only if: {entry.conditions}")
            return True
    case.reasons.append(
        f"declaration {label!r} claims adequacy, but {hop.target_country} is not on "
        f"{regime.name}'s adequacy list"
    )
    return False
