"""Notifications: the in-app inbox and e-mail on workflow events."""
