"""Step 7 of the data flow: serve the ledger to people (HTML pages) and programs (JSON API)."""
