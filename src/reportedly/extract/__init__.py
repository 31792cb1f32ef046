"""Step 4 of the data flow: extract entities, attributions, claims, certainty, quantities and
voice from a parsed spaCy Doc."""

from reportedly.extract.claims import Extraction, extract

__all__ = ["Extraction", "extract"]
