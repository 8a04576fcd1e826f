"""Load and validate recognizer packs from every `jejak.recognizer_packs` entry point.

An entry point resolves to a callable returning pack file paths. Errors name the file and the key path
(`entities.2.patterns.0.regex`), so a pack author can fix them without reading jejak's code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import yaml
from pydantic import ValidationError

from jejak.errors import RecognizerPackError
from jejak.recognizers.pack import EntitySpec, PackSpec

ENTRY_POINT_GROUP = "jejak.recognizer_packs"
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_pack(path: Path) -> PackSpec:
    """Parse and validate one pack file."""
    try:
        # libyaml's loader when PyYAML has it: 9x faster, and every worker process loads every pack
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise RecognizerPackError(f"recognizer pack {path}: cannot read YAML ({exc})") from exc
    try:
        pack = PackSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "<top>"
        raise RecognizerPackError(f"recognizer pack {path}: {where}: {first['msg']}") from exc
    for entity in pack.entities:
        _check_references(path, entity)
    return pack


def load_packs(paths: Iterable[Path] | None = None) -> list[PackSpec]:
    """Load the given pack files, or all registered packs. Two packs defining one entity is an error."""
    packs = [load_pack(p) for p in (paths if paths is not None else registered_pack_paths())]
    owner: dict[str, str] = {}
    for pack in packs:
        for entity in pack.entities:
            if entity.entity in owner:
                raise RecognizerPackError(
                    f"entity {entity.entity} is defined by packs {owner[entity.entity]!r} and {pack.pack!r}; "
                    "remove one definition"
                )
            owner[entity.entity] = pack.pack
    return packs


def registered_pack_paths() -> list[Path]:
    paths: list[Path] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        provider = ep.load()
        paths.extend(Path(p) for p in provider())
    return paths


def resolve_reference(reference: str) -> object:
    """Import "module:attribute"; used for validators and recognizer classes."""
    module_name, _, attribute = reference.partition(":")
    if not attribute:
        raise RecognizerPackError(f"reference {reference!r} must look like 'package.module:name'")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise RecognizerPackError(f"reference {reference!r} cannot be imported ({exc})") from exc


def _check_references(path: Path, entity: EntitySpec) -> None:
    for reference in (entity.validator, entity.recognizer):
        if reference is None:
            continue
        try:
            target = resolve_reference(reference)
        except RecognizerPackError as exc:
            raise RecognizerPackError(f"recognizer pack {path}: {entity.entity}: {exc}") from exc
        if not callable(target):
            raise RecognizerPackError(f"recognizer pack {path}: {entity.entity}: {reference} is not callable")
    prefilter = entity.effective_prefilter()
    if prefilter:
        try:
            pc.match_substring_regex(pa.array([""], pa.string()), prefilter)
        except pa.ArrowInvalid as exc:
            raise RecognizerPackError(
                f"recognizer pack {path}: {entity.entity}: prefilter is not RE2-compatible ({exc}); "
                "avoid look-arounds and back-references"
            ) from exc


Validator = Callable[[str], bool]
