## /analytics, /ideas, цифры ролика в «Моих роликах», еженедельная сводка

cmd-analytics = Просмотры, лайки и что работает лучше
cmd-ideas = Идеи для следующих роликов
analytics-title = <b>Ваши ролики в цифрах</b>
analytics-published = Опубликовано постов: { $count }
analytics-window = За { $days } дн.: { $counts }
analytics-count-views = просмотры: { $value }
analytics-count-likes = лайки: { $value }
analytics-count-comments = комментарии: { $value }
analytics-count-shares = репосты: { $value }
analytics-window-empty = За { $days } дн.: цифр пока нет
analytics-no-data = пока нет данных
analytics-rate = { NUMBER($rate, maximumFractionDigits: 1) }%
analytics-best = <b>Лучший ролик</b>: { $topic } (просмотры: { $views }, вовлечённость: { $rate })
analytics-best-link = <a href="{ $url }">Открыть</a>
analytics-apart = Чем выделился: { $traits }
analytics-recs-title = <b>Что работает лучше</b>
analytics-rec = • { $dimension }: { $value } — n={ $n }, вовлечённость { $lift }, эффект { $strength }
analytics-rec-no-lift = • { $dimension }: { $value } — n={ $n }, эффект { $strength }
analytics-rec-default = • { $dimension }: { $value } (по умолчанию: ваших роликов с цифрами пока мало)
analytics-rec-platform = { $dimension } в { $platform }
analytics-strength = { $size ->
    [negligible] ничтожный
    [small] слабый
    [medium] средний
   *[strong] сильный
}
analytics-dim-topic = Тема
analytics-dim-style = Стиль
analytics-dim-tone = Тон
analytics-dim-length = Длина
analytics-dim-hour = Час публикации
analytics-seconds = { $seconds } с
analytics-hour = { $hour }:00
analytics-notes-title = <b>Об этих цифрах</b>
analytics-note-telegram = Telegram не даёт ботам число просмотров: только реакции, если канал их разрешает.
analytics-note-lag = Цифры { $platform } приходят с опозданием: до 48–72 часов после публикации.
analytics-note-youtube-views = С марта 2025 года YouTube считает просмотром каждый повтор ролика Shorts; «вовлечённые» просмотры считаются отдельно.
analytics-empty =
    Опубликованных роликов пока нет, поэтому и цифр нет.
    Что дальше: сделайте ролик командой /new и опубликуйте его из превью или из /shorts. Просмотры, лайки и графики появятся здесь в течение суток.
analytics-waiting = Опубликовано постов: { $count }. Площадки ещё не дали цифр (YouTube и Instagram — до 48–72 часов). Загляните позже.
analytics-caption-views = Просмотры по времени, по площадкам
analytics-caption-best = Ваши лучшие ролики по просмотрам
analytics-caption-by_style = Вовлечённость по стилю
analytics-caption-by_length = Вовлечённость по длине
analytics-caption-by_hour = Вовлечённость по часу публикации
analytics-caption-short = Просмотры по времени
analytics-button-ideas = 💡 Идеи
analytics-button-digest-on = 🔔 Сводка за неделю: вкл.
analytics-button-digest-off = 🔕 Сводка за неделю: выкл.
analytics-digest-on = Готово: раз в неделю я пришлю сводку ваших цифр с графиком просмотров.
analytics-digest-off = Готово: еженедельных сводок больше не будет. Включить их снова можно в /analytics.

## Идеи
ideas-title = <b>Идеи для следующих роликов</b>
ideas-offline = Собраны из слов тем ваших лучших роликов (ИИ-автор не настроен).
ideas-llm = Написаны ИИ по вашим лучшим роликам.
ideas-line = { $number }. { $topic }{ $details }
ideas-empty = Идей пока нет: они вырастают из ваших опубликованных роликов и их цифр. Опубликуйте несколько роликов (/new) и возвращайтесь.
ideas-button-batch = 📦 Все сразу пакетом
ideas-stale = Эти идеи устарели или не ваши: откройте /ideas, чтобы получить свежие.
ideas-started = Новый ролик по идее: { $topic }
    { $details }

## Цифры ролика (Мои ролики)
card-numbers-title = <b>Цифры</b>
card-numbers-line = { $platform }: { $counts }
card-numbers-none = { $platform }: пока нет данных
card-state-gone = пост удалён или скрыт; последние цифры сохранены
card-state-revoked = доступ закончился: переподключите аккаунт в /accounts, чтобы читать новые цифры
card-state-telegram = Telegram не даёт ботам просмотры: только реакции
card-numbers-read = обновлено { $when }

## Еженедельная сводка
digest-title = <b>Ваша неделя в цифрах</b>
digest-quiet = За эту неделю новых цифр нет.
digest-hint = Еженедельную сводку можно выключить в /analytics.

## Админ
admin-stats-metrics = Опубликовано постов: { $posts }; всего просмотров: { $views }
