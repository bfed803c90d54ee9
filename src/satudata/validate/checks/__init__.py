"""The built-in checks, one per module; registered in pyproject.toml like any plugin's."""
