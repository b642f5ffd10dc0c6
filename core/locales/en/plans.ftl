## Plans and quotas (core/plans.py, services/plans.py)
plan-name = { $plan ->
    [creator] Creator
    [pro] Pro
    [agency] Agency
   *[free] Free
}
error-shorts-quota = { $left ->
    [0] Your { plan-name } plan makes {$limit} Shorts a month, and all {$limit} are used ({$used} made or in the works).
   *[other] Your { plan-name } plan makes {$limit} Shorts a month: {$used} are used and {$left} left, but this needs {$asked}.
} The count starts again on {$resets}. Nothing was queued; see /plan to upgrade.
error-plan-limit = { $what ->
    [voices] Your { plan-name } plan keeps { $limit ->
        [one] {$limit} voice
       *[other] {$limit} voices
    }. Delete one in /voice or upgrade with /plan.
   *[characters] Your { plan-name } plan keeps { $limit ->
        [one] {$limit} character
       *[other] {$limit} characters
    }. Delete one in /character or upgrade with /plan.
}
error-platform-not-in-plan = Your { plan-name } plan publishes to Telegram channels and YouTube only. Upgrade with /plan to publish to {$platform}.
error-batch-not-in-plan = Batches start with the Creator plan (10 topics at once). Upgrade with /plan.
error-batch-too-large = Your { plan-name } plan makes at most {$limit} Shorts in one batch, and this list has {$count}. Send a shorter list or upgrade with /plan.
