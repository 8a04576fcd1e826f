"""Consent: a ledger of who agreed to what, and gates that keep unconsented personal data out of training."""
