"""Which entity types an expectation checks, from its `entity_types` and `countries` options.

Kept apart from the GX classes so the rule reads on its own: a type belongs to the country of the pack
that defines it (`sg.yaml` declares `country: SG`), or, for a type only *reported* by a country-less pack
(the ICAO MRZ recognizer names BN_PASSPORT, KH_NID ...), to the country its prefix names; every other type
(EMAIL_ADDRESS, PHONE_NUMBER, PERSON, LOCATION, PASSPORT, ...) is generic and is checked whatever countries
are chosen.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from jejak.recognizers.pack import PackSpec


def type_countries(packs: Sequence[PackSpec], available: Collection[str]) -> dict[str, str | None]:
    """Each available entity type -> its country code, or None for a generic type."""
    countries = {pack.country for pack in packs if pack.country}
    defined = {entity.entity: pack.country for pack in packs for entity in pack.entities}
    owner: dict[str, str | None] = {}
    for name in available:
        country = defined.get(name)
        if country is None:
            prefix = name.partition("_")[0]
            country = prefix if "_" in name and prefix in countries else None
        owner[name] = country
    return owner


def select_entity_types(
    packs: Sequence[PackSpec],
    available: Collection[str],
    entity_types: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
) -> frozenset[str]:
    """The types to flag. Each option narrows: `countries` to those countries' types plus the generic ones,
    `entity_types` to the named ones; both given means both apply. Neither: every type the detector has.

    Raises ValueError naming what is unknown, so a typo fails the expectation rather than passing it.
    """
    owner = type_countries(packs, available)
    selected = set(available)
    if countries:
        known = sorted({pack.country for pack in packs if pack.country})
        unknown = sorted({c.upper() for c in countries} - set(known))
        if unknown:
            raise ValueError(
                f"no recognizer pack for countries {', '.join(unknown)}; packs exist for {', '.join(known)}"
            )
        wanted = {c.upper() for c in countries}
        selected = {name for name in selected if owner[name] is None or owner[name] in wanted}
    if entity_types:
        unknown = sorted(set(entity_types) - set(available))
        if unknown:
            raise ValueError(
                f"unknown or disabled entity types {', '.join(unknown)}; `jejak recognizers` lists them"
            )
        selected &= set(entity_types)
    if not selected:
        raise ValueError("entity_types and countries select no entity type together; widen one of them")
    return frozenset(selected)
