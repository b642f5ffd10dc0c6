## Paying with Telegram Stars: invoices, checkout answers, receipts, refunds, reminders, /grant
stars-invoice-title = Shorts Factory {$name}
stars-invoice-description = The {$name} plan for {$days} days: {$shorts} Shorts a month and everything the plan includes.
stars-invoice-description-unlimited = The {$name} plan for {$days} days: unlimited Shorts and everything the plan includes.
stars-invoice-label = {$name}, {$days} days
stars-paid = ✅ Payment received: {$stars} ⭐. Your plan is {$name} until {$until}. See /plan for what it includes.
stars-paid-again = This payment was already counted: your plan is {$name} until {$until}.
stars-repeated-refused = This payment was already handled: it was not accepted or was refunded, so it grants nothing.
stars-rejected = ⚠️ This payment was not accepted and no plan was granted. {$reason}
stars-rejected-refunded = Your {$stars} ⭐ were returned to you.
stars-rejected-kept = The Stars could not be returned automatically: write to the bot's owner with this code: <code>{$charge}</code>
stars-refunded = ↩️ Refunded: {$stars} ⭐ are back with you. Your plan is {$name} now.
stars-refunded-until = ↩️ Refunded: {$stars} ⭐ are back with you. Your plan is {$name} until {$until}.
stars-refund-kept = Nothing was refunded; your plan stays as it is.
stars-reminder = ⏳ Your {$name} plan ends on {$until}. Renew it now to keep it {$days} days longer, for {$stars} ⭐.
stars-renew = Renew {$name}: {$stars} ⭐

stars-error-bad-invoice = This invoice was not made by this bot. Open /plan for a new one.
stars-error-not-yours = This invoice was made for someone else. Open /plan to get your own.
stars-error-not-sold = The {$name} plan is not sold. Open /plan to see the plans.
stars-error-price-changed = The price of {$name} is now {$stars} ⭐. Open /plan for a new invoice.
stars-error-wrong-amount = {$paid} ⭐ were paid, but the invoice was for {$stars} ⭐.
stars-error-currency = Only Telegram Stars are accepted.
stars-error-downgrade = Your {$current} plan runs until {$until}; {$name} can be bought after it ends.
stars-error-refund-window = A purchase can be refunded within {$days} days; this one was made on {$date}.
stars-error-already-refunded = This purchase was already refunded.
stars-error-refund-not-latest = Only your latest purchase can be refunded.
stars-error-refund-unavailable = Telegram could not be reached to return the Stars. Nothing changed; try again in a minute.
stars-error-refund-refused = Telegram did not accept the refund of this purchase. Nothing changed; write to the bot's owner.

## /grant (admins)
cmd-grant = Admin: give a user a plan
stars-grant-usage = Usage: /grant TELEGRAM_ID PLAN [DAYS], PLAN one of: free, creator, pro, agency; DAYS 1-3650 (default {$days}).
stars-granted = User {$telegram} ({$name}) has {$plan} until {$until}.
stars-grant-ended = User {$telegram} ({$name}) is on Free now.
stars-granted-note = 🎁 You were given the {$plan} plan until {$until}. See /plan.
