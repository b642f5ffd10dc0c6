## A finished batch's "Download all" and "Publish or schedule all"
batch-download-preparing = 📦 Packing { $count ->
    [one] {$count} Short
   *[other] {$count} Shorts
} into zips under Telegram's 50 MB limit…
batch-download-part = 📦 Part {$number} of {$parts}: { $count ->
    [one] Short {$first}
   *[other] Shorts {$first}–{$last}
}
error-batch-nothing-to-download = No Short of this batch is made yet: there is nothing to download.
batch-publish-pick = 📤 Where should the batch go? Every made Short goes to each ticked account: all now, or one a day per account at 09:00 your time, from tomorrow. (TikTok asks for its post screen for each video: publish those one by one.)
batch-publish-button-now = 🚀 Publish all now
batch-publish-button-spread = 📅 One a day from tomorrow
batch-publish-button-close = ✖️ Close
batch-publish-no-accounts = No account to publish to yet: connect one with /accounts.
batch-publish-now-done = 🚀 { $count ->
    [one] {$count} publication is
   *[other] {$count} publications are
} on the way. Each is reported here when it is out.
batch-publish-spread-done = 📅 { $count ->
    [one] {$count} publication is
   *[other] {$count} publications are
} scheduled, one a day per account: the first {$first}, the last {$last}. See them in /publications.
