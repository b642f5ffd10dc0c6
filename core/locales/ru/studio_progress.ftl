## Studio jobs' progress: one message per job, edited as it goes (bot.studio_notify)
studio-step-pictures = ⏳ Вариации <b>{$name}</b>: готово {$done} из {$total} { $total ->
    [one] картинки
   *[other] картинок
    }.
studio-step-upload = ⏳ Голос <b>{$name}</b>: отправляю { $total ->
    [one] вашу запись
   *[other] ваши записи ({$total})
    } в ElevenLabs, там делается клон…
studio-step-analyse = ⏳ Голос <b>{$name}</b>: измеряю ваши записи, {$done} из {$total}.
studio-step-match = ⏳ Голос <b>{$name}</b>: сравниваю стандартные голоса с вашим, {$done} из {$total}.
studio-step-adjust = ⏳ Голос <b>{$name}</b>: подгоняю высоту и тембр под ваши записи, попытка {$done} из {$total}.
studio-progress-done = ✅ Готово: результат ниже.
studio-progress-failed = ⚠️ Остановлено: причина ниже.
