"""docs/identifiers.md is generated from the packs; it must match what jejak loads today."""

from __future__ import annotations

from pathlib import Path

from jejak.config import load_config
from jejak.recognizers.loader import load_packs
from jejak.reports.identifiers_doc import identifiers_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "identifiers.md"


def test_identifiers_doc_is_current() -> None:
    expected = identifiers_markdown(load_packs(), load_config().detection.score_threshold)
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/identifiers.md is stale: run `jejak recognizers --format markdown > docs/identifiers.md`"
    )


def test_readme_names_every_entity() -> None:
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [e.entity for p in load_packs() for e in p.entities if f"`{e.entity}`" not in readme]
    assert not missing, f"README's identifier table lacks {missing}"


def test_every_entity_is_listed(jejak) -> None:
    result = jejak("recognizers", "--format", "markdown")
    for pack in load_packs():
        for entity in pack.entities:
            assert f"`{entity.entity}`" in result.stdout
