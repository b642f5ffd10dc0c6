## Пакеты (/batch): темы, сводка перед стартом, одно сообщение о ходе работы, итог
cmd-batch = Много роликов сразу по списку тем
batch-ask-topics = 📦 <b>Пакет</b>: пришлите темы, по одной в строке, или файл .txt или .csv (тема в строке или столбец <code>topic</code> / <code>тема</code>, по желанию столбцы <code>duration</code>, <code>style</code> и <code>language</code>). Ваш тариф делает до {$limit} роликов за один пакет.
batch-topics-not-text = Пришлите темы текстом (по одной в строке) или файлом .txt или .csv.
batch-ask-settings = Теперь выберите настройки, общие для всех роликов пакета (строка файла может задать свою длительность, стиль или язык).
batch-voiceover-not-in-batch = Пакет озвучивается голосом, а не одной записью: выберите голос.
batch-summary-before = 📦 <b>Пакет из {$count} роликов</b>
    Длительность: {$duration} с · Стиль: {$style} · Тон: {$tone}
    Голос: {$voice} · Персонаж: {$character}
    Субтитры: {$captions}
    ⏱ Около {$minutes} мин на { $workers ->
        [one] {$workers} обработчике
       *[other] {$workers} обработчиках
    }{ $measured ->
        [yes] {""} (измерено на этом сервере)
       *[no] {""} (оценка: на этом сервере ещё ничего не измерено)
    }.
    💰 Стоимость: {$cost}.
    📊 Тариф {$plan}: в этом месяце осталось {$left} из {$limit} роликов.
batch-cost-free = бесплатно (офлайн-движки)
batch-cost-line = {$provider} ${$usd}
batch-button-start = ▶️ Запустить пакет
batch-started = 📦 Пакет из {$total} роликов в очереди. Ход работы — здесь, в одном сообщении.
batch-progress = 📦 Пакет: готово {$done} из {$total}{ $failed ->
    [0] {""}
   *[other] , не получилось {$failed}
}, в работе {$left}. {$eta}
batch-eta = Осталось около {$minutes} мин.
batch-eta-unknown = Измеряю скорость…
batch-progress-complete = ✅ Пакет завершён: готово {$done} из {$total}{ $failed ->
    [0] .
   *[other] , не получилось {$failed}.
}
batch-summary = <b>Пакет: готово {$done} из {$total}</b>{ $failed ->
    [0] {""}
   *[other] {" "}(не получилось {$failed}: ничего не пропало, повторите их кнопкой)
}
batch-line-done = {$number}. ✅ {$title} · {$seconds} с
batch-line-failed = {$number}. ❌ {$title}: {$reason}
batch-not-made = не сделан
batch-summary-more = …и ещё {$count} (откройте их кнопками).
batch-button-open = ▶️ Открыть ролик
batch-button-retry = 🔁 Сделать заново {$count} неудачных
batch-button-download = 📦 Скачать всё
batch-button-publish = 📤 Опубликовать или запланировать всё
batch-pick-short = Какой ролик? Номера — места тем в вашем списке.
batch-retrying = { $count ->
    [one] 🔁 {$count} ролик снова в очереди.
    [few] 🔁 {$count} ролика снова в очереди.
   *[other] 🔁 {$count} роликов снова в очереди.
}
error-batch-empty = В списке нет тем.
error-batch-nothing-to-retry = Все ролики пакета готовы: повторять нечего.
