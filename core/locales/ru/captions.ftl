## The caption picker (opened from New Short's summary or a batch's)
caption-look-bold = Жирные
caption-look-clean = Чистые
caption-look-box = Плашка
caption-look-karaoke = Караоке
caption-look-pop = Всплывающие
caption-position-middle = По центру
caption-position-lower = Нижняя треть
caption-size-medium = Средние
caption-size-large = Крупные
captions-button = 💬 Субтитры: {$look} ▸
captions-counter-on = 🔢 Счётчик сцен: вкл
captions-counter-off = 🔢 Счётчик сцен: выкл
captions-done = ☑️ Готово
captions-ask =
    <b>Субтитры</b>
    <b>Жирные</b>: звучащее слово крупнее, акцентным цветом
    <b>Чистые</b>: белые с тонкой обводкой, без движения
    <b>Плашка</b>: сплошная плашка за звучащим словом
    <b>Караоке</b>: цвет заливает каждое слово, пока оно звучит
    <b>Всплывающие</b>: каждое слово появляется, когда звучит
    Выберите также, где они стоят и какого размера, и счётчик сцен (2 / 6), если он нужен. Следующий ролик начнётся с этого выбора.
captions-summary = {$look} · {$position} · {$size}
captions-summary-counter = {$captions} · счётчик сцен
