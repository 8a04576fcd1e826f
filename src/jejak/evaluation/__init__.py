"""Evaluation of detection against labelled data (jejak eval)."""
