"""Integrations: machine clients (OAuth2), webhooks, EPSO CAST imports, best matches."""
