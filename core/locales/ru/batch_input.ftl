## Список тем пакета (services/batch_topics.py) и его оценка (services/batch_estimate.py)
batch-file-type = В файле { $extension } не может быть тем. Пришлите темы текстом, по одной на строку, или файлом .txt или .csv.
batch-file-too-large = Файл весит { NUMBER($size_mb, maximumFractionDigits: 1) } МБ, а список тем может быть не больше { NUMBER($limit_mb, maximumFractionDigits: 1) } МБ. Разделите его на несколько пакетов.
batch-file-not-text = Это не текстовый файл. Пришлите темы файлом .txt или .csv (из текстового редактора или Excel), по одной теме на строку.
batch-file-empty = В нём нет тем. Пришлите по одной теме на строку или CSV со столбцом «тема».
batch-too-many-topics = Тем { $count }, а в одном пакете может быть не больше { $limit }. Разделите список и пришлите его частями.
batch-csv-no-topic-column = В CSV нет столбца «тема». Его столбцы: { $columns }. Назовите столбец с темами «тема» (или «topic») в первой строке.
batch-csv-broken = CSV не читается на строке { $line } (не закрыта кавычка или ячейка слишком длинная). Исправьте эту строку и пришлите файл снова.
batch-no-valid-topics =
    { $rejected ->
        [1] Из единственной строки (строка { $line }) ролик не получится.
        [one] Ни из { $rejected } строки не получится ролик; первая ошибка на строке { $line }.
       *[other] Ни из { $rejected } строк не получится ролик; первая ошибка на строке { $line }.
    } Ничего не запущено.

batch-row-too-long = в теме { $length } символов, можно не больше { $limit }
batch-row-empty = в теме не осталось слов без эмодзи, символов и разметки
batch-row-no-topic = ячейка с темой пустая
batch-row-alphabet = тема написана алфавитом, который сценарист не читает (языки: { $supported })
batch-row-language = язык «{ $value }» не поддерживается; можно: { $supported }
batch-row-duration = длительности «{ $value }» нет; можно: { $allowed } секунд
batch-row-style = стиля «{ $style }» нет; можно: { $choices }
batch-rejected-line = Строка { $line }: { $reason }
batch-topics-read =
    Принято { $topics ->
        [one] { $topics } тема
        [few] { $topics } темы
       *[many] { $topics } тем
    }.{ $duplicates ->
        [0] {""}
        [one] {" "}Повтор убран: { $duplicates }.
       *[other] {" "}Повторов убрано: { $duplicates }.
    }{ $rejected ->
        [0] {""}
        [one] {" "}Пропущена { $rejected } строка:
        [few] {" "}Пропущены { $rejected } строки:
       *[many] {" "}Пропущено { $rejected } строк:
    }

batch-estimate-time = Примерное время: около { $minutes } мин, { $workers ->
        [one] { $workers } исполнитель рендера
        [few] { $workers } исполнителя рендера
       *[many] { $workers } исполнителей рендера
    }.
batch-estimate-speed-measured = (по скорости последних { $shorts } роликов здесь)
batch-estimate-speed-default = (здесь ещё не делали роликов: взята обычная скорость)
batch-estimate-provider = { $provider }: ${ NUMBER($usd, minimumFractionDigits: 2, maximumFractionDigits: 2) }
batch-estimate-total = Примерная стоимость: ${ NUMBER($usd, minimumFractionDigits: 2, maximumFractionDigits: 2) }
batch-estimate-free = Примерная стоимость: $0 (все шаги работают офлайн).
batch-estimate-recent = Недавно ролик обходился в среднем в ${ NUMBER($usd, minimumFractionDigits: 2, maximumFractionDigits: 2) }.
