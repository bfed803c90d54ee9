"""The catalog: organizations (OPD), datasets with SDI metadata, versions and search."""
