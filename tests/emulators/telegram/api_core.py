"""getMe, getUpdates, webhooks, commands and other bot settings."""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any
from urllib.parse import urlsplit

from .errors import bad_request, conflict
from .params import Params
from .records import WebhookConfig
from .registry import Handler, method
from .state import EmulatorState

COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
WEBHOOK_ACTIVE = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)


@method("getMe")
async def get_me(st: EmulatorState, p: Params) -> Any:
    return st.bot.to_dict() | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("logOut", "close")
async def log_out(st: EmulatorState, p: Params) -> Any:
    return True


@method("getUpdates")
async def get_updates(st: EmulatorState, p: Params) -> Any:
    if st.webhook is not None:
        raise conflict(WEBHOOK_ACTIVE)
    st.updates.set_allowed(p.get_json("allowed_updates"))
    limit = min(max(p.get_int("limit", 100) or 100, 1), 100)
    timeout = max(p.get_int("timeout", 0) or 0, 0)
    return await st.updates.poll(p.get_int("offset"), limit, timeout)


@method("setWebhook")
async def set_webhook(st: EmulatorState, p: Params) -> Any:
    url = p.get_str("url", "") or ""
    if p.get_bool("drop_pending_updates"):
        st.updates.pending.clear()
    if not url:
        st.webhook = None
        return True
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    if not _is_loopback(parts.hostname):
        raise bad_request("bad webhook: the emulator delivers webhooks to loopback hosts only")
    secret = p.get_str("secret_token")
    if secret is not None and not SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    st.updates.set_allowed(p.get_json("allowed_updates"))
    st.webhook = WebhookConfig(url, secret, p.get_int("max_connections", 40) or 40)
    st.updates.notifier.notify()
    return True


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@method("deleteWebhook")
async def delete_webhook(st: EmulatorState, p: Params) -> Any:
    st.webhook = None
    if p.get_bool("drop_pending_updates"):
        st.updates.pending.clear()
    return True


@method("getWebhookInfo")
async def get_webhook_info(st: EmulatorState, p: Params) -> Any:
    hook = st.webhook
    info: dict[str, Any] = {
        "url": hook.url if hook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(st.updates.pending),
    }
    if hook is not None:
        info["max_connections"] = hook.max_connections
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    if st.updates.allowed_updates:
        info["allowed_updates"] = st.updates.allowed_updates
    return info


def _scope_key(p: Params) -> tuple[str, str]:
    scope = p.get_json("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True), p.get_str("language_code", "") or ""


@method("setMyCommands")
async def set_my_commands(st: EmulatorState, p: Params) -> Any:
    commands = p.get_json("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for item in commands:
        if not isinstance(item, dict) or not COMMAND_RE.match(str(item.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(item.get("description", ""))) <= 256:
            raise bad_request("command description must be non-empty")
    key = _scope_key(p)
    st.commands[key] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


@method("getMyCommands")
async def get_my_commands(st: EmulatorState, p: Params) -> Any:
    return st.commands.get(_scope_key(p), [])


@method("deleteMyCommands")
async def delete_my_commands(st: EmulatorState, p: Params) -> Any:
    st.commands.pop(_scope_key(p), None)
    return True


def _setting_handlers(field: str) -> tuple[Handler, Handler]:
    async def set_value(st: EmulatorState, p: Params) -> Any:
        st.bot_settings[(field, p.get_str("language_code", "") or "")] = p.get_str(field, "")
        return True

    async def get_value(st: EmulatorState, p: Params) -> Any:
        value = st.bot_settings.get((field, p.get_str("language_code", "") or ""))
        if value is None and field == "name":
            value = st.bot.first_name
        return {field: value or ""}

    return set_value, get_value


for _name, _field in (
    ("Name", "name"),
    ("Description", "description"),
    ("ShortDescription", "short_description"),
):
    _set, _get = _setting_handlers(_field)
    method(f"setMy{_name}")(_set)
    method(f"getMy{_name}")(_get)


@method("setChatMenuButton")
async def set_chat_menu_button(st: EmulatorState, p: Params) -> Any:
    button = p.get_json("menu_button") or {"type": "default"}
    st.bot_settings[("menu_button", p.get_str("chat_id", "") or "")] = button
    return True


@method("getChatMenuButton")
async def get_chat_menu_button(st: EmulatorState, p: Params) -> Any:
    key = ("menu_button", p.get_str("chat_id", "") or "")
    return (
        st.bot_settings.get(key)
        or st.bot_settings.get(("menu_button", ""))
        or {"type": "commands"}
    )
