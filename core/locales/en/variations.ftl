## Character variations
character-variations = 🎭 Variations
variations-menu-fal =
    🎭 <b>{$name}</b>: variations. Pick an emotion or a pose: I make it from the character's photos and check that the face still matches. Each picture is a paid image.
variations-menu-offline =
    🎭 <b>{$name}</b>: variations.
    Honestly: offline I cannot change a face, so there are no new emotions here. A variation is your own photo posed differently: mirrored, tilted, closer or in warmer light.
variations-none = No variations yet.
variations-made = Made: {$list}
variations-on-card = Variations: {$list}
variation-smiling = 😊 Smiling
variation-surprised = 😮 Surprised
variation-thinking = 🤔 Thinking
variation-serious = 😐 Serious
variation-pointing = 👉 Pointing
variation-thumbs_up = 👍 Thumbs up
variation-mirrored = ↔️ Mirrored
variation-tilted = ↗️ Tilted
variation-close_up = 🔍 Close-up
variation-warm_light = 🌅 Warm light
variations-make-all = ✨ Make all missing
variations-delete = 🗑 {$kind}
variations-back = ⬅️ Back to the character
variations-working = ⏳ Making variations of <b>{$name}</b>… This can take a minute.
variations-already-working = ⏳ Variations of <b>{$name}</b> are being made already: I will send them here.
variations-try-later = 😔 I could not finish the variations of <b>{$name}</b>: the picture service is not answering now. What was made is kept and nothing was lost; please try again later.
variation-caption = {$kind}: face match {$score} %
variation-refused = ❌ {$kind} did not look enough like <b>{$name}</b> (face match {$score}), so I did not keep it. Try again later.
variations-nothing-new = These variations are made already.
