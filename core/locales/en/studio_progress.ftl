## Studio jobs' progress: one message per job, edited as it goes (bot.studio_notify)
studio-step-pictures = ⏳ Variations of <b>{$name}</b>: {$done} of {$total} { $total ->
    [one] picture
   *[other] pictures
    } made.
studio-step-upload = ⏳ Voice <b>{$name}</b>: sending { $total ->
    [one] your recording
   *[other] your {$total} recordings
    } to ElevenLabs, which makes the clone…
studio-step-analyse = ⏳ Voice <b>{$name}</b>: measuring your samples, {$done} of {$total}.
studio-step-match = ⏳ Voice <b>{$name}</b>: comparing stock voices with yours, {$done} of {$total}.
studio-step-adjust = ⏳ Voice <b>{$name}</b>: fitting pitch and timbre to your samples, try {$done} of {$total}.
studio-progress-done = ✅ Done: the result is below.
studio-progress-failed = ⚠️ Stopped: the reason is below.
