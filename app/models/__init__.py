"""Pydantic models: API shapes and stored documents."""
