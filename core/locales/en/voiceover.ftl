## "My own voiceover" in the New Short conversation, and transcription errors

voiceover-button = 🎤 My own voiceover
voiceover-button-chosen = 🎤 My voiceover ({$seconds} s)
voiceover-ask =
    Send your voiceover: a voice message or an audio file (up to {$limit_min} min and {$limit_mb} MB).
    The Short will follow it, and the captions will show what you say.
voiceover-received = Got it: {$seconds} s of voiceover. The Short will follow it. Pick a character, then Next:
voiceover-send-audio = Please send your voiceover as a voice message or an audio file.
voiceover-summary = your voiceover, {$seconds} s

error-voiceover-not-audio = That is not audio. Send a voice message or an audio file (OGG, MP3, WAV, M4A).
error-voiceover-corrupt = That voiceover is damaged or cut off. Export it again and send it.
error-voiceover-too-long = That voiceover lasts {$seconds} s; a Short can last at most {$limit} s. Send a shorter one.
error-voiceover-too-short = That voiceover lasts {$seconds} s; send at least {$min_s} s.
error-voiceover-too-big = That file is {$size_mb} MB; the limit is {$limit_mb} MB. Send a shorter or smaller one.
error-voiceover-no-speech = I heard no speech in your voiceover. Send a recording of the narration.
error-transcription-failed = The speech in the audio could not be recognised. Nothing was lost; try again.
error-transcription-unavailable = The speech recognition service ({$provider}) is busy right now. Nothing was lost; I will try again shortly.
error-transcription-rejected = The speech recognition service ({$provider}) refused the request; check its key and limits in the settings. Nothing was lost.
error-transcription-model-missing = The speech recognition model is not installed on the server. Nothing was lost; the admin has to install it.
