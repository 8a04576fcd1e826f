"""Name and word lists (gazetteers) used by recognizers; each file records its source and licence."""
