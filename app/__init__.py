"""eu-ats: recruitment calls of EU institutions."""
