"""Dated migration scripts (loaded by app.migrate, shipped inside the package)."""
