"""The rules of the domain."""
