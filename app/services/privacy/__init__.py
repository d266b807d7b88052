"""Privacy by design: retention and purge, legal holds, data-subject rights, HR hand-over."""
