"""People: user accounts, roles, passwords, API tokens and web sessions."""
