"""Evaluation of the extractors against annotated corpora (PolNeAR, BRAT standoff)."""
