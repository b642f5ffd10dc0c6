"""Voice Studio building blocks: decoding, measuring and scoring samples, stock-voice matching."""
