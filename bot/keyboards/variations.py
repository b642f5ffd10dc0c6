"""Character Studio variation keyboards: the kinds to make, the made ones to delete."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import CharacterAction, CharacterCb, VariationAction, VariationCb
from db.models import VariationKind


def menu(
    i18n: I18nContext,
    character_id: int,
    offered: Sequence[VariationKind],
    made: Sequence[tuple[int, VariationKind]],
) -> InlineKeyboardMarkup:
    """A button per kind on offer not made yet (and one for all of them), then a delete
    button per made variation, then back to the card."""
    builder = InlineKeyboardBuilder()
    have = {kind for _, kind in made}
    missing = [kind for kind in offered if kind not in have]
    for kind in missing:
        builder.button(
            text=i18n.get(f"variation-{kind}"),
            callback_data=VariationCb(
                action=VariationAction.MAKE, character_id=character_id, kind=kind
            ),
        )
    if len(missing) > 1:
        builder.button(
            text=i18n.get("variations-make-all"),
            callback_data=VariationCb(action=VariationAction.ALL, character_id=character_id),
        )
    for variation_id, kind in made:
        builder.button(
            text=i18n.get("variations-delete", kind=i18n.get(f"variation-{kind}")),
            callback_data=VariationCb(
                action=VariationAction.DELETE,
                character_id=character_id,
                variation_id=variation_id,
            ),
        )
    builder.button(
        text=i18n.get("variations-back"),
        callback_data=CharacterCb(action=CharacterAction.OPEN, character_id=character_id),
    )
    builder.adjust(2)
    return builder.as_markup()
