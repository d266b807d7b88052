"""Applications: channels, drafts, submission, decisions, access and notifications."""
