## Per-user limits (pipeline/limits.py) and blocking (bot/middlewares/blocked.py, /block)
error-too-many-unfinished =
    { $count ->
        [one] You already have {$count} Short in the making
       *[other] You already have {$count} Shorts in the making
    } (the limit is {$limit}). When one is ready, try again: your choices are kept.
error-user-blocked = Your account is blocked, so new Shorts cannot be made. If you think this is a mistake, contact the bot's owner.
error-block-admin = An admin cannot be blocked. Remove the ID from BOT__ADMIN_IDS first.
blocked-note = Your access to this bot has been suspended. If you think this is a mistake, contact the bot's owner.

admin-block-usage = Usage: /block TELEGRAM_ID
admin-unblock-usage = Usage: /unblock TELEGRAM_ID
admin-blocked = User {$telegram} ({$name}) is blocked. Queued Shorts cancelled: {$cancelled}.
admin-already-blocked = User {$telegram} ({$name}) was already blocked.
admin-unblocked = User {$telegram} ({$name}) is unblocked and can use the bot again.
admin-not-blocked = User {$telegram} ({$name}) was not blocked.

cmd-block = Admin: block a user
cmd-unblock = Admin: unblock a user
