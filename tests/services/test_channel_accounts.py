"""Telegram channels are accounts without tokens; adding one again revives it."""

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import AccountStatus, Platform
from db.queries import users
from services.channel_accounts import add_channel
from services.social_accounts import list_accounts


async def test_a_channel_is_an_account_and_adding_it_again_revives_it(
    session: AsyncSession,
) -> None:
    owner = await users.get_or_create_user(session, 8801, "Owner", "en")
    other = await users.get_or_create_user(session, 8802, "Other", "en")
    channel = await add_channel(session, owner.id, -1001234567890, "My channel")
    assert (channel.platform, channel.external_id) == (Platform.TELEGRAM, "-1001234567890")
    assert (channel.access_token, channel.refresh_token) == (None, None)
    channel.status = AccountStatus.DISCONNECTED
    await session.commit()
    again = await add_channel(session, owner.id, -1001234567890, "Renamed")
    assert again.id == channel.id
    assert (again.status, again.name) == (AccountStatus.ACTIVE, "Renamed")
    theirs = await add_channel(session, other.id, -1001234567890, "Shared channel")
    assert theirs.id != channel.id  # each person's own account of the same channel
    assert [a.id for a in await list_accounts(session, owner.id)] == [channel.id]
