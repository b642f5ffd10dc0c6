yes = yes
no = no
button-skip = Skip ➡️

## Voice Studio
voice-studio = 🎙 <b>Voice Studio</b>. Your voices (⭐ is the default for new Shorts):
voice-studio-empty = 🎙 <b>Voice Studio</b>. Make a voice of your own from a few recordings of yourself.
voice-new = 🎤 New voice from recordings
voice-create = ✅ Make the voice
voice-discard = 🗑 Discard the recordings
voice-consent-yes = Yes: it is my voice, or its owner agreed
voice-test = ▶️ Test on a phrase
voice-settings = ⚙️ Settings
voice-default = ⭐ Make default
voice-delete = 🗑 Delete
voice-list = ⬅️ All voices
voice-delete-yes = 🗑 Yes, delete it and its recordings
voice-setting-speed = speed
voice-setting-stability = stability
voice-setting-similarity = similarity
voice-record =
    Send voice messages or audio files of yourself speaking naturally (10 s of clear speech in total is enough; one recording may last up to a few minutes).
    I check and score each one.
voice-draft = { $missing ->
        [0] Recordings: {$samples}, clear speech: {$speech} s. ✅ Enough to make the voice.
       *[other] Recordings: {$samples}, clear speech: {$speech} s. Still needed: about {$missing} s.
    }
voice-sample = 🎧 Recording checked: {$seconds} s, quality {$score}%. {$reason}
sample-ok = Clear and usable.
sample-too-quiet = Too quiet: hold the phone closer.
sample-noisy = Noisy: find a quieter place.
sample-clipping = Distorted (too loud): hold the phone a little further away.
sample-too-short-speech = Too little speech in it: say a few full sentences.
voice-send-audio = Send a voice message or an audio file, or /cancel.
voice-consent = Before I make it: is this your own voice, or did the person speaking agree to it being used?
voice-ask-name = How shall I call this voice? Send a name (up to 64 characters).
voice-created =
    ✅ Voice <b>{$name}</b> is ready.
    Honestly: offline I cannot clone a voice. This is a stock voice matched to your recordings (pitch, range and pace), not a copy of you.
voice-discarded = Deleted {$count} recordings.
voice-card =
    🎙 <b>{$name}</b> (default: {$default})
    Speed: {$speed} · Pitch: {$pitch}
    Stability: {$stability} · Similarity: {$similarity}
    A stock voice matched to your recordings. Stability and similarity are kept for cloud voices; offline they do not change the sound.
voice-delete-confirm = Delete the voice <b>{$name}</b> and its recordings? This cannot be undone.
voice-ask-phrase = Send a phrase to hear the voice say it (up to 300 characters).
voice-test-caption = ▶️ The voice test.

## Character Studio
character-studio = 🧑 <b>Characters</b>. Yours (⭐ appears in new Shorts by default):
character-studio-empty = 🧑 <b>Characters</b>. A character is a recurring look from your photos, with a style, colours and a logo.
character-new = ➕ New character
character-preview = 👁 Preview scene
character-default = ⭐ Make default
character-delete = 🗑 Delete
character-list = ⬅️ All characters
character-delete-yes = 🗑 Yes, delete it
character-send-photos = Send 1 to {$limit} photos of the character (as photos or image files), then tap Next.
character-photos-full = That is {$limit} photos already. Tap Next.
character-photo-ok = 📷 Photo {$count} of up to {$limit} is fine. Send another, or tap Next.
character-ask-name = What is the character called? (up to 64 characters)
character-ask-description = Describe the character in a sentence or two (up to 500 characters), or tap Skip.
character-ask-style = Pick the character's style:
character-ask-colours = Send brand colours as hex codes, like <code>#ff8800 #1e88e5</code> (up to 5), or tap Skip.
character-ask-logo = Send a logo (PNG or JPEG, as a photo or a file), or tap Skip.
character-created = ✅ <b>{$name}</b> is ready. Here is its card. In Shorts made offline, the person is cut out of the photos and placed into every scene.
character-card =
    🧑 <b>{$name}</b> (default: {$default})
    {$description}
    Style: {$style} · Colours: {$colours}
    Photos: {$photos} · Logo: {$logo}
character-preview-caption = 👁 <b>{$name}</b>: preview scene.
character-delete-confirm = Delete <b>{$name}</b> and its photos? Shorts already made keep their copies.

## Character errors
error-character-name = A character name needs 1 to {$limit} characters.
error-character-description-too-long = The description has {$length} characters; the limit is {$limit}.
error-character-photo-count = Send {$low} to {$high} photos of the character.
error-character-colour = That is not a colour; use hex codes like #ff8800.
error-character-colour-count = Choose at most {$limit} colours.
error-character-photo-unreadable = Photo {$number} cannot be read. Send a different one.
error-character-photo-unsupported = Photo {$number} is not a still photo. Send JPEG, PNG or WebP.
error-character-photo-too-large = Photo {$number} has {$megapixels} megapixels; the limit is {$limit}.
voice-working = ⏳ Making your voice from the samples… I will send it here in a few seconds.
voice-already = ⏳ Your voice is being made already: I will send it here.
voice-try-later = 😔 I could not make your voice: the voice service is not answering now. Your samples are kept and nothing was lost; please try again later.
