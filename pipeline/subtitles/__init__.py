"""Caption building: cards, ASS with word highlight, SRT and fonts."""
