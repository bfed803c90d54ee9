"""Ingest: read agency files, find their table, type it, and write immutable versions."""
