## /api: keys for the REST API (bot/handlers/api_keys.py, services/api_keys.py)
cmd-api = Keys for the REST API
api-title = <b>Your REST API keys</b>
    Send a key as <code>Authorization: Bearer &lt;key&gt;</code>. The API is in the Pro and Agency plans.
api-no-keys = No keys yet.
api-key-line = <code>{$prefix}…</code> {$name}
    Made {$created}, last used: {$used}.
api-never-used = never
api-new = ➕ New key
api-revoke = 🗑 Revoke {$prefix}…
api-created = 🔑 Your new API key:
    <code>{$key}</code>
    ⚠️ Store it now: this is the only time it is shown. I keep only a fingerprint of it; if you lose it, revoke it and make a new one.
api-revoke-confirm = Revoke the key <code>{$prefix}…</code> ({$name})? Programs that use it stop working at once.
api-revoke-yes = 🗑 Yes, revoke
api-revoke-no = Keep it
api-revoked = 🗑 The key is revoked.
error-api-key-invalid = The API key is missing, unknown or revoked.
error-api-not-in-plan = The { plan-name } plan has no API access; Pro and Agency do. Upgrade with /plan.
error-api-too-many-keys = You have {$limit} API keys, the most at once. Revoke one first.
