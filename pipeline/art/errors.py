"""Errors from the art package: unknown styles and photos that cannot be used."""

from core.errors import InvalidInput, MediaUnreadable


class UnknownStyle(InvalidInput):
    key = "error-unknown-style"
    template = "There is no style {name!r}; choose one of: {choices}."


class PhotoUnreadable(MediaUnreadable):
    key = "error-photo-unreadable"
    template = "Cannot read the photo {name}: {reason}. Send a different file."


class PhotoUnsupported(MediaUnreadable):
    key = "error-photo-unsupported"
    template = "The file {name} is {kind}; send a still photo: JPEG, PNG or WebP."


class PhotoTooLarge(MediaUnreadable):
    key = "error-photo-too-large"
    template = (
        "The photo {name} has {megapixels} megapixels; the limit is {limit}. Send a smaller one."
    )
