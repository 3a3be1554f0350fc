"""Measurement, never part of a run: the dev sets (`dev_sets`) and the scores of cleaning, quotes and
attribution, events, summits and the parser against gold data (one module each)."""
