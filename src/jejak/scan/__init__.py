"""The scanner: runs recognizers over connector batches and aggregates results per asset and column."""
