## Графики /analytics и карточки ролика (services/analytics_charts.py)

analytics-chart-views = Прирост просмотров по дням, последние 30 дней
analytics-chart-views-y = просмотры
analytics-chart-best = Лучшие ролики по просмотрам
analytics-chart-best-y = просмотры
analytics-chart-by-style = Вовлечённость по стилю
analytics-chart-by-length = Вовлечённость по длине
analytics-chart-by-length-x = длина, секунды
analytics-chart-by-hour = Вовлечённость по часу публикации
analytics-chart-by-hour-x = час дня ({ $zone })
analytics-chart-rate-y = (лайки + комментарии + репосты) / просмотры
analytics-chart-short = Просмотры со временем
analytics-chart-short-y = просмотры
analytics-chart-count = n = { $count }
analytics-chart-day-format = %d.%m
