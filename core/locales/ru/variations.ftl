## Вариации персонажа
character-variations = 🎭 Вариации
variations-menu-fal =
    🎭 <b>{$name}</b>: вариации. Выберите эмоцию или позу: я сделаю её по фотографиям персонажа и проверю, что лицо совпадает. Каждая картинка — платное изображение.
variations-menu-offline =
    🎭 <b>{$name}</b>: вариации.
    Честно: без облачной модели я не умею менять лицо, поэтому новых эмоций здесь нет. Вариация — это ваше же фото в другой позе: зеркально, с наклоном, крупнее или в тёплом свете.
variations-none = Вариаций пока нет.
variations-made = Готовы: {$list}
variations-on-card = Вариации: {$list}
variation-smiling = 😊 Улыбка
variation-surprised = 😮 Удивление
variation-thinking = 🤔 Раздумье
variation-serious = 😐 Серьёзный вид
variation-pointing = 👉 Указывает
variation-thumbs_up = 👍 Палец вверх
variation-mirrored = ↔️ Зеркально
variation-tilted = ↗️ С наклоном
variation-close_up = 🔍 Крупный план
variation-warm_light = 🌅 Тёплый свет
variations-make-all = ✨ Сделать все недостающие
variations-delete = 🗑 {$kind}
variations-back = ⬅️ К персонажу
variations-working = ⏳ Делаю вариации персонажа <b>{$name}</b>… Это может занять минуту.
variations-already-working = ⏳ Вариации <b>{$name}</b> уже делаются: пришлю их сюда.
variations-try-later = 😔 Не получилось доделать вариации <b>{$name}</b>: сервис картинок сейчас не отвечает. Сделанное сохранено, ничего не пропало; попробуйте позже.
variation-caption = {$kind}: сходство лица {$score} %
variation-refused = ❌ {$kind}: не похоже на <b>{$name}</b> (сходство {$score}), не сохранено. Попробуйте позже.
variations-nothing-new = Эти вариации уже готовы.
