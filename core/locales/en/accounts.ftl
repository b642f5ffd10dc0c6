## Connecting accounts (services.account_connect, api/, bot/account_notify.py)
error-platform-not-offered = {$platform} is not available on this server yet.
error-connect-link-invalid = This connect link is not valid. Ask the bot for a new one with /accounts.
error-connect-link-expired = This connect link has expired. Ask the bot for a new one with /accounts.
error-connect-used = This connect link was already used. If the account is not connected, ask the bot for a new link with /accounts.
error-connect-other-browser = This consent was started in another browser or by another person, so it was refused. Open the link from your own chat with the bot.
error-connect-denied = Access was not granted, so nothing was connected. You can try again from /accounts.
error-connect-failed = {$platform} did not let me finish connecting the account. Nothing was saved; try again from /accounts.
error-media-link-invalid = This link is not valid.
error-media-link-expired = This link has expired.
connect-page-title = Connecting an account
connect-page-done = { $platform } account “{ $name }” is connected. You can close this page and go back to the chat.
connect-page-failed = The account was not connected.
account-connected = ✅ { $platform } account “{ $name }” is connected.
account-reconnect-needed = ⚠️ { $platform } no longer accepts the access for “{ $name }”. Its publications are paused until you connect it again: { $link }
error-connect-channel-in-bot = Telegram channels are connected in the bot: make the bot an administrator of the channel with the right to post, then add the channel with /accounts.
