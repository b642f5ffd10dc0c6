"""Errors of the faces package: reference photos without exactly one face, missing models."""

from core.errors import InvalidInput, ToolMissing


class FaceCheckFailed(InvalidInput):
    """A photo that cannot be a character's reference: no face, or several."""


class NoFaceInPhoto(FaceCheckFailed):
    key = "error-face-none"
    template = "No face found in {name}; send a photo where the face is clearly visible."


class SeveralFacesInPhoto(FaceCheckFailed):
    key = "error-face-several"
    template = "{name} shows {count} faces; send a photo of the character alone."


class CharacterPhotoNoFace(NoFaceInPhoto):
    key = "error-character-photo-no-face"
    template = "Photo {number} ({name}) shows no face; send one where the face is clearly visible."


class CharacterPhotoSeveralFaces(SeveralFacesInPhoto):
    key = "error-character-photo-several-faces"
    template = "Photo {number} ({name}) shows {count} faces; send a photo of the character alone."


class SegmentationModelMissing(ToolMissing):
    key = "error-segmentation-model-missing"
    template = (
        "The person segmentation model is missing at {path}; run `make install` "
        "(or `python -m pipeline.faces.install_models`)."
    )
