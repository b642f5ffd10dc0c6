"""Every key the app stores a file under, built in one place.

A key is a relative POSIX path, always `users/<user_id>/...`, exactly the local layout the app
has used so far, so rows written before the store existed stay valid with `LocalStore`.
`check_key` and `check_prefix` guard every store call: no `..`, no absolute path, no empty or
dot-led segment (temp files start with a dot, so no key can name one), nothing over
`MAX_KEY_LENGTH` characters (the artifact rows' column).
"""

import re

from storage.errors import InvalidKey

MAX_KEY_LENGTH = 1024
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\\]")
_SUFFIX = re.compile(r"(\.[a-z0-9]{1,10})?")
_HEX = re.compile(r"[0-9a-f]{8,64}")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
PROJECT_INPUTS = frozenset({"music", "logo", "intro", "outro"})
# The files a project's stages write at its top level.
PROJECT_FILES = frozenset(
    {"script.json", "voice.wav", "words.json", "voiceover_transcript.json", "captions.ass",
     "captions.srt", "video.mp4", "thumbnail.png",
     "thumbnail_1.png", "thumbnail_2.png"}
)  # fmt: skip


def check_key(key: str) -> str:
    """Return `key` when it is a safe object key; raise InvalidKey otherwise."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidKey(key=key[:80], reason=f"1 to {MAX_KEY_LENGTH} characters")
    if key.startswith("/") or _FORBIDDEN.search(key):
        raise InvalidKey(key=key[:80], reason="absolute, a backslash or a control character")
    for segment in key.split("/"):
        if not segment or segment.startswith("."):
            raise InvalidKey(key=key[:80], reason="an empty, '.', '..' or dot-led segment")
    return key


def check_prefix(prefix: str) -> str:
    """A prefix is a folder of keys: a valid key plus a trailing `/` (`users/1/` never
    matches `users/10/...`)."""
    if not prefix.endswith("/"):
        raise InvalidKey(key=prefix[:80], reason="a prefix ends with '/'")
    check_key(prefix.removesuffix("/"))
    return prefix


def safe_suffix(suffix: str, default: str = ".bin") -> str:
    """`suffix` lower-cased when it is a plain extension (or none), else `default`."""
    lowered = suffix.lower()
    return lowered if _SUFFIX.fullmatch(lowered) else default


def _id(value: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidKey(key=str(value), reason="an ID is a non-negative integer")
    return str(value)


def _match(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise InvalidKey(key=value[:80], reason=f"not a valid {what}")
    return value


# Users -------------------------------------------------------------------------------------


def user_prefix(user_id: int) -> str:
    """`users/<u>/`: everything one user owns (their deletion empties it)."""
    return f"users/{_id(user_id)}/"


# Projects: `users/<u>/projects/<p>/` (today's `project.workdir`, without the slash) ----------


def project_prefix(user_id: int, project_id: int) -> str:
    return f"{user_prefix(user_id)}projects/{_id(project_id)}/"


def project_file(user_id: int, project_id: int, name: str) -> str:
    """A stage's file at the project's top level: script.json, voice.wav, words.json,
    voiceover_transcript.json, captions.ass, captions.srt, video.mp4, thumbnail.png (and the
    preview's other candidates thumbnail_1.png, thumbnail_2.png)."""
    if name not in PROJECT_FILES:
        raise InvalidKey(key=name, reason=f"one of {sorted(PROJECT_FILES)}")
    return check_key(project_prefix(user_id, project_id) + name)


def scenes_prefix(user_id: int, project_id: int) -> str:
    return project_prefix(user_id, project_id) + "scenes/"


def scene_image(user_id: int, project_id: int, index: int, digest: str) -> str:
    """`scenes/scene_<ii>_<digest>.png`: content-addressed, so a redo redraws only what
    changed (the digest is the first 12 hex digits of the scene inputs' SHA-256)."""
    name = f"scene_{int(_id(index)):02d}_{_match(_HEX, digest, 'digest')}.png"
    return check_key(scenes_prefix(user_id, project_id) + name)


def project_photo(user_id: int, project_id: int, index: int, suffix: str) -> str:
    """`inputs/photo_<ii><ext>`: the user's photos for this Short, in order (0-based)."""
    name = f"photo_{int(_id(index)):02d}{safe_suffix(suffix)}"
    return check_key(f"{project_prefix(user_id, project_id)}inputs/{name}")


def project_input(user_id: int, project_id: int, name: str, suffix: str) -> str:
    """`inputs/<music|logo|intro|outro><ext>` (intro and outro stills are always .png)."""
    if name not in PROJECT_INPUTS:
        raise InvalidKey(key=name, reason=f"one of {sorted(PROJECT_INPUTS)}")
    return check_key(f"{project_prefix(user_id, project_id)}inputs/{name}{safe_suffix(suffix)}")


def project_voiceover(user_id: int, project_id: int, suffix: str) -> str:
    """`inputs/voiceover<ext>`: the user's own narration, copied in at creation."""
    ext = safe_suffix(suffix, ".audio") or ".audio"
    return check_key(f"{project_prefix(user_id, project_id)}inputs/voiceover{ext}")


# Uploads kept between chat steps ------------------------------------------------------------


def uploads_prefix(user_id: int) -> str:
    return user_prefix(user_id) + "uploads/"


def voiceover_upload(user_id: int, token: str, suffix: str) -> str:
    """`uploads/voiceover-<token><ext>`: a checked recording kept until the Short exists
    (today's token: 12 hex digits of a uuid4)."""
    ext = safe_suffix(suffix, ".audio") or ".audio"
    return check_key(f"{uploads_prefix(user_id)}voiceover-{_match(_HEX, token, 'token')}{ext}")


# Voices --------------------------------------------------------------------------------------


def voice_sample(user_id: int, token: str, suffix: str) -> str:
    """`voices/samples/<token><ext>`: a recording of the Voice Studio draft (uuid4 hex)."""
    name = f"{_match(_HEX, token, 'token')}{safe_suffix(suffix, '.audio') or '.audio'}"
    return check_key(f"{user_prefix(user_id)}voices/samples/{name}")


def voice_prefix(user_id: int, voice_id: int) -> str:
    """`voices/<v>/`: the voice's own files (removed with the voice)."""
    return f"{user_prefix(user_id)}voices/{_id(voice_id)}/"


def voice_test(user_id: int, voice_id: int) -> str:
    """`voices/<v>/test.ogg`: the latest test phrase (a voice note), replaced each time."""
    return check_key(voice_prefix(user_id, voice_id) + "test.ogg")


def voice_speech(user_id: int, voice_id: int, digest: str) -> str:
    """`voices/<v>/speech/<digest>.ogg`: text spoken on request, named by the SHA-256 of the
    text and settings (16 hex digits), so the same request is spoken once."""
    name = f"{_match(_HEX, digest, 'digest')}.ogg"
    return check_key(f"{voice_prefix(user_id, voice_id)}speech/{name}")


# Characters ----------------------------------------------------------------------------------


def character_prefix(user_id: int, character_id: int) -> str:
    """`characters/<c>/`: photos, logo, preview and variations (removed with the character)."""
    return f"{user_prefix(user_id)}characters/{_id(character_id)}/"


def character_photo(user_id: int, character_id: int, number: int, suffix: str) -> str:
    """`characters/<c>/photo_<n><ext>`, `number` counted from 1 as today."""
    name = f"photo_{_id(number)}{safe_suffix(suffix, '.img') or '.img'}"
    return check_key(character_prefix(user_id, character_id) + name)


def character_logo(user_id: int, character_id: int, suffix: str) -> str:
    ext = safe_suffix(suffix, ".img") or ".img"
    return check_key(f"{character_prefix(user_id, character_id)}logo{ext}")


def character_preview(user_id: int, character_id: int) -> str:
    """`characters/<c>/preview.png`: the latest preview card, replaced each time."""
    return check_key(character_prefix(user_id, character_id) + "preview.png")


def variations_prefix(user_id: int, character_id: int) -> str:
    return character_prefix(user_id, character_id) + "variations/"


def variation(user_id: int, character_id: int, kind: str, digest: str) -> str:
    """`variations/<kind>_<digest>.png` (12 hex digits of the picture's SHA-256)."""
    name = f"{_match(_NAME, kind, 'variation kind')}_{_match(_HEX, digest, 'digest')}.png"
    return check_key(variations_prefix(user_id, character_id) + name)
