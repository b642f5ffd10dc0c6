## /plan: the plan, this month's use, upgrades paid with Telegram Stars (bot/handlers/plan.py)
cmd-plan = Your plan and upgrades
myplan-title = <b>Your plan: {$name}</b>
myplan-until = Paid until {$until}.
myplan-shorts = Shorts this month: {$used} of {$limit}, {$left} left (the count starts again {$resets}).
myplan-shorts-unlimited = Shorts this month: {$used}, no limit.
myplan-voices = Voices: {$used} of {$limit}.
myplan-voices-unlimited = Voices: {$used}, no limit.
myplan-characters = Characters: {$used} of {$limit}.
myplan-characters-unlimited = Characters: {$used}, no limit.
myplan-offer = Upgrade for {$days} days, paid with Telegram Stars. Buying the plan you have adds {$days} days to it.
myplan-refundable = Changed your mind? Your last purchase ({$name}, {$stars} ⭐) can be refunded until {$until}.
myplan-buy = {$name}: {$stars} ⭐
myplan-refund = ↩️ Refund {$name} ({$stars} ⭐)
myplan-refund-confirm = Refund {$stars} ⭐ for {$name}? The plan ends now and your Stars go back to you.
myplan-refund-yes = ↩️ Yes, refund
myplan-refund-no = Keep the plan
