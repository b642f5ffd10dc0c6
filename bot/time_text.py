"""Times as the person reads them: in their zone, with the zone named."""

from datetime import datetime

from services.user_settings import zone_label, zone_of


def local_time_text(when: datetime, zone_name: str | None) -> str:
    """ "08.12 09:00 (Europe/Moscow)": day, month and time in the person's zone."""
    local = when.astimezone(zone_of(zone_name))
    return f"{local:%d.%m %H:%M} ({zone_label(zone_name)})"
