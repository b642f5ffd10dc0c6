"""Tiny cross-cutting middlewares: DB session, user, throttling, callback answers."""
