"""The database layer: models, queries, engine and migrations. It imports nothing from the app."""
