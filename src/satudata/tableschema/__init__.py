"""Table Schema (Frictionless-compatible): the model, inference and parsing expressions."""

from satudata.tableschema.model import Field, TableSchema

__all__ = ["Field", "TableSchema"]
