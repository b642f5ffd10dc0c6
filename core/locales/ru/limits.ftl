## Per-user limits (pipeline/limits.py) and blocking (bot/middlewares/blocked.py, /block)
error-too-many-unfinished =
    У вас уже { $count ->
        [one] {$count} ролик
        [few] {$count} ролика
       *[many] {$count} роликов
    } в работе (можно не больше {$limit}). Когда один будет готов, попробуйте снова: ваш выбор сохранён.
error-user-blocked = Ваш аккаунт заблокирован, поэтому новые ролики создать нельзя. Если это ошибка, напишите владельцу бота.
error-block-admin = Администратора заблокировать нельзя. Сначала уберите его ID из BOT__ADMIN_IDS.
blocked-note = Доступ к боту для вас приостановлен. Если вы считаете, что это ошибка, напишите владельцу бота.

admin-block-usage = Формат: /block TELEGRAM_ID
admin-unblock-usage = Формат: /unblock TELEGRAM_ID
admin-blocked = Пользователь {$telegram} ({$name}) заблокирован. Отменено роликов в очереди: {$cancelled}.
admin-already-blocked = Пользователь {$telegram} ({$name}) уже был заблокирован.
admin-unblocked = Пользователь {$telegram} ({$name}) разблокирован и снова может пользоваться ботом.
admin-not-blocked = Пользователь {$telegram} ({$name}) не был заблокирован.

cmd-block = Админ: заблокировать
cmd-unblock = Админ: разблокировать
