"""Reports: machine-readable JSON and human-readable renderings of scan results."""
