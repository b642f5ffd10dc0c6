## Оплата в Telegram Stars: счета, ответы на проверку, чеки, возвраты, напоминания, /grant
stars-invoice-title = Shorts Factory {$name}
stars-invoice-description = Тариф {$name} на {$days} дней: {$shorts} Shorts в месяц и всё, что входит в тариф.
stars-invoice-description-unlimited = Тариф {$name} на {$days} дней: Shorts без ограничений и всё, что входит в тариф.
stars-invoice-label = {$name}, {$days} дней
stars-paid = ✅ Оплата получена: {$stars} ⭐. Ваш тариф {$name} до {$until}. Что в него входит, смотрите в /plan.
stars-paid-again = Эта оплата уже учтена: ваш тариф {$name} до {$until}.
stars-repeated-refused = Эта оплата уже обработана: она не была принята или возвращена, поэтому тариф не выдаётся.
stars-rejected = ⚠️ Эта оплата не принята, тариф не выдан. {$reason}
stars-rejected-refunded = Ваши {$stars} ⭐ возвращены.
stars-rejected-kept = Вернуть звёзды автоматически не вышло: напишите владельцу бота и передайте этот код: <code>{$charge}</code>
stars-refunded = ↩️ Возврат сделан: {$stars} ⭐ снова у вас. Ваш тариф теперь {$name}.
stars-refunded-until = ↩️ Возврат сделан: {$stars} ⭐ снова у вас. Ваш тариф {$name} до {$until}.
stars-refund-kept = Возврата не было, тариф остаётся прежним.
stars-reminder = ⏳ Ваш тариф {$name} заканчивается {$until}. Продлите его сейчас ещё на {$days} дней за {$stars} ⭐.
stars-renew = Продлить {$name}: {$stars} ⭐

stars-error-bad-invoice = Этот счёт выставлен не этим ботом. Откройте /plan, чтобы получить новый.
stars-error-not-yours = Этот счёт выставлен другому человеку. Откройте /plan, чтобы получить свой.
stars-error-not-sold = Тариф {$name} не продаётся. Тарифы — в /plan.
stars-error-price-changed = Цена {$name} теперь {$stars} ⭐. Откройте /plan, чтобы получить новый счёт.
stars-error-wrong-amount = Оплачено {$paid} ⭐, а счёт был на {$stars} ⭐.
stars-error-currency = Оплата принимается только в Telegram Stars.
stars-error-downgrade = Ваш тариф {$current} действует до {$until}; {$name} можно купить, когда он закончится.
stars-error-refund-window = Покупку можно вернуть в течение {$days} дней; эта сделана {$date}.
stars-error-already-refunded = Эта покупка уже возвращена.
stars-error-refund-not-latest = Вернуть можно только последнюю покупку.
stars-error-refund-unavailable = Не удалось связаться с Telegram, чтобы вернуть звёзды. Ничего не изменилось; попробуйте через минуту.
stars-error-refund-refused = Telegram не принял возврат этой покупки. Ничего не изменилось; напишите владельцу бота.

## /grant (администраторы)
cmd-grant = Админ: выдать тариф
stars-grant-usage = Формат: /grant TELEGRAM_ID ТАРИФ [ДНЕЙ], ТАРИФ: free, creator, pro, agency; ДНЕЙ 1-3650 (по умолчанию {$days}).
stars-granted = У пользователя {$telegram} ({$name}) тариф {$plan} до {$until}.
stars-grant-ended = У пользователя {$telegram} ({$name}) теперь тариф Free.
stars-granted-note = 🎁 Вам выдан тариф {$plan} до {$until}. Подробности — в /plan.
