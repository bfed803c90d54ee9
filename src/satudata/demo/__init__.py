"""Demo support: synthetic East Java sample datasets for `make demo`."""
