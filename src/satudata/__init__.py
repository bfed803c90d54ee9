"""satudata: one trusted, living source of a province's agency data."""

__version__ = "0.1.0"
