"""The data-protection regimes that judge cross-border hops, loaded from `configs/jurisdictions.yaml`.

Legal facts are configuration, not code: counsel reviews and corrects the YAML, and a user may pass their own
copy. Every rule therefore carries the `source` it was taken from and a `verified` flag, and the models
refuse a rule without them, so a verdict can always say which facts it rests on and how firm they are.

The vocabularies (`Mechanism`, `LocalisationKind`) are closed on purpose: a declaration and a regime can only
meet on a word both spell the same way, and a typo in either is a load error, not a silent `missing-basis`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    model_validator,
)

from jejak.errors import ConfigError

RESOURCE = "jurisdictions.yaml"

#: ISO 3166-1 alpha-2, upper case; `EU` is the one group code (it lists its member states).
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
#: An operator class a localisation rule applies to, e.g. `telecom`, `public_sector`, `ciio`.
SectorTag = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class Mechanism(StrEnum):
    """The lawful bases for an outbound transfer that a regime may accept and a declaration may name."""

    CONSENT = "consent"
    CONTRACT = "contract"  # incl. standard contractual clauses and contract necessity
    ASEAN_MCC = "asean_mcc"  # ASEAN Model Contractual Clauses
    BCR = "bcr"
    ADEQUACY = "adequacy"  # the destination is on the regime's adequacy list / whitelist
    CBPR = "cbpr"  # APEC / Global CBPR or PRP certification
    TIA_DOSSIER = "tia_dossier"  # Vietnam: transfer impact assessment dossier filed with MPS/A05
    CERTIFICATION = "certification"
    LEGAL_OBLIGATION = "legal_obligation"  # a law, treaty or government agreement binds the recipient
    EQUIVALENT_PROTECTION = "equivalent_protection"  # the exporter's own finding, e.g. MY s.129(2) TIA
    EXEMPTION = "exemption"  # a statutory exemption or derogation
    AUTHORITY_APPROVAL = "authority_approval"  # e.g. China's CAC security assessment
    OTHER = "other"


class LocalisationKind(StrEnum):
    """`keep_local_copy` lets data leave while a copy stays; `must_not_leave` forbids the hop outright."""

    NONE = "none"
    KEEP_LOCAL_COPY = "keep_local_copy"
    MUST_NOT_LEAVE = "must_not_leave"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    """Where a fact comes from; `verified` has no default so that every entry has to state it."""

    source: str = Field(min_length=1)
    verified: StrictBool


class Rule(Sourced):
    """One legal rule in a sentence, for counsel and for the reasons printed with a verdict."""

    rule: str = Field(min_length=1)


class Law(Sourced):
    name: str = Field(min_length=1)
    citation: str = Field(min_length=1)


class FlagRule(Rule):
    value: StrictBool


class MemberStates(Rule):
    countries: tuple[CountryCode, ...] = Field(min_length=1)


class MechanismRule(Rule):
    mechanism: Mechanism
    #: A declaration counts only with a `dossier_ref` (the number of a filing with the authority).
    requires_dossier_ref: StrictBool = False


class AdequacyRule(Rule):
    destinations: tuple[CountryCode, ...] = Field(min_length=1)
    conditions: str | None = None


class LocalisationRule(Rule):
    kind: LocalisationKind
    #: The data categories in the law's words, for people; `entity_types` is what the judge matches.
    categories: tuple[str, ...] = ()
    #: Globs over jejak entity types; the rule applies when any flowing entity type matches.
    entity_types: tuple[str, ...] = ("*",)
    #: Operator classes the rule binds; empty = every operator.
    sectors: tuple[SectorTag, ...] = ()
    #: Destinations the rule covers; empty = anywhere outside the country.
    destinations: tuple[CountryCode, ...] = ()
    conditions: str | None = None


class TransferRules(Rule):
    regulated: StrictBool
    #: False where exports are allowed unless restricted (India's negative list): no declaration needed.
    basis_required: StrictBool = True
    #: None where the sources do not say; the judge then treats access from abroad as a transfer.
    remote_access_is_transfer: FlagRule | None = None
    mechanisms: tuple[MechanismRule, ...] = ()
    adequacy: tuple[AdequacyRule, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> TransferRules:
        named = [entry.mechanism for entry in self.mechanisms]
        duplicates = sorted({str(m) for m in named if named.count(m) > 1})
        if duplicates:
            raise ValueError(f"mechanism listed twice: {', '.join(duplicates)}")
        if not self.regulated and (self.mechanisms or self.adequacy):
            raise ValueError("regulated is false, so mechanisms and adequacy must be empty")
        if self.adequacy and Mechanism.ADEQUACY not in named:
            raise ValueError("an adequacy list needs `adequacy` among the mechanisms")
        for entry in self.mechanisms:
            if entry.mechanism is Mechanism.TIA_DOSSIER and not entry.requires_dossier_ref:
                raise ValueError("tia_dossier must set requires_dossier_ref: true")
        return self

    @property
    def accepted(self) -> tuple[Mechanism, ...]:
        return tuple(entry.mechanism for entry in self.mechanisms)

    def mechanism(self, mechanism: Mechanism) -> tuple[int, MechanismRule] | None:
        """The regime's entry for `mechanism` with its index (for the key path), or None if not accepted."""
        for index, entry in enumerate(self.mechanisms):
            if entry.mechanism is mechanism:
                return index, entry
        return None


