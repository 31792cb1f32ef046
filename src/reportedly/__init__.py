"""reportedly: turn news reports into a ledger of attributed, graded claims.

Data flow: read -> clean -> parse -> extract -> (ledger -> fuse -> serve).
"""

__version__ = "0.1.0"
