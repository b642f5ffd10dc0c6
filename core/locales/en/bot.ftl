## Menu, start, language, help
menu = What shall we make? Pick an action:
menu-new = 🎬 New Short
menu-voice = 🎙 Voice Studio
menu-char = 🧑 Characters
menu-shorts = 🗂 My Shorts
menu-lang = 🌐 Language
menu-help = ❓ Help
button-menu = ⬅️ Menu
button-next = Next ➡️
button-create = ✅ Create
button-back = ⬅️ Back
start-welcome =
    Hi, {$name}! I am Shorts Factory: send me a topic and I make a vertical Short with
    a script, a voice-over, pictures and captions.
    Choose the language for my messages and your Shorts:
lang-choose = Choose a language:
lang-set = Done: I will speak English.
help =
    <b>How it works</b>
    /new — a new Short: topic, length, style, tone, voice and character, then I render a preview.
    Under the preview: approve it, redraw one scene, change the voice or edit the text.
    /voice — Voice Studio: your voice from recordings.
    /character — Characters: a recurring look from your photos.
    /shorts — your Shorts and their files.
    /analytics — your Shorts' numbers, charts and what works best. /ideas — next topics, one tap to make.
    /batch — many Shorts at once from a list of topics (Creator and up).
    /plan — your plan, what is left this month, upgrades with Telegram Stars. /usage — what your Shorts cost.
    /api — keys for the REST API (Pro and Agency).
    /lang — language. /cancel — leave any step (nothing saved is lost).
cancelled = Cancelled. Nothing you saved was lost.
nothing-to-cancel = There is nothing to cancel.
unknown-message = I did not understand that. Use the menu below, or /help.
finish-or-cancel = Let us finish this step first, or send /cancel to leave it.
button-stale = This button is out of date or not yours. Open the menu: /menu
throttled = Too many messages at once. Wait a couple of seconds, then go on.
use-buttons = Please pick one of the buttons above.

## New Short
new-ask-topic = What is the Short about? Send the topic in one message (up to {$limit} characters).
new-topic-not-text = I need the topic as text (up to {$limit} characters).
new-ask-duration = How long should it be?
duration-button = {$seconds} s
new-ask-style = Pick a visual style:
style-vivid = Vivid
style-minimal = Minimal
style-dark = Dark
style-pastel = Pastel
style-neon = Neon
style-warm = Warm
new-ask-tone = Pick a tone:
tone-friendly = Friendly
tone-energetic = Energetic
tone-calm = Calm
tone-serious = Serious
tone-funny = Funny
new-ask-cast = Voice and character (your defaults are ticked). Tap to change, then Next:
voice-stock = Stock voice
character-none = No character
new-summary =
    <b>Your Short</b>
    Topic: {$topic}
    Length: {$duration} s
    Style: {$style}
    Tone: {$tone}
    Voice: {$voice}
    Character: {$character}
    Captions: {$captions}
    Create it?

## Progress (one message, edited)
progress-queued = ⏳ <b>{$topic}</b>: queued. This message will show the progress.
progress-redo-scene = ⏳ <b>{$topic}</b>: redrawing the scene; the rest is reused.
progress-new-voice = ⏳ <b>{$topic}</b>: speaking it with the new voice.
progress-new-text = ⏳ <b>{$topic}</b>: speaking your new text.
progress =
    ⚙️ <b>{$topic}</b>
    {$stage}: {$percent}%
    { $eta ->
        [0] ⏱ estimating the time…
       *[other] ⏱ about {$eta} s left
    }
stage-script = ✍️ Writing the script
stage-voice = 🎙 Recording the voice
stage-visuals = 🎨 Drawing the scenes
stage-captions = 💬 Timing the captions
stage-render = 🎬 Rendering the video
progress-done = ✅ Done! The preview is below.
progress-failed =
    ⚠️ <b>{$topic}</b> stopped.
    {$reason}
failed-nothing-lost = Nothing was lost: every finished step is kept. Change what the message says and try again, or open /shorts.

## Preview
preview-caption =
    <b>{$title}</b>
    Preview: approve it, or change something below.{$note}
preview-voice-match = {" "}(Your voice here is a stock voice matched to your samples, not a clone.)
preview-approve = ✅ Approve
preview-redo_menu = 🔄 Regenerate a scene
preview-voice_menu = 🎙 Change voice
preview-edit = ✏️ Edit text
approved = ✅ Approved! Here are the final files.
deliver-srt = Captions (SRT)
deliver-thumbnail = Thumbnail
deliver-texts =
    <b>Title</b>
    {$title}
    <b>Description</b>
    {$description}
    <b>Hashtags</b>
    {$hashtags}
deliver-script =
    <b>Script</b>
    {$script}
edit-ask-text =
    Send the new narration as one message. I will split it over the {$scenes} scenes by sentences.
    Current text:
    <i>{$script}</i>
edit-not-text = I need the new narration as text. Or send /cancel.

## My Shorts
shorts-empty = You have no Shorts yet. Make one: /new
shorts-title = <b>My Shorts</b> (page {$page}). Tap one to get its files:
status-draft = draft
status-queued = queued
status-running = in progress
status-done = ready
status-failed = failed
status-cancelled = cancelled
short-status =
    <b>{$topic}</b>: {$status}.
    {$reason}

## Admin
admin-stats =
    <b>Stats</b>
    Users: {$users}
    Shorts: {$shorts}
    Failed stages: {$failures}
    Queue: {$queue}
    Render: {$minutes} min
    Cost: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 2) }
admin-user-usage = Usage: /user TELEGRAM_ID
admin-user-unknown = No user {$id}.
admin-user =
    <b>User {$id}</b> (Telegram {$telegram})
    Name: {$name}
    Language: {$language}
    Blocked: {$blocked}
    Shorts: {$shorts}
    Render: {$minutes} min
    Cost: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 2) }

## Commands
cmd-start = Start and choose the language
cmd-new = Make a new Short
cmd-voice = Voice Studio
cmd-character = Characters
cmd-shorts = My Shorts
cmd-lang = Change the language
cmd-help = How it works
cmd-cancel = Leave the current step
cmd-stats = Admin: statistics
cmd-user = Admin: one user

preview-thumbs = 🖼 Thumbnail
thumbnail-choose = Which thumbnail should the Short have? Approving sends the one you pick.
thumbnail-pick = Thumbnail {$number}
thumbnail-chosen = Thumbnail {$number} it is: approving sends it.
thumbnail-another = 🖼 Another thumbnail
progress-new-thumbnails = ⏳ <b>{$topic}</b>: drawing three new thumbnails; the video stays as it is.
