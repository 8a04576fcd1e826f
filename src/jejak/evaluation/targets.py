"""Accuracy targets from the issue, and which entity types each applies to.

The issue sets F1 targets by how an identifier can be proven: a checksum makes a chance match rare, so
those must be near perfect; format-only identifiers depend on context words; phones and e-mails on library
validation; names on a model or gazetteer. Types outside these classes (IP addresses, dates of birth) have
no target and are reported without a verdict rather than with an invented one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str
    f1: float


CHECKSUM = Target("checksum-validated ID", 0.97)
FORMAT_ONLY = Target("format-only ID", 0.92)
CONTACT = Target("phone / e-mail", 0.90)
PERSON = Target("PERSON (per language)", 0.80)
TARGETS = (CHECKSUM, FORMAT_ONLY, CONTACT, PERSON)

_CHECKSUM_TYPES = frozenset(
    {"SG_NRIC_FIN", "SG_UEN", "ID_NPWP", "TH_TNIN", "VN_MST", "CREDIT_CARD", "IBAN_CODE"}
)
_FORMAT_TYPES = frozenset(
    {
        "MY_NRIC",
        "ID_NIK",
        "VN_CCCD",
        "VN_CMND",
        "MM_NRC",
        "KH_NID",
        "PH_PHILSYS",
        "PH_TIN",
        "PH_SSS",
        "PH_UMID",
        "PH_PHILHEALTH",
        "PH_PAGIBIG",
    }
)


def target_for(entity: str) -> Target | None:
    """The target an entity type is held to; passports (`*_PASSPORT`) count as format-only IDs."""
    if entity in _CHECKSUM_TYPES:
        return CHECKSUM
    if entity in _FORMAT_TYPES or entity.endswith("_PASSPORT"):
        return FORMAT_ONLY
    if entity in ("PHONE_NUMBER", "EMAIL_ADDRESS"):
        return CONTACT
    if entity == "PERSON":
        return PERSON
    return None


def meets(target: Target | None, f1: float) -> bool | None:
    return None if target is None else f1 >= target.f1
