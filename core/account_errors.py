"""Errors of connecting accounts and of signed links: each names its Fluent message."""

from core.errors import DomainError


class PlatformNotOffered(DomainError):
    """The platform has no OAuth app configured (`PUBLISHERS__<PLATFORM>__CLIENT_ID`)."""

    key = "error-platform-not-offered"
    template = "{platform}: no app is configured for it on this server."


class ConnectLinkInvalid(DomainError):
    """The flow link or the `state` was not signed by us for this platform (tampered)."""

    key = "error-connect-link-invalid"
    template = "The connect link is not valid: {reason}."


class ConnectLinkExpired(DomainError):
    key = "error-connect-link-expired"
    template = "The connect link expired; ask the bot for a new one."


class ConnectAlreadyUsed(DomainError):
    """The callback of this consent came before (a replay)."""

    key = "error-connect-used"
    template = "This connect link was used already."


class ConnectOtherBrowser(DomainError):
    """The callback came to a browser that did not start this consent (another person's
    `state`, or a link forwarded from one person to another)."""

    key = "error-connect-other-browser"
    template = "This consent was started in another browser or by another person."


class ConnectDenied(DomainError):
    key = "error-connect-denied"
    template = "{platform}: access was not granted ({reason})."


class ConnectFailed(DomainError):
    """The platform did not take the code, or would not say whose account it is."""

    key = "error-connect-failed"
    template = "{platform}: connecting failed: {reason}"
    transient = True


class MediaLinkInvalid(DomainError):
    key = "error-media-link-invalid"
    template = "The media link is not valid."


class MediaLinkExpired(DomainError):
    key = "error-media-link-expired"
    template = "The media link expired."


class ChannelConnectsInBot(DomainError):
    """Telegram channels have no consent screen: the bot must be made their admin."""

    key = "error-connect-channel-in-bot"
    template = (
        "Telegram channels are connected in the bot: make the bot an administrator of the "
        "channel with the right to post, then add the channel with /accounts."
    )
