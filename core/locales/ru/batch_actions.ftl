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
