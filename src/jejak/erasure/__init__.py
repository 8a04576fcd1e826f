"""Erasure requests: find every copy of a person's data through findings and lineage, plan what to erase.

Nothing here ever holds a subject's raw identifier beyond parsing it: identifiers are turned into keyed
hashes at the edge (`identifiers`), and plans, reports and the audit log carry only those hashes.
"""
