"""Small query functions per entity. They take the session first and never commit.

Lookups by an entity's ID also take `user_id`, so one user can never reach another's rows.
The exceptions are named for jobs (`..._for_job`) or live in `stages`, which only jobs use:
jobs receive nothing but IDs.
"""
