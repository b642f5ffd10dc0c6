"""Speech to text with word timings: OpenAI, offline faster-whisper, and a fallback chain."""
