"""Scheduled work: each job is idempotent, resumable, and run by one replica at a time."""
