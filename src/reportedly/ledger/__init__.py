"""Step 5 of the data flow: the claims ledger (SQLAlchemy 2; SQLite by default, PostgreSQL for
teams), its readers (directories, JSON Lines, RSS/Atom, WARC) and the ingest pipeline."""
