## Menu, start, language, help
menu = Что сделаем? Выберите действие:
menu-new = 🎬 Новый ролик
menu-voice = 🎙 Студия голоса
menu-char = 🧑 Персонажи
menu-shorts = 🗂 Мои ролики
menu-lang = 🌐 Язык
menu-help = ❓ Помощь
button-menu = ⬅️ Меню
button-next = Далее ➡️
button-create = ✅ Создать
button-back = ⬅️ Назад
start-welcome =
    Привет, {$name}! Я Shorts Factory: пришлите тему, и я сделаю вертикальный ролик
    со сценарием, озвучкой, картинками и субтитрами.
    Выберите язык сообщений и роликов:
lang-choose = Выберите язык:
lang-set = Готово: говорю по-русски.
help =
    <b>Как это работает</b>
    /new — новый ролик: тема, длина, стиль, тон, голос и персонаж, затем я соберу превью.
    Под превью: одобрить, перерисовать одну сцену, сменить голос или поправить текст.
    /voice — Студия голоса: ваш голос по записям.
    /character — Персонажи: узнаваемый образ по вашим фото.
    /shorts — ваши ролики и их файлы.
    /analytics — цифры ваших роликов, графики и что работает лучше. /ideas — темы для следующих роликов в одно нажатие.
    /batch — много роликов сразу по списку тем (с тарифа Creator).
    /plan — ваш тариф, остаток на месяц, переход на другой тариф за Telegram Stars. /usage — сколько стоили ролики.
    /api — ключи для REST API (тарифы Pro и Agency).
    /lang — язык. /cancel — выйти из любого шага (сохранённое не пропадёт).
cancelled = Отменено. Ничего сохранённого не пропало.
nothing-to-cancel = Отменять нечего.
unknown-message = Не понял. Воспользуйтесь меню ниже или /help.
finish-or-cancel = Давайте сначала закончим этот шаг, или отправьте /cancel, чтобы выйти.
button-stale = Эта кнопка устарела или не ваша. Откройте меню: /menu
throttled = Слишком много сообщений сразу. Подождите пару секунд и продолжайте.
use-buttons = Пожалуйста, выберите одну из кнопок выше.

## New Short
new-ask-topic = О чём ролик? Пришлите тему одним сообщением (до {$limit} символов).
new-topic-not-text = Мне нужна тема текстом (до {$limit} символов).
new-ask-duration = Какой длины ролик?
duration-button = {$seconds} с
new-ask-style = Выберите визуальный стиль:
style-vivid = Яркий
style-minimal = Минимализм
style-dark = Тёмный
style-pastel = Пастель
style-neon = Неон
style-warm = Тёплый
new-ask-tone = Выберите тон:
tone-friendly = Дружелюбный
tone-energetic = Энергичный
tone-calm = Спокойный
tone-serious = Серьёзный
tone-funny = Весёлый
new-ask-cast = Голос и персонаж (отмечены ваши основные). Нажмите, чтобы сменить, затем «Далее»:
voice-stock = Стандартный голос
character-none = Без персонажа
new-summary =
    <b>Ваш ролик</b>
    Тема: {$topic}
    Длина: {$duration} с
    Стиль: {$style}
    Тон: {$tone}
    Голос: {$voice}
    Персонаж: {$character}
    Субтитры: {$captions}
    Создаём?

## Progress (one message, edited)
progress-queued = ⏳ <b>{$topic}</b>: в очереди. Это сообщение будет показывать ход работы.
progress-redo-scene = ⏳ <b>{$topic}</b>: перерисовываю сцену, остальное беру готовым.
progress-new-voice = ⏳ <b>{$topic}</b>: озвучиваю новым голосом.
progress-new-text = ⏳ <b>{$topic}</b>: озвучиваю ваш новый текст.
progress =
    ⚙️ <b>{$topic}</b>
    {$stage}: {$percent}%
    { $eta ->
        [0] ⏱ оцениваю время…
       *[other] ⏱ осталось около {$eta} с
    }
stage-script = ✍️ Пишу сценарий
stage-voice = 🎙 Записываю голос
stage-visuals = 🎨 Рисую сцены
stage-captions = 💬 Расставляю субтитры
stage-render = 🎬 Собираю видео
progress-done = ✅ Готово! Превью ниже.
progress-failed =
    ⚠️ <b>{$topic}</b>: работа остановилась.
    {$reason}
failed-nothing-lost = Ничего не пропало: все готовые шаги сохранены. Исправьте то, о чём говорит сообщение, и попробуйте снова, или откройте /shorts.

## Preview
preview-caption =
    <b>{$title}</b>
    Превью: одобрите или измените что-нибудь кнопками ниже.{$note}
preview-voice-match = {" "}(Ваш голос здесь — стандартный голос, подобранный по вашим записям, а не клон.)
preview-approve = ✅ Одобрить
preview-redo_menu = 🔄 Перерисовать сцену
preview-voice_menu = 🎙 Сменить голос
preview-edit = ✏️ Изменить текст
approved = ✅ Одобрено! Вот готовые файлы.
deliver-srt = Субтитры (SRT)
deliver-thumbnail = Обложка
deliver-texts =
    <b>Заголовок</b>
    {$title}
    <b>Описание</b>
    {$description}
    <b>Хэштеги</b>
    {$hashtags}
deliver-script =
    <b>Сценарий</b>
    {$script}
edit-ask-text =
    Пришлите новый текст озвучки одним сообщением. Я разделю его на {$scenes} сцен по предложениям.
    Сейчас:
    <i>{$script}</i>
edit-not-text = Мне нужен новый текст озвучки текстом. Или отправьте /cancel.

## My Shorts
shorts-empty = Роликов пока нет. Сделайте первый: /new
shorts-title = <b>Мои ролики</b> (страница {$page}). Нажмите, чтобы получить файлы:
status-draft = черновик
status-queued = в очереди
status-running = в работе
status-done = готов
status-failed = ошибка
status-cancelled = отменён
short-status =
    <b>{$topic}</b>: {$status}.
    {$reason}

## Admin
admin-stats =
    <b>Статистика</b>
    Пользователи: {$users}
    Ролики: {$shorts}
    Сбои этапов: {$failures}
    Очередь: {$queue}
    Рендер: {$minutes} мин
    Расходы: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 2) }
admin-user-usage = Формат: /user TELEGRAM_ID
admin-user-unknown = Пользователь {$id} не найден.
admin-user =
    <b>Пользователь {$id}</b> (Telegram {$telegram})
    Имя: {$name}
    Язык: {$language}
    Заблокирован: {$blocked}
    Ролики: {$shorts}
    Рендер: {$minutes} мин
    Расходы: ${ NUMBER($cost, minimumFractionDigits: 2, maximumFractionDigits: 2) }

## Commands
cmd-start = Начать и выбрать язык
cmd-new = Новый ролик
cmd-voice = Студия голоса
cmd-character = Персонажи
cmd-shorts = Мои ролики
cmd-lang = Сменить язык
cmd-help = Как это работает
cmd-cancel = Выйти из текущего шага
cmd-stats = Админ: статистика
cmd-user = Админ: пользователь

preview-thumbs = 🖼 Обложка
thumbnail-choose = Какую обложку дать ролику? При одобрении пришлю выбранную.
thumbnail-pick = Обложка {$number}
thumbnail-chosen = Выбрана обложка {$number}: она придёт при одобрении.
thumbnail-another = 🖼 Другая обложка
progress-new-thumbnails = ⏳ <b>{$topic}</b>: рисую три новые обложки, видео остаётся прежним.
