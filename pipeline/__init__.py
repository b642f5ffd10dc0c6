"""Production pipeline: script, voice, visuals, captions and render stages."""
