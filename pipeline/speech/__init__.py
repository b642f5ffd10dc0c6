"""Speech synthesis engines with per-word timings."""
