"""Checksum and structure validators that python-stdnum lacks. Packs reference them as
"jejak.recognizers.validators.<module>:is_valid"; where stdnum has a module, packs reference it directly."""
