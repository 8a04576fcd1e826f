"""Recognizer packs (YAML per country) and the validators they reference."""
