"""Where fal-client sends its requests: fal's own hosts, or one gateway from settings.

fal-client takes no URL argument: it builds every URL from module constants in
`fal_client.client` (queue, sync run, REST and CDN; read at call time). `FalSettings.queue_host`
None keeps fal's defaults. A value points all four at one host that serves fal's routes (a
self-hosted gateway, or a local emulator): "host:port" means https, a full
"http://host:port" keeps its scheme. This is the one place those constants are written.
"""

import fal_client.client as fal_module

HOST_CONSTANTS = ("QUEUE_URL_FORMAT", "RUN_URL_FORMAT", "REST_URL", "CDN_URL")
_DEFAULTS = {name: str(getattr(fal_module, name)) for name in HOST_CONSTANTS}


def host_constants(queue_host: str | None) -> dict[str, str]:
    """The constants' values for `queue_host` (None: fal's defaults)."""
    if queue_host is None:
        return dict(_DEFAULTS)
    base = queue_host.rstrip("/")
    if "://" not in base:
        base = f"https://{base}"
    return {
        "QUEUE_URL_FORMAT": f"{base}/",
        "RUN_URL_FORMAT": f"{base}/run/",
        "REST_URL": base,
        "CDN_URL": base,
    }


def configure_fal_hosts(queue_host: str | None) -> None:
    """Point fal-client (process-wide) at `queue_host`, or back at fal's hosts.

    Call it before creating an `AsyncClient`: a client's CDN token manager keeps the REST
    URL it was created with.
    """
    for name, value in host_constants(queue_host).items():
        setattr(fal_module, name, value)
