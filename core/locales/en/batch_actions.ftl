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
