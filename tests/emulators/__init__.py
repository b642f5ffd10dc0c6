"""In-process emulators of the external services the project talks to (test-only)."""
