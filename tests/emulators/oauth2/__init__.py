"""A generic RFC 6749 authorization server (with RFC 7636 PKCE and RFC 7009 revocation),
standing for a platform's OAuth side until the platforms' own emulators replace it."""

from tests.emulators.oauth2.client import EmulatorOAuthClient
from tests.emulators.oauth2.server import OAuth2Emulator, Person

__all__ = ["EmulatorOAuthClient", "OAuth2Emulator", "Person"]
