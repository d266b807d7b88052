"""Every MongoDB call lives in this package."""
