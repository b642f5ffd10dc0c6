## /analytics, /ideas, a Short's numbers in My Shorts, the weekly digest

cmd-analytics = Views, likes and what works best
cmd-ideas = Ideas for your next Shorts
analytics-title = <b>Your Shorts in numbers</b>
analytics-published = Published posts: { $count }
analytics-window = Last { $days } days: { $counts }
analytics-count-views = views: { $value }
analytics-count-likes = likes: { $value }
analytics-count-comments = comments: { $value }
analytics-count-shares = shares: { $value }
analytics-window-empty = Last { $days } days: no numbers yet
analytics-no-data = no data yet
analytics-rate = { NUMBER($rate, maximumFractionDigits: 1) }%
analytics-best = <b>Best Short</b>: { $topic } (views: { $views }, engagement: { $rate })
analytics-best-link = <a href="{ $url }">Open it</a>
analytics-apart = What set it apart: { $traits }
analytics-recs-title = <b>What works best</b>
analytics-rec = • { $dimension }: { $value } — n={ $n }, { $lift } engagement, { $strength } effect
analytics-rec-no-lift = • { $dimension }: { $value } — n={ $n }, { $strength } effect
analytics-rec-default = • { $dimension }: { $value } (a default: too few of your own Shorts with numbers yet)
analytics-rec-platform = { $dimension } on { $platform }
analytics-strength = { $size ->
    [negligible] negligible
    [small] small
    [medium] medium
   *[strong] strong
}
analytics-dim-topic = Topic
analytics-dim-style = Style
analytics-dim-tone = Tone
analytics-dim-length = Length
analytics-dim-hour = Posting hour
analytics-seconds = { $seconds } s
analytics-hour = { $hour }:00
analytics-notes-title = <b>About these numbers</b>
analytics-note-telegram = Telegram gives bots no view counts: only reactions, where the channel allows them.
analytics-note-lag = { $platform } numbers arrive late: up to 48–72 hours after publishing.
analytics-note-youtube-views = Since March 2025 YouTube counts every replay of a Short as a view; engaged views are counted apart.
analytics-empty =
    No published Shorts yet, so there are no numbers to show.
    Next step: make a Short with /new, then publish it from its preview or from /shorts. Views, likes and charts appear here within a day.
analytics-waiting = Published posts: { $count }. The platforms have not given any numbers yet (YouTube and Instagram take up to 48–72 hours). Look again later.
analytics-caption-views = Views over time, per platform
analytics-caption-best = Your best Shorts by views
analytics-caption-by_style = Engagement rate by style
analytics-caption-by_length = Engagement rate by length
analytics-caption-by_hour = Engagement rate by posting hour
analytics-caption-short = Views over time
analytics-button-ideas = 💡 Ideas
analytics-button-digest-on = 🔔 Weekly digest: on
analytics-button-digest-off = 🔕 Weekly digest: off
analytics-digest-on = Done: once a week I will send you a summary of your numbers with the views chart.
analytics-digest-off = Done: no more weekly digests. Turn them on again under /analytics.

## Ideas
ideas-title = <b>Ideas for your next Shorts</b>
ideas-offline = Made from the words of your best Shorts' topics (no AI writer is configured).
ideas-llm = Written by AI from your best Shorts.
ideas-line = { $number }. { $topic }{ $details }
ideas-empty = No ideas yet: they grow from your published Shorts and their numbers. Publish a few Shorts (/new), then come back.
ideas-button-batch = 📦 All of them as a batch
ideas-stale = These ideas are out of date or not yours: open /ideas for fresh ones.
ideas-started = New Short from an idea: { $topic }
    { $details }

## A Short's numbers (My Shorts)
card-numbers-title = <b>Numbers</b>
card-numbers-line = { $platform }: { $counts }
card-numbers-none = { $platform }: no data yet
card-state-gone = the post was deleted or made private; its last numbers are kept
card-state-revoked = access ended: reconnect the account in /accounts to read new numbers
card-state-telegram = Telegram gives bots no views: reactions only
card-numbers-read = updated { $when }

## Weekly digest
digest-title = <b>Your week in numbers</b>
digest-quiet = No new numbers this week.
digest-hint = Weekly digests can be turned off under /analytics.

## Admin
admin-stats-metrics = Published posts: { $posts }; total views: { $views }