class ErasureRule(Rule):
    #: None where the sources conflict or are silent.
    right: StrictBool | None = None
    deadline_days: int | None = Field(default=None, ge=0)
    acknowledge_days: int | None = Field(default=None, ge=0)
    extension_days: int | None = Field(default=None, ge=0)


class BreachRule(Rule):
    authority_hours: int | None = Field(default=None, ge=0)
    subjects_hours: int | None = Field(default=None, ge=0)
    full_report_hours: int | None = Field(default=None, ge=0)


class AiTrainingRule(Rule):
    #: True where consent is effectively required to train on personal data; None where unknown.
    consent_required: StrictBool | None = None


class Regime(_Strict):
    name: str = Field(min_length=1)
    regulator: str | None = None
    members: MemberStates | None = None
    laws: tuple[Law, ...] = ()
    transfer: TransferRules
    localisation: tuple[LocalisationRule, ...] = ()
    erasure: ErasureRule
    breach: BreachRule
    ai_training: AiTrainingRule
    #: Facts counsel should see that the judge does not apply (sector notes, unencodable details).
    notes: tuple[Rule, ...] = ()


class JurisdictionsFile(_Strict):
    version: Literal[1] = 1
    jurisdictions: dict[CountryCode, Regime]


@dataclass(frozen=True)
class Jurisdictions:
    """Regimes by id, plus the member-state index that sends `DE` or `IE` to the `EU` regime."""

    regimes: Mapping[str, Regime]
    members: Mapping[str, str]
    source: str

    @classmethod
    def load(cls, path: Path | None = None) -> Jurisdictions:
        """The packaged table, or the user's own file at `path` (a corrected copy from counsel)."""
        if path is None:
            return cls.parse(files("jejak.configs").joinpath(RESOURCE).read_text(encoding="utf-8"), RESOURCE)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            message = f"cannot read jurisdictions file {path}: {exc.strerror}; check the path"
            raise ConfigError(message) from exc
        return cls.parse(text, str(path))

    @classmethod
    def parse(cls, text: str, source: str = RESOURCE) -> Jurisdictions:
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"{source}: not valid YAML ({exc.__class__.__name__}); fix the syntax") from exc
        table = raw.get("jurisdictions") if isinstance(raw, dict) else None
        for key in table if isinstance(table, dict) else ():
            if not isinstance(key, str):
                raise ConfigError(
                    f"{source}: jurisdictions: key {key!r} is not a country code; quote it "
                    "(YAML reads a bare NO as false)"
                )
        try:
            parsed = JurisdictionsFile.model_validate(raw)
        except ValidationError as exc:
            raise ConfigError(_describe(exc, source)) from exc
        members: dict[str, str] = {}
        for regime_id, regime in parsed.jurisdictions.items():
            for country in regime.members.countries if regime.members else ():
                where = f"{source}: jurisdictions.{regime_id}.members.countries: {country}"
                if country in parsed.jurisdictions:
                    raise ConfigError(f"{where} also has its own entry; keep one")
                if country in members:
                    raise ConfigError(f"{where} is already a member of {members[country]}; keep one")
                members[country] = regime_id
        return cls(MappingProxyType(dict(parsed.jurisdictions)), MappingProxyType(members), source)

    def regime_id_for(self, country: str) -> str | None:
        """The id of the regime governing `country` (`DE` -> `EU`), or None when the file has no rules."""
        code = country.upper()
        if code in self.regimes:
            return code
        return self.members.get(code)

    def regime_for(self, country: str) -> Regime | None:
        regime_id = self.regime_id_for(country)
        return None if regime_id is None else self.regimes[regime_id]

    def covers(self, code: str, country: str) -> bool:
        """Whether a code written in a rule or declaration (`SG`, or the group `EU`) includes `country`."""
        code, country = code.upper(), country.upper()
        return code == country or (self.members.get(country) == code)

    def sectors(self) -> frozenset[str]:
        """Every sector tag a localisation rule uses, so a caller can warn about an unknown declared tag."""
        rules = (rule for regime in self.regimes.values() for rule in regime.localisation)
        return frozenset(sector for rule in rules for sector in rule.sectors)


def _describe(exc: ValidationError, source: str) -> str:
    """One line naming the key path, e.g. `jurisdictions.VN.transfer.mechanisms[0].mechanism: ...`."""
    first = exc.errors()[0]
    where = _key_path(first["loc"]) or "<top>"
    message = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
    message = message.removeprefix("Value error, ")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{source}: {where}: {message}{more}"


def _key_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if part == "[key]":
            parts.append(" (key)")
        elif isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else str(part))
    return "".join(parts)
