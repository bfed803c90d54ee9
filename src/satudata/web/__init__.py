"""HTML pages of the portal (server-rendered, Indonesian first)."""
