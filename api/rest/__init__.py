"""The REST API under /api: one router per area, each calling `services/` only."""
