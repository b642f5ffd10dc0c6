## Voice Studio with ElevenLabs: which kind of voice is made, the clone's screens, errors
cloning-kind-match = ℹ️ Offline mode: I will make a <b>stock voice matched</b> to your recordings (pitch, range and pace), not a copy of your voice.
cloning-record =
    Send voice messages or audio files of yourself speaking naturally: at least {$min} s of clear speech in total (1-2 minutes is best; one recording may last up to a few minutes). I check and score each one.
    ☁️ I will make an <b>ElevenLabs clone</b> of your voice: the good recordings are uploaded to ElevenLabs.
cloning-consent = Your recordings will be uploaded to ElevenLabs to make the clone.
cloning-created =
    ✅ Voice <b>{$name}</b> is ready: an ElevenLabs clone made from your recordings.
    Test it on a phrase; stability and similarity in the settings shape how it sounds.
cloning-card =
    🎙 <b>{$name}</b> (default: {$default})
    Speed: {$speed}
    Stability: {$stability} · Similarity: {$similarity}
    An ElevenLabs clone of your voice. Lower stability sounds livelier, higher similarity sticks closer to your recordings.
cloning-deleted = 🗑 The voice <b>{$name}</b> is deleted, at ElevenLabs too.

error-clone-rejected = ElevenLabs refused the request ({$reason}). Nothing was lost.
error-clone-unavailable = ElevenLabs is unavailable right now. Nothing was lost; try again in a few minutes.
error-clone-bad-key = ElevenLabs does not accept this bot's API key. Nothing was lost; ask the bot's owner to check the key.
error-clone-quota = The ElevenLabs subscription has run out of credits. Nothing was lost; ask the bot's owner to top it up.
error-clone-not-allowed = The ElevenLabs plan of this bot does not include voice cloning. Nothing was lost.
error-clone-voice-limit = The ElevenLabs account has no free voice slots left. Delete a voice you no longer use and try again.
error-clone-verification = ElevenLabs will not clone these recordings: they match a protected voice. Record your own voice.
error-clone-missing = ElevenLabs no longer has this voice. Delete it here and make it again.
error-clone-not-configured = ElevenLabs is not set up on this bot right now, so this cloud voice cannot be used or deleted. Nothing was lost.
cloning-working = ⏳ Making your voice clone… I will send it here when ElevenLabs has it.
