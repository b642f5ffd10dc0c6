## «Скачать всё» и «Опубликовать или запланировать всё» готового пакета
batch-download-preparing = 📦 Упаковываю { $count ->
    [one] {$count} ролик
    [few] {$count} ролика
   *[many] {$count} роликов
} в архивы меньше 50 МБ (предел Telegram)…
batch-download-part = 📦 Часть {$number} из {$parts}: { $count ->
    [one] ролик {$first}
   *[other] ролики {$first}–{$last}
}
error-batch-nothing-to-download = В пакете ещё нет готовых роликов: скачивать нечего.
batch-publish-pick = 📤 Куда отправить пакет? Каждый готовый ролик уйдёт в каждый отмеченный аккаунт: все сразу или по одному в день на аккаунт в 09:00 по вашему времени, начиная с завтра. (TikTok для каждого видео спрашивает свой экран публикации: такие публикуйте по одному.)
batch-publish-button-now = 🚀 Опубликовать всё сейчас
batch-publish-button-spread = 📅 По одному в день с завтра
batch-publish-button-close = ✖️ Закрыть
batch-publish-no-accounts = Пока нет аккаунтов для публикации: подключите их в /accounts.
batch-publish-now-done = 🚀 Публикаций в пути: {$count}. О каждой я напишу здесь, когда она выйдет.
batch-publish-spread-done = 📅 Запланировано публикаций: {$count}, по одной в день на аккаунт: первая {$first}, последняя {$last}. Все они в /publications.
