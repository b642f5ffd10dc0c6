## Подключение аккаунтов (services.account_connect, api/, bot/account_notify.py)
error-platform-not-offered = { $platform } на этом сервере пока недоступен.
error-connect-link-invalid = Эта ссылка для подключения недействительна. Получите новую в боте: /accounts.
error-connect-link-expired = Срок действия ссылки для подключения истёк. Получите новую в боте: /accounts.
error-connect-used = Эта ссылка для подключения уже использована. Если аккаунт не подключился, получите новую в боте: /accounts.
error-connect-other-browser = Подключение начато в другом браузере или другим человеком, поэтому отклонено. Откройте ссылку из своего чата с ботом.
error-connect-denied = Доступ не предоставлен, поэтому ничего не подключено. Можно попробовать снова через /accounts.
error-connect-failed = { $platform } не дал завершить подключение аккаунта. Ничего не сохранено; попробуйте снова через /accounts.
error-media-link-invalid = Эта ссылка недействительна.
error-media-link-expired = Срок действия этой ссылки истёк.
connect-page-title = Подключение аккаунта
connect-page-done = Аккаунт { $platform } «{ $name }» подключён. Эту страницу можно закрыть и вернуться в чат.
connect-page-failed = Аккаунт не подключён.
account-connected = ✅ Аккаунт { $platform } «{ $name }» подключён.
account-reconnect-needed = ⚠️ { $platform } больше не принимает доступ для «{ $name }». Публикации на нём приостановлены, пока вы не подключите его снова: { $link }
error-connect-channel-in-bot = Telegram-каналы подключаются в боте: сделайте бота администратором канала с правом публикации, затем добавьте канал через /accounts.
