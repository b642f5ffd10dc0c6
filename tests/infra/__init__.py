"""Helpers that find or start the servers the tests need (PostgreSQL, Redis)."""
