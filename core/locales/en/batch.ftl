## Batches (/batch): the topics, the summary before the start, the one progress message, the end
cmd-batch = Many Shorts at once from a list of topics
batch-ask-topics = 📦 <b>Batch</b>: send the topics, one per line, or a .txt or .csv file (one topic per line, or a <code>topic</code> column with optional <code>duration</code>, <code>style</code> and <code>language</code> columns). Your plan makes up to {$limit} Shorts in one batch.
batch-topics-not-text = Send the topics as text (one per line) or as a .txt or .csv file.
batch-ask-settings = Now choose the settings every Short of the batch shares (a row of your file may set its own duration, style or language).
batch-voiceover-not-in-batch = A batch speaks with a voice, not with one recording: choose a voice.
batch-summary-before = 📦 <b>Batch of {$count} Shorts</b>
    Duration: {$duration} s · Style: {$style} · Tone: {$tone}
    Voice: {$voice} · Character: {$character}
    Captions: {$captions}
    ⏱ About {$minutes} min with {$workers} render { $workers ->
        [one] worker
       *[other] workers
    }{ $measured ->
        [yes] {""} (measured on this server)
       *[no] {""} (an estimate: nothing measured on this server yet)
    }.
    💰 Cost: {$cost}.
    📊 Your {$plan} plan: {$left} of {$limit} Shorts left this month.
batch-cost-free = free (offline engines)
batch-cost-line = {$provider} ${$usd}
batch-button-start = ▶️ Start the batch
batch-started = 📦 Batch of {$total} Shorts queued. Progress shows here, in one message.
batch-progress = 📦 Batch: {$done} of {$total} done{ $failed ->
    [0] {""}
   *[other] , {$failed} failed
}, {$left} in the works. {$eta}
batch-eta = About {$minutes} min left.
batch-eta-unknown = Measuring the pace…
batch-progress-complete = ✅ Batch finished: {$done} of {$total} Shorts made{ $failed ->
    [0] .
   *[other] , {$failed} not made.
}
batch-summary = <b>Batch: {$done} of {$total} made</b>{ $failed ->
    [0] {""}
   *[other] {" "}({$failed} not made: nothing lost, retry them with the button)
}
batch-line-done = {$number}. ✅ {$title} · {$seconds} s
batch-line-failed = {$number}. ❌ {$title}: {$reason}
batch-not-made = not made
batch-summary-more = …and {$count} more (open them with the buttons).
batch-button-open = ▶️ Open a Short
batch-button-retry = 🔁 Make the {$count} failed again
batch-button-download = 📦 Download all
batch-button-publish = 📤 Publish or schedule all
batch-pick-short = Which Short? The numbers are the topics' places in your list.
batch-retrying = { $count ->
    [one] 🔁 {$count} Short is queued again.
   *[other] 🔁 {$count} Shorts are queued again.
}
error-batch-empty = The list has no topics.
error-batch-nothing-to-retry = Every Short of this batch was made: there is nothing to make again.
