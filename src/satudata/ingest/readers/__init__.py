"""Readers: turn an uploaded file into a Grid (or, for a large CSV, a streaming plan)."""
