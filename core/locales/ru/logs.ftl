## Файлы, которые не удалось получить от Telegram (bot/download_errors.py)
error-download-failed = Не получилось забрать файл у Telegram. Ничего не потерялось: отправьте его ещё раз через минуту.
