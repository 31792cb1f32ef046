"""Scale-out of the analyse step: partitions of articles analysed on a Dask cluster into
Parquet shards, then bulk-loaded into the ledger (read -> clean -> parse -> extract -> shards ->
ledger)."""
