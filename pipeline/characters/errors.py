"""Errors of the Character Studio. Photo errors name the photo by its position (1-based)."""

from core.errors import DomainError, InvalidInput
from pipeline.art.errors import PhotoTooLarge, PhotoUnreadable, PhotoUnsupported


class CharacterNameInvalid(InvalidInput):
    key = "error-character-name"
    template = "A character name needs 1 to {limit} characters."


class DescriptionTooLong(InvalidInput):
    key = "error-character-description-too-long"
    template = "The description has {length} characters; the limit is {limit}."


class PhotoCountInvalid(InvalidInput):
    key = "error-character-photo-count"
    template = "Send {low} to {high} photos of the character; got {count}."


class ColourInvalid(InvalidInput):
    key = "error-character-colour"
    template = "{value!r} is not a colour; use hex like #ff8800."


class TooManyColours(InvalidInput):
    key = "error-character-colour-count"
    template = "Choose at most {limit} colours; got {count}."


class CharacterPhotoUnreadable(PhotoUnreadable):
    key = "error-character-photo-unreadable"
    template = "Photo {number} ({name}) cannot be read: {reason}. Send a different file."


class CharacterPhotoUnsupported(PhotoUnsupported):
    key = "error-character-photo-unsupported"
    template = "Photo {number} ({name}) is {kind}; send a still photo: JPEG, PNG or WebP."


class CharacterPhotoTooLarge(PhotoTooLarge):
    key = "error-character-photo-too-large"
    template = (
        "Photo {number} ({name}) has {megapixels} megapixels; the limit is {limit}. "
        "Send a smaller one."
    )


PHOTO_ERRORS: dict[type[DomainError], type[DomainError]] = {
    PhotoUnreadable: CharacterPhotoUnreadable,
    PhotoUnsupported: CharacterPhotoUnsupported,
    PhotoTooLarge: CharacterPhotoTooLarge,
}
