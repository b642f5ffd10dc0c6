"""Where webhooks may go: public addresses only (unless `API__WEBHOOK_PRIVATE_HOSTS`), so a
user's URL cannot make the workers call loopback, the private network or a cloud metadata
service."""

import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import ResolveResult
from aiohttp.resolver import ThreadedResolver


def is_public(address: str) -> bool:
    return ipaddress.ip_address(address.split("%", 1)[0]).is_global


def private_literal(url: str) -> bool:
    """The URL's host is an IP address that is not public (names are checked on connect)."""
    host = urlsplit(url).hostname or ""
    try:
        return not is_public(host)
    except ValueError:  # a name, not an address
        return False


class PublicResolver(ThreadedResolver):
    """Resolves names (getaddrinfo) to their public addresses only. Checked when connecting,
    so a name that turns private after any earlier look-up (DNS rebinding) is still refused;
    aiohttp does not resolve IP literals, hence `private_literal`."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await super().resolve(host, port, family)
        public = [item for item in found if is_public(item["host"])]
        if not public:
            raise OSError(f"{host} has no public address")
        return public
