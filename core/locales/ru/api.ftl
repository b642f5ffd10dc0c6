## /api: ключи REST API (bot/handlers/api_keys.py, services/api_keys.py)
cmd-api = Ключи для REST API
api-title = <b>Ваши ключи REST API</b>
    Передавайте ключ в заголовке <code>Authorization: Bearer &lt;ключ&gt;</code>. API есть в тарифах Pro и Agency.
api-no-keys = Ключей пока нет.
api-key-line = <code>{$prefix}…</code> {$name}
    Создан {$created}, последнее использование: {$used}.
api-never-used = не использовался
api-new = ➕ Новый ключ
api-revoke = 🗑 Отозвать {$prefix}…
api-created = 🔑 Ваш новый ключ API:
    <code>{$key}</code>
    ⚠️ Сохраните его сейчас: он показывается только один раз. Я храню лишь его отпечаток; если ключ потеряется, отзовите его и создайте новый.
api-revoke-confirm = Отозвать ключ <code>{$prefix}…</code> ({$name})? Программы, которые им пользуются, сразу перестанут работать.
api-revoke-yes = 🗑 Да, отозвать
api-revoke-no = Оставить
api-revoked = 🗑 Ключ отозван.
error-api-key-invalid = Ключ API не передан, неизвестен или отозван.
error-api-not-in-plan = В тарифе { plan-name } нет доступа к API; он есть в Pro и Agency. Сменить тариф — /plan.
error-api-too-many-keys = У вас уже {$limit} ключей API — это максимум. Сначала отзовите один.
