"""HTTP: the JSON API (v1) as a thin shell over the domain services."""
