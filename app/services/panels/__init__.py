"""Selection panels: composition, conflict declarations, scoring, ranking, decisions."""
