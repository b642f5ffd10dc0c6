"""The use cases, one door for every transport (the bot, the CLI, the REST API next).

A service is `async def verb_noun(session, ..., *, queue, store)`: it validates (raising
`DomainError`s the transport renders in the person's language), owner-checks every ID,
commits once, then enqueues. Transports parse, call one service and render; they never
commit, enqueue or query (`tests/bot/test_bot_boundaries.py` and the import contracts keep
it so). Request, options and result models are in `services.schemas`.
"""
