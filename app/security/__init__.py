"""Tokens, principals and roles."""
