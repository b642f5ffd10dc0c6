## Voice match: the pitch/timbre adjustment of a stock voice (never a clone)
voice-match-kept = 🎚 Voice match (pitch/timbre adjustment, not a clone): similarity {$before} → {$after} ({$scorer}).
voice-match-skipped = 🎚 Voice match (pitch/timbre adjustment, not a clone): it did not make the voice more similar ({$before} → {$after}, {$scorer}), so the stock voice speaks unchanged.
voice-match-scorer-embedding = speaker embedding
voice-match-scorer-mfcc = rough timbre estimate
