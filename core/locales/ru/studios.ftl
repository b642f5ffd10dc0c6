yes = да
no = нет
button-skip = Пропустить ➡️

## Voice Studio
voice-studio = 🎙 <b>Студия голоса</b>. Ваши голоса (⭐ — основной для новых роликов):
voice-studio-empty = 🎙 <b>Студия голоса</b>. Сделайте свой голос по нескольким записям.
voice-new = 🎤 Новый голос по записям
voice-create = ✅ Сделать голос
voice-discard = 🗑 Удалить записи
voice-consent-yes = Да: это мой голос, или его владелец согласен
voice-test = ▶️ Проверить на фразе
voice-settings = ⚙️ Настройки
voice-default = ⭐ Сделать основным
voice-delete = 🗑 Удалить
voice-list = ⬅️ Все голоса
voice-delete-yes = 🗑 Да, удалить голос и записи
voice-setting-speed = скорость
voice-setting-stability = стабильность
voice-setting-similarity = сходство
voice-record =
    Пришлите голосовые сообщения или аудиофайлы, где вы говорите естественно (всего достаточно 10 с чистой речи; одна запись — до нескольких минут).
    Я проверю и оценю каждую.
voice-draft = { $missing ->
        [0] Записей: {$samples}, чистой речи: {$speech} с. ✅ Хватает, чтобы сделать голос.
       *[other] Записей: {$samples}, чистой речи: {$speech} с. Нужно ещё около {$missing} с.
    }
voice-sample = 🎧 Запись проверена: {$seconds} с, качество {$score}%. {$reason}
sample-ok = Чисто, подходит.
sample-too-quiet = Слишком тихо: держите телефон ближе.
sample-noisy = Шумно: найдите место потише.
sample-clipping = Искажения (слишком громко): держите телефон чуть дальше.
sample-too-short-speech = Мало речи: скажите несколько полных предложений.
voice-send-audio = Пришлите голосовое сообщение или аудиофайл, или /cancel.
voice-consent = Прежде чем я его сделаю: это ваш голос, или говорящий согласен на его использование?
voice-ask-name = Как назвать этот голос? Пришлите имя (до 64 символов).
voice-created =
    ✅ Голос <b>{$name}</b> готов.
    Честно: без облака я не умею клонировать голос. Это стандартный голос, подобранный по вашим записям (высота, диапазон и темп), а не ваша копия.
voice-discarded = Удалено записей: {$count}.
voice-card =
    🎙 <b>{$name}</b> (основной: {$default})
    Скорость: {$speed} · Высота: {$pitch}
    Стабильность: {$stability} · Сходство: {$similarity}
    Стандартный голос, подобранный по вашим записям. Стабильность и сходство сохраняются для облачных голосов; без облака они не меняют звучание.
voice-delete-confirm = Удалить голос <b>{$name}</b> и его записи? Это необратимо.
voice-ask-phrase = Пришлите фразу, и голос её произнесёт (до 300 символов).
voice-test-caption = ▶️ Проверка голоса.

## Character Studio
character-studio = 🧑 <b>Персонажи</b>. Ваши (⭐ по умолчанию появляется в новых роликах):
character-studio-empty = 🧑 <b>Персонажи</b>. Персонаж — узнаваемый образ по вашим фото, со стилем, цветами и логотипом.
character-new = ➕ Новый персонаж
character-preview = 👁 Пример сцены
character-default = ⭐ Сделать основным
character-delete = 🗑 Удалить
character-list = ⬅️ Все персонажи
character-delete-yes = 🗑 Да, удалить
character-send-photos = Пришлите от 1 до {$limit} фото персонажа (фотографиями или файлами), затем нажмите «Далее».
character-photos-full = Уже {$limit} фото. Нажмите «Далее».
character-photo-ok = 📷 Фото {$count} из {$limit} подходит. Пришлите ещё или нажмите «Далее».
character-ask-name = Как зовут персонажа? (до 64 символов)
character-ask-description = Опишите персонажа в паре предложений (до 500 символов) или нажмите «Пропустить».
character-ask-style = Выберите стиль персонажа:
character-ask-colours = Пришлите фирменные цвета в hex, например <code>#ff8800 #1e88e5</code> (до 5), или нажмите «Пропустить».
character-ask-logo = Пришлите логотип (PNG или JPEG, фото или файлом) или нажмите «Пропустить».
character-created = ✅ <b>{$name}</b> готов. Вот его карточка. В роликах без облака человек вырезается из фото и появляется в каждой сцене.
character-card =
    🧑 <b>{$name}</b> (основной: {$default})
    {$description}
    Стиль: {$style} · Цвета: {$colours}
    Фото: {$photos} · Логотип: {$logo}
character-preview-caption = 👁 <b>{$name}</b>: пример сцены.
character-delete-confirm = Удалить <b>{$name}</b> и его фото? В готовых роликах останутся их копии.

## Character errors
error-character-name = Имя персонажа — от 1 до {$limit} символов.
error-character-description-too-long = В описании {$length} символов; предел — {$limit}.
error-character-photo-count = Пришлите от {$low} до {$high} фото персонажа.
error-character-colour = Это не цвет; используйте hex, например #ff8800.
error-character-colour-count = Не больше {$limit} цветов.
error-character-photo-unreadable = Фото {$number} не читается. Пришлите другое.
error-character-photo-unsupported = Фото {$number} — не фотография. Пришлите JPEG, PNG или WebP.
error-character-photo-too-large = В фото {$number} {$megapixels} Мп; предел — {$limit}.
voice-working = ⏳ Делаю ваш голос по образцам… Пришлю его сюда через несколько секунд.
voice-already = ⏳ Ваш голос уже делается: пришлю его сюда.
voice-try-later = 😔 Не получилось сделать голос: сервис голосов сейчас не отвечает. Образцы сохранены, ничего не пропало; попробуйте позже.
