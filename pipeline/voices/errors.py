"""Errors of the Voice Studio: unusable samples, missing consent or speech, bad settings."""

from core.errors import InvalidInput, MediaUnreadable


class SampleNotAudio(MediaUnreadable):
    key = "error-sample-not-audio"
    template = (
        "The file {name} is not audio; send a voice message or an audio file (OGG, MP3, WAV, M4A)."
    )


class SampleCorrupt(MediaUnreadable):
    key = "error-sample-corrupt"
    template = "The recording {name} is damaged or cut off ({reason}); record it again."


class SampleTooLong(InvalidInput):
    key = "error-sample-too-long"
    template = (
        "The recording lasts {seconds} s; the limit is {limit_min} minutes. Send a shorter one."
    )


class SampleTooShort(InvalidInput):
    key = "error-sample-too-short"
    template = "The recording lasts {seconds} s; send at least {min_s} s."


class SampleSilent(InvalidInput):
    key = "error-sample-silent"
    template = "The recording {name} is silent; check the microphone and record again."


class ConsentRequired(InvalidInput):
    key = "error-voice-consent-required"
    template = (
        "Confirm that this is your own voice, or that its owner agreed, before a voice is made."
    )


class NotEnoughSpeech(InvalidInput):
    key = "error-voice-not-enough-speech"
    template = (
        "The samples hold {have_s} s of clear speech; record about {need_s} s more "
        "({min_s} s in total)."
    )


class VoiceNameInvalid(InvalidInput):
    key = "error-voice-name"
    template = "A voice name needs 1 to {limit} characters."


class VoiceSettingOutOfRange(InvalidInput):
    key = "error-voice-setting-range"
    template = "{setting} must be between {low} and {high}; got {value}."


class TestPhraseInvalid(InvalidInput):
    key = "error-voice-test-phrase"
    template = "The test phrase needs 1 to {limit} characters; got {length}."


class SpeechTextInvalid(InvalidInput):
    key = "error-voice-speech-text"
    template = "The text to speak needs 1 to {limit} characters; got {length}."


class PitchUnclear(InvalidInput):
    key = "error-voice-pitch-unclear"
    template = (
        "No steady voice pitch was heard in the samples; speak in a normal voice "
        "(not a whisper) and record again."
    )
