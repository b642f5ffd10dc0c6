"""Character Studio building blocks: input checks and the offline scene preview."""
