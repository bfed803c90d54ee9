"""The lake: original files and immutable Parquet versions, and the DuckDB query engine."""
