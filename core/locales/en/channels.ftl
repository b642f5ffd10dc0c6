## publishers/telegram_errors.py: connecting a Telegram channel and posting to it
error-channel-not-found = Telegram cannot find the channel { $channel }. Check the @username, or forward me any post from the channel.
error-channel-not-a-channel = { $channel } is not a channel. Send the @username of a channel or forward me one of its posts.
error-channel-bot-not-admin = I am not an administrator of { $channel }. Add me as an administrator with the right to post messages, then connect the channel again.
error-channel-bot-kicked = I was removed from { $channel }. Add me back as an administrator with the right to post messages, then connect the channel again.
error-channel-bot-cannot-post = I am an administrator of { $channel } but may not post there. Turn on “Post messages” for me in the channel's administrator settings, then connect the channel again.
error-channel-user-not-admin = Only the owner or an administrator of { $channel } can connect it. Ask one of them to do it.
error-channel-user-cannot-post = You administer { $channel } but may not post there, so I will not post there for you. Ask the owner for the right to post messages.
error-channel-ref-missing = I do not see a channel in this message. Send the channel's @username or forward me any of its posts (a forward that hides its channel does not tell me which one it is).
