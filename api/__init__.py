"""The web app: OAuth start and callback per platform, signed media URLs, health (and the
REST API later). A transport: routes call services, nothing else."""
